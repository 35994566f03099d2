#include "hub/sessionforwarder.h"

#include "hub/eventhub.h"

#include <session/executionsession.h>

namespace Prometeu {

SessionForwarder::SessionForwarder(ExecutionSession *session, EventHub *hub, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_hub(hub)
{
    // Lines logged before the state change reach the hub before it.
    connect(session, &ExecutionSession::stateChanged, this,
            [this](SessionState previous, SessionState current, const QString &reason) {
                flush();
                m_hub->publishStateChange(previous, current, reason, m_session->currentRun());
            });
    m_timer.setInterval(pollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &SessionForwarder::flush);
    m_timer.start();
}

void SessionForwarder::flush()
{
    m_session->log().visitAfter(m_lastSequence, maxLinesPerPoll, [this](const LogEntry &entry) {
        m_lastSequence = entry.sequence;
        m_hub->publishLog(entry);
    });
}

} // namespace Prometeu
