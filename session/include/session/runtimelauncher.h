#pragma once

#include "session/runtimeconnection.h"

#include <packer/project.h>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QTimer>

namespace Prometeu {

class ExecutionSession;
struct LogEntry;

// Starts the game's runtime process for a prepared cartridge and drives the
// session through connecting -> running -> stopped | runtime_failed.
//
// - The handshake (docs/runtime-protocol.md) must arrive within
//   runtime.handshake_timeout_ms, with the one-time token (RuntimeConnection
//   owns the socket and its protocol); with
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

    // The reference runtime opens a window unless told to stay headless
    // (CI, `prometeu play --headless`). A project's own command is run as written.
    void setHeadless(bool headless) { m_headless = headless; }
    void start(const QString &cartridgePath);
    void stop();
    bool isRunning() const;
    // The socket to the running game, for messages beyond stop (reload).
    RuntimeConnection *connection() { return m_connection.get(); }

Q_SIGNALS:
    void processEnded();

private:
    void onStarted();
    void onFailedToStart();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void readOutput(QProcess::ProcessChannel channel);
    void flushPartialLines();
    void appendToRun(QList<LogEntry> entries);
    void fail(const QString &reason);

    ExecutionSession *m_session;
    RuntimeConfig m_config;
    QString m_defaultRuntime;
    QProcess m_process;
    std::unique_ptr<RuntimeConnection> m_connection;
    QTimer m_killTimer;
    QByteArray m_partial[2]; // stdout, stderr
    bool m_headless = false;
    bool m_stopRequested = false;
    bool m_failed = false;
};

} // namespace Prometeu
