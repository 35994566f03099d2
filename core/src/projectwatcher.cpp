#include "core/projectwatcher.h"

#include <packer/assetoptions.h>
#include <packer/project.h>

#include <QDir>
#include <QFileSystemWatcher>
#include <QSet>

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
}

ProjectWatcher::~ProjectWatcher() = default;

void ProjectWatcher::setEnabled(bool enabled)
{
    if (!enabled) {
        delete m_watcher;
        m_watcher = nullptr;
        m_quiet.stop();
        m_changes = {};
        return;
    }
    if (m_watcher)
        return;
    m_watcher = new QFileSystemWatcher(this);
    // Saves arrive as bursts of changes: wait for quiet, then say it once.
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString &path) {
        noteChange(path, true);
    });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &path) {
        noteChange(path, false);
    });
    updateWatchedPaths();
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
    std::sort(m_assets.begin(), m_assets.end()); // the same files stay watched from scan to scan
    updateWatchedPaths();
}

void ProjectWatcher::updateWatchedPaths()
{
    if (!m_watcher)
        return;
    QSet<QString> wanted(m_projectFiles.cbegin(), m_projectFiles.cend());
    wanted.insert(m_assetsPath);
    const QDir assets(m_assetsPath);
    for (const QString &asset : std::as_const(m_assets)) {
        for (qsizetype slash = asset.indexOf(u'/'); slash > 0; slash = asset.indexOf(u'/', slash + 1))
            wanted.insert(assets.filePath(asset.left(slash)));
    }
    for (qsizetype i = 0; i < qMin(m_assets.size(), fileBudget); ++i)
        wanted.insert(assets.filePath(m_assets[i]));
    const QStringList current = m_watcher->files() + m_watcher->directories();
    QStringList stale;
    for (const QString &path : current) {
        if (!wanted.remove(path))
            stale.append(path);
    }
    if (!stale.isEmpty())
        m_watcher->removePaths(stale);
    if (!wanted.isEmpty())
        m_watcher->addPaths(wanted.values()); // returns (and skips) what does not exist
}

} // namespace Prometeu
