#include "packer/filetreewalker.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <cerrno>
#include <sys/stat.h>

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
EntryProblem brokenLinkProblem(const QString &path)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) == 0)
        return EntryProblem::None;
    return errno == ELOOP ? EntryProblem::LinkLoop : EntryProblem::LinkDangling;
}

} // namespace

void FileTreeWalker::walkFolder(const QString &absolutePath, const QString &relativePath, int depth,
                                QSet<QString> ancestors, const std::function<bool()> &cancelled)
{
    QDirIterator it(absolutePath, QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        if (cancelled && cancelled())
            return;
        const QFileInfo info = it.nextFileInfo();
        const QString name = info.fileName();
        if (isIgnoredName(name))
            continue;

        AssetRecord record;
        record.path = relativePath.isEmpty() ? name : relativePath + u'/' + name;
        record.kind = classifyAsset(name);

        // Qt decodes names as UTF-8 and substitutes U+FFFD for bytes that are
        // not; such a name can't be reopened, so it is reported, not read.
        if (name.contains(QChar::ReplacementCharacter)) {
            record.problem = EntryProblem::BadEncoding;
            m_entries.append(record);
            continue;
        }

        QString target = info.absoluteFilePath();
        if (info.isSymLink()) {
            record.linkTarget = info.symLinkTarget();
            const QString canonical = info.canonicalFilePath();
            if (canonical.isEmpty()) {
                record.problem = brokenLinkProblem(info.absoluteFilePath());
                if (record.problem == EntryProblem::None)
                    record.problem = EntryProblem::LinkDangling;
                m_entries.append(record);
                continue;
            }
            if (!isInsideBoundary(canonical)) {
                record.problem = EntryProblem::LinkOutside;
                m_entries.append(record);
                continue;
            }
            target = canonical;
        }

        const QFileInfo resolved(target);
        if (resolved.isDir()) {
            const QString canonical = resolved.canonicalFilePath();
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

        if (!resolved.isFile()) {
            record.problem = EntryProblem::NotRegular;
            m_entries.append(record);
            continue;
        }
        record.size = resolved.size();
        record.modifiedMs = resolved.lastModified().toMSecsSinceEpoch();
        m_entries.append(record);
    }
}

} // namespace Prometeu
