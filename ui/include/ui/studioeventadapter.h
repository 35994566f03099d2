#pragma once

#include <packer/packereventsink.h>

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <deque>
#include <optional>

class QTimer;

namespace Prometeu {

// The Studio's packer event sink: receives events on worker threads and
// hands them to the GUI thread in batches through one queued call at a time
// (never one queued call per event).
//
// Coalescing touches only progress_updated: consecutive progress events of
// one operation collapse to the latest, and an operation gets at most one
// every progressIntervalMs. A pending progress event is always handed over
// before the next non-progress event of its operation, so per-operation
// sequence order holds and the latest progress before any milestone is
// never lost. Every other event is delivered individually, in order. The
// adapter passes the packer's events through unchanged: it invents nothing.
//
// Lives in (and must be created on) the thread that consumes the batches.
class StudioEventAdapter final : public QObject, public PackerEventSink
{
    Q_OBJECT
public:
    static constexpr int defaultMaxBatch = 500;
    static constexpr int defaultProgressIntervalMs = 33; // ~30 per second

    struct Statistics {
        quint64 received = 0;
        quint64 delivered = 0;
        quint64 coalesced = 0; // progress events replaced by a later one
        quint64 batches = 0;
        qsizetype largestBatch = 0;
    };

    explicit StudioEventAdapter(QObject *parent = nullptr);
    ~StudioEventAdapter() override;

    // Bounds the GUI-thread work of one delivery; the rest follows in the
    // next turn of the event loop.
    void setMaxBatchSize(int events);
    void setProgressInterval(int milliseconds);

    // Any thread; never blocks on the consumer.
    void publish(const PackerEvent &event) override;

    Statistics statistics() const;
    // Events received but not yet delivered (including pending progress).
    qsizetype backlog() const;

Q_SIGNALS:
    void eventsPublished(const QList<Prometeu::PackerEvent> &events);

private:
    struct ProgressLane {
        std::optional<PackerEvent> pending;
        qint64 lastDeliveredMs = -1'000'000;
    };

    void flush();
    void scheduleFlushLocked();

    mutable QMutex m_mutex;
    std::deque<PackerEvent> m_queue;
    QHash<QString, ProgressLane> m_progress; // by operation_id, while it runs
    bool m_flushScheduled = false;
    QElapsedTimer m_clock;
    int m_maxBatch = defaultMaxBatch;
    int m_progressIntervalMs = defaultProgressIntervalMs;
    Statistics m_statistics;
    QTimer *m_progressTimer;
};

} // namespace Prometeu
