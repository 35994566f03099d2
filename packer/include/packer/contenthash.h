#pragma once

#include <QByteArray>
#include <QString>
#include <functional>

struct XXH3_state_s; // libxxhash's, kept out of this header

namespace Prometeu {

// XXH3-128 (libxxhash): fast enough to hash every asset on every build, and
// wide enough to use as a content address.
class ContentHash
{
public:
    static QString ofBytes(QByteArrayView bytes);
    // The same hash as 16 raw bytes (canonical, big-endian), as stored in
    // cartridges and cache objects.
    static QByteArray digest(QByteArrayView bytes);
    // Streams the file in chunks. Returns an empty string and sets *error
    // when the file cannot be opened or read; `cancelled` is polled between
    // chunks so a huge file never delays cancellation.
    static QString ofFile(const QString &path, QString *error = nullptr,
                          const std::function<bool()> &cancelled = {});

    // The same hash over pieces added one after the other, as if they
    // were one array: nothing is copied to put them together.
    class Stream
    {
    public:
        Stream();
        ~Stream();
        Stream(const Stream &) = delete;
        Stream &operator=(const Stream &) = delete;
        void add(QByteArrayView bytes);
        void add(QStringView text) { add(QByteArrayView(reinterpret_cast<const char *>(text.utf16()), text.size() * 2)); }
        QByteArray digest() const;

    private:
        XXH3_state_s *m_state;
    };
};

} // namespace Prometeu
