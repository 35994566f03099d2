#include "packer/filetreewalker.h"

#include <QDir>
#include <QStringDecoder>
#include <QFileInfo>

#include <cerrno>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

FileTreeWalker::FileTreeWalker(QString root, QString boundary)
    : m_root(std::move(root))
    , m_boundary(QFileInfo(boundary).canonicalFilePath())
{
}

bool FileTreeWalker::isIgnoredName(const QString &name)
{
    return name.startsWith(u'.') || name.endsWith(u'~')
        || name.compare(u"Thumbs.db"_s, Qt::CaseInsensitive) == 0
        || name.compare(u"desktop.ini"_s, Qt::CaseInsensitive) == 0;
}

bool FileTreeWalker::isInsideBoundary(const QString &canonicalPath) const
{
    return canonicalPath == m_boundary || canonicalPath.startsWith(m_boundary + u'/');
}

QList<AssetRecord> FileTreeWalker::walk(const std::function<bool()> &cancelled)
{
    m_entries.clear();
    const QString canonicalRoot = QFileInfo(m_root).canonicalFilePath();
    if (!canonicalRoot.isEmpty())
        walkFolder(m_root, {}, 0, {canonicalRoot}, cancelled);
    std::sort(m_entries.begin(), m_entries.end(),
              [](const AssetRecord &a, const AssetRecord &b) { return a.path < b.path; });
    return std::exchange(m_entries, {});
}

namespace {

// QFileInfo cannot tell a dangling link from a loop; stat's errno can.
// Returns None when the link resolves.
EntryProblem brokenLinkProblem(const QString &path)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) == 0)
        return EntryProblem::None;
    return errno == ELOOP ? EntryProblem::LinkLoop : EntryProblem::LinkDangling;
}

// The link's target as its author wrote it ("../x.png"), which is what the
// user recognises; Qt only offers the resolved absolute path.
QByteArray readLinkText(const QString &path)
{
    QByteArray buffer(4096, Qt::Uninitialized);
    const ssize_t length = ::readlink(QFile::encodeName(path).constData(), buffer.data(), buffer.size());
    return length < 0 ? QByteArray() : buffer.left(length);
}

struct FolderEntry {
    QString name;
    bool decodable = true;
};

// Lists a folder's names with readdir(). QDirIterator is not enough: Qt 6
// silently skips names that are not valid UTF-8, and a file the packer
// cannot see is a file the game silently loses.
QList<FolderEntry> listFolder(const QString &path)
{
    QList<FolderEntry> entries;
    DIR *dir = ::opendir(QFile::encodeName(path).constData());
    if (!dir)
        return entries;
    while (const dirent *entry = ::readdir(dir)) {
        const QByteArray raw(entry->d_name);
        if (raw == "." || raw == "..")
            continue;
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        FolderEntry folderEntry;
        folderEntry.name = decoder.decode(raw);
        folderEntry.decodable = !decoder.hasError();
        entries.append(folderEntry);
    }
    ::closedir(dir);
    return entries;
}

} // namespace

void FileTreeWalker::walkFolder(const QString &absolutePath, const QString &relativePath, int depth,
                                QSet<QString> ancestors, const std::function<bool()> &cancelled)
{
    for (const FolderEntry &entry : listFolder(absolutePath)) {
        if (cancelled && cancelled())
            return;
        const QString &name = entry.name;
        if (isIgnoredName(name))
            continue;

        AssetRecord record;
        record.path = relativePath.isEmpty() ? name : relativePath + u'/' + name;
        record.kind = classifyAsset(name);

        // The name shown has U+FFFD for the bad bytes; it cannot be reopened
        // through Qt, so it is reported, not read.
        if (!entry.decodable) {
            record.problem = EntryProblem::BadEncoding;
            m_entries.append(record);
            continue;
        }
        // One lstat() and, for links, one stat(): QFileInfo would stat twice
        // and convert mtimes through the local time zone.
        const QString path = absolutePath + u'/' + name;
        const QByteArray nativePath = QFile::encodeName(path);
        struct stat info;
        if (::lstat(nativePath.constData(), &info) != 0) {
            // Vanished while listing: nothing to report yet, the next scan will tell.
            continue;
        }
        QString target = path;
        if (S_ISLNK(info.st_mode)) {
            record.linkTarget = QFile::decodeName(readLinkText(path));
            // Ask stat() first: for a looping link Qt returns a made-up
            // canonical path instead of an empty one.
            record.problem = brokenLinkProblem(path);
            const QString canonical = QFileInfo(path).canonicalFilePath();
            if (record.problem == EntryProblem::None && canonical.isEmpty())
                record.problem = EntryProblem::LinkDangling;
            if (record.problem != EntryProblem::None) {
                m_entries.append(record);
                continue;
            }
            if (!isInsideBoundary(canonical)) {
                record.problem = EntryProblem::LinkOutside;
                m_entries.append(record);
                continue;
            }
            target = canonical;
            ::stat(nativePath.constData(), &info);
        }

        if (S_ISDIR(info.st_mode)) {
            const QString canonical = QFileInfo(target).canonicalFilePath();
            if (ancestors.contains(canonical)) {
                record.problem = EntryProblem::LinkLoop;
                m_entries.append(record);
                continue;
            }
            if (depth + 1 >= maxDepth) {
                record.problem = EntryProblem::TooDeep;
                m_entries.append(record);
                continue;
            }
            QSet<QString> nested = ancestors;
            nested.insert(canonical);
            walkFolder(target, record.path, depth + 1, nested, cancelled);
            continue;
        }

        if (!S_ISREG(info.st_mode)) {
            record.problem = EntryProblem::NotRegular;
            m_entries.append(record);
            continue;
        }
        record.size = info.st_size;
        record.modifiedMs = qint64(info.st_mtim.tv_sec) * 1000 + info.st_mtim.tv_nsec / 1000000;
        m_entries.append(record);
    }
}

} // namespace Prometeu
