#pragma once

#include <hub/eventhistory.h>
#include <hub/eventserver.h>
#include <hub/historyrecorder.h>
#include <packer/packer.h>
#include <packer/packerevent.h>
#include <remotecache/remotecacheconfig.h>

#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QSet>
#include <memory>

class QThreadPool;

namespace Prometeu {

class EventHub;
class ExecutionSession;
class FanOutSink;
class HistoryRecorder;
class PlayController;
class ProjectWatcher;
class ServerActions;
class SessionForwarder;

// How a project's events are served (ProjectCore::setServing): the server's own options.
using ProjectServeOptions = EventServer::Options;

// One open project, below any window: the packer (constructed once and
// shared, with the shipper too), the execution session with its merged log
// and Play/Stop, the event hub and its history, the file watcher, asset
// actions with undo, and what the stream server's clients may ask. The
// Studio, `prometeu serve`, `play`, `build`, `scan` and `doctor` all go
// through one of these, so one request means one behaviour everywhere and
// every operation lands in the project's history.
//
// Lives in a thread with an event loop (the GUI thread, or the CLI's main
// thread); operations run on the pool it is given.
class ProjectCore : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QString runtimePath;          // the reference runtime (when the project names none)
        // prometeu-worker: builds convert in processes of their own
        // (ConverterWorkerPool). Empty, or inProcessConverters (or
        // PROMETEU_IN_PROCESS_CONVERTERS=1, for debugging): in this process.
        QString workerPath;
        bool inProcessConverters = false;
        bool recordHistory = true;    // <project>/.prometeu/history.db
        EventHistory::Limits historyLimits;
        // Frames the hub keeps in memory for clients that reconnect; a
        // command with no server needs few.
        qsizetype recentFrames = 50'000;
        // Operations of earlier sessions read when the history opens, for
        // Activity (earlierOperations()); a command shows none.
        qsizetype earlierOperations = 20;
        // The reference runtime without a window (CI, `play --headless`).
        bool headlessRuntime = false;
        // Changes on disk go into the running game.
        bool liveReload = true;
        // The team's shared build cache (docs/remote-cache.md): what the
        // command line says; prometeu.json and the user's settings file
        // are read by the core.
        bool noRemoteCache = false; // --no-remote-cache
        QString remoteCacheUrl;     // --remote-cache URL
        // The hub's stamper and the history's writer: below the thread
        // that makes the core in the Studio, whose pool runs below its GUI
        // thread too; level with it in a command, whose pool does not.
        ServicePriority servicePriority = ServicePriority::BelowCaller;
        // What a build started here said about each asset goes into the
        // merged log too, as Play's build says it (the Studio, whose log is
        // what the user reads). A command prints it its own way.
        bool logBuildDiagnostics = false;
    };

    ProjectCore(Project project, QThreadPool *pool, Options options, QObject *parent = nullptr);
    ~ProjectCore() override;

    // "Scan", "Build", ...: how an operation is named to the user.
    static QString operationLabel(OperationKind kind);

    const Project &project() const { return m_packer.project(); }
    Packer *packer() { return &m_packer; }
    ExecutionSession *session() const { return m_session.get(); }
    // Runs are numbered after the history's: the history is settled first.
    PlayController *playController()
    {
        applyHistoryOpening();
        return m_play.get();
    }
    EventHub *hub() const { return m_hub.get(); }
    // What the stream server's clients may do: the same requests as below.
    ServerActions *serverActions() const;
    // Another sink for every packer event (the Studio's adapter, the CLI's
    // JSON lines); not owned, removed with removeEventSink before it dies.
    void addEventSink(PackerEventSink *sink);
    void removeEventSink(PackerEventSink *sink);

    // The history opens on its own thread (no SQLite work on the caller's);
    // historyOpened() says when. These four wait for it if asked earlier.
    // Why the history is not being kept (empty when it is).
    QString historyProblem();
    // What it found lost since it was last written (EventHistory::lossOnOpen()).
    QString historyLoss();
    // Operations of earlier sessions, newest first (from the history, read
    // when it opened; at most 20).
    QJsonArray earlierOperations();
    int interruptedOnOpen();

    // The one request path: "scan" (a scan, then doctor on its result),
    // "doctor" (the same: doctor always checks a fresh scan) or "build".
    // Returns the operation id, or empty with *error (a sentence) when
    // refused: a second scan while one runs is refused everywhere.
    QString startOperation(const QString &operation, QString *error = nullptr);

    // A scan alone; refused (an empty, cancelled future) while one runs.
    QFuture<ScanReport> scan();
    // Checks the assets of a finished scan.
    QFuture<DoctorReport> doctor(const ScanReport &scan);
    // What each asset uses (docs/dependencies.md), as the last doctor run
    // read it; empty until one finished. assetGraphChanged() says when.
    const AssetGraph &assetGraph() const { return m_graph; }
    // Scan, then doctor the result. A rescan requested while one runs
    // follows it. Returns the scan's future (a queued one: an empty future).
    QFuture<ScanReport> rescan();
    // `changes`: what changed on disk since the last build, when known
    // (assetsChanged says); the build then looks at only that.
    QFuture<BuildReport> build(const QString &cartridgePath = {},
                               const std::optional<AssetChanges> &changes = std::nullopt);
    // Any build (forced assets: BuildRequest::force).
    QFuture<BuildReport> build(const BuildRequest &request);
    // Provenance: the asset's last builds (EventHistory::assetBuilds),
    // newest first, read off this thread once what was published before
    // the call is in the history. Empty without a history.
    QFuture<QJsonArray> assetBuilds(const QString &asset, int limit = 10);
    bool play(QString *refusal = nullptr);
    void stop();
    // Makes a preview; the asset (and what it uses) jumps the queue of a
    // running build, as prioritize() does.
    QFuture<PreviewReport> requestPreview(const QString &asset);
    // Assets needed now (selected, reloading into the game): a running
    // build converts them, and what they use, before the rest of its queue.
    void prioritize(const QStringList &assets);
    // An operation started for the core's project by someone else (an
    // action with undo, core/actionhistory.h): counted among the running,
    // cancellable, its outcome in the log.
    void followOperation(const QFuture<void> &operation);
    // What ActionHistory tells: files or options changed (the tree is
    // rescanned at once), or an undo/redo could not be applied (said in the
    // log and the status bar).
    void noteActionApplied();
    void noteActionRefused(const QString &sentence);
    // Cancels an operation this core started; false if it cannot.
    bool cancel(const QString &operationId);
    bool isScanning() const { return m_scanning; }
    qsizetype runningOperations() const { return m_running.size(); }
    // Rescans when the project changes on disk (off by default).
    void setWatching(bool watching);
    // While a game runs, rebuild what changes on disk and reload it into the
    // game (PlayController's LiveReload); the watcher runs for it.
    void setLiveReload(bool on);
    bool liveReload() const;
    // The project's watcher, for hosts that react otherwise (build --watch).
    ProjectWatcher *watcher() const { return m_watcher.get(); }

    // Serves the hub on 127.0.0.1 (docs/streaming.md). Off by default.
    using ServeOptions = ProjectServeOptions;
    bool setServing(bool serving, QString *error = nullptr, const ServeOptions &options = {});
    EventServer *server() const { return m_server.get(); }

    // Waits until every frame so far is in the history (CLI exit, tests).
    void flushHistory();

    // The team cache builds use, if any (the next build picks up a change).
    std::optional<RemoteCacheConfig> remoteCache() const { return m_remoteCache; }
    // Why a configured team cache is not used (a bad address), or empty.
    QString remoteCacheProblem() const { return m_remoteCacheProblem; }
    // Reads again where the team cache is configured (the user changed
    // the preference) and uses the result from the next build on.
    void reloadRemoteCache();

