#include "session/executionsession.h"

#include <QDateTime>

#include <QCoreApplication>

namespace Prometeu {

namespace {
class SessionText
{
    Q_DECLARE_TR_FUNCTIONS(ExecutionSession)
};
} // namespace

ExecutionSession::ExecutionSession(qsizetype logRunLimit, QObject *parent)
    : QObject(parent)
    , m_log(logRunLimit)
{
}

SessionState ExecutionSession::state() const
{
    QMutexLocker locker(&m_stateMutex);
    return m_state;
}

quint32 ExecutionSession::currentRun() const
{
    QMutexLocker locker(&m_stateMutex);
    return m_run;
}

qint64 ExecutionSession::runStartedMs() const
{
    QMutexLocker locker(&m_stateMutex);
    return m_runStartedMs;
}

qint64 ExecutionSession::runEndedMs() const
{
    QMutexLocker locker(&m_stateMutex);
    return m_runEndedMs;
}

QString ExecutionSession::lastReason() const
{
    QMutexLocker locker(&m_stateMutex);
    return m_lastReason;
}

void ExecutionSession::continueRunsAfter(quint32 lastRun)
{
    QMutexLocker locker(&m_stateMutex);
    if (m_run == 0)
        m_run = lastRun;
}

bool ExecutionSession::beginRun(QString *refusal)
{
    {
        QMutexLocker locker(&m_stateMutex);
        if (!canPlayFrom(m_state)) {
            if (refusal)
                *refusal = SessionText::tr("Cannot play while the session is %1.").arg(wireName(m_state));
            return false;
        }
        ++m_run;
    }
    return transitionTo(SessionState::Preparing, SessionText::tr("Play"), refusal);
}

bool ExecutionSession::transitionTo(SessionState next, const QString &reason, QString *refusal)
{
    SessionState previous;
    quint32 run;
    {
        QMutexLocker locker(&m_stateMutex);
        previous = m_state;
        if (!isLegalTransition(previous, next)) {
            if (refusal) {
                *refusal = SessionText::tr("The session cannot go from %1 to %2.")
                               .arg(wireName(previous), wireName(next));
            }
            return false;
        }
        m_state = next;
        run = m_run;
        m_lastReason = reason;
        if (next == SessionState::Preparing)
            m_runStartedMs = QDateTime::currentMSecsSinceEpoch();
        m_runEndedMs = isActive(next) ? 0 : QDateTime::currentMSecsSinceEpoch();
    }
    LogEntry entry;
    entry.run = run;
    entry.source = LogSource::Studio;
    entry.severity = next == SessionState::PrepareFailed || next == SessionState::RuntimeFailed ? LogSeverity::Error
                                                                                                  : LogSeverity::Info;
    entry.isStateChange = true;
    entry.message = SessionText::tr("%1 → %2: %3").arg(wireName(previous), wireName(next), reason);
    m_log.append(entry);
    Q_EMIT stateChanged(previous, next, reason);
    return true;
}

void ExecutionSession::appendLog(LogSource source, LogSeverity severity, const QString &message,
                                 const QString &asset, int line)
{
    LogEntry entry;
    entry.run = currentRun();
    entry.source = source;
    entry.severity = severity;
    entry.message = message;
    entry.setLocation(asset, line);
    m_log.append(std::move(entry));
}

void ExecutionSession::appendLog(QList<LogEntry> entries)
{
    const quint32 run = currentRun();
    for (LogEntry &entry : entries)
        entry.run = run;
    m_log.append(std::move(entries));
}

} // namespace Prometeu
