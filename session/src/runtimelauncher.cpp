#include "session/runtimelauncher.h"

#include "session/executionsession.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class LauncherText
{
    Q_DECLARE_TR_FUNCTIONS(RuntimeLauncher)
};

// Reads the runtime's "<LEVEL> text" convention; anything else keeps the
// channel's default severity. `text` views the read buffer: the message
// is the line's only allocation.
LogEntry toEntry(QByteArrayView text, bool fromStderr)
{
    LogEntry entry;
    entry.source = LogSource::Runtime;
    entry.severity = fromStderr ? LogSeverity::Warning : LogSeverity::Info;
    if (text.endsWith('\r'))
        text.chop(1);
    static const std::pair<QByteArrayView, LogSeverity> levels[] = {
        {"DEBUG ", LogSeverity::Debug}, {"INFO ", LogSeverity::Info},
        {"WARN ", LogSeverity::Warning}, {"ERROR ", LogSeverity::Error}};
    for (const auto &[prefix, severity] : levels) {
        if (text.startsWith(prefix)) {
            entry.severity = severity;
            text = text.sliced(prefix.size());
            break;
        }
    }
    entry.message = QString::fromUtf8(text);
    // "scripts/player.lua:12: ..." (a script error): link the line to the asset.
    if (text.contains(QByteArrayView(".lua:"))) {
        static const QRegularExpression scriptLine(u"([\\w./-]+\\.lua):(\\d+):"_s);
        const QRegularExpressionMatch match = scriptLine.match(entry.message);
        if (match.hasMatch())
            entry.setLocation(match.captured(1), match.captured(2).toInt());
    }
    return entry;
}

} // namespace

RuntimeLauncher::RuntimeLauncher(ExecutionSession *session, RuntimeConfig config, QString defaultRuntime,
                                 QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_config(std::move(config))
    , m_defaultRuntime(std::move(defaultRuntime))
    , m_connection(RuntimeConnection::create())
{
    m_killTimer.setSingleShot(true);
    // Its own process group: a Ctrl-C in the Studio's terminal must reach
    // the Studio, which then stops the game its own way (ask, grace, kill).
    // And if the Studio itself is killed (SIGKILL, a crash), the kernel
    // kills the game too, instead of leaving it running with no one to
    // stop it.
    m_process.setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    connect(&m_process, &QProcess::started, this, &RuntimeLauncher::onStarted);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onFailedToStart();
    });
    connect(&m_process, &QProcess::finished, this, &RuntimeLauncher::onFinished);
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { readOutput(QProcess::StandardOutput); });
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { readOutput(QProcess::StandardError); });
    connect(m_connection.get(), &RuntimeConnection::connected, this, [this](qint64 pid) {
        m_session->transitionTo(SessionState::Running, LauncherText::tr("handshake received from pid %1").arg(pid));
    });
    connect(m_connection.get(), &RuntimeConnection::failed, this, &RuntimeLauncher::fail);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        m_session->appendLog(LogSource::Studio, LogSeverity::Warning,
                             LauncherText::tr("The runtime did not stop within %1 ms; killing it.")
                                 .arg(m_config.stopGraceMs));
        m_process.kill();
    });
}

RuntimeLauncher::~RuntimeLauncher()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
}

bool RuntimeLauncher::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

void RuntimeLauncher::start(const QString &cartridgePath)
{
    m_stopRequested = false;
    m_failed = false;
    m_partial[0].clear();
    m_partial[1].clear();

    QStringList command = m_config.command;
    if (command.isEmpty()) {
        command = {m_defaultRuntime, u"{cartridge}"_s};
        if (m_headless)
            command.append(u"--headless"_s);
    }
    for (QString &argument : command)
        argument.replace(u"{cartridge}"_s, cartridgePath);

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (m_config.handshake) {
        QString error;
        if (!m_connection->listen(&error)) {
            fail(error);
            return;
        }
        environment.insert(u"PROMETEU_STUDIO_SOCKET"_s, m_connection->serverName());
        environment.insert(u"PROMETEU_STUDIO_TOKEN"_s, m_connection->token());
    }
    m_process.setProcessEnvironment(environment);
    m_session->appendLog(LogSource::Studio, LogSeverity::Info,
                         LauncherText::tr("Starting %1").arg(command.join(u' ')));
    m_process.start(command.first(), command.mid(1));
}

