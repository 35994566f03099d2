#include "server/requesthead.h"

#include <QUrl>

namespace Prometeu {

namespace {

bool isTokenChar(char c)
{
    // RFC 9110 tchar
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool hasControl(QByteArrayView text)
{
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && byte != '\t') || byte == 0x7f)
            return true;
    }
    return false;
}

} // namespace

QByteArray RequestHead::header(const QByteArray &lowercaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowercaseName)
            return value;
    }
    return {};
}

QByteArray RequestHead::path() const
{
    const qsizetype question = target.indexOf('?');
    return QUrl::fromPercentEncoding(question < 0 ? target : target.left(question)).toUtf8();
}

QUrlQuery RequestHead::query() const
{
    const qsizetype question = target.indexOf('?');
    return question < 0 ? QUrlQuery() : QUrlQuery(QString::fromUtf8(target.mid(question + 1)));
}

bool RequestHead::isWebSocketUpgrade() const
{
    return header("upgrade").trimmed().toLower() == "websocket";
}

RequestHead::Status RequestHead::parse(const QByteArray &buffer, RequestHead *head, qsizetype *headBytes)
{
    // Tolerate (as RFC 9112 allows) empty lines before the request line.
    qsizetype start = 0;
    while (start + 1 < buffer.size() && buffer[start] == '\r' && buffer[start + 1] == '\n')
        start += 2;
    const qsizetype end = buffer.indexOf("\r\n\r\n", start);
    if (end < 0)
        return buffer.size() > maxHeadBytes ? Status::TooLarge : Status::Incomplete;
    if (end + 4 > maxHeadBytes)
        return Status::TooLarge;
    if (headBytes)
        *headBytes = end + 4;

    RequestHead parsed;
    // Lines end with CRLF; a bare CR or LF inside one is malformed.
    QList<QByteArray> lines = buffer.mid(start, end - start).split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray &line = lines[i];
        if (i + 1 < lines.size()) {
            if (!line.endsWith('\r'))
                return Status::Malformed;
            line.chop(1);
        }
        if (line.contains('\r'))
            return Status::Malformed;
    }
    const QList<QByteArray> parts = lines.first().split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty() || hasControl(parts[1]))
        return Status::Malformed;
    if (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")
        return Status::Malformed;
    if (!parts[1].startsWith('/'))
        return Status::Malformed; // only origin-form is served
    parsed.method = parts[0];
    parsed.target = parts[1];
    parsed.version = parts[2];

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if (line.startsWith(' ') || line.startsWith('\t'))
            return Status::Malformed; // obsolete line folding
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return Status::Malformed;
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (hasControl(value))
            return Status::Malformed;
        if (parsed.headers.size() >= maxHeaders)
            return Status::TooLarge;
        parsed.headers.append({line.left(colon).toLower(), value});
    }
    if (parsed.version == "HTTP/1.1" && parsed.header("host").isEmpty())
        return Status::Malformed;
    if (head)
        *head = std::move(parsed);
    return Status::Complete;
}

bool RequestPolicy::hostAllowed(const QByteArray &host) const
{
    // A page elsewhere must not reach this server through DNS rebinding: only
    // the loopback names, with our port, are ours.
    const QByteArray portSuffix = ':' + QByteArray::number(port);
    return host == "127.0.0.1" + portSuffix || host == "localhost" + portSuffix || host == "[::1]" + portSuffix;
}

bool RequestPolicy::originAllowed(const QByteArray &origin) const
{
    if (origin.isEmpty())
        return true; // not a browser, or a same-origin GET
    const QByteArray portSuffix = ':' + QByteArray::number(port);
    return origin == "http://127.0.0.1" + portSuffix || origin == "http://localhost" + portSuffix
        || origin == "http://[::1]" + portSuffix;
}

bool RequestPolicy::tokenMatches(const QByteArray &presented) const
{
    if (token.isEmpty() || presented.size() != token.size())
        return false;
    // Constant time: the comparison must not tell how much of a guess was right.
    unsigned char difference = 0;
    for (qsizetype i = 0; i < token.size(); ++i)
        difference |= static_cast<unsigned char>(presented[i] ^ token[i]);
    return difference == 0;
}

RequestPolicy::Verdict RequestPolicy::check(const RequestHead &head) const
{
    if (head.method != "GET" && head.method != "POST" && head.method != "HEAD")
        return {405, "Only GET and POST are served."};
    if (!hostAllowed(head.header("host")))
        return {403, "This server answers only to its own loopback address (wrong Host)."};
    if (!originAllowed(head.header("origin")))
        return {403, "Requests from other web origins are refused."};
    QByteArray presented;
    const QByteArray authorization = head.header("authorization");
    if (authorization.startsWith("Bearer "))
        presented = authorization.mid(7).trimmed();
    else
        presented = head.query().queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
    if (!tokenMatches(presented))
        return {401, "A valid token is required (Authorization: Bearer <token>, or ?token=)."};
    const QByteArray length = head.header("content-length");
    if (!length.isEmpty()) {
        bool ok = false;
        const qint64 bytes = length.toLongLong(&ok);
        if (!ok || bytes < 0)
            return {400, "Content-Length is not a number."};
        if (bytes > maxBodyBytes)
            return {413, "The request body is too large."};
    }
    if (!head.header("transfer-encoding").isEmpty())
        return {411, "Chunked request bodies are not accepted; send Content-Length."};
    return {};
}

} // namespace Prometeu
