#pragma once

#include "session/livereload.h"
#include "session/runtimelauncher.h"
#include "session/sessionstate.h"
#include "session/shipper.h"
#include "session/shippersessionadapter.h"

#include <QFutureWatcher>
#include <QObject>
#include <memory>

class QThreadPool;

namespace Prometeu {

class ExecutionSession;

// Play and Stop for one project: preparation through the shipper, then the
// runtime through the launcher, with Stop honoured in every phase. Lives in
// a thread with an event loop (the GUI thread, or the CLI's main thread).
class PlayController : public QObject
{
    Q_OBJECT
public:
    // `packer`: the project's one packer (not owned); Play builds through it.
    PlayController(Packer *packer, ExecutionSession *session, QThreadPool *pool, QString defaultRuntime,
                   QObject *parent = nullptr);
    ~PlayController() override;

    // The running game's launcher while a run has one (for messages such as
    // reload); null otherwise.
    RuntimeLauncher *launcher() const { return m_launcher.get(); }

    // Changes on disk go into the running game (on by default).
    LiveReload *liveReload() { return &m_live; }
    // Run the reference runtime without a window (off by default).
    void setHeadlessRuntime(bool headless) { m_headless = headless; }
    bool play(QString *refusal = nullptr);
    void stop();

Q_SIGNALS:
    // The run reached prepare_failed, runtime_failed or stopped, and no
    // runtime process is left.
    void runEnded(Prometeu::SessionState finalState);

private:
    void onStateChanged(SessionState previous, SessionState current);
    void onPrepared();
    void maybeEndRun();

    Packer *m_packer;
    ExecutionSession *m_session;
    QThreadPool *m_pool;
    QString m_defaultRuntime;
    Shipper m_shipper;
    ShipperSessionAdapter m_adapter;
    LiveReload m_live;
    QString m_cartridgePath;
    QHash<QString, QByteArray> m_cartridgeContents; // what the game loaded, for live reload
    bool m_headless = false;
    QFutureWatcher<ShipperResult> m_preparation;
    std::unique_ptr<RuntimeLauncher> m_launcher;
    bool m_runOpen = false;
};

} // namespace Prometeu
