#pragma once

#include <packer/buildoperation.h>

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>

class QThread;

namespace Prometeu {

class Project;

// Watches a project on disk (its folder, for the assets folder going or
// coming back; the assets folder and subfolders, the manifest, the options
// file, and up to a budget of asset files) and says `changed`
// once a burst of changes has gone quiet. Owned by the project core, so the
// Studio and the CLI watch the same way.
//
// The watches themselves are worked out, added and removed on a thread of
// the watcher's own ("project watcher"): each is a path lookup and an
// inotify call (~25 us), 8,192 files about 200 ms, which held the Studio's
// GUI thread in slices all through the opening of a large project. What
// changed comes back to the thread that owns this object.
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
    // 8,192 files cost ~n²/2 string comparisons (a fifth of the GUI
    // thread's time while a 10,000-asset project opened, when watches were
    // added there). A few watchers of this size keep each add cheap; each
    // is one inotify instance (a user has 128).
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
    // Watches not yet added, plus 1 while what to watch is being worked out:
    // 0 once everything asked for is watched (watchesReady()).
    qsizetype pendingWatches() const;

Q_SIGNALS:
    void changed();
    // Everything asked for so far is watched (or, disabled, unwatched).
    void watchesReady();

private:
    friend class WatchLane;
    void updateWatchedPaths();
    void noteChange(const QString &path, bool folder);
    // The number of a new request, which overtakes every one before it.
    quint64 newRequest();

    // Which folder the assets folder is (or that there is none): what a
    // change of the project's folder is checked against.
    struct Identity {
        bool exists = false;
        quint64 device = 0;
        quint64 inode = 0;
        friend bool operator==(const Identity &, const Identity &) = default;
    };
    static Identity identityOf(const QString &folder);

    const QString m_assetsPath;
    const QString m_rootPath;
    Identity m_assetsIdentity;
    QStringList m_assets;
    bool m_enabled = false;
    QTimer m_quiet;
    AssetChanges m_changes;
    // Each change of what to watch is a request; the lane says which it
    // has carried out and how many watches it still has to add.
    struct Progress;
    std::shared_ptr<Progress> m_progress;
    QThread *m_thread;
    class WatchLane *m_lane; // lives on m_thread
};

} // namespace Prometeu
