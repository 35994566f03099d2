#include "packer/localcachestore.h"

#include "objectpacks.h"
#include "packer/littleendian.h"
#include "packer/contenthash.h"
#include "packer/largebuffer.h"

#include <support/writeall.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QDirIterator>
#include <QTemporaryFile>

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class CacheText
{
    Q_DECLARE_TR_FUNCTIONS(BuildCache) // the catalogue's context since #3
};

constexpr char objectMagic[8] = {'P', 'R', 'M', 'C', 'A', 'C', 'H', '2'};
// An object of the first format: its header had no check of its own, so a
// damaged original hash or size went into cartridges unnoticed. Read as
// missing (converted again), not as damaged.
constexpr char firstObjectMagic[8] = {'P', 'R', 'M', 'C', 'A', 'C', 'H', '1'};
// magic, compression, 3 zero bytes, the converter warnings' size (u32),
// original size and hash, stored size and hash, then the header's own
// check: XXH3-128 of the 64 bytes before it and the warnings. The stored
// bytes' hash covers them; this covers what the cartridge's table of
// contents is made from. The warnings (JSON) follow the stored bytes.
// (LocalCacheStore::objectHeaderSize: 8 + 1 + 3 + 4 + 8 + 16 + 8 + 16 + 16 = 80.)
constexpr qint64 objectHeaderSize = LocalCacheStore::objectHeaderSize;
constexpr qint64 checkedHeaderSize = 64;
// QTemporaryFile's template for an object being stored, beside it.
const QString temporarySuffix = QStringLiteral(".XXXXXX");
// Objects up to this size (header and warnings included) go into the
// packs; larger ones, whose writing costs more than making their file,
// keep a file each (and are streamed there: storeFrom).
constexpr qsizetype packedUpTo = 1024 * 1024;
// What loadInPieces reads at a time.
constexpr quint64 pieceSize = 4 * 1024 * 1024;

QByteArray objectHeader(const CartridgeBlob &blob, quint64 storedSize, const QByteArray &storedHash)
{
    QByteArray header(objectMagic, 8);
    header.append(char(blob.compression));
    header.append(3, '\0');
    LittleEndian::append<quint32>(header, quint32(blob.converterWarnings.size()));
    LittleEndian::append<quint64>(header, blob.originalSize);
    header.append(blob.originalHash.leftJustified(16, '\0', true));
    LittleEndian::append<quint64>(header, storedSize);
    header.append(storedHash);
    ContentHash::Stream check;
    check.add(QByteArrayView(header));
    check.add(QByteArrayView(blob.converterWarnings));
    header.append(check.digest());
    return header;
}

// Reads and checks one object of `size` bytes through `readAt` (a file of
// its own or a range of a pack).
QString truncated()
{
    return CacheText::tr("it is truncated or has the wrong size");
}

QString mismatch()
{
    return CacheText::tr("its content does not match its checksum");
}

// An object file: its header, then its stored bytes, then its converter's
// warnings.
struct ObjectHeader {
    CartridgeFormat::Compression compression = CartridgeFormat::Compression::None;
    quint64 originalSize = 0;
    QByteArray originalHash;
    quint64 storedSize = 0;
    QByteArray storedHash;
    quint32 warningsSize = 0;
    QByteArray checked; // the header's first 64 bytes...
    QByteArray check;   // ...and their check with the warnings'
};

// What readHeader found instead of a header: one it cannot read, or one
// of the first format (its object is converted again, without a warning).
enum class HeaderTrouble { Damaged, Outdated };

using ReadAt = std::function<bool(qint64, char *, qint64)>;

