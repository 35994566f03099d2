#pragma once

#include <hub/hubframe.h>

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

class QTcpSocket;
class QWebSocket;

namespace Prometeu {

class EventHub;
class EventHistory;
class HubSubscription;
class StreamServer;

// One client following the channel, over SSE or a WebSocket. Subscribes
// before it replays, so nothing published meanwhile is missed, and sends
// only frames with a seq above the last one sent, so nothing is repeated
// across the seam between replay and live tail.
class FrameStream : public QObject
{
    Q_OBJECT
public:
    struct Request {
        FrameFilter filter;
        std::optional<quint64> resumeAfter; // Last-Event-ID
        bool endWithOperation = false;      // /operations/<id>: stop at its terminal event
    };

    // SSE: takes over the responder (status line and headers are written here).
    FrameStream(StreamServer *server, QHttpServerResponder &&responder, Request request);
    // WebSocket: takes ownership of the socket.
    FrameStream(StreamServer *server, QWebSocket *socket, Request request);
    ~FrameStream() override;

    void start();
    void pump();

private:
    void replay();
    bool send(const HubFrame &frame);
    void sendEvent(const QByteArray &event, const QJsonObject &data);
    void write(const QByteArray &sse, const QByteArray &webSocketText);
    qint64 pendingBytes() const;
    void heartbeat();
    void checkOperationStillThere();
    void finish();
    void flushBatch();

    StreamServer *m_server;
    EventHub *m_hub;
    EventHistory *m_history;
    Request m_request;
    std::optional<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
    QWebSocket *m_webSocket = nullptr;
    std::shared_ptr<HubSubscription> m_subscription;
    quint64 m_lastSent = 0;
    bool m_finished = false;
    bool m_sawTerminal = false;
    int m_missingChecks = 0;
    bool m_batching = false;
    bool m_pumping = false;
    QByteArray m_batch;
    QTimer m_heartbeat;
    QTimer m_watchdog;
};

} // namespace Prometeu
