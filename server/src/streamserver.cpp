#include "server/streamserver.h"
#include "server/metricsexposition.h"

#include "framestream.h"
#include <hub/serveractions.h>

#include <hub/eventhistory.h>
#include <hub/eventhub.h>

#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

constexpr int headTimeoutMs = 10'000;

QByteArray statusText(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 431: return "Request Header Fields Too Large";
    default: return "Error";
    }
}

// Written straight to the socket: used before any HTTP machinery owns it.
void refuse(QTcpSocket *socket, int status, const QByteArray &reason)
{
    const QByteArray body = QJsonDocument(QJsonObject{{u"error"_s, QString::fromUtf8(reason)}}).toJson(QJsonDocument::Compact);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status) + "\r\n";
    response += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n";
    if (status == 401)
        response += "WWW-Authenticate: Bearer\r\n";
    response += "\r\n" + body;
    socket->write(response);
    socket->disconnectFromHost();
}

std::optional<quint64> lastEventId(const QByteArray &header, const QUrlQuery &query)
{
    QByteArray text = header;
    if (text.isEmpty())
        text = query.queryItemValue(u"last_event_id"_s).toUtf8();
    bool ok = false;
    const quint64 id = text.trimmed().toULongLong(&ok);
    return ok ? std::optional<quint64>(id) : std::nullopt;
}

FrameFilter filterFrom(const QUrlQuery &query)
{
    FrameFilter filter;
    filter.operationId = query.queryItemValue(u"operation_id"_s);
    for (const QString &kind : query.allQueryItemValues(u"kind"_s))
        filter.kinds += kind.split(u',', Qt::SkipEmptyParts);
    for (const QString &source : query.allQueryItemValues(u"source"_s))
        filter.sources += source.split(u',', Qt::SkipEmptyParts);
    return filter;
}

} // namespace

// Reads each new connection's request head (without consuming it) and
// decides: refuse with a status, hand a WebSocket upgrade to the
// WebSocket server, or hand the connection to Qt HttpServer.
class StreamServer::FrontDoor : public QTcpServer
{
public:
    explicit FrontDoor(StreamServer *server)
        : QTcpServer(server)
        , m_server(server)
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        // Streams batch their frames themselves; Nagle would hold a batch
        // back until the client's delayed ACK, 40 ms later.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto *timeout = new QTimer(socket);
        timeout->setSingleShot(true);
        connect(timeout, &QTimer::timeout, socket, [this, socket] { decide(socket, true); });
        timeout->start(headTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { decide(socket, false); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    void decide(QTcpSocket *socket, bool timedOut)
    {
        RequestHead head;
        const QByteArray buffered = socket->peek(RequestHead::maxHeadBytes + 1);
        const auto status = RequestHead::parse(buffered, &head);
        if (status == RequestHead::Status::Incomplete && !timedOut)
            return;
        // Decided: this door lets go of the socket either way.
        socket->disconnect(this);
        qDeleteAll(socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly));
        switch (status) {
        case RequestHead::Status::Incomplete:
            return reject(socket, 408, "The request head did not arrive in time.");
        case RequestHead::Status::TooLarge:
            return reject(socket, 431, "The request head is too large.");
        case RequestHead::Status::Malformed:
            return reject(socket, 400, "The request is not well-formed HTTP/1.1.");
        case RequestHead::Status::Complete:
            break;
        }
        const RequestPolicy::Verdict verdict = m_server->m_policy.check(head);
        if (verdict.status != 200)
            return reject(socket, verdict.status, verdict.reason);
        if (head.isWebSocketUpgrade()) {
            if (head.path() != "/ws")
                return reject(socket, 404, "WebSockets are served at /ws.");
            socket->setParent(nullptr);
            m_server->m_webSockets->handleConnection(socket);
            return;
        }
        // Stays this door's child: sockets still open when the server goes
        // are closed with it.
        addPendingConnection(socket);
        Q_EMIT newConnection();
        // The head is still unread in the socket's buffer; Qt HttpServer
        // only reads on readyRead, which already fired for us.
        QMetaObject::invokeMethod(socket, [socket] { Q_EMIT socket->readyRead(); }, Qt::QueuedConnection);
    }

    void reject(QTcpSocket *socket, int status, const QByteArray &reason)
    {
        ++m_server->m_stats.refused;
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        refuse(socket, status, reason);
    }

    StreamServer *m_server;
};

StreamServer::StreamServer(EventHub *hub, ServerActions *actions, Options options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_hub(hub)
    , m_actions(actions)
    , m_options(std::move(options))
{
    m_policy.token = m_options.token.isEmpty() ? generateToken() : m_options.token;
    m_webSockets = new QWebSocketServer(u"prometeu"_s, QWebSocketServer::NonSecureMode, this);
    connect(m_webSockets, &QWebSocketServer::newConnection, this, &StreamServer::admitWebSocket);
}

StreamServer::~StreamServer()
{
    for (const QPointer<FrameStream> &stream : std::as_const(m_streams))
        delete stream.data();
}

QByteArray StreamServer::generateToken()
{
    // 192 bits from the system's secure source.
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(bytes.data()),
                                         reinterpret_cast<quint32 *>(bytes.data() + bytes.size()));
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool StreamServer::openHistory(const QString &path, QString *error)
{
    auto history = std::make_unique<EventHistory>();
    if (!history->open(path, false, error))
        return false;
    m_history = std::move(history);
    return true;
}

bool StreamServer::start(QString *error)
{
    m_door = new FrontDoor(this);
    if (!m_door->listen(QHostAddress::LocalHost, m_options.port)) {
        if (error)
            *error = u"Cannot listen on 127.0.0.1:%1: %2"_s.arg(m_options.port).arg(m_door->errorString());
        delete m_door;
        m_door = nullptr;
        return false;
    }
    m_policy.port = m_door->serverPort();
    bind(m_door);
    return true;
}

QUrl StreamServer::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_policy.port);
    url.setPath(u"/"_s);
    return url;
}

