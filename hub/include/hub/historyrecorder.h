#pragma once

#include "hub/eventhistory.h"

#include <QObject>
#include <QThread>
#include <QTimer>

#include <memory>

namespace Prometeu {

class EventHub;
class HubSubscription;

// Writes everything on the hub into the project's history, on a thread of
// its own and in batches (one transaction every flushIntervalMs): neither
// the packer nor the GUI ever waits for SQLite.
class HistoryRecorder : public QObject
{
    Q_OBJECT
public:
    static constexpr int flushIntervalMs = 100;
    static constexpr qsizetype maxQueued = 200'000;

    explicit HistoryRecorder(QObject *parent = nullptr);
    ~HistoryRecorder() override;

    // Opens the history (marking unfinished streams interrupted) on the
    // recorder's thread. Returns the highest stored seq, for the hub.
    bool open(const QString &path, const EventHistory::Limits &limits, quint64 *maxSeq, QString *error);
    int interruptedOnOpen() const { return m_interrupted; }
    void attach(EventHub *hub);
    // Waits until everything published so far is committed.
    void flush();

Q_SIGNALS:
    void recordFailed(const QString &reason);

private:
    void drain();

    QThread m_thread;
    QObject *m_worker = nullptr; // lives in m_thread; owns the connection
    std::unique_ptr<EventHistory> m_history;
    std::shared_ptr<HubSubscription> m_subscription;
    int m_interrupted = 0;
};

} // namespace Prometeu
