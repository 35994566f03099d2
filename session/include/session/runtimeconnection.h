#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

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

    // The network module's connection over a local socket
    // (support/networkmodule.h). Never null: without the module, one whose
    // listen() fails with the reason.
    static std::unique_ptr<RuntimeConnection> create(QObject *parent = nullptr);

    // Opens a new socket with a new token; false with *error when it cannot.
    // The runtime finds both in PROMETEU_STUDIO_SOCKET / PROMETEU_STUDIO_TOKEN.
    virtual bool listen(QString *error) = 0;
    virtual QString serverName() const = 0;
    virtual QString token() const = 0;
    // Starts the clock: no valid handshake within `timeoutMs` is a failure.
    virtual void expectHandshakeWithin(int timeoutMs) = 0;
    virtual bool isConnected() const = 0;
    // What the connected runtime said it can do (its handshake's capabilities).
    virtual bool supports(const QString &capability) const = 0;

    // Asks the runtime to end cleanly. False when no runtime is connected.
    bool sendStop();
    // Any message of the protocol, as one line. False when not connected.
    virtual bool send(const QJsonObject &message) = 0;
    // Stops listening and drops the connection.
    virtual void close() = 0;

Q_SIGNALS:
    // A valid handshake arrived (only the first one counts).
    void connected(qint64 pid);
    // The handshake was malformed, oversized, had a wrong token, or did not
    // come in time; a sentence for the log.
    void failed(const QString &reason);
    // A message from the connected runtime (a JSON object per line).
    void messageReceived(const QJsonObject &message);

protected:
    using QObject::QObject;
};

} // namespace Prometeu
