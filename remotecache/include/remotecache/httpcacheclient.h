#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThread>
#include <QUrl>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

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
        Cancelled,    // abandoned by us (shutdown, or the cache was given up on)
    };
    Outcome outcome = Outcome::Cancelled;
    int status = 0;    // HTTP status, 0 without one
    QByteArray body;
    QString detail;    // the network layer's own words, for messages

    bool isTransportFault() const
    {
        return outcome == Outcome::Unauthorized || outcome == Outcome::ServerError || outcome == Outcome::Timeout
            || outcome == Outcome::Unreachable;
    }
};

// GET and PUT against one base URL over HTTP/1.1 keep-alive, with several
// requests in flight (reads before writes), on a thread of its own with a
// QNetworkAccessManager. Callers on any thread hand in a request and a
// callback; the callback runs on the client's thread and must be quick.
class HttpCacheClient
{
public:
    struct Options {
        QUrl base;                 // path ends with '/'
        QByteArray authorization;  // Authorization header value, or empty
        int timeoutMs = 10'000;
        int maxInFlight = 6;
    };
    using Done = std::function<void(const HttpCacheReply &)>;

    explicit HttpCacheClient(Options options);
    // Abandons whatever is still queued or in flight (their callbacks get
    // Cancelled, on the client's thread, before this returns).
    ~HttpCacheClient();

    void get(const QString &path, Done done);
    void put(const QString &path, QByteArray body, Done done);
    // Reads not sent yet are answered Cancelled (the cache was given up on).
    void cancelQueuedReads();
    // Until no write is queued or in flight, or the time is up; true when none is.
    bool waitForWrites(std::chrono::milliseconds timeout);
    int writesOutstanding() const;

private:
    class Worker;
    Options m_options;
    QThread m_thread;
    Worker *m_worker = nullptr; // lives on m_thread
    mutable std::mutex m_mutex;
    std::condition_variable m_writesChanged;
    int m_writes = 0; // queued or in flight

    friend class Worker;
    void writeSettled();
};

} // namespace Prometeu
