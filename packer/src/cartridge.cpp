#include "packer/cartridge.h"

#include "packer/littleendian.h"
#include "packer/contenthash.h"
#include "packer/largebuffer.h"

#include <support/writeall.h>

#include <QCoreApplication>
#include <QFile>
#include <QDir>
#include <QTemporaryFile>

#include <xxhash.h>
#include <zstd.h>

#include <cstring>

#ifdef Q_OS_LINUX
#include <fcntl.h>
#endif
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class CartridgeText
{
    Q_DECLARE_TR_FUNCTIONS(Cartridge)
};

QByteArray canonical(XXH128_hash_t hash)
{
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, hash);
    return QByteArray(reinterpret_cast<const char *>(c.digest), sizeof(c.digest));
}

// Hashes the whole file but the trailer, in chunks.
QByteArray hashPrefix(QFile &file, qint64 length)
{
    XXH3_state_t *state = XXH3_createState();
    XXH3_128bits_reset(state);
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    file.seek(0);
    qint64 remaining = length;
    while (remaining > 0) {
        const qint64 read = file.read(buffer.data(), qMin<qint64>(buffer.size(), remaining));
        if (read <= 0)
            break;
        XXH3_128bits_update(state, buffer.constData(), size_t(read));
        remaining -= read;
    }
    const QByteArray result = remaining == 0 ? canonical(XXH3_128bits_digest(state)) : QByteArray();
    XXH3_freeState(state);
    return result;
}

// Starts the disk writing the cartridge behind the writer, a slice at a
// time, so that commit()'s fsync waits for the last slice only: writing
// hedgewars' 1.1 GB cartridge, the fsync alone held the build 1.5 s with
// both cores idle. Starting writeback does not wait for it.
class EarlyWriteback
{
public:
    explicit EarlyWriteback(QFile &file) : m_file(file) {}

    // Where the writing starts (the stream's data comes after a gap).
    void startAt(qint64 offset) { m_written = m_started = offset; }

    void wrote(qint64 bytes)
    {
        m_written += bytes;
        if (m_written - m_started < slice)
            return;
#ifdef Q_OS_LINUX
        if (m_file.flush())
            ::sync_file_range(m_file.handle(), m_started, m_written - m_started, SYNC_FILE_RANGE_WRITE);
#endif
        m_started = m_written;
    }

private:
    static constexpr qint64 slice = 16 << 20;
    QFile &m_file;
    qint64 m_written = 0;
    qint64 m_started = 0;
};

const QString partialSuffix = u".partial"_s;

// A cartridge being written: a temporary file beside it, named
// <cartridge>.XXXXXX.partial, flushed to disk and renamed over the
// cartridge once whole (atomic), removed on failure. The fixed suffix is
// what lets a later build sweep what a killed one left
// (CartridgeWriter::removeInterruptedWrites): QSaveFile's temporaries,
// <cartridge>.XXXXXX, cannot be told from a user's own file, and CI found
// one left by a killed build. On Linux QTemporaryFile makes the file
// without a name (O_TMPFILE) until commit() asks for it, so a build killed
// while writing leaves nothing at all (tried: SIGKILL at 20-100 ms); the
// sweep is for the moment between naming and renaming, and for file
// systems without O_TMPFILE. Read-write, so the stream's checksum is read
// back from it.
class PartialCartridge
{
public:
    explicit PartialCartridge(const QString &path) : m_path(path), m_file(path + u".XXXXXX"_s + partialSuffix) {}

    bool open() { return m_file.open(); }
    QFile &file() { return m_file; }
    QString errorString() const { return m_file.errorString(); }

    bool commit(QString *why)
    {
        if (!m_file.flush() || ::fdatasync(m_file.handle()) != 0) {
            *why = m_file.error() != QFileDevice::NoError ? m_file.errorString() : qt_error_string(errno);
            return false;
        }
        // The permissions a new file gets, or the ones of the cartridge it
        // replaces (QTemporaryFile makes it private to its owner).
        struct stat replaced{};
        const QByteArray target = QFile::encodeName(m_path);
        const mode_t mode = ::stat(target.constData(), &replaced) == 0 && S_ISREG(replaced.st_mode)
            ? (replaced.st_mode & 07777)
            : mode_t(0644);
        ::fchmod(m_file.handle(), mode);
        const QByteArray written = QFile::encodeName(m_file.fileName());
        m_file.close();
        if (::rename(written.constData(), target.constData()) != 0) {
            *why = qt_error_string(errno);
            return false; // the destructor removes it
        }
        m_file.setAutoRemove(false);
        return true;
    }

private:
    QString m_path;
    QTemporaryFile m_file;
};

