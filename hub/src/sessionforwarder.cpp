#include "hub/sessionforwarder.h"

#include "hub/eventhub.h"

#include <algorithm>

#include <session/executionsession.h>
#include <session/logentry.h>

#include <QVarLengthArray>

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
            Skipped &skipped = m_skipped[size_t(entry.source)];
            skipped.gap.add(entry.sequence);
            skipped.last = entry;
            return;
        }
        // The marker goes where the left-out lines were, before what follows.
        publishSkipped();
        m_hub->publishLog(entry);
    });
    if (m_session->log().lastSequence() > m_lastSequence) {
        // More than one flush takes: go on from the event loop.
        QMetaObject::invokeMethod(this, &SessionForwarder::forward, Qt::QueuedConnection);
    } else if (anySkipped()) {
        // The marker waits for the end of this second (one per second under
        // a flood), or for the next line that passes, whichever comes first.
        if (!m_windowEnd.isActive())
            m_windowEnd.start(int(qMax<qint64>(0, 1000 - m_window.elapsed())));
    }
}

bool SessionForwarder::anySkipped() const
{
    return std::any_of(m_skipped.cbegin(), m_skipped.cend(), [](const Skipped &s) { return !s.gap.isEmpty(); });
}

void SessionForwarder::publishSkipped()
{
    // One marker per source that lost lines, in the order their gaps began.
    QVarLengthArray<Skipped *, 5> order;
    for (Skipped &skipped : m_skipped) {
        if (skipped.gap.isEmpty())
            continue;
        auto at = std::upper_bound(order.begin(), order.end(), &skipped,
                                   [](const Skipped *a, const Skipped *b) { return a->gap.start() < b->gap.start(); });
        order.insert(at, &skipped);
    }
    for (Skipped *gap : order) {
        Skipped &skipped = *gap;
        LogEntry marker;
        marker.sequence = skipped.gap.start();
        marker.timestampMs = skipped.last.timestampMs;
        marker.run = skipped.last.run;
        marker.source = skipped.last.source;
        marker.severity = LogSeverity::Info;
        marker.isDropMarker = true;
        marker.message = tr("%n ordinary log line(s) left off the event stream (more than %1 a second); the Studio's log "
                            "keeps them.", nullptr, int(qMin<quint64>(skipped.gap.count(), INT_MAX)))
                             .arg(m_linesPerSecond);
        m_hub->publishLog(marker);
        skipped.gap.clear();
    }
}

} // namespace Prometeu
