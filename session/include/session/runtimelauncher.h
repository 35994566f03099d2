#pragma once

#include <packer/project.h>

#include <QByteArray>
#include <QList>
#include <QLocalServer>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>

namespace Prometeu {

class ExecutionSession;
struct LogEntry;

// Starts the game's runtime process for a prepared cartridge and drives the
// session through connecting -> running -> stopped | runtime_failed.
//
// - The handshake (docs/runtime-protocol.md) must arrive within
//   runtime.handshake_timeout_ms, with the one-time token; with
//   "handshake": false a started process counts as connected.
// - stdout/stderr lines become `runtime` log entries; a partial last line is
//   kept until the process ends, never lost. Reading happens in the event
//   loop, in batches; the merged log's retention bounds memory under floods.
// - stop() asks (socket command + SIGTERM), waits runtime.stop_grace_ms,
//   then kills: it never hangs.
class RuntimeLauncher : public QObject
{
    Q_OBJECT
public:
    // `defaultRuntime` is the reference runtime's path, used when the
    // project does not name its own command.
    RuntimeLauncher(ExecutionSession *session, RuntimeConfig config, QString defaultRuntime,
                    QObject *parent = nullptr);
    ~RuntimeLauncher() override;

    void start(const QString &cartridgePath);
    void stop();
    bool isRunning() const;

Q_SIGNALS:
    void processEnded();

private:
    void onStarted();
    void onFailedToStart();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onConnection();
    void onHandshakeTimeout();
    void readOutput(QProcess::ProcessChannel channel);
    void flushPartialLines();
    void appendToRun(QList<LogEntry> entries);
    void fail(const QString &reason);

    ExecutionSession *m_session;
    RuntimeConfig m_config;
    QString m_defaultRuntime;
    QProcess m_process;
    QLocalServer m_server;
    QPointer<class QLocalSocket> m_connection;
    QTimer m_handshakeTimer;
    QTimer m_killTimer;
    QString m_token;
    QByteArray m_partial[2]; // stdout, stderr
    bool m_stopRequested = false;
    bool m_failed = false;
};

} // namespace Prometeu
