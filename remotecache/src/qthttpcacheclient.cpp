#include "remotecache/httpcacheclient.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class ClientText
{
    Q_DECLARE_TR_FUNCTIONS(HttpCacheClient)
};

} // namespace

// The team cache's client over Qt Network, in the network module.
// Requests are spread over a few lanes, each a thread with its own
// QNetworkAccessManager: one manager's HTTP thread spends ~0.3 ms of CPU
// per request and was the bottleneck of a build fetching thousands of
// small objects.
class QtHttpCacheClient final : public HttpCacheClient
{
public:
    explicit QtHttpCacheClient(Options options);
    ~QtHttpCacheClient() override;

    void get(const QString &path, qint64 maxBytes, Done done, bool soon) override;
    void put(const QString &path, QByteArray body, Done done, bool soon) override;
    void cancelQueuedReads() override;
    bool waitForWrites(std::chrono::milliseconds timeout) override;
    int writesOutstanding() const override;

private:
    class Worker;
    struct Lane {
        QThread thread;
        Worker *worker = nullptr; // lives on thread
    };
    Worker *nextWorker();
    void writeSettled();

    Options m_options;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    std::atomic<unsigned> m_next{0};
    mutable std::mutex m_mutex;
    std::condition_variable m_writesChanged;
    int m_writes = 0; // queued or in flight

    friend class Worker;
};

// Everything network lives here, on the client's thread.
class QtHttpCacheClient::Worker : public QObject
{
public:
    struct Request {
        bool write = false;
        bool soon = false;
        qint64 maxBytes = -1; // reads: the longest body taken
        QString path;
        QByteArray body;
        Done done;
    };

    Worker(QtHttpCacheClient *client, const Options &options)
        : m_client(client), m_options(options)
    {
    }

    void enqueue(Request request)
    {
        if (m_closing) {
            finish(request, cancelled());
            return;
        }
        if (request.write)
            m_writes.push_back(std::move(request));
        else if (request.soon)
            m_reads.push_front(std::move(request));
        else
            m_reads.push_back(std::move(request));
        startMore();
    }

    void cancelQueuedReads()
    {
        std::deque<Request> reads;
        reads.swap(m_reads);
        for (Request &request : reads)
            finish(request, cancelled());
    }

    // Abandons everything; the callbacks run before this returns.
    void close()
    {
        m_closing = true;
        cancelQueuedReads();
        std::deque<Request> writes;
        writes.swap(m_writes);
        for (Request &request : writes)
            finish(request, cancelled());
        const QList<QNetworkReply *> replies = m_inFlight.keys();
        for (QNetworkReply *reply : replies)
            reply->abort(); // finished() runs now, answering Cancelled
        delete m_manager;
        m_manager = nullptr;
    }

private:
    static HttpCacheReply cancelled()
    {
        HttpCacheReply reply;
        reply.outcome = HttpCacheReply::Outcome::Cancelled;
        return reply;
    }

    void finish(Request &request, const HttpCacheReply &reply)
    {
        if (request.done)
            request.done(reply);
        if (request.write)
            m_client->writeSettled();
    }

    void startMore()
    {
        while (!m_closing && m_inFlight.size() < m_options.maxInFlight && (!m_reads.empty() || !m_writes.empty())) {
            // Reads first: a build waits on them; uploads can wait.
            std::deque<Request> &queue = m_reads.empty() ? m_writes : m_reads;
            Request request = std::move(queue.front());
            queue.pop_front();
            start(std::move(request));
        }
    }

