#include "core/projectwatcher.h"

#include <packer/assetoptions.h>
#include <packer/project.h>

#include <QDir>
#include <QFileSystemWatcher>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Prometeu {

ProjectWatcher::ProjectWatcher(const Project &project, QObject *parent)
    : QObject(parent)
    , m_assetsPath(project.assetsPath())
    , m_projectFiles{project.manifestPath(), project.rootPath() + u'/' + QLatin1StringView(AssetOptionsFile::fileName)}
{
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(quietMs);
    connect(&m_quiet, &QTimer::timeout, this, &ProjectWatcher::changed);
    m_addMore.setSingleShot(true);
    m_addMore.setInterval(0);
    connect(&m_addMore, &QTimer::timeout, this, &ProjectWatcher::addSomeWatches);
    m_planner.setMaxThreadCount(1);
}

ProjectWatcher::~ProjectWatcher()
{
    // A plan under way holds copies only; its result goes nowhere.
    m_planner.waitForDone();
}

void ProjectWatcher::setEnabled(bool enabled)
{
    if (!enabled) {
        clearWatchers();
        m_enabled = false;
        m_quiet.stop();
        m_addMore.stop();
        m_toAdd.clear();
        m_changes = {};
        ++m_planGeneration; // a plan under way is not applied
        m_planning = false;
        return;
    }
    if (m_enabled)
        return;
    m_enabled = true;
    updateWatchedPaths();
}

void ProjectWatcher::clearWatchers()
{
    qDeleteAll(m_watchers);
    m_watchers.clear();
    m_watched.clear();
}

qsizetype ProjectWatcher::watcherWithRoom()
{
    for (qsizetype i = 0; i < m_watchers.size(); ++i) {
        if (m_watched[i] < pathsPerWatcher)
            return i;
    }
    auto *watcher = new QFileSystemWatcher(this);
    // Saves arrive as bursts of changes: wait for quiet, then say it once.
    connect(watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString &path) {
        noteChange(path, true);
    });
    connect(watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &path) {
        noteChange(path, false);
    });
    m_watchers.append(watcher);
    m_watched.append(0);
    return m_watchers.size() - 1;
}

void ProjectWatcher::noteChange(const QString &path, bool folder)
{
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
    // Adding stops while a plan is made: it compares with what is watched
    // now, and adds whatever of the old plan was not added yet.
    m_addMore.stop();
    m_toAdd.clear();
    QList<QStringList> watched;
    watched.reserve(m_watchers.size());
    for (const QFileSystemWatcher *watcher : std::as_const(m_watchers))
        watched.append(watcher->files() + watcher->directories());
    const quint64 generation = ++m_planGeneration;
    // A small project's plan takes less than handing it to a thread, and
    // its files are then watched by the time the scan's results are out.
    if (m_assets.size() <= plannedHereUpTo) {
        m_planning = false;
        applyPlan(plan(m_assets, m_assetsPath, m_projectFiles, watched));
        return;
    }
    m_planning = true;
    QtConcurrent::run(&m_planner, &ProjectWatcher::plan, m_assets, m_assetsPath, m_projectFiles, watched)
        .then(this, [this, generation](const Plan &plan) {
            if (generation != m_planGeneration || !m_enabled)
                return; // a newer plan is coming, or watching stopped
            m_planning = false;
            applyPlan(plan);
        });
}

ProjectWatcher::Plan ProjectWatcher::plan(QStringList assets, const QString &assetsPath,
                                          const QStringList &projectFiles, const QList<QStringList> &watched)
{
    std::sort(assets.begin(), assets.end()); // the same files stay watched from scan to scan
    // Folders first: they see every addition, removal and replacing save,
    // so nothing is missed while the files' own watches are being added.
    QStringList folders{assetsPath};
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
    for (qsizetype i = 0; i < qMin(assets.size(), fileBudget); ++i)
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

void ProjectWatcher::applyPlan(const Plan &plan)
{
    // The watchers are the ones the plan was made against: only this
    // thread changes them, and it made no other change since.
    for (qsizetype i = 0; i < qMin(plan.stale.size(), m_watchers.size()); ++i) {
        if (plan.stale[i].isEmpty())
            continue;
        m_watchers[i]->removePaths(plan.stale[i]);
        m_watched[i] = m_watchers[i]->files().size() + m_watchers[i]->directories().size();
    }
    m_toAdd = plan.toAdd;
    addSomeWatches();
}

void ProjectWatcher::addSomeWatches()
{
    // Each add is an inotify_add_watch (a path lookup, ~25 us): 64 of
    // them hold the GUI thread ~2 ms; 256 held it 6-8 ms at a time.
    constexpr qsizetype slice = 64;
    if (!m_enabled || m_toAdd.isEmpty())
        return;
    const qsizetype into = watcherWithRoom();
    const qsizetype count = std::min({slice, m_toAdd.size(), pathsPerWatcher - m_watched[into]});
    // Returns (and skips) what does not exist.
    const QStringList missing = m_watchers[into]->addPaths(m_toAdd.first(count));
    m_watched[into] += count - missing.size();
    m_toAdd.remove(0, count);
    if (!m_toAdd.isEmpty())
        m_addMore.start();
}

} // namespace Prometeu
