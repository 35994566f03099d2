#include "hub/sessionforwarder.h"

#include "hub/eventhub.h"

#include <session/executionsession.h>
#include <session/logentry.h>

namespace Prometeu {

SessionForwarder::SessionForwarder(ExecutionSession *session, EventHub *hub, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_hub(hub)
    , m_follower(session->log().follow())
{
    m_batch.reserve(linesPerBatch);
    // Lines logged before the state change reach the hub before it.
    connect(session, &ExecutionSession::stateChanged, this,
            [this](SessionState previous, SessionState current, const QString &reason) {
                flush();
                m_hub->publishStateChange(previous, current, reason, m_session->currentRun());
            });
    connect(m_follower.get(), &LogFollower::entriesAppended, this, &SessionForwarder::forward);
    forward();
}

SessionForwarder::~SessionForwarder() = default;

void SessionForwarder::flush()
{
    while (forwardBatch()) {
    }
}

bool SessionForwarder::forwardBatch()
{
    m_follower->arm(); // before reading: an append that races this rings again
    m_batch.clear();
    m_session->log().visitAfter(m_lastSequence, linesPerBatch, [&](const LogEntry &entry) {
        m_lastSequence = entry.sequence;
        m_batch.append(entry);
    });
    if (!m_batch.isEmpty())
        m_hub->publishLogs(m_batch);
    return m_session->log().lastSequence() > m_lastSequence;
}

void SessionForwarder::forward()
{
    // A backlog: the next batch after whatever else the loop has to do,
    // queued once however often the log rings meanwhile.
    if (forwardBatch() && !std::exchange(m_continuing, true)) {
        QMetaObject::invokeMethod(this, [this] {
            m_continuing = false;
            forward();
        }, Qt::QueuedConnection);
    }
}

} // namespace Prometeu