    void start(Request request)
    {
        if (!m_manager) {
            m_manager = new QNetworkAccessManager(this);
            m_manager->setAutoDeleteReplies(false);
        }
        QNetworkRequest http(m_options.base.resolved(QUrl(request.path)));
        if (!m_options.authorization.isEmpty())
            http.setRawHeader("Authorization", m_options.authorization);
        http.setAttribute(QNetworkRequest::Http2AllowedAttribute, false); // plain HTTP/1.1 keep-alive
        // Several requests down each of the (up to six) connections: small
        // objects are dominated by round trips, not bytes.
        http.setAttribute(QNetworkRequest::HttpPipeliningAllowedAttribute, !request.write);
        // A redirect to another origin would carry the Authorization header
        // there: only the cache's own origin is followed.
        http.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
        QNetworkReply *reply = nullptr;
        if (request.write) {
            http.setHeader(QNetworkRequest::ContentTypeHeader, u"application/octet-stream"_s);
            reply = m_manager->put(http, request.body);
        } else {
            reply = m_manager->get(http);
        }
        // A whole-request deadline: a server that trickles bytes must not
        // hold a build.
        auto *deadline = new QTimer(reply);
        deadline->setSingleShot(true);
        QObject::connect(deadline, &QTimer::timeout, reply, [reply] {
            reply->setProperty("prometeuTimedOut", true);
            reply->abort();
        });
        deadline->start(m_options.timeoutMs);
        if (!request.write && request.maxBytes >= 0) {
            const qint64 maxBytes = request.maxBytes;
            auto tooLarge = [reply, maxBytes](qint64 bytes) {
                if (bytes <= maxBytes || reply->property("prometeuTooLarge").isValid())
                    return;
                reply->setProperty("prometeuTooLarge", bytes);
                reply->abort();
            };
            // The announced length stops it before a byte of the body is
            // held; the count received stops a body sent without one.
            QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, tooLarge] {
                const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
                if (length.isValid())
                    tooLarge(length.toLongLong());
            });
            QObject::connect(reply, &QNetworkReply::downloadProgress, reply,
                             [tooLarge](qint64 received, qint64) { tooLarge(received); });
        }
        m_inFlight.insert(reply, std::move(request));
        QObject::connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    }

    void onFinished(QNetworkReply *reply)
    {
        auto it = m_inFlight.find(reply);
        if (it == m_inFlight.end())
            return;
        Request request = std::move(it.value());
        m_inFlight.erase(it);
        const HttpCacheReply answer = classify(reply, request.maxBytes);
        reply->deleteLater();
        finish(request, answer);
        startMore();
    }

    static HttpCacheReply classify(QNetworkReply *reply, qint64 maxBytes)
    {
        HttpCacheReply answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.detail = reply->errorString();
        using Outcome = HttpCacheReply::Outcome;
        if (const QVariant sent = reply->property("prometeuTooLarge"); sent.isValid()) {
            answer.outcome = Outcome::TooLarge;
            answer.detail = ClientText::tr("%1 bytes or more where at most %2 were expected")
                                .arg(sent.toLongLong())
                                .arg(maxBytes);
            return answer;
        }
        if (reply->property("prometeuTimedOut").toBool()) {
            answer.outcome = Outcome::Timeout;
            return answer;
        }
        if (reply->error() == QNetworkReply::InsecureRedirectError) {
            answer.outcome = Outcome::Redirected;
            answer.detail = ClientText::tr("redirected to %1, another server: not followed, so that the "
                                                "credentials never leave the cache's own address")
                                .arg(reply->url()
                                         .resolved(QUrl(QString::fromUtf8(reply->rawHeader("Location"))))
                                         .adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery)
                                         .toString());
            return answer;
        }
        if (answer.status == 0) {
            answer.outcome = reply->error() == QNetworkReply::OperationCanceledError ? Outcome::Cancelled
                                                                                      : Outcome::Unreachable;
            return answer;
        }
        answer.body = reply->readAll();
        const bool write = reply->operation() == QNetworkAccessManager::PutOperation;
        if (answer.status >= 200 && answer.status < 300) {
            const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
            const bool cut = reply->error() != QNetworkReply::NoError
                || (!write && length.isValid() && length.toLongLong() != answer.body.size());
            answer.outcome = cut ? Outcome::Truncated : Outcome::Ok;
            if (cut)
                answer.detail = u"%1 of %2 bytes"_s.arg(answer.body.size()).arg(length.toLongLong());
            return answer;
        }
        answer.detail = u"HTTP %1"_s.arg(answer.status);
        if (answer.status == 404) {
            answer.outcome = Outcome::NotFound;
        } else if (answer.status == 401 || (answer.status == 403 && !write)) {
            answer.outcome = Outcome::Unauthorized;
        } else if (answer.status >= 500) {
            answer.outcome = Outcome::ServerError;
        } else {
            answer.outcome = Outcome::Rejected;
        }
        return answer;
    }

    QtHttpCacheClient *m_client;
    Options m_options;
    QNetworkAccessManager *m_manager = nullptr;
    std::deque<Request> m_reads;
    std::deque<Request> m_writes;
    QHash<QNetworkReply *, Request> m_inFlight;
    bool m_closing = false;
};