qint64 tocSizeOf(const QStringList &names)
{
    qint64 size = 0;
    for (const QString &name : names)
        size += CartridgeFormat::tocFixedSize + name.toUtf8().size();
    return size;
}

// The table of contents of `entries` (each one's data follows the last's,
// from right after the table) and the header before it.
struct FrontMatter {
    QByteArray header;
    QByteArray toc;
    quint64 dataEnd = 0; // where the trailer goes
};

FrontMatter frontMatterOf(const QList<CartridgeBlob> &entries, qint64 tocSize)
{
    using namespace CartridgeFormat;
    FrontMatter front;
    front.toc.reserve(tocSize);
    quint64 offset = quint64(headerSize + tocSize);
    for (const CartridgeBlob &entry : entries) {
        const QByteArray name = entry.name.toUtf8();
        LittleEndian::append<quint16>(front.toc, quint16(name.size()));
        front.toc.append(char(entry.kind));
        front.toc.append(char(entry.compression));
        LittleEndian::append<quint32>(front.toc, 0);
        LittleEndian::append<quint64>(front.toc, offset);
        LittleEndian::append<quint64>(front.toc, entry.storedSize);
        LittleEndian::append<quint64>(front.toc, entry.originalSize);
        front.toc.append(entry.originalHash.leftJustified(16, '\0', true));
        front.toc.append(name);
        offset += entry.storedSize;
    }
    front.dataEnd = offset;
    QByteArray header(magic, sizeof(magic));
    LittleEndian::append<quint32>(header, version);
    LittleEndian::append<quint32>(header, quint32(entries.size()));
    LittleEndian::append<quint64>(header, quint64(headerSize));
    LittleEndian::append<quint64>(header, quint64(tocSize));
    LittleEndian::append<quint64>(header, quint64(headerSize + tocSize));
    LittleEndian::append<quint64>(header, offset + quint64(trailerSize));
    front.header = header.leftJustified(headerSize, '\0');
    return front;
}

QString cannotWrite(const QString &path, const QString &why)
{
    return CartridgeText::tr("Cannot write the cartridge %1: %2").arg(path, why);
}

QString changedSize(const QString &name)
{
    return CartridgeText::tr("%1 changed size while the cartridge was written").arg(name);
}

} // namespace

QString wireName(CartridgeFormat::Compression compression)
{
    return compression == CartridgeFormat::Compression::Zstd ? u"zstd"_s : u"none"_s;
}

qint64 CartridgeWriter::write(const QString &path, const QList<CartridgeBlob> &blobs, QString *error)
{
    QList<CartridgeBlob> entries = blobs;
    for (CartridgeBlob &entry : entries)
        entry.storedSize = quint64(entry.stored.size());
    return write(path, entries, [&blobs](qsizetype index, QString *) { return std::optional(blobs.at(index).stored); },
                 error);
}

qint64 CartridgeWriter::write(const QString &path, const QList<CartridgeBlob> &entries, const Fetch &fetch,
                              QString *error)
{
    using namespace CartridgeFormat;
    QStringList names;
    names.reserve(entries.size());
    for (const CartridgeBlob &entry : entries)
        names.append(entry.name);
    const FrontMatter front = frontMatterOf(entries, tocSizeOf(names));

    std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(), &XXH3_freeState);
    XXH3_128bits_reset(state.get());
    PartialCartridge partial(path);
    QFile &file = partial.file();
    bool ok = partial.open();
    EarlyWriteback writeback(file);
    QString reason;
    auto put = [&](const QByteArray &bytes) {
        if (!ok)
            return;
        XXH3_128bits_update(state.get(), bytes.constData(), size_t(bytes.size()));
        ok = writeAll(file, bytes);
        writeback.wrote(bytes.size());
    };
    put(front.header);
    put(front.toc);
    for (qsizetype i = 0; ok && i < entries.size(); ++i) {
        const std::optional<QByteArray> stored = fetch(i, &reason);
        if (!stored || quint64(stored->size()) != entries.at(i).storedSize) {
            if (stored)
                reason = changedSize(entries.at(i).name);
            ok = false;
            break;
        }
        put(*stored);
    }
    const QByteArray trailer = canonical(XXH3_128bits_digest(state.get()));
    if (ok)
        ok = writeAll(file, trailer);
    if (ok)
        ok = partial.commit(&reason);
    if (!ok) {
        if (error)
            *error = cannotWrite(path, reason.isEmpty() ? partial.errorString() : reason);
        return -1;
    }
    return qint64(front.dataEnd) + trailerSize;
}

