#pragma once

#include <packer/buildoperation.h>

#include <QObject>
#include <QStringList>
#include <QThreadPool>
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
    // While a game runs with live reload: an edit should reach it at once.
    static constexpr int liveQuietMs = 30;
    // Each watched file costs an inotify watch (and a stat to add it); past
    // the budget only folders are watched (they see saves that replace the
    // file, not in-place writes).
    static constexpr qsizetype fileBudget = 8192;
    // Paths per QFileSystemWatcher. Qt checks each path it adds against
    // every path that watcher holds (a QStringList), so one watcher for
    // 8,192 files cost the GUI thread ~n²/2 string comparisons: a fifth of
    // its time while a 10,000-asset project opened, in stalls of tens of
    // milliseconds. A few watchers of this size keep each add cheap; each is
    // one inotify instance (a user has 128).
    static constexpr qsizetype pathsPerWatcher = 2048;

    explicit ProjectWatcher(const Project &project, QObject *parent = nullptr);
    ~ProjectWatcher() override;

    void setEnabled(bool enabled);
    // How long changes must have stopped before `changed` (quietMs by default).
    void setQuietInterval(int ms) { m_quiet.setInterval(ms); }
    bool hasKnownAssets() const { return !m_assets.isEmpty(); }
    // Watches again what a save replaced (an editor that writes a new file
    // and renames it over the old one ends the old file's watch).
    void refresh() { updateWatchedPaths(); }
    bool isEnabled() const { return m_enabled; }
    // What the last scan found (relative to the assets folder): folders
    // catch additions, removals, renames and editors that save by replacing
    // the file; files catch in-place edits.
    void setKnownAssets(const QStringList &assets);
    // What was seen changing since the last take (the assets folder itself,
    // "", when a project file changed: everything must be looked at).
    AssetChanges takeChanges() { return std::exchange(m_changes, {}); }
    // Watches not yet added (they are added a slice per event-loop turn),
    // or 1 while what to watch is being worked out.
    qsizetype pendingWatches() const { return m_toAdd.size() + (m_planning ? 1 : 0); }

Q_SIGNALS:
    void changed();

private:
    // What to watch for the known assets, worked out on m_planner: the
    // folders of 10,000 assets, 8,192 file paths and their comparison with
    // what is watched held the GUI thread 6-9 ms after every scan.
    struct Plan {
        QList<QStringList> stale; // per watcher, to remove
        QStringList toAdd;        // folders first
    };
    static constexpr qsizetype plannedHereUpTo = 1000; // assets
    static Plan plan(QStringList assets, const QString &assetsPath, const QStringList &projectFiles,
                     const QList<QStringList> &watched);
    void updateWatchedPaths();
    void applyPlan(const Plan &plan);
    void addSomeWatches();
    void noteChange(const QString &path, bool folder);
    // A watcher with room for one more path (a new one when all are full).
    qsizetype watcherWithRoom();
    void clearWatchers();

    const QString m_assetsPath;
    const QStringList m_projectFiles;
    QStringList m_assets;
    bool m_enabled = false;
    // Folders, project files and asset files, pathsPerWatcher at most each.
    QList<QFileSystemWatcher *> m_watchers;
    QList<qsizetype> m_watched; // how many paths each holds
    QTimer m_quiet;
    // Watches still to add, a slice per event-loop turn: adding 8,192 at
    // once held the GUI thread for ~200 ms (a stat and an inotify watch each).
    QStringList m_toAdd;
    QTimer m_addMore;
    AssetChanges m_changes;
    quint64 m_planGeneration = 0; // a plan's result is used only if no newer one was asked for
    bool m_planning = false;
    QThreadPool m_planner; // one thread: plans never run side by side
};

} // namespace Prometeu
