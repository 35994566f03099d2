#pragma once

#include "hub/eventhistory.h"

#include <support/backgroundpriority.h>

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <QJsonArray>

#include <future>
#include <memory>

namespace Prometeu {

class EventHub;
class HubSubscription;

// Writes everything on the hub into the project's history, on a thread of
// its own and in batches (at most one transaction every flushIntervalMs,
// counted from the start of the one before): neither the packer nor the
// GUI ever waits for SQLite.
class HistoryRecorder : public QObject
{
    Q_OBJECT
public:
    static constexpr int flushIntervalMs = 100;
    static constexpr qsizetype maxQueued = 200'000;
    static constexpr int retryIntervalMs = 1'000;

    // `writing`: where the recorder's thread runs against the caller's.
    explicit HistoryRecorder(ServicePriority writing = ServicePriority::BelowCaller, QObject *parent = nullptr);
    ~HistoryRecorder() override;

    // What opening the history found, for openAsync().
    struct Opening {
        bool ok = false;
        QString error;
        quint64 maxSeq = 0;
        quint32 maxRun = 0;
        int interrupted = 0;
        QString loss; // EventHistory::lossOnOpen()
        QJsonArray earlierOperations; // the latest `earlierLimit` operations' streams
    };
    // Opens the history and attaches `hub` to it on the recorder's thread,
    // without the caller waiting: a project opens with no SQLite work on
    // its thread. `hub` was made with `numbering`'s future and stamps
    // nothing until it is set (the highest stored seq + 1, or 1 when the
    // history cannot be kept). The result is the future's and opened()'s.
    std::shared_future<Opening> openAsync(const QString &path, const EventHistory::Limits &limits, EventHub *hub,
                                          std::promise<quint64> numbering, qsizetype earlierLimit);
    // Waits until everything published so far is committed.
    void flush();

Q_SIGNALS:
    // Once when writes start failing (a full disk, a damaged file), with the
    // cause; the frames are kept and retried every retryIntervalMs, up to
    // maxQueued of them.
    void recordFailed(const QString &reason);
    // Once when writes succeed again; `framesLost` did not fit while they
    // failed and are missing from the history (counted in it, too).
    void recordResumed(quint64 framesLost);
    // openAsync() is done (emitted from the recorder's thread).
    void opened(const HistoryRecorder::Opening &opening);

private:
    void drain();
    void subscribeTo(std::shared_ptr<HubSubscription> subscription); // on the recorder's thread

    QThread m_thread;
    QObject *m_worker = nullptr; // lives in m_thread; owns the connection
    std::unique_ptr<EventHistory> m_history;
    std::shared_ptr<HubSubscription> m_subscription;
    QList<HubFrame> m_unwritten; // taken from the hub, not yet committed
    quint64 m_lost = 0;          // not yet counted in the history
    bool m_failing = false;
    QTimer *m_retry = nullptr;
    QElapsedTimer m_sinceDrain; // started when the last batch was taken
};

} // namespace Prometeu
