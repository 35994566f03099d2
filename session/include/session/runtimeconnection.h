#pragma once

#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>


namespace Prometeu {

// The Studio's end of the socket the runtime talks on
// (docs/runtime-protocol.md): it listens on a fresh local socket, accepts
// the runtime's handshake (one JSON line with the one-time token, within a
// time limit), then carries one JSON line per message each way: stop
// today, reload next. Knows nothing of processes or sessions: the
// launcher reports what it says.
class RuntimeConnection : public QObject
{
    Q_OBJECT
public:
    // Longest line accepted after the handshake: a runtime's answers are short.
    static constexpr qsizetype maxMessageBytes = 1024 * 1024; // a reload answer names up to a few thousand entries

    explicit RuntimeConnection(QObject *parent = nullptr);
    ~RuntimeConnection() override;

    // Opens a new socket with a new token; false with *error when it cannot.
    // The runtime finds both in PROMETEU_STUDIO_SOCKET / PROMETEU_STUDIO_TOKEN.
    bool listen(QString *error);
    QString serverName() const { return m_server.fullServerName(); }
    QString token() const { return m_token; }
    // Starts the clock: no valid handshake within `timeoutMs` is a failure.
    void expectHandshakeWithin(int timeoutMs);
    bool isConnected() const { return m_socket != nullptr; }
    // What the connected runtime said it can do (its handshake's capabilities).
    bool supports(const QString &capability) const { return m_capabilities.contains(capability); }

    // Asks the runtime to end cleanly. False when no runtime is connected.
    bool sendStop();
    // Any message of the protocol, as one line. False when not connected.
    bool send(const QJsonObject &message);
    // Stops listening and drops the connection.
    void close();

Q_SIGNALS:
    // A valid handshake arrived (only the first one counts).
    void connected(qint64 pid);
    // The handshake was malformed, oversized, had a wrong token, or did not
    // come in time; a sentence for the log.
    void failed(const QString &reason);
    // A message from the connected runtime (a JSON object per line).
    void messageReceived(const QJsonObject &message);

private:
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);
    void readMessages();

    QLocalServer m_server;
    QPointer<QLocalSocket> m_socket; // the runtime that shook hands
    QTimer m_handshakeTimer;
    QString m_token;
    QStringList m_capabilities;
};

} // namespace Prometeu
