#include "packer/filetreewalker.h"

#include "packer/parallelmap.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStringDecoder>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace Prometeu {

bool FileTreeWalker::isIgnoredName(const QString &name)
{
    // Called once per directory entry: the length test spares the two
    // case-insensitive compares for nearly every name.
    if (name.isEmpty())
        return false;
    return name.front() == u'.' || name.back() == u'~'
        || (name.size() == 9 && name.compare(u"Thumbs.db"_s, Qt::CaseInsensitive) == 0)
        || (name.size() == 11 && name.compare(u"desktop.ini"_s, Qt::CaseInsensitive) == 0);
}

namespace {

// One folder of the walk: what it holds, in the order the flattened result
// needs. Siblings sort by name, with '/' appended to the folders that are
// walked into (git's tree order): then the depth-first concatenation is
// already in full-path order, and no sort of the whole list is needed.
struct Folder {
    QByteArray nativePath; // what to open: the canonical path for a followed link
    QString relative;      // to the root; empty for the root itself
    int depth = 0;
    const Folder *parent = nullptr;
    dev_t device = 0;
    ino_t inode = 0;

    struct Slot {
        QString key;
        qsizetype record = -1; // into records, or
        Folder *child = nullptr;
    };
    QList<AssetRecord> records;
    std::vector<Slot> slots;
    std::vector<std::unique_ptr<Folder>> children;

