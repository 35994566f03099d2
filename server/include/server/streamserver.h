#pragma once

#include "server/requesthead.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QPointer>
#include <QUrl>

#include <atomic>
#include <functional>
#include <memory>

class QWebSocketServer;

namespace Prometeu {

class EventHub;
class EventHistory;
class FrameStream;
class ServerActions;

// Live and replayed events over HTTP on loopback: Server-Sent Events at
// GET /events, the same frames over a WebSocket at GET /ws, a snapshot,
// per-operation history, and POSTs that start operations or drive Play.
// See docs/streaming.md for the wire contract.
//
// Every connection first passes a front door that reads the request head
// and refuses what is malformed (400), too large (431/413), for another
// host (403), from a foreign web origin (403) or without the token (401);
// only then does Qt HttpServer (or the WebSocket handshake) see it.
class StreamServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    struct Options {
        quint16 port = 0; // 0: any free port
        QByteArray token; // empty: one is generated
        int heartbeatMs = 15'000;
        // Frames a client may fall behind before a reset: the hub's recent
        // frames (EventHub::defaultRecentFrames), 0.2 s of a 250,000-line/s
        // flood, so a client on a busy machine is not reset for a stall.
        qsizetype clientQueue = 50'000;
        qint64 clientBufferBytes = 4 * 1024 * 1024;   // unsent bytes before we stop feeding a client (40 ms of a flood)
        qint64 clientHardLimitBytes = 16 * 1024 * 1024; // then it is disconnected
        // Under load, frames that arrive within this many milliseconds of
        // the last delivery share one write per client; a frame after a
        // quiet spell goes out at once.
        int coalesceMs = 4;
    };
    struct Stats {
        int clients = 0;
        quint64 framesSent = 0;
        quint64 resets = 0;
        quint64 framesMissed = 0; // by clients that were reset
        quint64 slowDisconnects = 0;
        quint64 refused = 0;
    };

    StreamServer(EventHub *hub, ServerActions *actions, Options options, QObject *parent = nullptr);
    ~StreamServer() override;

    // How a call into ServerActions reaches the thread that owns them. By
    // default it runs here; a server on its own thread posts it to the
    // host's thread (StreamServerThread does), and the answer comes back
    // here, so neither thread ever waits for the other.
    using ActionDispatcher = std::function<void(std::function<void()>)>;
    void setActionDispatcher(ActionDispatcher dispatcher);

    // A read-only view of the project's history, for resumes that reach
    // further back than the hub's memory and for per-operation replays.
    bool openHistory(const QString &path, QString *error = nullptr);

    bool start(QString *error = nullptr);
    QUrl url() const;
    QByteArray token() const { return m_policy.token; }
    quint16 port() const { return m_policy.port; }
    Stats stats() const; // any thread

    static QByteArray generateToken();

Q_SIGNALS:
    void clientsChanged(int clients);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    friend class FrameStream;
    class FrontDoor;
    void admitWebSocket();
    void addStream(FrameStream *stream);
    void schedulePump(FrameStream *stream);
    void pumpScheduled();
    void respond(QTcpSocket *socket, const QHttpServerRequest &request, int status, const QJsonDocument &body);
    struct Reply {
        int status = 200;
        QJsonDocument body;
    };
    void respondLater(QTcpSocket *socket, const QHttpServerRequest &request, std::function<Reply()> action);
    // handleRequest's steps: the policy, then one per route.
    bool admit(const QHttpServerRequest &request, QTcpSocket *socket);
    void serveDashboard(const QHttpServerRequest &request, QTcpSocket *socket);
    void serveMetrics(const QHttpServerRequest &request, QTcpSocket *socket);
    void serveOpenApi(const QHttpServerRequest &request, QTcpSocket *socket);
    void serveStats(const QHttpServerRequest &request, QTcpSocket *socket);
    void serveOperation(const QString &id, const QHttpServerRequest &request, QTcpSocket *socket);
    void startOperation(const QHttpServerRequest &request, QTcpSocket *socket);
    void sessionAction(bool play, const QHttpServerRequest &request, QTcpSocket *socket);

    // Counted on the server's thread, read from any.
    struct Counters {
        std::atomic<int> clients = 0;
        std::atomic<quint64> framesSent = 0;
        std::atomic<quint64> resets = 0;
        std::atomic<quint64> framesMissed = 0;
        std::atomic<quint64> slowDisconnects = 0;
        std::atomic<quint64> refused = 0;
    };

    EventHub *m_hub;
    ServerActions *m_actions;
    ActionDispatcher m_dispatch;
    Options m_options;
    RequestPolicy m_policy;
    FrontDoor *m_door = nullptr;
    QWebSocketServer *m_webSockets = nullptr;
    std::unique_ptr<EventHistory> m_history;
    QList<QPointer<FrameStream>> m_streams;
    QList<QPointer<FrameStream>> m_toPump;
    bool m_pumpScheduled = false;
    QElapsedTimer m_lastPump;
    Counters m_stats;
};

} // namespace Prometeu
