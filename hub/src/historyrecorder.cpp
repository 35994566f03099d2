#include "hub/historyrecorder.h"

#include <hub/blockingcall.h>
#include <support/backgroundpriority.h>
#include <support/largepageheap.h>

#include "hub/eventhub.h"

#include <QMetaObject>

namespace Prometeu {

HistoryRecorder::HistoryRecorder(ServicePriority writing, QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("history"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, [writing] {
        applyServicePriority(writing);
        useLargePagesForThreadHeap();
    });
}

HistoryRecorder::~HistoryRecorder()
{
    if (m_subscription)
        flush();
    runBlocking(m_worker, [this] {
        m_subscription.reset();
        m_history.reset(); // the connection closes on the thread that opened it
    });
    m_thread.quit();
    m_thread.wait();
}

std::shared_future<HistoryRecorder::Opening> HistoryRecorder::openAsync(const QString &path,
                                                                      const EventHistory::Limits &limits,
                                                                      EventHub *hub, std::promise<quint64> numbering,
                                                                      qsizetype earlierLimit)
{
    auto result = std::make_shared<std::promise<Opening>>();
    std::shared_future<Opening> future = result->get_future().share();
    auto seq = std::make_shared<std::promise<quint64>>(std::move(numbering));
    QMetaObject::invokeMethod(m_worker, [this, path, limits, hub, seq, result, earlierLimit] {
        Opening opening;
        m_history = std::make_unique<EventHistory>();
        m_history->setLimits(limits);
        opening.ok = m_history->open(path, true, &opening.error);
        if (opening.ok) {
            opening.interrupted = m_history->interruptedOnOpen();
            opening.loss = m_history->lossOnOpen();
            opening.maxSeq = m_history->maxSeq();
            opening.maxRun = m_history->maxRun();
            // Read here, on this thread: the Activity panel shows them, and
            // the GUI thread does no SQLite work.
            EventHistory earlier;
            if (earlierLimit > 0 && earlier.open(path, false))
                opening.earlierOperations = earlier.streams(QStringLiteral("operation"), earlierLimit);
            // Before the hub may stamp anything, so no frame is missed.
            subscribeTo(hub->subscribeFromFirst({}, maxQueued, opening.maxSeq + 1));
        } else {
            m_history.reset();
        }
        seq->set_value(opening.ok ? opening.maxSeq + 1 : 1);
        result->set_value(opening);
        Q_EMIT opened(opening);
    });
    return future;
}

void HistoryRecorder::subscribeTo(std::shared_ptr<HubSubscription> subscription)
{
    m_subscription = std::move(subscription);
    // Created here, so its queued notifications arrive on this thread;
    // a short timer turns a stream of notifications into batches. The
    // interval counts from when the last batch was taken, not from when
    // it was written: a history that waited a whole interval after each
    // long batch drained at most half the time, fell behind a cold build
    // and held its command for the backlog at the end (150 ms of a
    // 10,000-asset build's 0.7 s, the history's thread alone on a core).
    auto *timer = new QTimer(m_worker);
    timer->setSingleShot(true);
    connect(m_subscription.get(), &HubSubscription::framesAvailable, timer, [this, timer] {
        if (timer->isActive())
            return;
        const qint64 since = m_sinceDrain.isValid() ? m_sinceDrain.elapsed() : flushIntervalMs;
        timer->start(int(qBound(qint64(0), qint64(flushIntervalMs) - since, qint64(flushIntervalMs))));
    });
    connect(timer, &QTimer::timeout, m_worker, [this] { drain(); });
}

void HistoryRecorder::drain()
{
    if (!m_subscription || !m_history)
        return;
    m_sinceDrain.start();
    quint64 lost = 0;
    m_unwritten += m_subscription->take(nullptr, &lost);
    m_lost += lost;
    if (m_unwritten.isEmpty() && m_lost == 0)
        return;
    // Frames first, then the count of those that never made it; each is
    // cleared once written, so a retry repeats neither.
    QString error;
    if (!m_unwritten.isEmpty() && m_history->record(m_unwritten, &error))
        m_unwritten.clear();
    const quint64 lostNow = m_lost;
    if (m_unwritten.isEmpty() && m_lost > 0 && m_history->noteLost(m_lost, &error))
        m_lost = 0;
    if (m_unwritten.isEmpty() && m_lost == 0) {
        if (std::exchange(m_failing, false))
            Q_EMIT recordResumed(lostNow);
        return;
    }
    // Kept for the next try, within bounds: a disk that stays full must not
    // make this process hold the whole channel.
    if (m_unwritten.size() > maxQueued) {
        m_lost += quint64(m_unwritten.size());
        m_unwritten.clear();
    }
    if (!std::exchange(m_failing, true))
        Q_EMIT recordFailed(error);
    if (!m_retry) {
        m_retry = new QTimer(m_worker);
        m_retry->setSingleShot(true);
        m_retry->setInterval(retryIntervalMs);
        connect(m_retry, &QTimer::timeout, m_worker, [this] { drain(); });
    }
    m_retry->start();
}

void HistoryRecorder::flush()
{
    runBlocking(m_worker, [this] { drain(); });
}

} // namespace Prometeu
