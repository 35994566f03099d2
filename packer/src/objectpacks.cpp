#include "objectpacks.h"

#include "packer/contenthash.h"
#include "packer/littleendian.h"
#include "packer/positionalio.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class CacheText
{
    Q_DECLARE_TR_FUNCTIONS(BuildCache)
};

// key (16), pack (u32), offset (u64), size (u32), then the first 8 bytes
// of the XXH3-128 of those 32: a record torn or overwritten fails it.
constexpr qint64 recordSize = 40;
constexpr qint64 recordBody = 32;
// A pack is closed for appends past this; reads never care.
constexpr qint64 packLimit = 256LL * 1024 * 1024;

QByteArray recordOf(const QByteArray &key, const ObjectPacks::Entry &entry)
{
    QByteArray record = key;
    LittleEndian::append<quint32>(record, entry.pack);
    LittleEndian::append<quint64>(record, quint64(entry.offset));
    LittleEndian::append<quint32>(record, quint32(entry.size));
    record.append(ContentHash::digest(record).left(8));
    return record;
}

QString systemError() { return QString::fromLocal8Bit(std::strerror(errno)); }

} // namespace

ObjectPacks::ObjectPacks(QString folder)
    : m_folder(std::move(folder))
{
}

ObjectPacks::~ObjectPacks()
{
    for (int fd : std::as_const(m_readFds))
        ::close(fd);
    if (m_appendFd >= 0)
        ::close(m_appendFd);
    if (m_indexFd >= 0)
        ::close(m_indexFd);
}

QString ObjectPacks::packPath(quint32 pack) const { return m_folder + u'/' + QString::number(pack) + u".pack"_s; }

bool ObjectPacks::ensureOpen(QString *error)
{
    if (m_indexFd >= 0)
        return true;
    const QString index = m_folder + u"/index"_s;
    // A reader must not make the folder (a missing cache is just empty);
    // a writer (error != nullptr) does.
    if (error && !QDir().mkpath(m_folder)) {
        *error = CacheText::tr("Cannot make the cache folder %1.").arg(m_folder);
        return false;
    }
    m_indexFd = ::open(QFile::encodeName(index).constData(),
                       (error ? O_RDWR | O_CREAT | O_APPEND : O_RDONLY) | O_CLOEXEC, 0644);
    if (m_indexFd < 0) {
        if (error)
            *error = CacheText::tr("Cannot open the cache index %1: %2.").arg(index, systemError());
        return false;
    }
    readNewIndexRecords();
    return true;
}

void ObjectPacks::readNewIndexRecords()
{
    struct stat status {};
    if (::fstat(m_indexFd, &status) != 0)
        return;
    if (status.st_size < m_indexRead) { // cut back by a writer dropping a torn record: start again
        m_entries.clear();
        m_indexRead = 0;
    }
    const qint64 records = (status.st_size - m_indexRead) / recordSize;
    if (records <= 0)
        return;
    QByteArray bytes(qsizetype(records * recordSize), Qt::Uninitialized);
    if (!readFullyAt(m_indexFd, bytes.data(), bytes.size(), m_indexRead))
        return;
    m_entries.reserve(m_entries.size() + qsizetype(records));
    for (qint64 i = 0; i < records; ++i) {
        const char *record = bytes.constData() + i * recordSize;
        // A bad record ends what can be trusted: stop before it (a writer
        // cuts it off; a reader looks again next time).
        if (ContentHash::digest(QByteArrayView(record, recordBody)).left(8) != QByteArrayView(record + recordBody, 8))
            return;
        Entry entry;
        entry.pack = LittleEndian::read<quint32>(record + 16);
        entry.offset = qint64(LittleEndian::read<quint64>(record + 20));
        entry.size = LittleEndian::read<quint32>(record + 28);
        m_entries.insert(QByteArray(record, 16), entry);
        m_indexRead += recordSize;
    }
}

std::optional<ObjectPacks::Entry> ObjectPacks::find(const QString &key)
{
    const QByteArray binary = QByteArray::fromHex(key.toLatin1());
    if (binary.size() != 16)
        return std::nullopt;
    const QMutexLocker locker(&m_mutex);
    if (m_indexFd < 0 && !ensureOpen(nullptr)) {
        // No index yet (nothing packed, or no cache at all): asked again
        // on the next lookup, which costs one failed open.
        return std::nullopt;
    }
    auto it = m_entries.constFind(binary);
    if (it == m_entries.constEnd()) {
        readNewIndexRecords(); // another process may have packed it since
        it = m_entries.constFind(binary);
        if (it == m_entries.constEnd())
            return std::nullopt;
    }
    return *it;
}