std::optional<ObjectHeader> readHeader(qint64 size, const ReadAt &readAt, QString *why,
                                      HeaderTrouble *trouble = nullptr)
{
    QByteArray header(objectHeaderSize, Qt::Uninitialized);
    const bool read = size >= objectHeaderSize && readAt(0, header.data(), objectHeaderSize);
    if (trouble)
        *trouble = HeaderTrouble::Damaged;
    if (!read || std::memcmp(header.constData(), objectMagic, 8) != 0) {
        if (read && std::memcmp(header.constData(), firstObjectMagic, 8) == 0 && trouble)
            *trouble = HeaderTrouble::Outdated;
        if (why)
            *why = CacheText::tr("the header is damaged");
        return std::nullopt;
    }
    ObjectHeader object;
    const auto compression = quint8(header.at(8));
    object.originalSize = LittleEndian::read<quint64>(header.constData() + 16);
    object.originalHash = header.mid(24, 16);
    object.storedSize = LittleEndian::read<quint64>(header.constData() + 40);
    object.storedHash = header.mid(48, 16);
    object.warningsSize = LittleEndian::read<quint32>(header.constData() + 12);
    object.checked = header.left(checkedHeaderSize);
    object.check = header.mid(checkedHeaderSize, 16);
    if (compression > quint8(CartridgeFormat::Compression::Zstd)
        || object.storedSize > quint64(size) || object.warningsSize > quint64(size)
        || object.storedSize + object.warningsSize != quint64(size - objectHeaderSize)) {
        if (why)
            *why = truncated();
        return std::nullopt;
    }
    object.compression = CartridgeFormat::Compression(compression);
    return object;
}

// The object's warnings and description into *blob (after its bytes,
// which the caller has checked).
CacheStore::Lookup finishObject(const ObjectHeader &object, const ReadAt &readAt, CartridgeBlob *blob, QString *why)
{
    QByteArray warnings(qsizetype(object.warningsSize), Qt::Uninitialized);
    if (!readAt(objectHeaderSize + qint64(object.storedSize), warnings.data(), object.warningsSize)) {
        if (why)
            *why = truncated();
        return CacheStore::Lookup::Corrupt;
    }
    ContentHash::Stream check;
    check.add(QByteArrayView(object.checked));
    check.add(QByteArrayView(warnings));
    if (check.digest() != object.check) {
        if (why)
            *why = CacheText::tr("the header is damaged");
        return CacheStore::Lookup::Corrupt;
    }
    blob->converterWarnings = warnings;
    blob->compression = object.compression;
    blob->storedSize = object.storedSize;
    blob->originalSize = object.originalSize;
    blob->originalHash = object.originalHash;
    return CacheStore::Lookup::Hit;
}

// Opens an object's own file: nothing when it is open, else what the
// lookup is. Opened straight away: asking whether it exists first is one
// more system call per asset, and most lookups of a cold build miss.
std::optional<CacheStore::Lookup> openObjectFile(QFile &file, QString *why)
{
    if (file.open(QIODevice::ReadOnly))
        return std::nullopt;
    if (!file.exists())
        return CacheStore::Lookup::Missing;
    if (why)
        *why = file.errorString();
    return CacheStore::Lookup::Corrupt;
}

ReadAt readerOf(QFile &file)
{
    return [&file](qint64 offset, char *into, qint64 size) { return file.seek(offset) && file.read(into, size) == size; };
}

CacheStore::Lookup readObject(qint64 size, const ReadAt &readAt, CartridgeBlob *blob, QString *why)
{
    HeaderTrouble trouble;
    const std::optional<ObjectHeader> object = readHeader(size, readAt, why, &trouble);
    if (!object)
        return trouble == HeaderTrouble::Outdated ? CacheStore::Lookup::Missing : CacheStore::Lookup::Corrupt;
    // Read into the caller's buffer: a build writing its cartridge passes
    // the same blob for every entry, so its memory is reused rather than
    // faulted in afresh for each object.
    QByteArray &stored = blob->stored;
    stored.resize(qsizetype(object->storedSize));
    adviseLargePages(stored.data(), std::size_t(stored.size())); // fresh memory, when it grew
    if (!readAt(objectHeaderSize, stored.data(), qint64(object->storedSize))) {
        stored.clear();
        if (why)
            *why = truncated();
        return CacheStore::Lookup::Corrupt;
    }
    if (ContentHash::digest(stored) != object->storedHash) {
        stored.clear();
        if (why)
            *why = mismatch();
        return CacheStore::Lookup::Corrupt;
    }
    const CacheStore::Lookup finished = finishObject(*object, readAt, blob, why);
    if (finished != CacheStore::Lookup::Hit)
        stored.clear();
    return finished;
}

} // namespace

