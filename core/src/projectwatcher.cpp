#include "core/projectwatcher.h"

#include <packer/assetoptions.h>
#include <packer/project.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSet>
#include <QThread>

#include <algorithm>

#include <sys/stat.h>
#include <atomic>

using namespace Qt::StringLiterals;

namespace Prometeu {

struct ProjectWatcher::Progress {
    std::atomic<quint64> latest{0};  // the newest request made
    std::atomic<quint64> handled{0}; // the newest the lane carried out
    std::atomic<qsizetype> toAdd{0}; // watches it still has to add for it
};

namespace {

// What to watch for the known assets, against what is watched now.
struct Plan {
    QList<QStringList> stale; // per watcher, to remove
    QStringList toAdd;        // folders first
};

Plan planFor(QStringList assets, const QString &assetsPath, const QString &rootPath,
             const QStringList &projectFiles, const QList<QStringList> &watched)
{
    std::sort(assets.begin(), assets.end()); // the same files stay watched from scan to scan
    // Folders first: they see every addition, removal and replacing save,
    // so nothing is missed while the files' own watches are being added.
    // The project's folder too: Qt does not report a watched folder that is
    // renamed away (its inotify mask for folders has no IN_MOVE_SELF), and
    // one that is gone cannot be watched; the project's folder sees the
    // assets folder go, come back, or be swapped (noteChange tells which).
    QStringList folders{rootPath};
    if (QFileInfo(assetsPath).isDir())
        folders.append(assetsPath);
    QStringList files = projectFiles;
    const QDir root(assetsPath);
    // Sorted, so an asset's folder is mostly its predecessor's: only a new
    // folder costs lookups.
    QSet<QString> seen(folders.cbegin(), folders.cend());
    QStringView previousFolder;
    for (const QString &asset : std::as_const(assets)) {
        const qsizetype last = asset.lastIndexOf(u'/');
        if (last <= 0)
            continue;
        const QStringView folderOfAsset = QStringView(asset).left(last);
        if (folderOfAsset == previousFolder)
            continue;
        previousFolder = folderOfAsset;
        for (qsizetype slash = asset.indexOf(u'/'); slash > 0 && slash <= last; slash = asset.indexOf(u'/', slash + 1)) {
            const QString folder = root.filePath(asset.left(slash));
            if (!seen.contains(folder)) {
                seen.insert(folder);
                folders.append(folder);
            }
        }
    }
    for (qsizetype i = 0; i < qMin(assets.size(), ProjectWatcher::fileBudget); ++i)
        files.append(root.filePath(assets[i]));

    // What is watched already and still wanted stays; the rest goes.
    Plan plan;
    QSet<QString> current;
    if (!watched.isEmpty()) {
        QSet<QString> wanted(folders.cbegin(), folders.cend());
        wanted.unite(QSet<QString>(files.cbegin(), files.cend()));
        for (const QStringList &paths : watched) {
            QStringList stale;
            for (const QString &path : paths) {
                if (wanted.contains(path))
                    current.insert(path);
                else
                    stale.append(path);
            }
            plan.stale.append(stale);
        }
    }
    for (const QStringList *paths : {&folders, &files}) {
        for (const QString &path : *paths) {
            if (!current.contains(path))
                plan.toAdd.append(path);
        }
    }
    return plan;
}

} // namespace

// The watchers and everything done to them, on the watcher's thread. Each
// request replaces the one before; one that a newer request has already
// overtaken (both queued) is skipped.
class WatchLane : public QObject
{
public:
    using Report = std::function<void(const QString &path, bool folder)>;
    using Ready = std::function<void(quint64 request)>;

    WatchLane(QString assetsPath, QString rootPath, QStringList projectFiles,
              std::shared_ptr<ProjectWatcher::Progress> progress, Report report, Ready ready)
        : m_assetsPath(std::move(assetsPath))
        , m_rootPath(std::move(rootPath))
        , m_projectFiles(std::move(projectFiles))
        , m_progress(std::move(progress))
        , m_report(std::move(report))
        , m_ready(std::move(ready))
        , m_addMore(this)
    {
        m_addMore.setSingleShot(true);
        m_addMore.setInterval(0);
        QObject::connect(&m_addMore, &QTimer::timeout, this, [this] { addSome(); });
    }

    void watch(const QStringList &assets, quint64 request)
    {
        if (request != m_progress->latest.load())
            return;
        QList<QStringList> watched;
        watched.reserve(m_watchers.size());
        for (const QFileSystemWatcher *watcher : std::as_const(m_watchers))
            watched.append(watcher->files() + watcher->directories());
        const Plan plan = planFor(assets, m_assetsPath, m_rootPath, m_projectFiles, watched);
        for (qsizetype i = 0; i < qMin(plan.stale.size(), m_watchers.size()); ++i) {
            if (plan.stale[i].isEmpty())
                continue;
            m_watchers[i]->removePaths(plan.stale[i]);
            m_watched[i] = m_watchers[i]->files().size() + m_watchers[i]->directories().size();
        }
        m_toAdd = plan.toAdd;
        m_request = request;
        m_progress->toAdd.store(m_toAdd.size());
        m_progress->handled.store(request);
        addSome();
    }

