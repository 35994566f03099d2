#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>

namespace Prometeu {

// What became of one request, in the terms a cache cares about.
struct HttpCacheReply {
    enum class Outcome {
        Ok,           // 2xx with the whole body
        NotFound,     // 404: the cache does not have it
        Unauthorized, // 401, or 403 to a read: our credentials are refused
        Rejected,     // another 4xx (403 to a write: a read-only server)
        ServerError,  // 5xx
        Timeout,      // no whole answer within the request timeout
        Unreachable,  // refused, unknown host, connection lost before an answer
        Truncated,    // the connection ended before the body's announced length
        TooLarge,     // the body was longer than the caller's limit: cut off, never held
        Redirected,   // sent to another origin (scheme, host or port): not followed
        Cancelled,    // abandoned by us (shutdown, or the cache was given up on)
    };
    Outcome outcome = Outcome::Cancelled;
    int status = 0;    // HTTP status, 0 without one
    QByteArray body;
    QString detail;    // the network layer's own words, for messages

    bool isTransportFault() const
    {
        return outcome == Outcome::Unauthorized || outcome == Outcome::ServerError || outcome == Outcome::Timeout
            || outcome == Outcome::Unreachable || outcome == Outcome::Redirected;
    }
};

// GET and PUT against one base URL over HTTP/1.1 keep-alive, with several
// requests in flight (reads before writes). Callers on any thread hand in
// a request and a callback; the callback runs on a thread of the client's
// and must be quick. Made by the network module (support/networkmodule.h):
// a process that never talks to a team cache never loads Qt Network.
class HttpCacheClient
{
public:
    struct Options {
        QUrl base;                 // path ends with '/'
        QByteArray authorization;  // Authorization header value, or empty
        int timeoutMs = 10'000;
        int maxInFlight = 6; // over all lanes
        int lanes = 2; // for reads; writes have a lane of their own
    };
    using Done = std::function<void(const HttpCacheReply &)>;

    // The module's client. Never null: without the module, one that answers
    // every request Unreachable with the reason, so a build says it once
    // and goes on without the team cache, as it does for a server that is down.
    static std::unique_ptr<HttpCacheClient> create(const Options &options);

    // Abandons whatever is still queued or in flight (their callbacks get
    // Cancelled, on the client's thread, before this returns).
    virtual ~HttpCacheClient() = default;

    // `maxBytes` bounds the body: a longer one (announced or arriving) is
    // cut off as TooLarge, so a misconfigured or hostile server cannot
    // fill memory. `soon`: ahead of the reads already queued (the second
    // half of a fetch whose first half is done: a worker is waiting for it).
    virtual void get(const QString &path, qint64 maxBytes, Done done, bool soon = false) = 0;
    // `soon`: on a read lane instead of behind the write lane's queue (the
    // first upload of a build: whether the server takes writes must be
    // known before the build ends).
    virtual void put(const QString &path, QByteArray body, Done done, bool soon = false) = 0;
    // Reads not sent yet are answered Cancelled (the cache was given up on).
    virtual void cancelQueuedReads() = 0;
    // Until no write is queued or in flight, or the time is up; true when none is.
    virtual bool waitForWrites(std::chrono::milliseconds timeout) = 0;
    virtual int writesOutstanding() const = 0;
};

} // namespace Prometeu
