#pragma once

#include "session/logentry.h"

#include <support/headtailwindow.h>

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace Prometeu {

class MergedLog;

// One reader's doorbell on the merged log: entriesAppended is emitted
// (queued, in the follower's thread) on the first append after the reader
// armed it, so a reader wakes once per burst and never when the log is
// quiet. Arm first, then read everything after what was read: an append
// that races the read rings once more, none is missed.
class LogFollower : public QObject
{
    Q_OBJECT
public:
    ~LogFollower() override;
    void arm() { m_armed.store(true, std::memory_order_release); }

Q_SIGNALS:
    void entriesAppended();

private:
    friend class MergedLog;
    explicit LogFollower(const MergedLog *log) : m_log(log) {}
    const MergedLog *m_log; // under the log's mutex
    std::atomic<bool> m_armed{true};
};

// The session's one log: build, pack-validation, pack, runtime and studio
// lines, each stamped with a session-wide sequence.
//
// append() may be called from any thread; it holds a mutex only for a few
// pointer moves, so writers never wait on readers doing real work.
//
// Retention is per run and keeps the story: when a run exceeds the limit,
// its first half stays, then one marker entry counting what was dropped,
// then every state change and error from the dropped middle, then the
// newest entries. State changes and errors are never dropped.
class MergedLog
{
public:
    static constexpr qsizetype defaultRunLimit = 1'000'000;

    explicit MergedLog(qsizetype runLimit = defaultRunLimit);
    ~MergedLog();
    MergedLog(const MergedLog &) = delete;
    MergedLog &operator=(const MergedLog &) = delete;

    // A doorbell for a reader that follows the tail (views, the hub's
    // forwarder, the CLI's printer), armed. It lives in the calling thread.
    std::unique_ptr<LogFollower> follow() const;

    // Stamps sequence and (if unset) timestamp; returns the sequence.
    quint64 append(LogEntry entry);
    // Appends many entries under one lock (e.g. a burst of runtime output).
    void append(QList<LogEntry> entries);

    // Every retained entry, run by run in story order: head, drop marker,
    // kept state changes and errors, tail. A drop marker carries the
    // sequence of the first entry it replaced; every other sequence is unique.
    QList<LogEntry> entries() const;
    QList<LogEntry> entries(quint32 run) const;
    // Real entries (no markers) with sequence > `after`, for views that
    // follow the tail; `after` = 0 is the same as entries().
    QList<LogEntry> entriesAfter(quint64 after) const;

    // For views that are a window over the log rather than a copy of it:
    // visits, under the lock and in story order, up to `limit` entries with
    // sequence > `after` (drop markers included when after = 0) and returns
    // how many it visited. The visitor must be quick and must not call back
    // into the log.
    qsizetype visitAfter(quint64 after, qsizetype limit,
                         const std::function<void(const LogEntry &)> &visitor) const;
    // The entry with this sequence, if it is still retained (binary search).
    // A drop marker shares the sequence of the first entry it replaced: ask
    // for it with `dropMarker`.
    std::optional<LogEntry> find(quint64 sequence, bool dropMarker = false) const;
    // Number of entries ever dropped by retention, across runs; a view
    // compares it to notice that rows it holds may be gone.
    quint64 totalDropped() const;

    qsizetype size() const;
    quint64 lastSequence() const;
    quint64 droppedCount(quint32 run) const;
    qsizetype runLimit() const { return m_runLimit; }

private:
    friend class LogFollower;
    struct Run {
        explicit Run(qsizetype limit) : window(limit / 2, limit - limit / 2) {}
        HeadTailWindow<LogEntry> window;
        std::deque<LogEntry> keptMiddle; // the marker first, then protected entries
        RetentionGap gap;               // the entries dropped from the middle
    };

    void appendLocked(LogEntry &entry);
    void ringFollowers();
    // Visits the run's entries with sequence > `after` in story order (drop
    // markers only when after = 0), counting in *visited; false once
    // `limit` (if >= 0) is reached.
    static bool visitRun(const Run &run, quint64 after, qsizetype limit, qsizetype *visited,
                         const std::function<void(const LogEntry &)> &visitor);
    // The retained run (QHash::operator[] const would copy it).
    const Run &run(quint32 id) const { return *m_runs.constFind(id); }

    const qsizetype m_runLimit;
    mutable QMutex m_mutex;
    QHash<quint32, Run> m_runs;
    QList<quint32> m_runOrder;
    quint64 m_sequence = 0;
    quint64 m_totalDropped = 0;
    qsizetype m_size = 0;
    mutable std::vector<LogFollower *> m_followers;
};

} // namespace Prometeu
