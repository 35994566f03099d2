#pragma once

#include <QObject>
#include <QTimer>

namespace Prometeu {

class EventHub;
class ExecutionSession;
struct LogEntry;

// Puts an execution session on the hub: state changes as they happen, and
// log lines in batches read from the merged log every few milliseconds
// (a runtime printing a million lines a second must not pay per line).
//
// Every frame on the hub costs an envelope, its canonical JSON and a
// SHA-256 (about 20 µs), on this object's thread: the GUI's, in the Studio.
// So ordinary lines (debug, info) go on at most ordinaryLinesPerPoll per
// poll (10,000 a second); beyond that they are counted and one drop-marker
// frame says how many were left out. Warnings, errors, state changes and
// the merged log's own drop markers always go on. The Studio's log view
// and the merged log keep every line either way.
class SessionForwarder : public QObject
{
    Q_OBJECT
public:
    static constexpr int pollIntervalMs = 25;
    static constexpr qsizetype maxLinesPerPoll = 100'000;
    static constexpr int ordinaryLinesPerPoll = 250;

    SessionForwarder(ExecutionSession *session, EventHub *hub, QObject *parent = nullptr);

    // Forwards whatever the log holds now (e.g. before a snapshot in tests).
    void flush();

private:
    void publishSkipped(quint64 skipped, const LogEntry &last);

    ExecutionSession *m_session;
    EventHub *m_hub;
    QTimer m_timer;
    quint64 m_lastSequence = 0;
    int m_budget = ordinaryLinesPerPoll;
};

} // namespace Prometeu