void RuntimeLauncher::onStarted()
{
    if (!m_config.handshake) {
        m_session->transitionTo(SessionState::Running, LauncherText::tr("process started (no handshake configured)"));
        return;
    }
    m_connection->expectHandshakeWithin(m_config.handshakeTimeoutMs);
}

void RuntimeLauncher::onFailedToStart()
{
    fail(LauncherText::tr("The runtime could not be started (%1): %2.")
             .arg(m_process.program(), m_process.errorString()));
}

void RuntimeLauncher::readOutput(QProcess::ProcessChannel channel)
{
    const int index = channel == QProcess::StandardOutput ? 0 : 1;
    m_process.setReadChannel(channel);
    QByteArray &buffer = m_partial[index];
    buffer += m_process.readAll();
    QList<LogEntry> batch;
    // Sized once: grown line by line, a 64 KiB read of short lines moved
    // thousands of entries a dozen times into fresh memory.
    batch.reserve(buffer.count('\n') + 1);
    qsizetype start = 0;
    for (qsizetype newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n', start)) {
        batch.append(toEntry(QByteArrayView(buffer).sliced(start, newline - start), index == 1));
        start = newline + 1;
    }
    buffer.remove(0, start);
    // A runtime that never ends its line must not grow memory forever.
    constexpr qsizetype maxLine = 64 * 1024;
    if (buffer.size() > maxLine) {
        batch.append(toEntry(buffer.left(maxLine) + " [line cut at 64 KiB]", index == 1));
        buffer.clear();
    }
    appendToRun(std::move(batch));
}

void RuntimeLauncher::appendToRun(QList<LogEntry> entries)
{
    if (entries.isEmpty())
        return;
    const quint32 run = m_session->currentRun();
    for (LogEntry &entry : entries)
        entry.run = run;
    m_session->log().append(std::move(entries));
}

void RuntimeLauncher::flushPartialLines()
{
    readOutput(QProcess::StandardOutput);
    readOutput(QProcess::StandardError);
    QList<LogEntry> rest;
    for (int index = 0; index < 2; ++index) {
        if (!m_partial[index].isEmpty())
            rest.append(toEntry(m_partial[index], index == 1));
        m_partial[index].clear();
    }
    appendToRun(std::move(rest));
}

void RuntimeLauncher::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_killTimer.stop();
    flushPartialLines();
    m_connection->close();
    const SessionState state = m_session->state();
    const QString how = status == QProcess::CrashExit
        ? LauncherText::tr("was killed by signal %1").arg(exitCode)
        : LauncherText::tr("exited with code %1").arg(exitCode);
    if (m_stopRequested) {
        m_session->transitionTo(SessionState::Stopped, LauncherText::tr("Stop: the runtime %1").arg(how));
    } else if (!m_failed && state == SessionState::Connecting) {
        m_session->transitionTo(SessionState::RuntimeFailed,
                                LauncherText::tr("The runtime %1 before it connected.").arg(how));
    } else if (!m_failed && state == SessionState::Running) {
        if (status == QProcess::NormalExit && exitCode == 0)
            m_session->transitionTo(SessionState::Stopped, LauncherText::tr("The game ended."));
        else
            m_session->transitionTo(SessionState::RuntimeFailed, LauncherText::tr("The runtime %1.").arg(how));
    }
    Q_EMIT processEnded();
}

void RuntimeLauncher::fail(const QString &reason)
{
    if (m_failed)
        return;
    m_failed = true;
    m_session->transitionTo(SessionState::RuntimeFailed, reason);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
    } else {
        Q_EMIT processEnded();
    }
}

void RuntimeLauncher::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_stopRequested = true;
    m_connection->sendStop();
    m_process.terminate();
    m_killTimer.start(qMax(0, m_config.stopGraceMs));
}

} // namespace Prometeu