LocalCacheStore::LocalCacheStore(QString folder)
    : m_folder(std::move(folder))
    , m_packs(std::make_unique<ObjectPacks>(m_folder + u"/packs"_s))
{
}

LocalCacheStore::~LocalCacheStore() = default;

QString LocalCacheStore::objectPath(const QString &key) const
{
    return m_folder + u'/' + key.left(2) + u'/' + key;
}

bool LocalCacheStore::contains(const QString &key) const
{
    return m_packs->find(key).has_value() || QFileInfo::exists(objectPath(key));
}

CacheStore::Lookup LocalCacheStore::load(const QString &key, CartridgeBlob *blob, QString *why, Source *source) const
{
    if (source)
        *source = Source::Local;
    if (const std::optional<ObjectPacks::Entry> packed = m_packs->find(key)) {
        if (!m_packs->holds(*packed)) {
            if (why)
                *why = CacheText::tr("it is truncated or has the wrong size");
            return Lookup::Corrupt;
        }
        return readObject(packed->size, [&](qint64 offset, char *into, qint64 size) {
            return m_packs->read(*packed, offset, into, size);
        }, blob, why);
    }
    QFile file(objectPath(key));
    if (const std::optional<Lookup> failed = openObjectFile(file, why))
        return *failed;
    return readObject(file.size(), readerOf(file), blob, why);
}

CacheStore::Lookup LocalCacheStore::loadInPieces(const QString &key, CartridgeBlob *blob, const PieceSink &take,
                                                 QString *why) const
{
    // A packed object is small (packedUpTo): loaded whole.
    if (m_packs->find(key))
        return CacheStore::loadInPieces(key, blob, take, why);
    QFile file(objectPath(key));
    if (const std::optional<Lookup> failed = openObjectFile(file, why))
        return *failed;
    const ReadAt readAt = readerOf(file);
    HeaderTrouble trouble;
    const std::optional<ObjectHeader> object = readHeader(file.size(), readAt, why, &trouble);
    if (!object)
        return trouble == HeaderTrouble::Outdated ? Lookup::Missing : Lookup::Corrupt;
    QByteArray piece(qsizetype(std::min<quint64>(object->storedSize, pieceSize)), Qt::Uninitialized);
    ContentHash::Stream hash;
    for (quint64 done = 0; done < object->storedSize;) {
        const qint64 size = qint64(std::min<quint64>(object->storedSize - done, pieceSize));
        if (!readAt(objectHeaderSize + qint64(done), piece.data(), size)) {
            if (why)
                *why = truncated();
            return Lookup::Corrupt;
        }
        hash.add(QByteArrayView(piece.constData(), size));
        if (!take(piece.constData(), size))
            return Lookup::Missing;
        done += quint64(size);
    }
    if (hash.digest() != object->storedHash) {
        if (why)
            *why = mismatch();
        return Lookup::Corrupt;
    }
    blob->stored = QByteArray();
    return finishObject(*object, readAt, blob, why);
}

QList<LocalCacheStore::ObjectLocation> LocalCacheStore::objectLocations() const
{
    QList<ObjectLocation> locations;
    QDirIterator it(m_folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo file = it.nextFileInfo();
        if (file.fileName().size() == 32 && !file.fileName().contains(u'.'))
            locations.append({file.fileName(), file.filePath(), 0, file.size()});
    }
    for (const auto &[key, entry] : m_packs->entries())
        locations.append({key, m_packs->packPath(entry.pack), entry.offset, entry.size});
    return locations;
}