struct CartridgeStream::State {
    explicit State(const QString &path) : path(path), partial(path), file(partial.file()), writeback(file) {}
    QString path;
    PartialCartridge partial;
    QFile &file;
    EarlyWriteback writeback;
    qint64 tocSize = 0;
    bool failed = false;
};

CartridgeStream::CartridgeStream(const QString &path) : m_state(std::make_unique<State>(path)) {}

// What was not committed goes with the temporary file.
CartridgeStream::~CartridgeStream() = default;

bool CartridgeStream::open(const QStringList &names, QString *error)
{
    State &s = *m_state;
    m_names = names;
    s.tocSize = tocSizeOf(names);
    const qint64 dataStart = CartridgeFormat::headerSize + s.tocSize;
    if (!s.partial.open() || !s.file.seek(dataStart)) {
        s.failed = true;
        *error = cannotWrite(s.path, s.partial.errorString());
        return false;
    }
    s.writeback.startAt(dataStart);
    return true;
}

bool CartridgeStream::append(const CartridgeBlob &entry, const QByteArray &stored, QString *error)
{
    return appendInPieces(entry, [&stored](const PieceSink &take) { return take(stored.constData(), stored.size()); },
                          error);
}

bool CartridgeStream::appendInPieces(const CartridgeBlob &entry,
                                     const std::function<bool(const PieceSink &)> &produce, QString *error)
{
    State &s = *m_state;
    if (s.failed || m_entries.size() >= m_names.size() || entry.name != m_names.at(m_entries.size())) {
        s.failed = true;
        *error = cannotWrite(s.path, changedSize(entry.name));
        return false;
    }
    quint64 given = 0;
    bool wrote = true;
    const bool produced = produce([&](const char *bytes, qint64 size) {
        given += quint64(size);
        if (given > entry.storedSize)
            return false;
        wrote = writeAll(s.file, QByteArrayView(bytes, size));
        if (wrote)
            s.writeback.wrote(size);
        return wrote;
    });
    if (!produced || !wrote || given != entry.storedSize) {
        s.failed = true;
        *error = cannotWrite(s.path, wrote ? changedSize(entry.name) : s.file.errorString());
        return false;
    }
    CartridgeBlob described = entry;
    described.stored = QByteArray();
    m_entries.append(std::move(described));
    return true;
}

qint64 CartridgeStream::commit(QString *error)
{
    State &s = *m_state;
    if (s.failed || m_entries.size() != m_names.size()) {
        *error = cannotWrite(s.path, CartridgeText::tr("not every entry was written"));
        return -1;
    }
    s.failed = true; // once
    const FrontMatter front = frontMatterOf(m_entries, s.tocSize);
    bool ok = s.file.seek(0) && writeAll(s.file, front.header) && writeAll(s.file, front.toc);
    // The checksum covers the header, written last: read back.
    const QByteArray checksum = ok ? hashPrefix(s.file, qint64(front.dataEnd)) : QByteArray();
    ok = ok && !checksum.isEmpty() && s.file.seek(qint64(front.dataEnd))
        && writeAll(s.file, checksum);
    QString why;
    if (!ok || !s.partial.commit(&why)) {
        *error = cannotWrite(s.path, why.isEmpty() ? s.file.errorString() : why);
        return -1;
    }
    return qint64(front.dataEnd) + CartridgeFormat::trailerSize;
}

int CartridgeWriter::removeInterruptedWrites(const QString &path)
{
    const QFileInfo cartridge(path);
    QDir folder = cartridge.absoluteDir();
    int removed = 0;
    const QFileInfoList left = folder.entryInfoList({cartridge.fileName() + u".??????"_s + partialSuffix},
                                                    QDir::Files | QDir::Hidden | QDir::NoSymLinks);
    for (const QFileInfo &file : left)
        removed += QFile::remove(file.filePath()) ? 1 : 0;
    return removed;
}

