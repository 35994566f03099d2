#include "hub/sessionforwarder.h"

#include "hub/eventhub.h"

#include <session/executionsession.h>
#include <session/logentry.h>

#include <climits>

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
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_budget = ordinaryLinesPerPoll;
        flush();
    });
    m_timer.start();
}

void SessionForwarder::flush()
{
    quint64 skipped = 0;
    LogEntry lastSkipped;
    m_session->log().visitAfter(m_lastSequence, maxLinesPerPoll, [&](const LogEntry &entry) {
        m_lastSequence = entry.sequence;
        const bool ordinary = !entry.isStateChange && !entry.isDropMarker && entry.severity <= LogSeverity::Info;
        if (ordinary && m_budget <= 0) {
            ++skipped;
            lastSkipped = entry;
            return;
        }
        if (ordinary)
            --m_budget;
        // The marker goes where the left-out lines were, before what follows.
        if (skipped > 0) {
            publishSkipped(skipped, lastSkipped);
            skipped = 0;
        }
        m_hub->publishLog(entry);
    });
    if (skipped > 0)
        publishSkipped(skipped, lastSkipped);
}

void SessionForwarder::publishSkipped(quint64 skipped, const LogEntry &last)
{
    LogEntry marker;
    marker.sequence = last.sequence;
    marker.timestampMs = last.timestampMs;
    marker.run = last.run;
    marker.source = last.source;
    marker.severity = LogSeverity::Info;
    marker.isDropMarker = true;
    marker.message = tr("%n ordinary log line(s) left off the event stream (more than %1 a second); the Studio's log "
                        "keeps them.", nullptr, int(qMin<quint64>(skipped, INT_MAX)))
                         .arg(ordinaryLinesPerPoll * (1000 / pollIntervalMs));
    m_hub->publishLog(marker);
}

} // namespace Prometeu