StreamServer::Stats StreamServer::stats() const
{
    Stats stats;
    stats.clients = m_stats.clients;
    stats.framesSent = m_stats.framesSent;
    stats.resets = m_stats.resets;
    stats.framesMissed = m_stats.framesMissed;
    stats.slowDisconnects = m_stats.slowDisconnects;
    stats.refused = m_stats.refused;
    return stats;
}

void StreamServer::setActionDispatcher(ActionDispatcher dispatcher) { m_dispatch = std::move(dispatcher); }

void StreamServer::addStream(FrameStream *stream)
{
    m_streams.removeAll(nullptr);
    m_streams.append(stream);
    connect(stream, &QObject::destroyed, this, [this] {
        m_streams.removeAll(nullptr);
        m_stats.clients = int(m_streams.size());
        Q_EMIT clientsChanged(m_stats.clients);
    });
    m_stats.clients = int(m_streams.size());
    stream->start();
    Q_EMIT clientsChanged(m_stats.clients);
}

void StreamServer::schedulePump(FrameStream *stream)
{
    // A frame reaches every subscriber at once: their notifications arrive
    // together, and one pass serves them all.
    if (!m_toPump.contains(stream))
        m_toPump.append(stream);
    if (std::exchange(m_pumpScheduled, true))
        return;
    // A write per client per frame is what a hundred clients cannot afford
    // at ten thousand frames a second: deliveries are paced, and what
    // arrives meanwhile shares the next write.
    const qint64 since = m_lastPump.isValid() ? m_lastPump.elapsed() : m_options.coalesceMs;
    QTimer::singleShot(int(qMax<qint64>(0, m_options.coalesceMs - since)), Qt::PreciseTimer, this,
                       &StreamServer::pumpScheduled);
}

void StreamServer::pumpScheduled()
{
    m_pumpScheduled = false;
    m_lastPump.start();
    const auto streams = std::exchange(m_toPump, {});
    for (const QPointer<FrameStream> &stream : streams) {
        if (stream)
            stream->pump();
    }
}

void StreamServer::admitWebSocket()
{
    while (QWebSocket *socket = m_webSockets->nextPendingConnection()) {
        const QUrlQuery query(socket->requestUrl());
        FrameStream::Request request;
        request.filter = filterFrom(query);
        request.resumeAfter = lastEventId(socket->request().rawHeader("Last-Event-ID"), query);
        addStream(new FrameStream(this, socket, std::move(request)));
    }
}

void StreamServer::respond(QTcpSocket *socket, const QHttpServerRequest &request, int status, const QJsonDocument &body)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(body, {{"Connection", "close"}}, static_cast<QHttpServerResponder::StatusCode>(status));
    // One request per connection: every request passes the front door.
    socket->disconnectFromHost();
}

