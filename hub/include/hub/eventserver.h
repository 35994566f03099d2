#pragma once

#include <QByteArray>
#include <QObject>
#include <QUrl>

#include <memory>

namespace Prometeu {

class EventHub;
class ServerActions;

// Serves a hub's frames to clients on loopback (SSE, WebSocket, snapshot,
// history: docs/streaming.md) on a thread of its own. The server itself is
// the network module's (server/, StreamServerThread), loaded only when a
// project starts serving (support/networkmodule.h).
class EventServer : public QObject
{
    Q_OBJECT
public:
    struct Options {
        quint16 port = 0;  // 0: any free port
        QByteArray token;  // empty: one is generated
        int heartbeatMs = 0; // 0: the server's default
    };

    // `hub` and `actions` must outlive it. Never null: without the module,
    // one whose start() fails with the reason.
    static std::unique_ptr<EventServer> create(EventHub *hub, ServerActions *actions, const Options &options);

    // Starts serving and waits until it listens (or failed to).
    // `historyPath` may be empty: serve without history.
    virtual bool start(const QString &historyPath, QString *error) = 0;
    // Fixed once started.
    virtual QUrl url() const = 0;
    virtual QByteArray token() const = 0;
    virtual quint16 port() const = 0;

Q_SIGNALS:
    void clientsChanged(int clients);

protected:
    using QObject::QObject;
};

} // namespace Prometeu
