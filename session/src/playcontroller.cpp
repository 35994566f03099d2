#include "session/playcontroller.h"

#include "session/executionsession.h"

#include <packer/packer.h>

#include <QCoreApplication>

namespace Prometeu {

namespace {

bool isFinal(SessionState state)
{
    return state == SessionState::PrepareFailed || state == SessionState::RuntimeFailed
        || state == SessionState::Stopped;
}

} // namespace

PlayController::PlayController(Packer *packer, ExecutionSession *session, QThreadPool *pool,
                               QString defaultRuntime, QObject *parent)
    : QObject(parent)
    , m_packer(packer)
    , m_session(session)
    , m_pool(pool)
    , m_defaultRuntime(std::move(defaultRuntime))
    , m_shipper(packer, pool)
    , m_adapter(session)
    , m_live(&m_shipper, session)
{
    connect(&m_live, &LiveReload::idle, this, &PlayController::maybeEndRun);
    // Transitions may come from the shipper's worker: handle them here.
    connect(m_session, &ExecutionSession::stateChanged, this,
            [this](SessionState previous, SessionState current) { onStateChanged(previous, current); },
            Qt::QueuedConnection);
    connect(&m_preparation, &QFutureWatcherBase::finished, this, &PlayController::onPrepared);
}

PlayController::~PlayController()
{
    m_shipper.abort();
    if (m_preparation.isRunning()) {
        m_preparation.cancel();
        m_preparation.waitForFinished();
    }
}

bool PlayController::play(QString *refusal)
{
    if (!m_session->beginRun(refusal))
        return false;
    m_runOpen = true;
    m_launcher = std::make_unique<RuntimeLauncher>(m_session, m_packer->project().manifest().runtime, m_defaultRuntime);
    m_launcher->setHeadless(m_headless);
    connect(m_launcher.get(), &RuntimeLauncher::processEnded, this, &PlayController::maybeEndRun);
    m_preparation.setFuture(m_shipper.prepare(&m_adapter));
    return true;
}

void PlayController::stop()
{
    switch (m_session->state()) {
    case SessionState::Preparing:
        m_preparation.cancel();
        m_session->transitionTo(SessionState::Stopped,
                                QCoreApplication::translate("PlayController", "Stop while preparing"));
        break;
    case SessionState::Connecting:
    case SessionState::Running:
        if (m_launcher && m_launcher->isRunning())
            m_launcher->stop();
        else
            m_session->transitionTo(SessionState::Stopped, QCoreApplication::translate("PlayController", "Stop"));
        break;
    default:
        break;
    }
}

void PlayController::onPrepared()
{
    const bool ready = !m_preparation.isCanceled() && m_preparation.future().resultCount() > 0
        && m_preparation.result().outcome == ShipperResult::Outcome::Ready;
    if (ready && m_session->state() == SessionState::Connecting) {
        m_cartridgePath = m_preparation.result().cartridgePath;
        m_cartridgeContents = m_preparation.result().contents;
        m_launcher->start(m_cartridgePath);
        return;
    }
    // Failed, or stopped while preparing: the run may be over now that the
    // shipper has let go.
    maybeEndRun();
}

void PlayController::onStateChanged(SessionState, SessionState current)
{
    if (current == SessionState::Running && m_launcher && m_launcher->connection()->isConnected())
        m_live.attach(m_cartridgePath, m_cartridgeContents, m_launcher->connection());
    if (isFinal(current)) {
        m_live.detach();
        maybeEndRun();
    }
}

void PlayController::maybeEndRun()
{
    const SessionState state = m_session->state();
    if (!m_runOpen || !isFinal(state) || (m_launcher && m_launcher->isRunning()) || m_preparation.isRunning()
        || m_live.isPreparing())
        return;
    m_runOpen = false;
    Q_EMIT runEnded(state);
}

} // namespace Prometeu