int ObjectPacks::packFd(quint32 pack)
{
    if (const auto it = m_readFds.constFind(pack); it != m_readFds.constEnd())
        return *it;
    const int fd = ::open(QFile::encodeName(packPath(pack)).constData(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0)
        m_readFds.insert(pack, fd);
    return fd;
}

int ObjectPacks::lockedPackFd(quint32 pack)
{
    const QMutexLocker locker(&m_mutex);
    return packFd(pack);
}

bool ObjectPacks::read(const Entry &entry, qint64 offset, char *into, qint64 size)
{
    if (offset < 0 || size < 0 || offset + size > entry.size)
        return false;
    // Outside the lock: pread on a shared descriptor needs none.
    const int fd = lockedPackFd(entry.pack);
    return fd >= 0 && readFullyAt(fd, into, size, entry.offset + offset);
}

bool ObjectPacks::holds(const Entry &entry)
{
    const int fd = lockedPackFd(entry.pack);
    struct stat status {};
    return fd >= 0 && entry.offset >= 0 && entry.size >= 0 && ::fstat(fd, &status) == 0
        && entry.offset + entry.size <= status.st_size;
}

bool ObjectPacks::append(const QString &key, const QByteArray &object, QString *error)
{
    const QByteArray binary = QByteArray::fromHex(key.toLatin1());
    if (binary.size() != 16) {
        *error = CacheText::tr("Cannot store %1 in the cache: not a cache key.").arg(key);
        return false;
    }
    const QMutexLocker locker(&m_mutex);
    if (m_indexFd >= 0 && m_appendFd < 0 && (::fcntl(m_indexFd, F_GETFL) & O_ACCMODE) == O_RDONLY) {
        ::close(m_indexFd); // opened for lookups only: again, to write
        m_indexFd = -1;
    }
    if (!ensureOpen(error))
        return false;
    if (m_appendFd < 0) {
        // The first append of this process (under the project's build lock,
        // so no other writer): a record torn by a process that died mid-write
        // is cut off, or the records after it would never be read.
        readNewIndexRecords();
        struct stat status {};
        if (::fstat(m_indexFd, &status) == 0 && status.st_size > m_indexRead)
            static_cast<void>(::ftruncate(m_indexFd, m_indexRead));
        // Appends go to the newest pack.
        const QStringList packs = QDir(m_folder).entryList({u"*.pack"_s}, QDir::Files);
        for (const QString &name : packs)
            m_appendPack = std::max(m_appendPack, name.chopped(5).toUInt());
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (m_appendFd < 0) {
            m_appendFd = ::open(QFile::encodeName(packPath(m_appendPack)).constData(),
                                O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
            struct stat status {};
            if (m_appendFd < 0 || ::fstat(m_appendFd, &status) != 0) {
                *error = CacheText::tr("Cannot open the cache pack %1: %2.").arg(packPath(m_appendPack), systemError());
                if (m_appendFd >= 0)
                    ::close(m_appendFd);
                m_appendFd = -1;
                return false;
            }
            m_appendSize = status.st_size;
        }
        if (m_appendSize + object.size() <= packLimit || m_appendSize == 0)
            break;
        ::close(m_appendFd); // full: the next one
        m_appendFd = -1;
        ++m_appendPack;
    }
    // One write each: O_APPEND puts it whole at the end, whoever else appends.
    if (!writeFully(m_appendFd, object.constData(), object.size())) {
        *error = CacheText::tr("Cannot write to the cache pack %1: %2.").arg(packPath(m_appendPack), systemError());
        return false;
    }
    const off_t end = ::lseek(m_appendFd, 0, SEEK_CUR);
    m_appendSize = end;
    const Entry entry{m_appendPack, qint64(end) - object.size(), object.size()};
    const QByteArray record = recordOf(binary, entry);
    // Others' records since the last look are taken first, so that ours,
    // when it lands right after them, is simply counted as read.
    readNewIndexRecords();
    if (!writeFully(m_indexFd, record.constData(), record.size())) {
        *error = CacheText::tr("Cannot write to the cache index in %1: %2.").arg(m_folder, systemError());
        return false;
    }
    // (If another writer's record came between, the next look takes them
    // all in order, ours last.)
    if (::lseek(m_indexFd, 0, SEEK_CUR) == m_indexRead + recordSize)
        m_indexRead += recordSize;
    m_entries.insert(binary, entry);
    return true;
}

QList<std::pair<QString, ObjectPacks::Entry>> ObjectPacks::entries()
{
    const QMutexLocker locker(&m_mutex);
    QList<std::pair<QString, Entry>> all;
    if (m_indexFd < 0 && !ensureOpen(nullptr))
        return all;
    readNewIndexRecords();
    for (auto it = m_entries.constBegin(); it != m_entries.constEnd(); ++it)
        all.append({QString::fromLatin1(it.key().toHex()), it.value()});
    return all;
}

} // namespace Prometeu
