#include "framestream.h"

#include <hub/sseformat.h>
#include "server/streamserver.h"

#include <hub/eventhistory.h>
#include <hub/eventhub.h>

#include <QJsonArray>
#include <QScopedValueRollback>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {
constexpr qsizetype replayChunk = 2'000;
}

FrameStream::FrameStream(StreamServer *server, QHttpServerResponder &&responder, Request request)
    : QObject(server)
    , m_server(server)
    , m_hub(server->m_hub)
    , m_history(server->m_history.get())
    , m_request(std::move(request))
    , m_responder(std::move(responder))
    , m_socket(m_responder->socket())
{
    m_responder->writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    m_responder->writeHeaders({
        {"Content-Type", "text/event-stream; charset=utf-8"},
        {"Cache-Control", "no-cache"},
        {"Connection", "close"},
        {"X-Accel-Buffering", "no"},
    });
    // Headers and a first comment now: clients see the stream open at once.
    m_responder->writeBody(sseComment("prometeu stream open"));
    connect(m_socket, &QTcpSocket::disconnected, this, &FrameStream::finish);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &FrameStream::pump);
}

FrameStream::FrameStream(StreamServer *server, QWebSocket *socket, Request request)
    : QObject(server)
    , m_server(server)
    , m_hub(server->m_hub)
    , m_history(server->m_history.get())
    , m_request(std::move(request))
    , m_webSocket(socket)
{
    socket->setParent(this);
    connect(socket, &QWebSocket::disconnected, this, &FrameStream::finish);
    connect(socket, &QWebSocket::bytesWritten, this, &FrameStream::pump);
}

FrameStream::~FrameStream() = default;

void FrameStream::start()
{
    m_subscription = m_hub->subscribe(m_request.filter, m_server->m_options.clientQueue);
    // Streams are pumped together, once per burst, by the server.
    connect(m_subscription.get(), &HubSubscription::framesAvailable, this, [this] { m_server->schedulePump(this); });
    if (m_request.resumeAfter)
        replay();
    m_heartbeat.setInterval(m_server->m_options.heartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &FrameStream::heartbeat);
    m_heartbeat.start();
    if (m_request.endWithOperation && !m_finished) {
        m_watchdog.setInterval(500);
        connect(&m_watchdog, &QTimer::timeout, this, &FrameStream::checkOperationStillThere);
        m_watchdog.start();
        checkOperationStillThere();
    }
    pump();
}

void FrameStream::replay()
{
    quint64 cursor = *m_request.resumeAfter;
    m_lastSent = cursor;
    // What left the hub's memory comes from the history, then memory takes
    // over; the live queue (subscribed before this) continues after that.
    bool complete = false;
    m_hub->recentAfter(cursor, 0, &complete);
    if (!complete && m_history) {
        const quint64 inMemory = m_hub->oldestRecentSeq();
        while (!m_finished) {
            const QList<HubFrame> frames = m_history->framesAfter(cursor, replayChunk, m_request.filter);
            if (frames.isEmpty())
                break;
            for (const HubFrame &frame : frames) {
                if (frame.seq >= inMemory)
                    break;
                send(frame);
                cursor = frame.seq;
            }
            if (frames.last().seq >= inMemory || frames.size() < replayChunk)
                break;
        }
        cursor = qMax(cursor, inMemory > 0 ? inMemory - 1 : 0);
    }
    while (!m_finished) {
        const QList<HubFrame> frames = m_hub->recentAfter(cursor, replayChunk, &complete);
        if (frames.isEmpty())
            break;
        for (const HubFrame &frame : frames) {
            if (m_request.filter.matches(frame))
                send(frame);
            cursor = frame.seq;
        }
    }
}

