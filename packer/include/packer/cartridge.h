#pragma once

#include "packer/assetrecord.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace Prometeu {

// The cartridge format, version 1 (docs/cartridge.md). All integers are
// little-endian.
//
//   header   64 bytes   magic "PROMETEU", version, entry count, offsets
//   toc      entry_count variable-size records
//   data     entry payloads, back to back
//   trailer  16 bytes   XXH3-128 of every byte before it
namespace CartridgeFormat {
constexpr char magic[8] = {'P', 'R', 'O', 'M', 'E', 'T', 'E', 'U'};
constexpr quint32 version = 1;
constexpr qint64 headerSize = 64;
constexpr qint64 trailerSize = 16;
constexpr qint64 tocFixedSize = 2 + 1 + 1 + 4 + 8 + 8 + 8 + 16; // before the name
constexpr quint32 maxEntries = 1'000'000;
constexpr qint64 maxEntryBytes = qint64(1) << 31; // 2 GiB decompressed
enum class Compression : quint8 { None = 0, Zstd = 1 };
} // namespace CartridgeFormat

struct CartridgeEntry {
    QString name; // asset path
    AssetKind kind = AssetKind::Unknown;
    CartridgeFormat::Compression compression = CartridgeFormat::Compression::None;
    quint64 offset = 0;       // from the start of the file
    quint64 storedSize = 0;   // bytes in the file
    quint64 originalSize = 0; // bytes after decompression
    QByteArray hash;          // XXH3-128 of the original bytes (16 raw bytes)
};

// An entry ready to be written: already converted, possibly compressed.
struct CartridgeBlob {
    QString name;
    AssetKind kind = AssetKind::Unknown;
    CartridgeFormat::Compression compression = CartridgeFormat::Compression::None;
    QByteArray stored;
    // The size of `stored`, kept when a build lets the bytes go until the
    // cartridge is written (see CartridgeWriter's streaming write).
    quint64 storedSize = 0;
    quint64 originalSize = 0;
    QByteArray originalHash; // 16 raw bytes
    // What the converter warned of (diagnosticsToJson), kept with a cache
    // object so that whoever loads it hears them too (another branch, a
    // teammate through the team cache). Never written to a cartridge.
    QByteArray converterWarnings;
};

// Stored bytes not held in memory (a worker's output file), read a piece
// at a time: `size` bytes from `offset` into `into`; false when they
// cannot be read.
using StoredReader = std::function<bool(qint64 offset, char *into, qint64 size)>;
// Takes stored bytes a piece at a time; false stops whoever gives them.
using PieceSink = std::function<bool(const char *bytes, qint64 size)>;

class CartridgeWriter
{
public:
    // Writes atomically (a temporary <path>.XXXXXX.partial, flushed to disk
    // and renamed over `path`): on any failure, or a crash mid-write,
    // whatever was at `path` before is left untouched. Returns the bytes
    // written, or -1 with *error set.
    static qint64 write(const QString &path, const QList<CartridgeBlob> &blobs, QString *error);

    // The same, streamed: `entries` describe the blobs (their `stored` may
    // be empty) and `fetch(i)` gives entry i's stored bytes when the writer
    // reaches it, exactly entries[i].storedSize of them, or nothing with
    // *error set. Only one entry's bytes are in memory at a time, so a
    // cartridge of any size is written in memory bounded by its largest entry.
    using Fetch = std::function<std::optional<QByteArray>(qsizetype index, QString *error)>;
    static qint64 write(const QString &path, const QList<CartridgeBlob> &entries, const Fetch &fetch, QString *error);

    // A cartridge is written to <path>.XXXXXX.partial beside it and renamed
    // over it when whole. What a killed writer left there is removed by this
    // (a build calls it under the project's build lock, when no writer of
    // that cartridge can be running). Returns how many files went.
    static int removeInterruptedWrites(const QString &path);
};

// Writes a cartridge whose entries become ready one after another while
// later ones are still being made (a build converting them): each entry's
// bytes go to the place they keep as soon as it is given, and the table of
// contents, the header and the trailer's checksum (which covers the header,
// so it is read back from the file) come last. The bytes are exactly
// CartridgeWriter's for the same entries. Atomic like it (a temporary file
// renamed over the cartridge when whole).
class CartridgeStream
{
public:
    explicit CartridgeStream(const QString &path);
    ~CartridgeStream(); // what was not committed is thrown away
    CartridgeStream(const CartridgeStream &) = delete;
    CartridgeStream &operator=(const CartridgeStream &) = delete;

    // `names`: every entry's, in the cartridge's order (they size the
    // table of contents the data follows).
    bool open(const QStringList &names, QString *error);
    // The next entry: its description and its `stored` bytes.
    bool append(const CartridgeBlob &entry, const QByteArray &stored, QString *error);
    // The same, its bytes handed by `produce` to the sink it is given, a
    // piece at a time (a large entry need not be in memory at once). Fails
    // when produce does, or the pieces are not entry.storedSize bytes.
    bool appendInPieces(const CartridgeBlob &entry, const std::function<bool(const PieceSink &)> &produce,
                        QString *error);
    qsizetype appended() const { return m_entries.size(); }
    // Once every named entry is appended: the bytes written, or -1.
    qint64 commit(QString *error);

private:
    struct State;
    std::unique_ptr<State> m_state;
    QStringList m_names;
    QList<CartridgeBlob> m_entries; // without their bytes
};

// Opens and verifies a cartridge. Every offset, size and count is checked
// against the file before use, so a truncated, corrupt or hostile file gives
// an error, never a crash or a huge allocation.
class CartridgeReader
{
public:
    bool open(const QString &path);
    QString errorString() const { return m_error; }

    const QList<CartridgeEntry> &entries() const { return m_entries; }
    qint64 fileSize() const { return m_fileSize; }
    QByteArray fileHash() const { return m_fileHash; }

    // Reads, decompresses and verifies one entry.
    std::optional<QByteArray> read(const CartridgeEntry &entry);
    // One entry's stored bytes, not decompressed, ready for another
    // cartridge: open() has verified the whole file's checksum. The file
    // stays open between calls (a build copies entries one by one in file
    // order). Nothing if the file changed size since, or cannot be read.
    std::optional<QByteArray> readStored(const CartridgeEntry &entry);
    // The same, a piece at a time into `take`.
    bool readStoredInPieces(const CartridgeEntry &entry, const PieceSink &take);

private:
    bool fail(const QString &message);
    bool openStored(); // for readStored

    QString m_path;
    QString m_error;
    qint64 m_fileSize = 0;
    QByteArray m_fileHash;
    std::shared_ptr<QFile> m_stored; // readStored()'s open file
    QList<CartridgeEntry> m_entries;
};

QString wireName(CartridgeFormat::Compression compression);

} // namespace Prometeu
