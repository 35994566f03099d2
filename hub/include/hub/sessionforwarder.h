#pragma once

#include <QObject>
#include <QTimer>

namespace Prometeu {

class EventHub;
class ExecutionSession;

// Puts an execution session on the hub: state changes as they happen, and
// log lines in batches read from the merged log every few milliseconds
// (a runtime printing a million lines a second must not pay per line).
class SessionForwarder : public QObject
{
    Q_OBJECT
public:
    static constexpr int pollIntervalMs = 25;
    static constexpr qsizetype maxLinesPerPoll = 20'000;

    SessionForwarder(ExecutionSession *session, EventHub *hub, QObject *parent = nullptr);

    // Forwards whatever the log holds now (e.g. before a snapshot in tests).
    void flush();

private:
    ExecutionSession *m_session;
    EventHub *m_hub;
    QTimer m_timer;
    quint64 m_lastSequence = 0;
};

} // namespace Prometeu