void FrameStream::pump()
{
    if (m_finished || !m_subscription || m_pumping)
        return;
    const QScopedValueRollback pumping(m_pumping, true);
    const qint64 pending = pendingBytes();
    if (pending > m_server->m_options.clientHardLimitBytes) {
        ++m_server->m_stats.slowDisconnects;
        finish();
        return;
    }
    // A client that does not read is not fed: its queue fills up and it
    // gets a reset instead of making this process hold its backlog twice.
    if (pending > m_server->m_options.clientBufferBytes)
        return;
    bool overflowed = false;
    quint64 missed = 0;
    QList<HubFrame> frames = m_subscription->takeStamped(&overflowed, &missed);
    if (overflowed) {
        ++m_server->m_stats.resets;
        const EventHub::Snapshot snapshot = m_hub->snapshot();
        // What arrived up to the snapshot is reflected in it and not sent:
        // counted with what the queue lost, so the count is exact.
        bool again = false;
        quint64 lostAgain = 0;
        frames += m_subscription->takeStamped(&again, &lostAgain);
        missed += lostAgain;
        for (const HubFrame &frame : std::as_const(frames)) {
            if (frame.seq > m_lastSent && frame.seq <= snapshot.seq)
                ++missed;
        }
        m_server->m_stats.framesMissed += missed;
        QJsonObject data = snapshot.toJson();
        data.insert(u"reason"_s, u"This client fell behind; resynchronise from this snapshot."_s);
        // Exactly how many frames it did not get (never a silent gap), and
        // where to resume from the history with Last-Event-ID.
        data.insert(u"missed_frames"_s, qint64(missed));
        data.insert(u"last_delivered_seq"_s, qint64(m_lastSent));
        sendEvent("reset", data);
        m_lastSent = snapshot.seq;
    }
    // One write for the whole batch: a hundred clients at ten thousand
    // events a second must not cost a million socket writes.
    m_batching = true;
    for (const HubFrame &frame : frames) {
        if (!send(frame))
            break;
    }
    m_batching = false;
    flushBatch();
}

void FrameStream::flushBatch()
{
    if (m_batch.isEmpty())
        return;
    // Taken out first: flush() emits bytesWritten, which may pump again.
    const QByteArray batch = std::exchange(m_batch, {});
    if (m_socket && m_responder && !m_finished) {
        m_responder->writeBody(batch);
        // Straight to the kernel: waiting for the write notifier costs an
        // event-loop round (a poll over every socket) per client.
        m_socket->flush();
    }
}

bool FrameStream::send(const HubFrame &frame)
{
    if (m_finished || frame.seq <= m_lastSent)
        return !m_finished;
    m_lastSent = frame.seq;
    if (m_batching && !m_webSocket)
        m_batch.append(frame.sse());
    else
        write(frame.sse(), frame.json());
    ++m_server->m_stats.framesSent;
    if (m_request.endWithOperation && frame.kind == u"operation_finished"_s
        && frame.operationId == m_request.filter.operationId) {
        m_sawTerminal = true;
        flushBatch();
        finish();
        return false;
    }
    return true;
}

void FrameStream::sendEvent(const QByteArray &event, const QJsonObject &data)
{
    QJsonObject message = data;
    message.insert(u"kind"_s, QString::fromUtf8(event));
    const QByteArray json = QJsonDocument(message).toJson(QJsonDocument::Compact);
    write(sseMessage(event, json), json);
}

void FrameStream::write(const QByteArray &sse, const QByteArray &webSocketText)
{
    if (m_webSocket)
        m_webSocket->sendTextMessage(QString::fromUtf8(webSocketText));
    else if (m_socket && m_responder)
        m_responder->writeBody(sse);
}

qint64 FrameStream::pendingBytes() const
{
    if (m_webSocket)
        return m_webSocket->bytesToWrite();
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void FrameStream::heartbeat()
{
    if (m_webSocket)
        m_webSocket->ping();
    else if (m_socket && m_responder)
        m_responder->writeBody(sseComment("heartbeat"));
}

void FrameStream::checkOperationStillThere()
{
    if (m_finished || m_sawTerminal)
        return;
    // The queue may still hold the terminal event: deliver it first.
    pump();
    if (m_finished)
        return;
    const EventHub::Snapshot snapshot = m_hub->snapshot();
    for (const QJsonObject &running : snapshot.runningOperations) {
        if (running.value(u"operation_id"_s).toString() == m_request.filter.operationId) {
            m_missingChecks = 0;
            return;
        }
    }
    // A just-started operation may not have published operation_started
    // yet: a few checks of grace before calling it gone.
    if (++m_missingChecks < 4)
        return;
    // Not running and no terminal event seen: it ended without one (or
    // never existed here). Say so instead of leaving the client waiting.
    sendEvent("end", QJsonObject{{u"operation_id"_s, m_request.filter.operationId},
                                 {u"reason"_s, u"The operation is not running and sent no terminal event."_s}});
    finish();
}

void FrameStream::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_heartbeat.stop();
    m_watchdog.stop();
    m_subscription.reset();
    if (m_webSocket) {
        m_webSocket->close();
    } else if (m_socket) {
        m_socket->disconnectFromHost();
    }
    deleteLater();
}

} // namespace Prometeu