int LocalCacheStore::removeTemporaries() const
{
    // Objects are <folder>/<2 hex>/<key>; their temporaries <key>.XXXXXX
    // (a key never has a dot).
    int removed = 0;
    QDirIterator it(m_folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo file = it.nextFileInfo();
        if (file.suffix().size() == temporarySuffix.size() - 1 && file.completeBaseName().size() > 8
            && QFile::remove(file.filePath())) {
            ++removed;
        }
    }
    return removed;
}

bool LocalCacheStore::store(const QString &key, const CartridgeBlob &blob, QString *error) const
{
    if (objectHeaderSize + blob.stored.size() + blob.converterWarnings.size() <= packedUpTo) {
        QByteArray object = objectHeader(blob, quint64(blob.stored.size()), ContentHash::digest(blob.stored));
        object.reserve(object.size() + blob.stored.size() + blob.converterWarnings.size());
        object.append(blob.stored);
        object.append(blob.converterWarnings);
        QString why;
        if (m_packs->append(key, object, &why))
            return true;
        if (error)
            *error = why;
        return false;
    }
    return storeWith(key, blob, [&blob](QFile &file) -> std::optional<QByteArray> {
        if (!writeAll(file, blob.stored))
            return std::nullopt;
        return ContentHash::digest(blob.stored);
    }, error);
}

bool LocalCacheStore::storeFrom(const QString &key, const CartridgeBlob &blob, const StoredReader &read,
                                QString *error) const
{
    // A piece at a time: a converted sound of 60 MB never sits whole in
    // the build's memory on its way from the worker to the cache.
    bool readFailed = false;
    const bool stored = storeWith(key, blob, [&](QFile &file) -> std::optional<QByteArray> {
        constexpr qint64 pieceBytes = 1024 * 1024;
        QByteArray piece(qsizetype(std::min<quint64>(blob.storedSize, pieceBytes)), Qt::Uninitialized);
        ContentHash::Stream hash;
        for (qint64 done = 0; done < qint64(blob.storedSize);) {
            const qint64 size = std::min<qint64>(piece.size(), qint64(blob.storedSize) - done);
            if (!read(done, piece.data(), size)) {
                readFailed = true;
                return std::nullopt;
            }
            hash.add(QByteArrayView(piece.constData(), size));
            if (!writeAll(file, QByteArrayView(piece.constData(), size)))
                return std::nullopt;
            done += size;
        }
        return hash.digest();
    }, error);
    if (readFailed && error)
        *error = CacheText::tr("Cannot read the converted bytes to store them in the cache.");
    return stored;
}

bool LocalCacheStore::storeWith(const QString &key, const CartridgeBlob &blob,
                                const std::function<std::optional<QByteArray>(QFile &)> &write,
                                QString *error) const
{
    const QString path = objectPath(key);
    QDir().mkpath(QFileInfo(path).absolutePath());
    // Write-then-rename, like QSaveFile but without its fsync: a cache entry
    // needs atomicity (never half an object under its name), not durability
    // (a power cut that loses one is caught by its checksum and rebuilt).
    // The fsync per object made a cold build I/O-bound. The header, which
    // holds the stored bytes' hash, is written last, over its place.
    QTemporaryFile file(path + temporarySuffix);
    file.setAutoRemove(true);
    std::optional<QByteArray> storedHash;
    bool written = file.open() && file.seek(objectHeaderSize) && (storedHash = write(file))
        && writeAll(file, blob.converterWarnings);
    if (written) {
        const QByteArray header = objectHeader(
            blob, quint64(file.pos() - objectHeaderSize - blob.converterWarnings.size()), *storedHash);
        written = file.seek(0) && writeAll(file, header) && file.flush();
    }
    if (!written || ::rename(QFile::encodeName(file.fileName()).constData(), QFile::encodeName(path).constData()) != 0) {
        if (error)
            *error = CacheText::tr("Cannot write the cache entry %1: %2.").arg(path, file.errorString());
        return false;
    }
    file.setAutoRemove(false); // it has become the object
    return true;
}

} // namespace Prometeu
