#pragma once

#include "hub/hubframe.h"

#include <packer/packerevent.h>
#include <packer/packereventsink.h>
#include <session/logentry.h>
#include <session/sessionstate.h>
#include <support/backgroundpriority.h>

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

namespace Prometeu {

class HubSubscription;

// The one channel every outside watcher reads: packer events, session log
// lines and state changes, each stamped with a process-wide monotonic `seq`
// and an envelope hash. Publishing is thread-safe and queue-and-return: the
// publisher (often inside its own lock: the operation publisher's, the
// fan-out sink's, the merged log's) only appends a value to the intake;
// the hub's stamping thread assigns seqs in intake order and delivers.
// A frame's envelope, canonical JSON and hash (HubFrameBody) are made by
// whoever reads it first (a stream's thread, the history's), never by the
// stamping thread, which only orders. Reading calls (lastSeq,
// snapshot, recentAfter, subscribe) first wait until everything published
// before them is stamped, so a caller sees its own publishes.
// Publishing never waits for a subscriber: each has a bounded queue, and
// one that falls behind is told to resynchronise (its queue overflowed)
// instead of slowing the packer.
//
// Keeps the most recent frames in memory, so a client that reconnects with
// the last `seq` it saw is resumed without touching the history database.
class EventHub : public QObject, public PackerEventSink
{
    Q_OBJECT
public:
    static constexpr qsizetype defaultRecentFrames = 50'000;

    // `firstSeq`: where numbering starts (after what history already holds,
    // so seq stays monotonic across restarts of one project).
    // `stamping`: where the stamper's thread runs against the caller's.
    explicit EventHub(QString projectId, quint64 firstSeq = 1, qsizetype recentFrames = defaultRecentFrames,
                      ServicePriority stamping = ServicePriority::BelowCaller, QObject *parent = nullptr);
    // The same with numbering known later (when the history has been opened
    // on its own thread): publishing goes on at once, stamping waits for it
    // on the hub's thread, and reading calls wait for it too.
    EventHub(QString projectId, std::shared_future<quint64> firstSeq, qsizetype recentFrames = defaultRecentFrames,
             ServicePriority stamping = ServicePriority::BelowCaller, QObject *parent = nullptr);
    ~EventHub() override;

    QString projectId() const { return m_projectId; }

    // PackerEventSink: any thread.
    void publish(const PackerEvent &event) override;
    void publishLog(const LogEntry &entry);
    // Many at once, in order (one intake lock for all of them).
    void publishLogs(const QList<LogEntry> &entries);
    void publishStateChange(SessionState previous, SessionState current, const QString &reason, quint32 run);

    quint64 lastSeq() const;
    // Waits until every frame published before this call is stamped and
    // delivered.
    void settle() const;

    struct Snapshot {
        quint64 seq = 0; // the state below reflects every frame up to this one
        QList<QJsonObject> runningOperations; // their operation_started envelopes, latest progress merged
        QString sessionState = QStringLiteral("idle");
        quint32 run = 0;
        QJsonObject toJson() const;
    };
    Snapshot snapshot() const;

    // Counts since this hub started, for /metrics: frames by kind, and what
    // builds said about the cache (from their cache_hit, cache_miss and
    // build_finished payloads).
    struct Metrics {
        quint64 lastSeq = 0;
        QHash<QString, quint64> framesByKind;
        int subscribers = 0;
        quint64 cacheHitsLocal = 0;
        quint64 cacheHitsRemote = 0;
        quint64 cacheMissesConverted = 0;
        quint64 cacheMissesFailed = 0;
        quint64 bytesFromCache = 0;  // stored bytes of the hits
        quint64 bytesConverted = 0;  // stored bytes of the conversions
        quint64 remoteBytesDown = 0; // from the team cache
        quint64 remoteBytesUp = 0;
        quint64 remoteErrors = 0;
        QString sessionState;
        quint32 run = 0;
    };
    Metrics metrics() const;

    // Frames with seq > `after`, oldest first, up to `limit`. *complete is
    // false when frames after `after` have already left memory (the caller
    // then reads history first).
    QList<HubFrame> recentAfter(quint64 after, qsizetype limit, bool *complete) const;
    quint64 oldestRecentSeq() const;

