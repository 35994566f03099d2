#pragma once

#include <QObject>

#include <session/logentry.h>

#include <memory>

namespace Prometeu {

class EventHub;
class ExecutionSession;
class LogFollower;

// Puts an execution session on the hub: state changes as they happen, and
// every log line, in order, when the merged log says it grew (a
// LogFollower: no polling; a runtime printing a million lines a second
// wakes it once per burst). Lines go over in batches of linesPerBatch (one
// hub intake lock each), and a longer backlog is worked off from the event
// loop, so a flood never holds the thread that owns the session for long.
// Nothing is left out here: a stream client that cannot keep up is told
// exactly how much it missed (a reset) and resumes from history.
class SessionForwarder : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype linesPerBatch = 4096;

    SessionForwarder(ExecutionSession *session, EventHub *hub, QObject *parent = nullptr);
    ~SessionForwarder() override;

    // Forwards whatever the log holds now (before a state change, at exit).
    void flush();

private:
    // One batch; whether more is waiting.
    bool forwardBatch();
    void forward();

    ExecutionSession *m_session;
    EventHub *m_hub;
    std::unique_ptr<LogFollower> m_follower;
    quint64 m_lastSequence = 0;
    bool m_continuing = false; // a forward() is queued for the backlog
    QList<LogEntry> m_batch;
};

} // namespace Prometeu
