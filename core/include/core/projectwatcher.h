#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

class QFileSystemWatcher;

namespace Prometeu {

class Project;

// Watches a project on disk (its assets folder and subfolders, the manifest,
// the options file, and up to a budget of asset files) and says `changed`
// once a burst of changes has gone quiet. Owned by the project core, so the
// Studio and the CLI watch the same way.
class ProjectWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int quietMs = 400;
    // Each watched file costs an inotify watch (and a stat to add it).
    static constexpr qsizetype fileBudget = 512;

    explicit ProjectWatcher(const Project &project, QObject *parent = nullptr);
    ~ProjectWatcher() override;

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_watcher != nullptr; }
    // What the last scan found (relative to the assets folder): folders
    // catch additions, removals, renames and editors that save by replacing
    // the file; files catch in-place edits.
    void setKnownAssets(const QStringList &assets);

Q_SIGNALS:
    void changed();

private:
    void updateWatchedPaths();

    const QString m_assetsPath;
    const QStringList m_projectFiles;
    QStringList m_assets;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer m_quiet;
};

} // namespace Prometeu