bool CartridgeReader::openStored()
{
    if (m_stored)
        return true;
    m_stored = std::make_shared<QFile>(m_path);
    if (!m_stored->open(QIODevice::ReadOnly) || m_stored->size() != m_fileSize) {
        m_error = CartridgeText::tr("Cannot read %1 again: %2.").arg(m_path, m_stored->errorString());
        m_stored.reset();
        return false;
    }
    return true;
}

std::optional<QByteArray> CartridgeReader::readStored(const CartridgeEntry &entry)
{
    if (!openStored() || !m_stored->seek(qint64(entry.offset)))
        return std::nullopt;
    QByteArray stored = m_stored->read(qint64(entry.storedSize));
    if (quint64(stored.size()) != entry.storedSize) {
        m_error = CartridgeText::tr("Entry %1 is cut short.").arg(entry.name);
        return std::nullopt;
    }
    return stored;
}

bool CartridgeReader::readStoredInPieces(const CartridgeEntry &entry, const PieceSink &take)
{
    constexpr qint64 pieceSize = 4 << 20;
    if (entry.storedSize <= quint64(pieceSize)) {
        const std::optional<QByteArray> stored = readStored(entry);
        return stored && take(stored->constData(), stored->size());
    }
    if (!openStored())
        return false;
    QByteArray piece(pieceSize, Qt::Uninitialized);
    for (quint64 done = 0; done < entry.storedSize;) {
        const qint64 size = qint64(std::min<quint64>(entry.storedSize - done, quint64(pieceSize)));
        if (!m_stored->seek(qint64(entry.offset + done)) || m_stored->read(piece.data(), size) != size) {
            m_error = CartridgeText::tr("Entry %1 is cut short.").arg(entry.name);
            return false;
        }
        if (!take(piece.constData(), size))
            return false;
        done += quint64(size);
    }
    return true;
}

bool CartridgeReader::fail(const QString &message)
{
    m_error = CartridgeText::tr("%1 is not a valid cartridge: %2.").arg(m_path, message);
    m_entries.clear();
    return false;
}

