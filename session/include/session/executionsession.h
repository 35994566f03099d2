#pragma once

#include "session/mergedlog.h"
#include "session/sessionstate.h"

#include <QObject>

namespace Prometeu {

// One per open project, owned by the application context, never by a
// window or workspace: it keeps its state and log whether or not anything
// shows them.
//
// The shipper and runtime adapters (issue #4, next steps) drive it through
// beginRun() and transitionTo(); every change is logged as a `studio` entry
// that retention never drops, and signalled.
class ExecutionSession : public QObject
{
    Q_OBJECT
public:
    explicit ExecutionSession(qsizetype logRunLimit = MergedLog::defaultRunLimit, QObject *parent = nullptr);

    SessionState state() const;
    quint32 currentRun() const;
    // When the current run began (Play) and, once it reached a final state,
    // ended; ms since the epoch, 0 when not applicable. For elapsed-time
    // displays that may be created mid-run.
    qint64 runStartedMs() const;
    qint64 runEndedMs() const;
    // The reason given for the latest transition.
    QString lastReason() const;
    MergedLog &log() { return m_log; }
    const MergedLog &log() const { return m_log; }

    // Play: starts a new run and enters preparing. Refused (false, with
    // *refusal set) unless the state allows Play.
    bool beginRun(QString *refusal = nullptr);
    // Numbers the next run after `lastRun` (e.g. the last one a project's
    // history holds). Only before the first run.
    void continueRunsAfter(quint32 lastRun);
    // Moves along the transition table. An illegal transition is refused
    // with a reason and changes nothing.
    bool transitionTo(SessionState next, const QString &reason, QString *refusal = nullptr);

    // Appends a line to the current run (thread-safe).
    void appendLog(LogSource source, LogSeverity severity, const QString &message, const QString &asset = {},
                   int line = 0);
    // Several at once, in one batch for the log's readers (thread-safe).
    void appendLog(QList<LogEntry> entries);

Q_SIGNALS:
    void stateChanged(Prometeu::SessionState previous, Prometeu::SessionState current, const QString &reason);

private:
    mutable QMutex m_stateMutex;
    SessionState m_state = SessionState::Idle;
    quint32 m_run = 0;
    qint64 m_runStartedMs = 0;
    qint64 m_runEndedMs = 0;
    QString m_lastReason;
    MergedLog m_log;
};

} // namespace Prometeu