Q_SIGNALS:
    void scanStarted();
    void scanFinished(bool succeeded);
    void doctorFinished(bool succeeded);
    void assetGraphChanged();
    void buildFinished(bool succeeded);
    // The watcher saw these change (once a burst has gone quiet).
    void assetsChanged(const AssetChanges &changes);
    void previewReady(const QString &asset, const QString &pngPath);
    void previewFailed(const QString &asset, const QString &reason);
    // An operation this core started and can cancel.
    void operationTracked(const QString &operationId);
    // A sentence for a status line.
    void statusMessage(const QString &text);
    void actionApplied();
    // The history stopped or resumed being written (a sentence; also in the log).
    void historyTrouble(const QString &sentence);
    // The history has been opened (or found unusable: historyProblem()).
    void historyOpened();

private:
    class OutcomeLog;
    class ServedActions;
    template<typename Result, typename Done>
    QFuture<Result> track(QFuture<Result> future, Done done);
    void openHistory(const Options &options);
    // Takes in what opening the history found, once (from historyOpened's
    // queued delivery, or from a caller that could not wait for it).
    void applyHistoryOpening();
    void applyRemoteCache(const RemoteCacheSources &sources);
    void onDiskChanged();
    void updateWatcher();
    void logDiagnostics(const QList<Diagnostic> &diagnostics);

    // First: everything below publishes into the hub while it is destroyed.
    std::unique_ptr<HistoryRecorder> m_recorder;
    std::unique_ptr<EventHub> m_hub;
    std::unique_ptr<FanOutSink> m_sinks;
    std::unique_ptr<OutcomeLog> m_outcomes;
    Packer m_packer;
    std::unique_ptr<ExecutionSession> m_session;
    std::unique_ptr<PlayController> m_play;
    std::unique_ptr<SessionForwarder> m_forwarder;
    std::unique_ptr<ProjectWatcher> m_watcher;
    std::unique_ptr<ServedActions> m_serverActions;
    std::unique_ptr<EventServer> m_server;
    QThreadPool *m_pool;
    std::shared_future<HistoryRecorder::Opening> m_historyOpening;
    bool m_historyApplied = false;
    QString m_historyPath;
    QString m_historyProblem;
    bool m_recording = false;
    QHash<QString, QFuture<void>> m_running; // operations this core started
    QList<QFuture<void>> m_readers; // history reads for assetBuilds(), waited for on close
    AssetGraph m_graph;
    bool m_scanning = false;
    QString m_lastIndexWarning; // the scan index's last warning, said once
    bool m_watching = false;
    bool m_liveWatching = false;
    bool m_doctorAfterScan = false;
    bool m_rescanPending = false;
    bool m_noRemoteCache = false;
    bool m_logBuildDiagnostics = false;
    QString m_remoteCacheUrl;
    std::optional<RemoteCacheConfig> m_remoteCache;
    QString m_remoteCacheProblem;
};

} // namespace Prometeu
