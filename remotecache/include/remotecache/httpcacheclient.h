#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThread>
#include <QUrl>

#include <chrono>
#include <condition_variable>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

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
// requests in flight (reads before writes). Requests are spread over a few
// lanes, each a thread with its own QNetworkAccessManager: one manager's
// HTTP thread spends ~0.3 ms of CPU per request and was the bottleneck of
// a build fetching thousands of small objects. Callers on any thread hand
// in a request and a callback; the callback runs on a lane's thread and
// must be quick.
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

    explicit HttpCacheClient(Options options);
    // Abandons whatever is still queued or in flight (their callbacks get
    // Cancelled, on the client's thread, before this returns).
    ~HttpCacheClient();

    // `maxBytes` bounds the body: a longer one (announced or arriving) is
    // cut off as TooLarge, so a misconfigured or hostile server cannot
    // fill memory. `soon`: ahead of the reads already queued (the second
    // half of a fetch whose first half is done: a worker is waiting for it).
    void get(const QString &path, qint64 maxBytes, Done done, bool soon = false);
    // `soon`: on a read lane instead of behind the write lane's queue (the
    // first upload of a build: whether the server takes writes must be
    // known before the build ends).
    void put(const QString &path, QByteArray body, Done done, bool soon = false);
    // Reads not sent yet are answered Cancelled (the cache was given up on).
    void cancelQueuedReads();
    // Until no write is queued or in flight, or the time is up; true when none is.
    bool waitForWrites(std::chrono::milliseconds timeout);
    int writesOutstanding() const;

private:
    class Worker;
    struct Lane {
        QThread thread;
        Worker *worker = nullptr; // lives on thread
    };
    Worker *nextWorker();

    Options m_options;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    std::atomic<unsigned> m_next{0};
    mutable std::mutex m_mutex;
    std::condition_variable m_writesChanged;
    int m_writes = 0; // queued or in flight

    friend class Worker;
    void writeSettled();
};

} // namespace Prometeu
