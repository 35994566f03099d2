#pragma once

#include <core/projectcore.h>

#include <QObject>
#include <memory>

class QThreadPool;
class QUndoStack;

namespace Prometeu {

class ActionHistory;
class ActivityModel;
class AssetTreeModel;
class EventHub;
class ExecutionSession;
class PlayController;
class EventServer;
class StudioEventAdapter;

// The Studio's side of one open project: the ProjectCore that does the work
// (shared with every CLI command) and the view models its events feed
// (Activity, the asset tree), which workspaces show. Closing a workspace
// loses nothing; closing the project ends this.
class ProjectServices : public QObject
{
    Q_OBJECT
public:
    ProjectServices(Project project, QThreadPool *pool, QString runtimePath, QObject *parent = nullptr);
    ~ProjectServices() override;

    ProjectCore *core() const { return m_core.get(); }
    const Project &project() const { return m_core->project(); }
    ExecutionSession *session() const { return m_core->session(); }
    PlayController *playController() const { return m_core->playController(); }
    StudioEventAdapter *events() const { return m_adapter; }
    ActivityModel *activity() const { return m_activity; }
    AssetTreeModel *assets() const { return m_assets; }
    // Asset actions with undo (Edit > Undo/Redo).
    ActionHistory *actions() const { return m_actions.get(); }
    QUndoStack *undoStack() const;
    EventHub *hub() const { return m_core->hub(); }
    EventServer *server() const { return m_core->server(); }
    // Extra sink for every packer event (e.g. a JSON-lines trace); not owned.
    void addEventSink(PackerEventSink *sink) { m_core->addEventSink(sink); }

    void rescan() { m_core->rescan(); }
    void build() { m_core->build(); }
    bool play(QString *refusal = nullptr) { return m_core->play(refusal); }
    void stop() { m_core->stop(); }
    void requestPreview(const QString &asset) { m_core->requestPreview(asset); }
    void applyAction(const AssetAction &action, const QString &undoText);
    bool cancel(const QString &operationId) { return m_core->cancel(operationId); }
    bool isScanning() const { return m_core->isScanning(); }
    qsizetype runningOperations() const { return m_core->runningOperations(); }
    void setWatching(bool watching) { m_core->setWatching(watching); }
    bool setServing(bool serving, QString *error = nullptr, quint16 port = 0);

Q_SIGNALS:
    void scanFinished(bool succeeded);
    void doctorFinished(bool succeeded);
    void buildFinished(bool succeeded);
    void previewReady(const QString &asset, const QString &pngPath);
    void previewFailed(const QString &asset, const QString &reason);
    // A sentence for the status bar.
    void statusMessage(const QString &text);

private:
    void onEvents(const QList<PackerEvent> &events);
    void reloadExcluded();

    std::unique_ptr<ProjectCore> m_core;
    std::unique_ptr<ActionHistory> m_actions;
    StudioEventAdapter *m_adapter;
    ActivityModel *m_activity;
    AssetTreeModel *m_assets;
};

} // namespace Prometeu