bool CartridgeReader::open(const QString &path)
{
    using namespace CartridgeFormat;
    m_path = path;
    m_error.clear();
    m_entries.clear();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = CartridgeText::tr("Cannot open %1: %2.").arg(path, file.errorString());
        return false;
    }
    m_fileSize = file.size();
    if (m_fileSize < headerSize + trailerSize)
        return fail(CartridgeText::tr("the file is too short (%1 bytes)").arg(m_fileSize));
    const QByteArray header = file.read(headerSize);
    if (std::memcmp(header.constData(), magic, sizeof(magic)) != 0)
        return fail(CartridgeText::tr("it does not start with the PROMETEU signature"));
    const quint32 fileVersion = LittleEndian::read<quint32>(header.constData() + 8);
    if (fileVersion != version)
        return fail(CartridgeText::tr("format version %1 is not supported (this build reads %2)")
                        .arg(fileVersion).arg(version));
    const quint32 count = LittleEndian::read<quint32>(header.constData() + 12);
    const quint64 tocOffset = LittleEndian::read<quint64>(header.constData() + 16);
    const quint64 tocSize = LittleEndian::read<quint64>(header.constData() + 24);
    const quint64 dataOffset = LittleEndian::read<quint64>(header.constData() + 32);
    const quint64 declaredSize = LittleEndian::read<quint64>(header.constData() + 40);
    const quint64 actualSize = quint64(m_fileSize);
    if (declaredSize != actualSize) {
        return fail(declaredSize > actualSize
                        ? CartridgeText::tr("it is truncated (%1 of %2 bytes)").arg(actualSize).arg(declaredSize)
                        : CartridgeText::tr("it has %1 unexpected trailing bytes").arg(actualSize - declaredSize));
    }
    const quint64 trailerOffset = actualSize - quint64(trailerSize);
    if (tocOffset != quint64(headerSize) || tocSize > trailerOffset - tocOffset
        || dataOffset != tocOffset + tocSize) {
        return fail(CartridgeText::tr("its table of contents lies outside the file"));
    }
    if (count > maxEntries || quint64(count) * quint64(tocFixedSize) > tocSize)
        return fail(CartridgeText::tr("it claims %1 entries, more than its table of contents holds").arg(count));

    // Whole-file checksum before trusting anything else.
    QByteArray trailer;
    file.seek(qint64(trailerOffset));
    trailer = file.read(trailerSize);
    m_fileHash = hashPrefix(file, qint64(trailerOffset));
    if (m_fileHash.isEmpty() || m_fileHash != trailer)
        return fail(CartridgeText::tr("its checksum does not match; the file is damaged"));

    file.seek(qint64(tocOffset));
    const QByteArray toc = file.read(qint64(tocSize));
    qsizetype pos = 0;
    quint64 expectedOffset = dataOffset;
    for (quint32 i = 0; i < count; ++i) {
        if (toc.size() - pos < tocFixedSize)
            return fail(CartridgeText::tr("entry %1 is cut off").arg(i));
        const char *p = toc.constData() + pos;
        const quint16 nameLength = LittleEndian::read<quint16>(p);
        CartridgeEntry entry;
        const quint8 kind = quint8(p[2]);
        const quint8 compression = quint8(p[3]);
        entry.offset = LittleEndian::read<quint64>(p + 8);
        entry.storedSize = LittleEndian::read<quint64>(p + 16);
        entry.originalSize = LittleEndian::read<quint64>(p + 24);
        entry.hash = QByteArray(p + 32, 16);
        pos += tocFixedSize;
        if (nameLength == 0 || toc.size() - pos < nameLength)
            return fail(CartridgeText::tr("entry %1 has a bad name length").arg(i));
        const QByteArray rawName = toc.mid(pos, nameLength);
        pos += nameLength;
        entry.name = QString::fromUtf8(rawName);
        if (entry.name.toUtf8() != rawName)
            return fail(CartridgeText::tr("entry %1's name is not UTF-8").arg(i));
        if (kind > quint8(AssetKind::Unknown))
            return fail(CartridgeText::tr("entry %1 has an unknown kind %2").arg(entry.name).arg(kind));
        entry.kind = AssetKind(kind);
        if (compression > quint8(Compression::Zstd))
            return fail(CartridgeText::tr("entry %1 has an unknown compression %2").arg(entry.name).arg(compression));
        entry.compression = Compression(compression);
        if (entry.offset != expectedOffset || entry.storedSize > trailerOffset - entry.offset)
            return fail(CartridgeText::tr("entry %1 points outside the data area").arg(entry.name));
        if (entry.originalSize > quint64(maxEntryBytes)
            || (entry.compression == Compression::None && entry.originalSize != entry.storedSize)) {
            return fail(CartridgeText::tr("entry %1 declares an impossible size").arg(entry.name));
        }
        expectedOffset = entry.offset + entry.storedSize;
        m_entries.append(entry);
    }
    if (pos != toc.size() || expectedOffset != trailerOffset)
        return fail(CartridgeText::tr("its table of contents and data do not line up"));
    return true;
}

std::optional<QByteArray> CartridgeReader::read(const CartridgeEntry &entry)
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(qint64(entry.offset))) {
        m_error = CartridgeText::tr("Cannot read %1: %2.").arg(m_path, file.errorString());
        return std::nullopt;
    }
    const QByteArray stored = file.read(qint64(entry.storedSize));
    if (quint64(stored.size()) != entry.storedSize) {
        m_error = CartridgeText::tr("Entry %1 is cut short.").arg(entry.name);
        return std::nullopt;
    }
    QByteArray original;
    if (entry.compression == CartridgeFormat::Compression::Zstd) {
        const unsigned long long frameSize = ZSTD_getFrameContentSize(stored.constData(), size_t(stored.size()));
        if (frameSize != entry.originalSize) {
            m_error = CartridgeText::tr("Entry %1's compressed size header is inconsistent.").arg(entry.name);
            return std::nullopt;
        }
        original = uninitializedLargeBuffer(qsizetype(entry.originalSize));
        const size_t result = ZSTD_decompress(original.data(), size_t(original.size()), stored.constData(),
                                              size_t(stored.size()));
        if (ZSTD_isError(result) || result != entry.originalSize) {
            m_error = CartridgeText::tr("Entry %1 does not decompress: %2.")
                          .arg(entry.name, QString::fromUtf8(ZSTD_getErrorName(result)));
            return std::nullopt;
        }
    } else {
        original = stored;
    }
    if (ContentHash::digest(original) != entry.hash) {
        m_error = CartridgeText::tr("Entry %1's content does not match its hash.").arg(entry.name);
        return std::nullopt;
    }
    return original;
}

} // namespace Prometeu