QtHttpCacheClient::QtHttpCacheClient(Options options)
    : m_options(std::move(options))
{
    // Read lanes, and one lane for writes, so that a build's reads never
    // queue behind uploads. (The write lane at idle priority, SCHED_IDLE,
    // halved the upload overhead of a cold build on two cores, but on a
    // busy machine uploads then never ran, not even within the exit grace:
    // nothing was shared.)
    const int readLanes = qMax(1, m_options.lanes);
    Options perLane = m_options;
    perLane.maxInFlight = qMax(1, m_options.maxInFlight / readLanes);
    for (int i = 0; i <= readLanes; ++i) {
        const bool writes = i == readLanes;
        auto lane = std::make_unique<Lane>();
        lane->thread.setObjectName(writes ? u"team cache up"_s : u"team cache %1"_s.arg(i + 1));
        lane->worker = new Worker(this, perLane);
        lane->worker->moveToThread(&lane->thread);
        QObject::connect(&lane->thread, &QThread::finished, lane->worker, &QObject::deleteLater);
        lane->thread.start();
        m_lanes.push_back(std::move(lane));
    }
}

QtHttpCacheClient::~QtHttpCacheClient()
{
    for (const auto &lane : m_lanes) {
        Worker *worker = lane->worker;
        QMetaObject::invokeMethod(worker, [worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    }
    for (const auto &lane : m_lanes) {
        lane->thread.quit();
        lane->thread.wait();
    }
}

QtHttpCacheClient::Worker *QtHttpCacheClient::nextWorker()
{
    const size_t readLanes = m_lanes.size() - 1; // the last lane writes
    return m_lanes[m_next.fetch_add(1, std::memory_order_relaxed) % readLanes]->worker;
}

void QtHttpCacheClient::get(const QString &path, qint64 maxBytes, Done done, bool soon)
{
    Worker *worker = nextWorker();
    QMetaObject::invokeMethod(worker, [worker, path, maxBytes, soon, done = std::move(done)]() mutable {
        worker->enqueue({false, soon, maxBytes, path, {}, std::move(done)});
    });
}

void QtHttpCacheClient::put(const QString &path, QByteArray body, Done done, bool soon)
{
    {
        std::lock_guard lock(m_mutex);
        ++m_writes;
    }
    Worker *worker = soon ? nextWorker() : m_lanes.back()->worker;
    QMetaObject::invokeMethod(worker, [worker, path, body = std::move(body), done = std::move(done)]() mutable {
        worker->enqueue({true, false, -1, path, std::move(body), std::move(done)});
    });
}

void QtHttpCacheClient::cancelQueuedReads()
{
    for (const auto &lane : m_lanes) {
        Worker *worker = lane->worker;
        // Queued even from the lane's own thread: the reads it drops are
        // answered, and their callbacks must not run inside the caller's.
        QMetaObject::invokeMethod(worker, [worker] { worker->cancelQueuedReads(); }, Qt::QueuedConnection);
    }
}

bool QtHttpCacheClient::waitForWrites(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_writesChanged.wait_for(lock, timeout, [this] { return m_writes == 0; });
}

int QtHttpCacheClient::writesOutstanding() const
{
    std::lock_guard lock(m_mutex);
    return m_writes;
}

void QtHttpCacheClient::writeSettled()
{
    {
        std::lock_guard lock(m_mutex);
        --m_writes;
    }
    m_writesChanged.notify_all();
}

} // namespace Prometeu

// The module's maker of team-cache clients (HttpCacheClient::create).
extern "C" Q_DECL_EXPORT Prometeu::HttpCacheClient *prometeuNewHttpCacheClient(const Prometeu::HttpCacheClient::Options &options)
{
    return new Prometeu::QtHttpCacheClient(options);
}
