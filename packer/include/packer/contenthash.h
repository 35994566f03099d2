#pragma once

#include <QByteArray>
#include <QString>
#include <functional>

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
};

} // namespace Prometeu
