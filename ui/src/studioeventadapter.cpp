#include "ui/studioeventadapter.h"

#include <QTimer>

namespace Prometeu {

StudioEventAdapter::StudioEventAdapter(QObject *parent)
    : QObject(parent)
    , m_progressTimer(new QTimer(this))
{
    m_clock.start();
    m_progressTimer->setSingleShot(true);
    connect(m_progressTimer, &QTimer::timeout, this, &StudioEventAdapter::flush);
}

StudioEventAdapter::~StudioEventAdapter() = default;

void StudioEventAdapter::setMaxBatchSize(int events)
{
    QMutexLocker locker(&m_mutex);
    m_maxBatch = qMax(1, events);
}

void StudioEventAdapter::setProgressInterval(int milliseconds)
{
    QMutexLocker locker(&m_mutex);
    m_progressIntervalMs = qMax(0, milliseconds);
}

void StudioEventAdapter::publish(const PackerEvent &event)
{
    QMutexLocker locker(&m_mutex);
    ++m_statistics.received;
    const qint64 now = m_clock.elapsed();
    if (isProgressLike(event.kind)) {
        ProgressLane &lane = m_progress[event.operationId];
        if (!lane.pending && now - lane.lastDeliveredMs >= m_progressIntervalMs) {
            lane.lastDeliveredMs = now;
            m_queue.push_back(event);
        } else {
            if (lane.pending)
                ++m_statistics.coalesced;
            lane.pending = event; // the flush timer picks it up when due
        }
    } else {
        const auto lane = m_progress.find(event.operationId);
        if (lane != m_progress.end()) {
            // The pending progress is older than this event: hand it over
            // first, so order holds and the last value before a milestone
            // (or the end) is seen.
            if (lane->pending) {
                m_queue.push_back(std::move(*lane->pending));
                lane->pending.reset();
                lane->lastDeliveredMs = now;
            }
            if (event.kind == EventKind::OperationFinished)
                m_progress.erase(lane);
        }
        m_queue.push_back(event);
    }
    scheduleFlushLocked();
}

void StudioEventAdapter::scheduleFlushLocked()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(this, &StudioEventAdapter::flush, Qt::QueuedConnection);
}

void StudioEventAdapter::flush()
{
    QList<PackerEvent> batch;
    qint64 nextDueMs = -1;
    {
        QMutexLocker locker(&m_mutex);
        m_flushScheduled = false;
        const qint64 now = m_clock.elapsed();
        for (ProgressLane &lane : m_progress) {
            if (!lane.pending)
                continue;
            const qint64 due = lane.lastDeliveredMs + m_progressIntervalMs;
            if (due <= now) {
                m_queue.push_back(std::move(*lane.pending));
                lane.pending.reset();
                lane.lastDeliveredMs = now;
            } else if (nextDueMs < 0 || due - now < nextDueMs) {
                nextDueMs = due - now;
            }
        }
        const qsizetype count = qMin<qsizetype>(m_maxBatch, qsizetype(m_queue.size()));
        batch.reserve(count);
        for (qsizetype i = 0; i < count; ++i) {
            batch.append(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        if (!m_queue.empty())
            scheduleFlushLocked(); // the rest in the next turn of the event loop
        m_statistics.delivered += quint64(count);
        if (count > 0) {
            ++m_statistics.batches;
            m_statistics.largestBatch = qMax(m_statistics.largestBatch, count);
        }
    }
    if (nextDueMs >= 0 && (!m_progressTimer->isActive() || m_progressTimer->remainingTime() > nextDueMs))
        m_progressTimer->start(int(nextDueMs));
    if (!batch.isEmpty())
        Q_EMIT eventsPublished(batch);
}

StudioEventAdapter::Statistics StudioEventAdapter::statistics() const
{
    QMutexLocker locker(&m_mutex);
    return m_statistics;
}

qsizetype StudioEventAdapter::backlog() const
{
    QMutexLocker locker(&m_mutex);
    qsizetype pending = 0;
    for (const ProgressLane &lane : m_progress)
        pending += lane.pending ? 1 : 0;
    return qsizetype(m_queue.size()) + pending;
}

} // namespace Prometeu