    // A subscriber sees every matching frame published after this call.
    std::shared_ptr<HubSubscription> subscribe(const FrameFilter &filter, qsizetype maxQueued);
    // One that sees every frame, from the first: only while the numbering
    // is still unknown (no frame can have been stamped), by whoever is
    // about to make it known. Never waits.
    std::shared_ptr<HubSubscription> subscribeFromFirst(const FrameFilter &filter, qsizetype maxQueued,
                                                        quint64 firstSeq);

private:
    friend class HubSubscription;
    // One frame's source, or a batch of log lines handed over whole
    // (implicitly shared: publishing thousands of lines costs the
    // publisher, often the GUI thread, one reference, not a copy each,
    // nor the reallocation of an intake that grew while the stamper lagged).
    using Intake = std::variant<HubSource, QList<LogEntry>>;
    void enqueue(Intake item, size_t frames);
    // Under m_intakeMutex, once the intake grew from `before` frames: whether
    // the stamper must be woken for it (idle, or a lingering batch now full).
    bool stamperNeedsWaking(size_t before) const;
    void stampLoop();
    // What stamping worked out for the hub's own state, besides the frame.
    struct Pending {
        enum { Packer, Log, Session } channel = Log;
        // What this frame adds to the cache metrics (worked out off the lock).
        enum { NoOutcome, HitLocal, HitRemote, Converted, Failed } outcome = NoOutcome;
        quint64 storedBytes = 0;
        quint64 remoteDown = 0, remoteUp = 0, remoteErrors = 0;
        enum { None, Started, Progress, Finished } operationState = None;
        QJsonObject progress;
        std::shared_ptr<HubFrameBody> body;
    };
    struct Running {
        HubFrame started;
        QJsonObject progress; // the latest, if any
        QString summary;      // with it
    };
    // Stamps and delivers what the intake held (`frames` frames).
    void stampBatch(std::vector<Intake> &batch, size_t frames);
    std::pair<HubFrame, Pending> stamp(HubSource &&item, quint64 seq);
    // Under m_mutex; what leaves the recent frames goes to *evicted.
    void deliver(HubFrame frame, Pending pending, std::vector<HubFrame> *evicted);
    void unsubscribe(HubSubscription *subscription);
    // Under m_mutex: a subscriber whose cursor is `cursor` (it sees what comes after).
    std::shared_ptr<HubSubscription> addSubscriber(const FrameFilter &filter, qsizetype maxQueued, quint64 cursor);
    QList<HubFrame> takeFor(HubSubscription *subscription, bool *overflowed, quint64 *lostFrames);

    const QString m_projectId;
    const qsizetype m_recentLimit;

    // The intake: appended to by publishers, emptied by the stamping thread.
    // std:: primitives so ThreadSanitizer sees the hand-over.
    mutable std::mutex m_intakeMutex;
    mutable std::condition_variable m_intakeChanged;
    std::vector<Intake> m_intake;
    size_t m_intakeFrames = 0; // the frames m_intake stands for
    quint64 m_enqueued = 0; // frames ever published
    quint64 m_stamped = 0;  // of those, delivered
    // What the stamper is waiting for, so a publisher wakes it only when
    // it has to: from idle on the first item, while lingering after a
    // batch only once a whole batch is waiting (or a reader settles).
    enum class StamperWait { Working, Idle, Lingering } m_stamperWait = StamperWait::Working;
    mutable int m_settling = 0; // readers in settle(): the stamper must not linger
    bool m_stopping = false;
    bool m_stamperDone = false;
    // A QThread (not a bare std::thread): it posts queued notifications to
    // subscribers, which Qt expects from a thread it knows.
    std::unique_ptr<QThread> m_stamper;

    mutable QMutex m_mutex;
    quint64 m_nextSeq = 1;
    std::shared_future<quint64> m_firstSeq; // m_nextSeq's start; waited for once by the stamper
    void waitForNumbering() const { m_firstSeq.wait(); }
    std::deque<HubFrame> m_recent;
    std::vector<HubSubscription *> m_subscribers;
    std::atomic<int> m_liveSubscribers = 0; // those reading from memory (streams), not from a queue of their own
    QHash<QString, Running> m_running; // operation id -> its operation_started (+ latest progress)
    QString m_sessionState = QStringLiteral("idle");
    quint32 m_run = 0;
    Metrics m_metrics; // under m_mutex
};

// One subscriber's view of the channel: a cursor into the hub's recent
// frames, not a copy of them, so publishing costs the same for one
// subscriber or a hundred (a flag and a counter each). Its queue is what
// lies between the cursor and the newest frame; one that falls more than
// maxQueued matching frames behind is told it overflowed. A subscriber
// that may fall further behind than the hub's memory reaches (the history
// recorder) gets a queue of its own instead. framesAvailable is emitted
// (queued, in the thread the subscription lives in) once per burst: when a
// frame arrives and none has since the last take.
class HubSubscription : public QObject
{
    Q_OBJECT
public:
    ~HubSubscription() override;

    // Every matching frame published since the last take; *overflowed is
    // set (and the flag cleared) if some were lost since the last take
    // because the subscriber fell too far behind, and *lostFrames says how
    // many.
    // Waits first until what was published before the call is stamped.
    QList<HubFrame> take(bool *overflowed = nullptr, quint64 *lostFrames = nullptr);
    // The same without the wait: what is stamped now (the rest rings
    // framesAvailable when it is). For readers that follow the
    // notifications, such as a stream, which must never wait for the hub.
    QList<HubFrame> takeStamped(bool *overflowed = nullptr, quint64 *lostFrames = nullptr);
    quint64 overflowCount() const;

Q_SIGNALS:
    void framesAvailable();

private:
    friend class EventHub;
    HubSubscription(EventHub *hub, FrameFilter filter, qsizetype maxQueued, quint64 cursor);

    // All under the hub's lock.
    EventHub *m_hub;
    const FrameFilter m_filter;
    const qsizetype m_maxQueued;
    quint64 m_cursor;          // frames up to this seq were taken (or did not match)
    qsizetype m_pending = 0;   // matching frames after the cursor
    bool m_overflowed = false;
    bool m_notified = false;
    quint64 m_overflows = 0;
    quint64 m_lost = 0;        // matching frames dropped since the last take
    const bool m_ownQueue;     // maxQueued reaches past the hub's memory
    // Only then. In blocks, not one array: a backlog of 10,000 frames grew
    // by reallocation on the stamping thread, which was half its work.
    std::deque<HubFrame> m_queue;
    QList<HubFrame> takeQueue();
};

} // namespace Prometeu
