#include "hub/eventhub.h"

#include <support/backgroundpriority.h>
#include <support/largepageheap.h>

#include <packer/eventpayloads.h>


#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaObject>

#include <chrono>

using namespace Qt::StringLiterals;

namespace Prometeu {

bool FrameFilter::matches(const HubFrame &frame) const
{
    if (!operationId.isEmpty() && frame.operationId != operationId)
        return false;
    if (!kinds.isEmpty() && !kinds.contains(frame.kind))
        return false;
    if (!sources.isEmpty() && !sources.contains(frame.source))
        return false;
    return true;
}

QJsonObject EventHub::Snapshot::toJson() const
{
    QJsonArray running;
    for (const QJsonObject &operation : runningOperations)
        running.append(operation);
    return QJsonObject{
        {u"seq"_s, qint64(seq)},
        {u"running_operations"_s, running},
        {u"session"_s, QJsonObject{{u"state"_s, sessionState}, {u"run"_s, qint64(run)}}},
    };
}

namespace {

std::shared_future<quint64> readyFuture(quint64 value)
{
    std::promise<quint64> promise;
    promise.set_value(value);
    return promise.get_future().share();
}

} // namespace

EventHub::EventHub(QString projectId, quint64 firstSeq, qsizetype recentFrames, ServicePriority stamping,
                   QObject *parent)
    : EventHub(std::move(projectId), readyFuture(firstSeq), recentFrames, stamping, parent)
{
}

EventHub::EventHub(QString projectId, std::shared_future<quint64> firstSeq, qsizetype recentFrames,
                   ServicePriority stamping, QObject *parent)
    : QObject(parent)
    , m_projectId(std::move(projectId))
    , m_recentLimit(qMax<qsizetype>(1, recentFrames))
    , m_firstSeq(std::move(firstSeq))
{
    m_stamper.reset(QThread::create([this, stamping] {
        applyServicePriority(stamping); // in the Studio, a runtime's flood is stamped beside the GUI, not before it
        useLargePagesForThreadHeap();
        quint64 first = 1;
        try {
            first = m_firstSeq.get();
        } catch (const std::future_error &) {
            // Whoever was to number it is gone without saying: start at 1.
        }
        {
            QMutexLocker locker(&m_mutex);
            m_nextSeq = qMax<quint64>(1, first);
        }
        stampLoop();
        // Said through the intake's std:: primitives, which ThreadSanitizer
        // sees (QThread::wait() waits inside Debian's uninstrumented Qt).
        std::lock_guard lock(m_intakeMutex);
        m_stamperDone = true;
        m_intakeChanged.notify_all();
    }));
    m_stamper->setObjectName(QStringLiteral("hub stamper"));
    m_stamper->start();
}

EventHub::~EventHub()
{
    {
        std::lock_guard lock(m_intakeMutex);
        m_stopping = true;
    }
    m_intakeChanged.notify_all();
    {
        std::unique_lock lock(m_intakeMutex);
        m_intakeChanged.wait(lock, [this] { return m_stamperDone; }); // it stamps what is left first
    }
    m_stamper->wait();
    QMutexLocker locker(&m_mutex);
    for (HubSubscription *subscription : m_subscribers)
        subscription->m_hub = nullptr;
}

namespace {

// Progress and per-asset detail that only says "as before" (an asset
// found, a conversion reused): the history keeps a head and a tail of them
// per operation. What changed or failed (cache misses, diagnostics) stays.
bool isDetail(const PackerEvent &event)
{
    return event.kind == EventKind::ProgressUpdated || event.kind == EventKind::AssetDiscovered
        || event.kind == EventKind::CacheHit;
}

} // namespace

void EventHub::publish(const PackerEvent &event) { enqueue(HubSource(event), 1); }

void EventHub::publishLog(const LogEntry &entry) { enqueue(HubSource(entry), 1); }

void EventHub::publishStateChange(SessionState previous, SessionState current, const QString &reason, quint32 run)
{
    enqueue(HubSource(SessionStateChange{previous, current, reason, run, QDateTime::currentMSecsSinceEpoch()}), 1);
}

namespace {

// With nobody streaming, the stamper gathers a batch during a burst (or
// waits this long) before it stamps again. Waking it for every item costs
// each publisher a system call and, with two cores busy building, a
// context switch while it holds its own lock: 10,000 cache hits woke it
// ~700 times and doubled the CLI's context switches. An item published
// while the hub is idle is stamped at once, and a connected stream gets
// every frame without the wait (its latency is a figure of its own).
constexpr qsizetype lingerBatch = 256;
constexpr auto lingerTime = std::chrono::milliseconds(1);

} // namespace

bool EventHub::stamperNeedsWaking(size_t before) const
{
    return (m_stamperWait == StamperWait::Idle && before == 0)
        || (m_stamperWait == StamperWait::Lingering && before < size_t(lingerBatch)
            && m_intakeFrames >= size_t(lingerBatch));
}

void EventHub::enqueue(Intake item, size_t frames)
{
    bool wake = false;
    {
        std::lock_guard lock(m_intakeMutex);
        const size_t before = m_intakeFrames;
        m_intake.push_back(std::move(item));
        m_intakeFrames += frames;
        m_enqueued += frames;
        wake = stamperNeedsWaking(before);
    }
    if (wake)
        m_intakeChanged.notify_all();
}

void EventHub::publishLogs(const QList<LogEntry> &entries)
{
    if (!entries.isEmpty())
        enqueue(entries, size_t(entries.size()));
}

void EventHub::stampLoop()
{
    std::vector<Intake> batch;
    size_t frames = 0; // that the batch stands for
    bool afterBatch = false;
    for (;;) {
        {
            std::unique_lock lock(m_intakeMutex);
            if (afterBatch && m_liveSubscribers.load(std::memory_order_relaxed) == 0) {
                m_stamperWait = StamperWait::Lingering;
                m_intakeChanged.wait_for(lock, lingerTime, [this] {
                    return m_intakeFrames >= size_t(lingerBatch) || m_settling > 0 || m_stopping;
                });
            }
            if (m_intake.empty()) {
                m_stamperWait = StamperWait::Idle;
                m_intakeChanged.wait(lock, [this] { return !m_intake.empty() || m_stopping; });
            }
            m_stamperWait = StamperWait::Working;
            if (m_intake.empty())
                return; // stopping, and nothing left
            batch.swap(m_intake);
            frames = std::exchange(m_intakeFrames, 0);
        }
        stampBatch(batch, frames);
        {
            std::lock_guard lock(m_intakeMutex);
            m_stamped += frames;
        }
        m_intakeChanged.notify_all(); // wakes settle()
        batch.clear();
        afterBatch = true;
    }
}

void EventHub::settle() const
{
    std::unique_lock lock(m_intakeMutex);
    const quint64 target = m_enqueued;
    if (m_stamped >= target)
        return;
    ++m_settling;
    m_intakeChanged.notify_all(); // a lingering stamper stamps what it has now
    m_intakeChanged.wait(lock, [&] { return m_stamped >= target; });
    --m_settling;
}

void EventHub::stampBatch(std::vector<Intake> &batch, size_t frames)
{
    // Made off the lock, then delivered under it once for the whole batch
    // (a lock a frame was most of a flood's cost, and made the streams and
    // the history wait for it).
    std::vector<std::pair<HubFrame, Pending>> made;
    made.reserve(frames);
    quint64 seq = m_nextSeq; // only this thread moves it
    for (Intake &item : batch) {
        if (auto *lines = std::get_if<QList<LogEntry>>(&item)) {
            for (const LogEntry &line : std::as_const(*lines))
                made.push_back(stamp(HubSource(line), seq++));
        } else {
            made.push_back(stamp(std::move(std::get<HubSource>(item)), seq++));
        }
    }
    // Frames by kind, counted a run of one kind at a time (a flood is one
    // long run): a hash lookup per frame was a tenth of this thread's work.
    std::vector<std::pair<QString, quint64>> kinds;
    for (const auto &made1 : made) {
        if (kinds.empty() || kinds.back().first != made1.first.kind)
            kinds.emplace_back(made1.first.kind, 0);
        ++kinds.back().second;
    }
    std::vector<HubFrame> evicted;
    {
        QMutexLocker locker(&m_mutex);
        for (const auto &[kind, count] : kinds)
            m_metrics.framesByKind[kind] += count;
        for (auto &[frame, pending] : made)
            deliver(std::move(frame), std::move(pending), &evicted);
    }
    // Their bodies are freed here, off the lock.
    evicted.clear();
}

std::pair<HubFrame, EventHub::Pending> EventHub::stamp(HubSource &&item, quint64 seq)
{
    // Only what the hub and the stores read is worked out here; the
    // envelope, its hash and its JSON wait until somebody asks.
    HubFrame frame;
    Pending pending;
    if (const auto *event = std::get_if<PackerEvent>(&item)) {
        pending.channel = Pending::Packer;
        frame.channel = u"packer"_s;
        frame.kind = wireName(event->kind);
        frame.source = u"packer"_s;
        frame.operationId = event->operationId;
        frame.operation = wireName(event->operation);
        frame.summary = event->summary;
        frame.timeMs = event->timestamp.toMSecsSinceEpoch();
        frame.droppable = isDetail(*event);
        if (event->kind == EventKind::CacheHit || event->kind == EventKind::CacheMiss) {
            frame.assetOutcome = event->payload;
            const CacheOutcome outcome = CacheOutcome::fromJson(event->payload);
            pending.outcome = event->kind == EventKind::CacheHit
                ? (outcome.source == CacheOutcome::Source::Remote ? Pending::HitRemote : Pending::HitLocal)
                : (outcome.result == CacheOutcome::Result::Failed ? Pending::Failed : Pending::Converted);
            pending.storedBytes = quint64(qMax<qint64>(0, outcome.storedBytes));
        } else if (event->kind == EventKind::BuildFinished) {
            // Only here: the build's operation_finished repeats these stats.
            if (const std::optional<RemoteCacheStats> remote = BuildStats::fromJson(event->payload).remote) {
                pending.remoteDown = quint64(qMax<qint64>(0, remote->bytesDown));
                pending.remoteUp = quint64(qMax<qint64>(0, remote->bytesUp));
                pending.remoteErrors = quint64(qMax(0, remote->errors));
            }
        }
        if (event->kind == EventKind::OperationStarted) {
            pending.operationState = Pending::Started;
        } else if (event->kind == EventKind::OperationFinished) {
            pending.operationState = Pending::Finished;
            frame.state = event->payload.value(u"outcome"_s).toString();
        } else if (event->kind == EventKind::ProgressUpdated && event->progress) {
            pending.operationState = Pending::Progress;
            pending.progress = QJsonObject{{u"done"_s, event->progress->done}, {u"total"_s, event->progress->total}};
        }
    } else if (const auto *entry = std::get_if<LogEntry>(&item)) {
        frame.channel = u"log"_s;
        frame.kind = u"log"_s;
        frame.source = wireName(entry->source);
        frame.run = entry->run;
        frame.timeMs = entry->timestampMs;
        const bool kept = entry->isStateChange || entry->isDropMarker || entry->severity == LogSeverity::Error;
        frame.droppable = !kept;
        frame.thinnedApart = !kept && entry->severity == LogSeverity::Warning;
    } else {
        const auto &change = std::get<SessionStateChange>(item);
        pending.channel = Pending::Session;
        frame.channel = u"session"_s;
        frame.kind = u"state_changed"_s;
        frame.source = u"session"_s;
        frame.state = wireName(change.current);
        frame.summary = change.reason;
        frame.run = change.run;
        frame.timeMs = change.timestampMs;
    }
    pending.body = std::make_shared<HubFrameBody>(frame.kind, std::move(item), m_projectId);
    // Only this thread hands out seqs, so the next one is known before the
    // lock. The body is made by whoever reads it first (a stream's thread,
    // the history's), not here: this thread only orders frames, so a flood
    // is stamped at several hundred thousand a second while the streams
    // and the history make and write them on other cores.
    pending.body->setSeq(seq);
    return {std::move(frame), std::move(pending)};
}

void EventHub::deliver(HubFrame frame, Pending pending, std::vector<HubFrame> *evicted)
{
    frame.seq = m_nextSeq++;
    frame.body = std::move(pending.body);

    // The snapshot's state moves in the same critical section as the seq,
    // so a snapshot's seq says exactly which frames it already reflects.
    if (pending.channel == Pending::Packer) {
        switch (pending.operationState) {
        case Pending::Started:
            m_running.insert(frame.operationId, Running{frame, {}, {}});
            break;
        case Pending::Finished:
            m_running.remove(frame.operationId);
            break;
        case Pending::Progress:
            if (auto it = m_running.find(frame.operationId); it != m_running.end()) {
                it->progress = pending.progress;
                it->summary = frame.summary;
            }
            break;
        case Pending::None:
            break;
        }
    } else if (pending.channel == Pending::Session) {
        m_sessionState = frame.state;
        m_run = quint32(frame.run);
    }
    switch (pending.outcome) {
    case Pending::HitLocal: ++m_metrics.cacheHitsLocal; m_metrics.bytesFromCache += pending.storedBytes; break;
    case Pending::HitRemote: ++m_metrics.cacheHitsRemote; m_metrics.bytesFromCache += pending.storedBytes; break;
    case Pending::Converted: ++m_metrics.cacheMissesConverted; m_metrics.bytesConverted += pending.storedBytes; break;
    case Pending::Failed: ++m_metrics.cacheMissesFailed; break;
    case Pending::NoOutcome: break;
    }
    m_metrics.remoteBytesDown += pending.remoteDown;
    m_metrics.remoteBytesUp += pending.remoteUp;
    m_metrics.remoteErrors += pending.remoteErrors;

    m_recent.push_back(std::move(frame));
    if (qsizetype(m_recent.size()) > m_recentLimit) {
        evicted->push_back(std::move(m_recent.front()));
        m_recent.pop_front();
    }
    const HubFrame &stored = m_recent.back();
    for (HubSubscription *subscription : m_subscribers) {
        if (!subscription->m_filter.matches(stored)) {
            // Nothing waiting: the cursor moves past what it will never want.
            if (subscription->m_pending == 0)
                subscription->m_cursor = stored.seq;
            continue;
        }
        if (subscription->m_overflowed) {
            ++subscription->m_lost; // it must resynchronise anyway
            continue;
        }
        if (++subscription->m_pending > subscription->m_maxQueued) {
            subscription->m_overflowed = true;
            ++subscription->m_overflows;
            subscription->m_lost += quint64(subscription->m_pending);
            subscription->m_queue.clear();
        } else if (subscription->m_ownQueue) {
            subscription->m_queue.push_back(stored);
        }
        if (!std::exchange(subscription->m_notified, true))
            QMetaObject::invokeMethod(subscription, &HubSubscription::framesAvailable, Qt::QueuedConnection);
    }
}

EventHub::Metrics EventHub::metrics() const
{
    waitForNumbering();
    settle();
    QMutexLocker locker(&m_mutex);
    Metrics metrics = m_metrics;
    metrics.lastSeq = m_nextSeq - 1;
    metrics.subscribers = int(m_subscribers.size());
    metrics.sessionState = m_sessionState;
    metrics.run = m_run;
    return metrics;
}

quint64 EventHub::lastSeq() const
{
    waitForNumbering();
    settle();
    QMutexLocker locker(&m_mutex);
    return m_nextSeq - 1;
}

EventHub::Snapshot EventHub::snapshot() const
{
    waitForNumbering();
    settle();
    QMutexLocker locker(&m_mutex);
    Snapshot snapshot;
    snapshot.seq = m_nextSeq - 1;
    for (const Running &running : m_running) {
        QJsonObject operation = running.started.envelope();
        if (!running.progress.isEmpty()) {
            operation.insert(u"progress"_s, running.progress);
            operation.insert(u"summary"_s, running.summary);
        }
        snapshot.runningOperations.append(operation);
    }
    std::sort(snapshot.runningOperations.begin(), snapshot.runningOperations.end(),
              [](const QJsonObject &a, const QJsonObject &b) {
                  return a.value(u"seq"_s).toInteger() < b.value(u"seq"_s).toInteger();
              });
    snapshot.sessionState = m_sessionState;
    snapshot.run = m_run;
    return snapshot;
}

QList<HubFrame> EventHub::recentAfter(quint64 after, qsizetype limit, bool *complete) const
{
    waitForNumbering();
    settle();
    QMutexLocker locker(&m_mutex);
    QList<HubFrame> frames;
    if (complete)
        *complete = m_recent.empty() ? after + 1 >= m_nextSeq : after + 1 >= m_recent.front().seq;
    // Seqs in memory are consecutive: index straight to the first wanted.
    if (m_recent.empty() || after >= m_recent.back().seq)
        return frames;
    const quint64 first = m_recent.front().seq;
    auto it = m_recent.begin() + (after < first ? 0 : qsizetype(after - first + 1));
    for (; it != m_recent.end() && frames.size() < limit; ++it)
        frames.append(*it);
    return frames;
}

quint64 EventHub::oldestRecentSeq() const
{
    waitForNumbering();
    settle();
    QMutexLocker locker(&m_mutex);
    return m_recent.empty() ? m_nextSeq : m_recent.front().seq;
}

std::shared_ptr<HubSubscription> EventHub::subscribe(const FrameFilter &filter, qsizetype maxQueued)
{
    waitForNumbering();
    settle();
    QMutexLocker locker(&m_mutex);
    return addSubscriber(filter, maxQueued, m_nextSeq - 1);
}

std::shared_ptr<HubSubscription> EventHub::subscribeFromFirst(const FrameFilter &filter, qsizetype maxQueued,
                                                              quint64 firstSeq)
{
    QMutexLocker locker(&m_mutex);
    Q_ASSERT(m_recent.empty());
    return addSubscriber(filter, maxQueued, qMax<quint64>(1, firstSeq) - 1);
}

std::shared_ptr<HubSubscription> EventHub::addSubscriber(const FrameFilter &filter, qsizetype maxQueued, quint64 cursor)
{
    std::shared_ptr<HubSubscription> subscription(new HubSubscription(this, filter, maxQueued, cursor));
    m_subscribers.push_back(subscription.get());
    if (!subscription->m_ownQueue)
        m_liveSubscribers.fetch_add(1);
    return subscription;
}

void EventHub::unsubscribe(HubSubscription *subscription)
{
    QMutexLocker locker(&m_mutex);
    if (std::erase(m_subscribers, subscription) > 0 && !subscription->m_ownQueue)
        m_liveSubscribers.fetch_sub(1);
}

QList<HubFrame> EventHub::takeFor(HubSubscription *subscription, bool *overflowed, quint64 *lostFrames)
{
    QMutexLocker locker(&m_mutex);
    subscription->m_notified = false;
    QList<HubFrame> frames;
    bool lost = std::exchange(subscription->m_overflowed, false);
    if (subscription->m_ownQueue) {
        frames = subscription->takeQueue();
    } else if (!lost && subscription->m_pending > 0 && !m_recent.empty()) {
        const quint64 first = m_recent.front().seq;
        const quint64 after = subscription->m_cursor;
        frames.reserve(subscription->m_pending);
        for (auto it = m_recent.begin() + (after < first ? 0 : qsizetype(after - first + 1)); it != m_recent.end(); ++it) {
            if (subscription->m_filter.matches(*it))
                frames.append(*it);
        }
        // Some it was owed have already left memory.
        if (frames.size() < subscription->m_pending) {
            lost = true;
            ++subscription->m_overflows;
            subscription->m_lost += quint64(subscription->m_pending);
            frames.clear();
        }
    }
    subscription->m_cursor = m_nextSeq - 1;
    subscription->m_pending = 0;
    if (overflowed)
        *overflowed = lost;
    if (lostFrames)
        *lostFrames = subscription->m_lost;
    subscription->m_lost = 0;
    return frames;
}

HubSubscription::HubSubscription(EventHub *hub, FrameFilter filter, qsizetype maxQueued, quint64 cursor)
    : m_hub(hub)
    , m_filter(std::move(filter))
    , m_maxQueued(qMax<qsizetype>(1, maxQueued))
    , m_cursor(cursor)
    , m_ownQueue(m_maxQueued > hub->m_recentLimit)
{
}

HubSubscription::~HubSubscription()
{
    if (m_hub)
        m_hub->unsubscribe(this);
}

QList<HubFrame> HubSubscription::take(bool *overflowed, quint64 *lostFrames)
{
    if (m_hub)
        m_hub->settle(); // what was published before this call is the subscriber's too
    return takeStamped(overflowed, lostFrames);
}

QList<HubFrame> HubSubscription::takeStamped(bool *overflowed, quint64 *lostFrames)
{
    if (!m_hub) {
        // The hub is gone and publishes no more: what was queued for this
        // subscriber is still its own.
        if (overflowed)
            *overflowed = std::exchange(m_overflowed, false);
        if (lostFrames)
            *lostFrames = std::exchange(m_lost, 0);
        return takeQueue();
    }
    return m_hub->takeFor(this, overflowed, lostFrames);
}

QList<HubFrame> HubSubscription::takeQueue()
{
    QList<HubFrame> frames;
    frames.reserve(qsizetype(m_queue.size()));
    std::move(m_queue.begin(), m_queue.end(), std::back_inserter(frames));
    m_queue.clear();
    return frames;
}

quint64 HubSubscription::overflowCount() const
{
    if (!m_hub)
        return m_overflows;
    QMutexLocker locker(&m_hub->m_mutex);
    return m_overflows;
}

} // namespace Prometeu
