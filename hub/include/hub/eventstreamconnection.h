#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>
#include <utility>

namespace Prometeu {

// The client's end of a served event stream (`prometeu tail`): one GET
// whose body arrives in pieces for as long as the server sends it
// (read them with SseParser). Made by the network module
// (support/networkmodule.h), so only a command that follows a stream
// loads Qt Network.
class EventStreamConnection : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    // Null without the module, with *why (a follower has nothing to retry).
    static std::unique_ptr<EventStreamConnection> create(QString *why, QObject *parent = nullptr);

    // GETs `url` with `headers` and no time limit (a stream has no end to
    // wait for); a request still open is dropped first, silently.
    virtual void open(const QUrl &url, const Headers &headers) = 0;
    // Drops the open request without a word.
    virtual void abort() = 0;

Q_SIGNALS:
    void bytesArrived(const QByteArray &bytes);
    // The request is over: the HTTP status (0 without an answer), the rest
    // of the body (a refusal's reason), and the network layer's words.
    void ended(int status, const QByteArray &body, const QString &error);

protected:
    using QObject::QObject;
};

} // namespace Prometeu
