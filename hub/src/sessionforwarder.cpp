#include "hub/sessionforwarder.h"

#include "hub/eventhub.h"

#include <session/executionsession.h>
#include <session/logentry.h>

#include <climits>

namespace Prometeu {

SessionForwarder::SessionForwarder(ExecutionSession *session, EventHub *hub, QObject *parent, int linesPerSecond)
    : QObject(parent)
    , m_session(session)
    , m_hub(hub)
    , m_follower(session->log().follow())
    , m_linesPerSecond(qMax(1, linesPerSecond))
    , m_passed(m_linesPerSecond, 0)
{
    // Lines logged before the state change reach the hub before it.
    connect(session, &ExecutionSession::stateChanged, this,
            [this](SessionState previous, SessionState current, const QString &reason) {
                flush();
                m_hub->publishStateChange(previous, current, reason, m_session->currentRun());
            });
    connect(m_follower.get(), &LogFollower::entriesAppended, this, &SessionForwarder::forward);
    m_windowEnd.setSingleShot(true);
    connect(&m_windowEnd, &QTimer::timeout, this, &SessionForwarder::forward);
    m_window.start();
    forward();
}

SessionForwarder::~SessionForwarder() = default;

void SessionForwarder::startWindowIfDue()
{
    if (m_window.elapsed() < 1000)
        return;
    publishSkipped(); // what the second that ended left out
    m_window.start();
    m_passed.clear();
}

void SessionForwarder::flush()
{
    forward();
    publishSkipped();
}

void SessionForwarder::forward()
{
    m_follower->arm(); // before reading: an append that races this rings again
    startWindowIfDue();
    m_session->log().visitAfter(m_lastSequence, maxLinesPerFlush, [&](const LogEntry &entry) {
        m_lastSequence = entry.sequence;
        const bool ordinary = !entry.isStateChange && !entry.isDropMarker && entry.severity != LogSeverity::Error;
        if (ordinary && m_passed.push(entry.sequence)) {
            // Over this second's budget: left out, counted.
            m_skipped.add(entry.sequence);
            m_lastSkipped = entry;
            return;
        }
        // The marker goes where the left-out lines were, before what follows.
        publishSkipped();
        m_hub->publishLog(entry);
    });
    if (m_session->log().lastSequence() > m_lastSequence) {
        // More than one flush takes: go on from the event loop.
        QMetaObject::invokeMethod(this, &SessionForwarder::forward, Qt::QueuedConnection);
    } else if (!m_skipped.isEmpty()) {
        // The marker waits for the end of this second (one per second under
        // a flood), or for the next line that passes, whichever comes first.
        if (!m_windowEnd.isActive())
            m_windowEnd.start(int(qMax<qint64>(0, 1000 - m_window.elapsed())));
    }
}

void SessionForwarder::publishSkipped()
{
    if (m_skipped.isEmpty())
        return;
    LogEntry marker;
    marker.sequence = m_skipped.start();
    marker.timestampMs = m_lastSkipped.timestampMs;
    marker.run = m_lastSkipped.run;
    marker.source = m_lastSkipped.source;
    marker.severity = LogSeverity::Info;
    marker.isDropMarker = true;
    marker.message = tr("%n ordinary log line(s) left off the event stream (more than %1 a second); the Studio's log "
                        "keeps them.", nullptr, int(qMin<quint64>(m_skipped.count(), INT_MAX)))
                         .arg(m_linesPerSecond);
    m_hub->publishLog(marker);
    m_skipped.clear();
}

} // namespace Prometeu