void StreamServer::respondLater(QTcpSocket *socket, const QHttpServerRequest &request, std::function<Reply()> action)
{
    // The responder waits here while the action runs where the actions
    // live; the client may hang up meanwhile.
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    const QPointer<QTcpSocket> target(socket);
    auto answer = [responder, target](const Reply &reply) {
        if (!target)
            return;
        responder->write(reply.body, {{"Connection", "close"}}, static_cast<QHttpServerResponder::StatusCode>(reply.status));
        target->disconnectFromHost();
    };
    if (!m_dispatch) {
        answer(action());
        return;
    }
    // `this` outlives the posted call: the dispatcher's host joins this
    // server's thread before it lets its own queued calls go.
    m_dispatch([this, action = std::move(action), answer = std::move(answer)] {
        const Reply reply = action();
        QMetaObject::invokeMethod(this, [answer, reply] { answer(reply); }, Qt::QueuedConnection);
    });
}

namespace {

QJsonDocument errorBody(const QString &text) { return QJsonDocument(QJsonObject{{u"error"_s, text}}); }

} // namespace

bool StreamServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!admit(request, socket))
        return true;
    const QString path = request.url().path();
    const QUrlQuery query(request.url());
    const bool isGet = request.method() == QHttpServerRequest::Method::Get;
    const bool isPost = request.method() == QHttpServerRequest::Method::Post;

    if (isGet && path == u"/events"_s) {
        FrameStream::Request stream;
        stream.filter = filterFrom(query);
        stream.resumeAfter = lastEventId(request.value("Last-Event-ID"), query);
        addStream(new FrameStream(this, makeResponder(request, socket), std::move(stream)));
    } else if (isGet && path == u"/"_s) {
        serveDashboard(request, socket);
    } else if (isGet && path == u"/snapshot"_s) {
        respond(socket, request, 200, QJsonDocument(m_hub->snapshot().toJson()));
    } else if (isGet && path == u"/stats"_s) {
        serveStats(request, socket);
    } else if (isGet && path == u"/metrics"_s) {
        serveMetrics(request, socket);
    } else if (isGet && path == u"/openapi.json"_s) {
        serveOpenApi(request, socket);
    } else if (isGet && path == u"/operations"_s) {
        respond(socket, request, 200,
                QJsonDocument(QJsonObject{{u"operations"_s, m_history ? m_history->streams(u"operation"_s, 100) : QJsonArray()}}));
    } else if (isGet && path.startsWith(u"/operations/"_s)) {
        serveOperation(path.mid(12), request, socket);
    } else if (isPost && path == u"/operations"_s) {
        startOperation(request, socket);
    } else if (isPost && (path == u"/session/play"_s || path == u"/session/stop"_s)) {
        sessionAction(path.endsWith(u"/play"_s), request, socket);
    } else if (path == u"/events"_s || path == u"/snapshot"_s || path == u"/operations"_s || path.startsWith(u"/session/"_s)) {
        respond(socket, request, 405, errorBody(u"Method not allowed on %1."_s.arg(path)));
    } else {
        respond(socket, request, 404, errorBody(u"Nothing at %1. See docs/streaming.md."_s.arg(path)));
    }
    return true;
}

bool StreamServer::admit(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // The front door checked this connection's first request; a client may
    // have pipelined more, so check again.
    RequestHead head;
    head.method = request.method() == QHttpServerRequest::Method::Post ? "POST"
        : request.method() == QHttpServerRequest::Method::Get          ? "GET"
                                                                       : "OTHER";
    head.target = request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    for (const auto &[name, value] : request.headers())
        head.headers.append({name.toLower(), value});
    const RequestPolicy::Verdict verdict = m_policy.check(head);
    if (verdict.status == 200)
        return true;
    ++m_stats.refused;
    respond(socket, request, verdict.status, errorBody(QString::fromUtf8(verdict.reason)));
    return false;
}

void StreamServer::serveDashboard(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // A page on this origin, so a browser's EventSource may follow the
    // stream (other origins are refused).
    QFile page(u":/server/dashboard.html"_s);
    page.open(QIODevice::ReadOnly);
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(page.readAll(), {{"Content-Type", "text/html; charset=utf-8"}, {"Connection", "close"},
                                     {"Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"}});
    socket->disconnectFromHost();
}