    // A folder that is this one or one of its parents: following it would
    // never end. Compared by device and inode, so bind mounts count too.
    bool isWithin(dev_t otherDevice, ino_t otherInode) const
    {
        for (const Folder *folder = this; folder; folder = folder->parent) {
            if (folder->device == otherDevice && folder->inode == otherInode)
                return true;
        }
        return false;
    }
};

// Names as Qt shows them. Qt 6 silently skips names that are not valid
// UTF-8 in QDirIterator, and a file the packer cannot see is a file the
// game silently loses: so readdir(), and such names are reported.
QString decodeName(const char *raw, bool *decodable)
{
    const qsizetype length = qsizetype(std::strlen(raw));
    if (std::all_of(raw, raw + length, [](char c) { return (c & 0x80) == 0; })) {
        *decodable = true;
        return QString::fromLatin1(raw, length);
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString name = decoder.decode(QByteArrayView(raw, length));
    *decodable = !decoder.hasError();
    return name;
}

qint64 modifiedMsOf(const struct stat &info)
{
    return qint64(info.st_mtim.tv_sec) * 1000 + info.st_mtim.tv_nsec / 1000000;
}

class Walk
{
public:
    Walk(QString boundary, const std::function<bool()> &cancelled)
        : m_boundary(std::move(boundary)), m_cancelled(cancelled)
    {
    }

    bool cancelled() const { return m_cancelled && m_cancelled(); }

    // Lists one folder: one fstatat() per entry, relative to the folder
    // (no path lookup from /), and one more for a link.
    void list(Folder &folder) const
    {
        const int fd = ::open(folder.nativePath.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *dir = fd < 0 ? nullptr : ::fdopendir(fd);
        if (!dir) {
            if (fd >= 0)
                ::close(fd);
            // Said, not skipped: a folder the build cannot see would
            // otherwise leave its assets out of the cartridge in silence.
            if (folder.parent) {
                AssetRecord record;
                record.path = folder.relative;
                record.problem = EntryProblem::Unreadable;
                add(folder, {}, std::move(record));
            }
            return;
        }
        while (const dirent *entry = ::readdir(dir)) {
            const char *raw = entry->d_name;
            if (raw[0] == '.' && (raw[1] == 0 || (raw[1] == '.' && raw[2] == 0)))
                continue;
            bool decodable = true;
            const QString name = decodeName(raw, &decodable);
            if (FileTreeWalker::isIgnoredName(name))
                continue;
            AssetRecord record;
            record.path = folder.relative.isEmpty() ? name : folder.relative + u'/' + name;
            record.kind = classifyAsset(name);
            // The name shown has U+FFFD for the bad bytes; it cannot be
            // reopened through Qt, so it is reported, not read.
            if (!decodable) {
                record.problem = EntryProblem::BadEncoding;
                add(folder, name, std::move(record));
                continue;
            }
            struct stat info;
            if (::fstatat(fd, raw, &info, AT_SYMLINK_NOFOLLOW) != 0)
                continue; // vanished while listing: the next walk will tell
            QByteArray target;
            if (S_ISLNK(info.st_mode) && !followLink(folder, fd, raw, &record, &info, &target)) {
                add(folder, name, std::move(record));
                continue;
            }
            if (S_ISDIR(info.st_mode)) {
                if (folder.isWithin(info.st_dev, info.st_ino)) {
                    record.problem = EntryProblem::LinkLoop;
                } else if (folder.depth + 1 >= FileTreeWalker::maxDepth) {
                    record.problem = EntryProblem::TooDeep;
                } else {
                    auto child = std::make_unique<Folder>();
                    child->nativePath = target.isEmpty() ? folder.nativePath + '/' + raw : target;
                    child->relative = record.path;
                    child->depth = folder.depth + 1;
                    child->parent = &folder;
                    child->device = info.st_dev;
                    child->inode = info.st_ino;
                    folder.slots.push_back({name + u'/', -1, child.get()});
                    folder.children.push_back(std::move(child));
                    continue;
                }
            } else if (!S_ISREG(info.st_mode)) {
                record.problem = EntryProblem::NotRegular;
            } else {
                record.size = info.st_size;
                record.modifiedMs = modifiedMsOf(info);
            }
            add(folder, name, std::move(record));
        }
        ::closedir(dir);
        std::sort(folder.slots.begin(), folder.slots.end(),
                  [](const Folder::Slot &a, const Folder::Slot &b) { return a.key < b.key; });
    }

private:
    static void add(Folder &folder, const QString &name, AssetRecord record)
    {
        folder.slots.push_back({name, folder.records.size(), nullptr});
        folder.records.append(std::move(record));
    }

    // Resolves a link in place: `info` becomes the target's, `target` its
    // canonical path. False, with record.problem set, when it must not be
    // followed.
    bool followLink(const Folder &folder, int fd, const char *raw, AssetRecord *record, struct stat *info,
                    QByteArray *target) const
    {
        // The target as its author wrote it ("../x.png"): what the user recognises.
        QByteArray text(4096, Qt::Uninitialized);
        const ssize_t length = ::readlinkat(fd, raw, text.data(), size_t(text.size()));
        record->linkTarget = length < 0 ? QString() : QFile::decodeName(text.left(length));
        // stat()'s errno tells a loop from a dangling link; Qt cannot.
        if (::fstatat(fd, raw, info, 0) != 0) {
            record->problem = errno == ELOOP ? EntryProblem::LinkLoop : EntryProblem::LinkDangling;
            return false;
        }
        const QString canonical = QFileInfo(QFile::decodeName(folder.nativePath + '/' + raw)).canonicalFilePath();
        if (canonical.isEmpty()) {
            record->problem = EntryProblem::LinkDangling;
            return false;
        }
        if (canonical != m_boundary && !canonical.startsWith(m_boundary + u'/')) {
            record->problem = EntryProblem::LinkOutside;
            return false;
        }
        *target = QFile::encodeName(canonical);
        return true;
    }

    QString m_boundary;
    const std::function<bool()> &m_cancelled;
};

void flatten(Folder &folder, QList<AssetRecord> *out)
{
    for (const Folder::Slot &slot : folder.slots) {
        if (slot.child)
            flatten(*slot.child, out);
        else
            out->append(std::move(folder.records[slot.record]));
    }
}

} // namespace

FileTreeWalker::FileTreeWalker(QString root, QString boundary, QThreadPool *pool)
    : m_root(std::move(root))
    , m_boundary(QFileInfo(boundary).canonicalFilePath())
    , m_pool(pool)
{
}

QList<AssetRecord> FileTreeWalker::walk(const std::function<bool()> &cancelled, const Progress &progress)
{
    const QString canonicalRoot = QFileInfo(m_root).canonicalFilePath();
    struct stat info;
    if (canonicalRoot.isEmpty() || ::stat(QFile::encodeName(canonicalRoot).constData(), &info) != 0)
        return {};
    Folder root;
    root.nativePath = QFile::encodeName(m_root);
    root.device = info.st_dev;
    root.inode = info.st_ino;

    const Walk walk(m_boundary, cancelled);
    std::vector<Folder *> depth{&root};
    qsizetype found = 0;
    // A sign of life at most every 100 ms, from whichever thread listed.
    std::atomic<qsizetype> listed{0};
    std::atomic<qint64> lastReport{0};
    QElapsedTimer clock;
    clock.start();
    std::mutex reporting;
    while (!depth.empty() && !walk.cancelled()) {
        const auto listOne = [&](Folder *folder) {
            if (walk.cancelled())
                return;
            walk.list(*folder);
            const qsizetype now = listed += folder->records.size();
            qint64 last = lastReport.load();
            const qint64 elapsed = clock.elapsed();
            if (progress && elapsed - last >= 100 && lastReport.compare_exchange_strong(last, elapsed)) {
                std::lock_guard lock(reporting);
                progress(now);
            }
        };
        if (m_pool && depth.size() > 1)
            parallelMap(m_pool, depth, listOne);
        else
            std::for_each(depth.begin(), depth.end(), listOne);
        std::vector<Folder *> next;
        for (Folder *folder : depth) {
            found += folder->records.size();
            for (const auto &child : folder->children)
                next.push_back(child.get());
        }
        depth = std::move(next);
    }
    if (progress)
        progress(found);
    QList<AssetRecord> entries;
    entries.reserve(found);
    flatten(root, &entries);
    return entries;
}

} // namespace Prometeu
