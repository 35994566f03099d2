#pragma once

#include <packer/packer.h>
#include <packer/packerevent.h>

#include <QHash>
#include <QObject>
#include <QSet>
#include <memory>

class QFileSystemWatcher;
class QThreadPool;
class QTimer;
class QUndoStack;

namespace Prometeu {

class ActivityModel;
class AssetTreeModel;
class EventHub;
class ExecutionSession;
class HistoryRecorder;
class SessionForwarder;
class StreamServerThread;
class FanOutSink;
class PlayController;
class StudioEventAdapter;

// Everything the Studio keeps for one open project, independent of any
// window or workspace: the packer and its event adapter, the Activity and
// asset models fed by the events, the execution session with its merged
// log, Play/Stop, the undo stack of asset actions and the file watcher.
// Workspaces are views over this; closing one loses nothing.
class ProjectServices : public QObject
{
    Q_OBJECT
public:
    static constexpr int rescanDelayMs = 400;

    ProjectServices(Project project, QThreadPool *pool, QString runtimePath, QObject *parent = nullptr);
    ~ProjectServices() override;

    const Project &project() const { return m_packer.project(); }
    ExecutionSession *session() const { return m_session.get(); }
    PlayController *playController() const { return m_play.get(); }
    StudioEventAdapter *events() const { return m_adapter; }
    ActivityModel *activity() const { return m_activity; }
    AssetTreeModel *assets() const { return m_assets; }
    QUndoStack *undoStack() const { return m_undo; }
    // Extra sink for every packer event (e.g. a JSON-lines trace); not owned.
    void addEventSink(PackerEventSink *sink);

    // Scan, then doctor the result. A rescan requested while one runs
    // follows it.
    void rescan();
    void build();
    bool play(QString *refusal = nullptr);
    void stop();
    void requestPreview(const QString &asset);
    // Runs the action; when applied, pushes it (with the inverse the packer
    // reported) on the undo stack.
    void applyAction(const AssetAction &action, const QString &undoText);
    // Cancels an operation this object started; false if it cannot.
    bool cancel(const QString &operationId);
    bool isScanning() const { return m_scanning; }
    qsizetype runningOperations() const { return m_running.size(); }
    // Watches the assets folder and rescans on change (on by default).
    void setWatching(bool watching);

    // The project's event channel (packer events, log lines, state changes
    // with a global seq), recorded in <project>/.prometeu/history.db.
    EventHub *hub() const { return m_hub.get(); }
    // Serves the channel on 127.0.0.1 (SSE, WebSocket; docs/streaming.md).
    // Off by default. Returns false with *error when it cannot listen.
    bool setServing(bool serving, QString *error = nullptr, quint16 port = 0);
    StreamServerThread *server() const { return m_server.get(); }

Q_SIGNALS:
    void scanFinished(bool succeeded);
    void doctorFinished(bool succeeded);
    void buildFinished(bool succeeded);
    void previewReady(const QString &asset, const QString &pngPath);
    void previewFailed(const QString &asset, const QString &reason);
    // A sentence for the status bar.
    void statusMessage(const QString &text);

private:
    friend class AssetActionCommand;
    template<typename Result, typename Done>
    void track(QFuture<Result> future, Done done);
    void runAction(const AssetAction &action, std::function<void(const ActionResult &)> applied);
    void onEvents(const QList<PackerEvent> &events);
    void reloadExcluded();
    void updateWatchedPaths();
    void openHistory();
    class Actions;

    // First: everything below publishes into the hub while it is destroyed.
    std::unique_ptr<HistoryRecorder> m_recorder;
    std::unique_ptr<EventHub> m_hub;
    StudioEventAdapter *m_adapter;
    std::unique_ptr<FanOutSink> m_sinks;
    Packer m_packer;
    ActivityModel *m_activity;
    AssetTreeModel *m_assets;
    QUndoStack *m_undo;
    std::unique_ptr<ExecutionSession> m_session;
    std::unique_ptr<PlayController> m_play;
    std::unique_ptr<SessionForwarder> m_forwarder;
    std::unique_ptr<Actions> m_actions;
    std::unique_ptr<StreamServerThread> m_server;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_rescanTimer;
    QThreadPool *m_pool;
    QHash<QString, QFuture<void>> m_running; // operations this object started
    QSet<QString> m_ownOperations;
    bool m_scanning = false;
    bool m_rescanPending = false;
    bool m_watching = true;
};

} // namespace Prometeu