void StreamServer::serveStats(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const Stats now = stats();
    respond(socket, request, 200, QJsonDocument(QJsonObject{
        {u"clients"_s, now.clients},
        {u"frames_sent"_s, qint64(now.framesSent)},
        {u"resets"_s, qint64(now.resets)},
        {u"frames_missed"_s, qint64(now.framesMissed)},
        {u"slow_disconnects"_s, qint64(now.slowDisconnects)},
        {u"refused"_s, qint64(now.refused)},
        {u"seq"_s, qint64(m_hub->lastSeq())},
    }));
}

void StreamServer::serveMetrics(const QHttpServerRequest &request, QTcpSocket *socket)
{
    ServedMetrics metrics;
    metrics.hub = m_hub->metrics();
    metrics.stream = stats();
    if (m_history) {
        metrics.historyBytes = m_history->usedBytes();
        metrics.historyLostFrames = m_history->lostFrames();
    }
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(prometheusText(metrics),
                    {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}, {"Connection", "close"}});
    socket->disconnectFromHost();
}

void StreamServer::serveOpenApi(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QFile description(u":/server/openapi.json"_s);
    description.open(QIODevice::ReadOnly);
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(description.readAll(), {{"Content-Type", "application/json"}, {"Connection", "close"}});
    socket->disconnectFromHost();
}

void StreamServer::serveOperation(const QString &id, const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (request.value("Accept").contains("text/event-stream")) {
        FrameStream::Request stream;
        stream.filter.operationId = id;
        stream.resumeAfter = lastEventId(request.value("Last-Event-ID"), QUrlQuery(request.url())).value_or(0);
        stream.endWithOperation = true;
        addStream(new FrameStream(this, makeResponder(request, socket), std::move(stream)));
        return;
    }
    QJsonArray frames;
    QJsonObject summary = m_history ? m_history->stream(id) : QJsonObject();
    if (m_history) {
        for (const HubFrame &frame : m_history->operationFrames(id))
            frames.append(frame.envelope());
    }
    // Frames not yet committed to the history are still in memory.
    const quint64 stored = frames.isEmpty() ? 0 : quint64(frames.last().toObject().value(u"seq"_s).toInteger());
    bool complete = false;
    FrameFilter filter;
    filter.operationId = id;
    for (const HubFrame &frame : m_hub->recentAfter(stored, std::numeric_limits<int>::max(), &complete)) {
        if (filter.matches(frame))
            frames.append(frame.envelope());
    }
    if (frames.isEmpty() && summary.isEmpty()) {
        respond(socket, request, 404, errorBody(u"No operation %1 in this project's history."_s.arg(id)));
        return;
    }
    summary.insert(u"id"_s, id);
    summary.insert(u"events"_s, frames);
    respond(socket, request, 200, QJsonDocument(summary));
}

void StreamServer::startOperation(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QJsonParseError parseError;
    const QJsonDocument body = QJsonDocument::fromJson(request.body(), &parseError);
    const QString operation = body.object().value(u"operation"_s).toString();
    if (parseError.error != QJsonParseError::NoError || !body.isObject()) {
        respond(socket, request, 400, errorBody(u"The body must be a JSON object: {\"operation\": \"scan\" | \"doctor\" | \"build\"}."_s));
        return;
    }
    if (operation != u"scan"_s && operation != u"doctor"_s && operation != u"build"_s) {
        respond(socket, request, 400, errorBody(u"Unknown operation \"%1\": use scan, doctor or build."_s.arg(operation)));
        return;
    }
    respondLater(socket, request, [actions = m_actions, operation] {
        QString why;
        const QString id = actions ? actions->startOperation(operation, &why) : QString();
        if (id.isEmpty())
            return Reply{409, errorBody(why.isEmpty() ? u"Operations cannot be started here."_s : why)};
        return Reply{202, QJsonDocument(QJsonObject{{u"operation_id"_s, id}, {u"operation"_s, operation}})};
    });
}

void StreamServer::sessionAction(bool play, const QHttpServerRequest &request, QTcpSocket *socket)
{
    respondLater(socket, request, [actions = m_actions, hub = m_hub, play] {
        QString refusal;
        const bool ok = actions && (play ? actions->play(&refusal) : actions->stop(&refusal));
        if (ok)
            return Reply{202, QJsonDocument(hub->snapshot().toJson())};
        return Reply{409, errorBody(refusal.isEmpty() ? u"Refused."_s : refusal)};
    });
}

void StreamServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    respond(socket, request, 404, QJsonDocument(QJsonObject{{u"error"_s, u"Not found."_s}}));
}

} // namespace Prometeu