    void stop(quint64 request)
    {
        m_addMore.stop();
        m_toAdd.clear();
        qDeleteAll(m_watchers);
        m_watchers.clear();
        m_watched.clear();
        m_progress->toAdd.store(0);
        m_progress->handled.store(request);
        m_ready(request);
    }

private:
    // A slice at a time, so that a newer request (or the end) is not held
    // up behind thousands of adds.
    void addSome()
    {
        constexpr qsizetype slice = 256;
        if (!m_toAdd.isEmpty()) {
            const qsizetype into = watcherWithRoom();
            const qsizetype count = std::min({slice, m_toAdd.size(), ProjectWatcher::pathsPerWatcher - m_watched[into]});
            // Returns (and skips) what does not exist.
            const QStringList missing = m_watchers[into]->addPaths(m_toAdd.first(count));
            m_watched[into] += count - missing.size();
            m_toAdd.remove(0, count);
            m_progress->toAdd.store(m_toAdd.size());
        }
        if (!m_toAdd.isEmpty())
            m_addMore.start();
        else
            m_ready(m_request);
    }

    // A watcher with room for one more path (a new one when all are full).
    qsizetype watcherWithRoom()
    {
        for (qsizetype i = 0; i < m_watchers.size(); ++i) {
            if (m_watched[i] < ProjectWatcher::pathsPerWatcher)
                return i;
        }
        auto *watcher = new QFileSystemWatcher(this);
        QObject::connect(watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString &path) {
            m_report(path, true);
        });
        QObject::connect(watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &path) {
            m_report(path, false);
        });
        m_watchers.append(watcher);
        m_watched.append(0);
        return m_watchers.size() - 1;
    }

    const QString m_assetsPath;
    const QString m_rootPath;
    const QStringList m_projectFiles;
    const std::shared_ptr<ProjectWatcher::Progress> m_progress;
    const Report m_report;
    const Ready m_ready;
    // Folders, project files and asset files, pathsPerWatcher at most each.
    QList<QFileSystemWatcher *> m_watchers;
    QList<qsizetype> m_watched; // how many paths each holds
    QStringList m_toAdd;
    quint64 m_request = 0; // what m_toAdd is for
    QTimer m_addMore;
};

ProjectWatcher::Identity ProjectWatcher::identityOf(const QString &folder)
{
    struct stat info;
    if (::stat(QFile::encodeName(folder).constData(), &info) != 0 || !S_ISDIR(info.st_mode))
        return {};
    return {true, quint64(info.st_dev), quint64(info.st_ino)};
}

ProjectWatcher::ProjectWatcher(const Project &project, QObject *parent)
    : QObject(parent)
    , m_assetsPath(project.assetsPath())
    , m_rootPath(project.rootPath())
    , m_progress(std::make_shared<Progress>())
    , m_thread(new QThread(this))
{
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(quietMs);
    connect(&m_quiet, &QTimer::timeout, this, &ProjectWatcher::changed);
    // What the lane reports is posted here: dropped if this object is gone.
    m_lane = new WatchLane(
        m_assetsPath, m_rootPath,
        {project.manifestPath(), project.rootPath() + u'/' + QLatin1StringView(AssetOptionsFile::fileName)},
        m_progress,
        [this](const QString &path, bool folder) {
            QMetaObject::invokeMethod(this, [this, path, folder] { noteChange(path, folder); }, Qt::QueuedConnection);
        },
        [this](quint64 request) {
            QMetaObject::invokeMethod(
                this,
                [this, request] {
                    if (request == m_progress->latest.load())
                        Q_EMIT watchesReady();
                },
                Qt::QueuedConnection);
        });
    m_lane->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_lane, &QObject::deleteLater);
    m_thread->setObjectName(u"project watcher"_s);
    m_thread->start();
}

ProjectWatcher::~ProjectWatcher()
{
    // The lane and its watchers are deleted on their thread as it ends.
    m_thread->quit();
    m_thread->wait();
}

qsizetype ProjectWatcher::pendingWatches() const
{
    const bool handled = m_progress->handled.load() == m_progress->latest.load();
    return m_progress->toAdd.load() + (handled ? 0 : 1);
}

quint64 ProjectWatcher::newRequest()
{
    // Only this object's thread makes requests: no other writer to race.
    const quint64 request = m_progress->latest.load() + 1;
    m_progress->latest.store(request);
    return request;
}

void ProjectWatcher::setEnabled(bool enabled)
{
    if (!enabled) {
        const bool was = m_enabled;
        m_enabled = false;
        m_quiet.stop();
        m_changes = {};
        if (was) {
            const quint64 request = newRequest();
            QMetaObject::invokeMethod(m_lane, [lane = m_lane, request] { lane->stop(request); }, Qt::QueuedConnection);
        }
        return;
    }
    if (m_enabled)
        return;
    m_enabled = true;
    m_assetsIdentity = identityOf(m_assetsPath);
    updateWatchedPaths();
}

void ProjectWatcher::noteChange(const QString &path, bool folder)
{
    if (!m_enabled)
        return; // seen before watching stopped
    if (folder && path == m_rootPath) {
        // Something beside the assets folder (a build folder, an editor's
        // swap file) is not a change; the assets folder gone, back or
        // swapped for another is a change of everything.
        const Identity now = identityOf(m_assetsPath);
        if (now == std::exchange(m_assetsIdentity, now))
            return;
    }
    const QString prefix = m_assetsPath + u'/';
    if (path.startsWith(prefix)) {
        (folder ? m_changes.folders : m_changes.files).insert(path.mid(prefix.size()));
    } else {
        m_changes.folders.insert(QString()); // the assets folder, the manifest or the options: everything
    }
    m_quiet.start();
}

void ProjectWatcher::setKnownAssets(const QStringList &assets)
{
    m_assets = assets;
    updateWatchedPaths();
}

void ProjectWatcher::updateWatchedPaths()
{
    if (!m_enabled)
        return;
    const quint64 request = newRequest();
    QMetaObject::invokeMethod(
        m_lane, [lane = m_lane, assets = m_assets, request] { lane->watch(assets, request); }, Qt::QueuedConnection);
}

} // namespace Prometeu
