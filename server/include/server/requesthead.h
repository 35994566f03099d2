#pragma once

#include <QByteArray>
#include <QList>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace Prometeu {

// The request line and headers of an HTTP/1.x request, read by the
// server's front door before Qt HttpServer or the WebSocket handshake sees
// the connection: enough to refuse malformed, oversized, foreign or
// unauthenticated requests with a proper status (Qt HttpServer 6.4 would
// just drop a malformed one, and upgrades WebSockets before any handler
// runs). Bodies are not read here.
struct RequestHead {
    static constexpr qsizetype maxHeadBytes = 16 * 1024;
    static constexpr int maxHeaders = 64;

    QByteArray method;
    QByteArray target; // origin-form: path and query
    QByteArray version;
    QList<std::pair<QByteArray, QByteArray>> headers; // names lowercased

    QByteArray header(const QByteArray &lowercaseName) const;
    QByteArray path() const;
    QUrlQuery query() const;
    bool isWebSocketUpgrade() const;

    enum class Status { Complete, Incomplete, Malformed, TooLarge };
    // Parses a buffer that may hold more than the head (a body, a second
    // request). *headBytes: where the head ends.
    static Status parse(const QByteArray &buffer, RequestHead *head, qsizetype *headBytes = nullptr);
};

// What the server accepts: its own loopback address, its token.
struct RequestPolicy {
    quint16 port = 0;
    QByteArray token;
    qint64 maxBodyBytes = 64 * 1024;

    struct Verdict {
        int status = 200; // 200: go ahead
        QByteArray reason;
    };
    Verdict check(const RequestHead &head) const;
    bool hostAllowed(const QByteArray &host) const;
    bool originAllowed(const QByteArray &origin) const;
    bool tokenMatches(const QByteArray &presented) const;
};

} // namespace Prometeu
