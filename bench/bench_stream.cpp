// bench_stream: SSE fan-out from the stream server (issue #6).
//
// 100 SSE clients on loopback while the packer publishes 10,000 events per
// second; reports delivery latency (publish -> parsed by the client)
// p50/p99/max and events lost, then the same with one stalled client
// alongside. Reference, same run: a single client.
//
// Threads: the publisher, the server (main thread), the clients (one
// thread, all sockets). Timestamps are steady_clock nanoseconds carried in
// each event's payload.

#include <hub/eventhub.h>
#include <packer/operationpublisher.h>
#include <server/streamserver.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// All clients in one thread; each socket parses its own stream.
class Clients : public QObject
{
public:
    struct Client {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        qint64 received = 0;
        bool sawHead = false;
        QByteArray head;
    };

    void open(quint16 port, const QByteArray &token, int count, bool stalled)
    {
        for (int i = 0; i < count; ++i) {
            auto *client = new Client;
            client->socket = new QTcpSocket(this);
            m_clients.push_back(client);
            QTcpSocket *socket = client->socket;
            if (!stalled)
                connect(socket, &QTcpSocket::readyRead, this, [this, client] { read(client); });
            connect(socket, &QTcpSocket::connected, this, [=] {
                socket->write("GET /events?kind=cache_miss HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
                              + "\r\nAuthorization: Bearer " + token + "\r\n\r\n");
                if (stalled)
                    socket->setReadBufferSize(1); // read nothing more: a client that hangs
            });
            socket->connectToHost(QHostAddress::LocalHost, port);
        }
    }

    void read(Client *client)
    {
        QByteArray bytes = client->socket->readAll();
        if (!client->sawHead) {
            client->head += bytes;
            const qsizetype end = client->head.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            client->sawHead = true;
            bytes = client->head.mid(end + 4);
        }
        // A light client: split messages at the blank line and read the
        // publish time out of each, without a JSON parse (the clients share
        // one thread; the server is what is measured).
        client->buffer.append(bytes);
        const qint64 now = nowNs();
        qsizetype start = 0;
        for (;;) {
            const qsizetype end = client->buffer.indexOf("\n\n", start);
            if (end < 0)
                break;
            const qsizetype at = client->buffer.indexOf("\"t\":", start);
            if (at >= 0 && at < end) {
                qsizetype digits = at + 4;
                qint64 sent = 0;
                while (digits < end && std::isdigit(uchar(client->buffer[digits])))
                    sent = sent * 10 + (client->buffer[digits++] - '0');
                m_latenciesUs.push_back((now - sent) / 1000);
                ++client->received;
            }
            start = end + 2;
        }
        client->buffer.remove(0, start);
    }

    std::vector<qint64> takeLatencies() { return std::exchange(m_latenciesUs, {}); }
    qint64 minReceived() const
    {
        qint64 least = std::numeric_limits<qint64>::max();
        for (const Client *client : m_clients)
            least = std::min(least, client->received);
        return m_clients.empty() ? 0 : least;
    }
    qint64 totalReceived() const
    {
        qint64 total = 0;
        for (const Client *client : m_clients)
            total += client->received;
        return total;
    }
    // On the clients' thread: sockets are deleted where they live.
    void closeAll()
    {
        for (Client *client : m_clients) {
            delete client->socket;
            delete client;
        }
        m_clients.clear();
    }

private:
    std::vector<Client *> m_clients;
    std::vector<qint64> m_latenciesUs;
};

struct Result {
    double p50 = 0, p99 = 0, max = 0;
    qint64 expected = 0, lost = 0;
};

template<typename F>
void onThread(QObject *object, F f)
{
    QMetaObject::invokeMethod(object, f, Qt::BlockingQueuedConnection);
}

void waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

Result run(EventHub &hub, StreamServer &server, int clientCount, bool withStalled, int seconds, int rate)
{
    QThread thread;
    Clients clients;
    clients.moveToThread(&thread);
    thread.start();
    QThread stalledThread;
    Clients stalled;
    stalled.moveToThread(&stalledThread);
    stalledThread.start();
    onThread(&clients, [&] { clients.open(server.port(), server.token(), clientCount, false); });
    if (withStalled)
        onThread(&stalled, [&] { stalled.open(server.port(), server.token(), 1, true); });
    const int wanted = clientCount + (withStalled ? 1 : 0);
    waitFor([&] { return server.stats().clients == wanted; }, 10'000);

    // The publisher: `rate` events a second, in 1 ms ticks.
    const qint64 total = qint64(rate) * seconds;
    std::atomic<bool> published = false;
    std::thread publisher([&] {
        OperationPublisher operation(&hub, u"bench"_s, OperationKind::Build);
        operation.start(u"Bench."_s);
        const int perTick = rate / 1000;
        auto next = std::chrono::steady_clock::now();
        for (qint64 sent = 0; sent < total;) {
            next += std::chrono::milliseconds(1);
            for (int i = 0; i < perTick && sent < total; ++i, ++sent)
                operation.publish(EventKind::CacheMiss, u"Converted an asset."_s, QJsonObject{{u"t"_s, nowNs()}}, {});
            std::this_thread::sleep_until(next);
        }
        operation.finish(OperationOutcome::Succeeded, u"Done."_s);
        published = true;
    });
    waitFor([&] { return published.load(); }, seconds * 1000 + 30'000);
    publisher.join();
    // Let deliveries drain (bounded).
    qint64 least = 0;
    QElapsedTimer drain;
    drain.start();
    while (drain.elapsed() < 10'000) {
        onThread(&clients, [&] { least = clients.minReceived(); });
        if (least >= total)
            break;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    std::vector<qint64> latencies;
    qint64 received = 0;
    onThread(&clients, [&] {
        latencies = clients.takeLatencies();
        received = clients.totalReceived();
    });
    onThread(&clients, [&] { clients.closeAll(); });
    onThread(&stalled, [&] { stalled.closeAll(); });
    thread.quit();
    thread.wait();
    stalledThread.quit();
    stalledThread.wait();

    Result result;
    result.expected = total * clientCount;
    result.lost = result.expected - received;
    std::sort(latencies.begin(), latencies.end());
    auto at = [&](double q) { return latencies.empty() ? 0.0 : latencies[size_t(q * (latencies.size() - 1))] / 1000.0; };
    result.p50 = at(0.5);
    result.p99 = at(0.99);
    result.max = latencies.empty() ? 0.0 : latencies.back() / 1000.0;
    return result;
}

void print(const char *name, const Result &result)
{
    std::printf("%-42s latency p50 %6.2f ms, p99 %7.2f ms, max %7.2f ms; lost %lld of %lld\n", name, result.p50,
                result.p99, result.max, static_cast<long long>(result.lost), static_cast<long long>(result.expected));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int seconds = qEnvironmentVariableIntValue("BENCH_SECONDS") > 0 ? qEnvironmentVariableIntValue("BENCH_SECONDS") : 3;
    const int rate = qEnvironmentVariableIntValue("BENCH_RATE") >= 1000 ? qEnvironmentVariableIntValue("BENCH_RATE") : 10'000;
    std::printf("SSE fan-out on loopback, %d events/s for %d s; server on the main thread, clients on another\n\n", rate,
                seconds);
    auto fresh = [&](auto body) {
        EventHub hub(u"bench"_s);
        StreamServer::Options options;
        options.token = "bench";
        StreamServer server(&hub, nullptr, options);
        server.start();
        return body(hub, server);
    };
    const Result one = fresh([&](EventHub &hub, StreamServer &server) { return run(hub, server, 1, false, seconds, rate); });
    print("reference: 1 client", one);
    const Result hundred = fresh([&](EventHub &hub, StreamServer &server) { return run(hub, server, 100, false, seconds, rate); });
    print("100 clients", hundred);
    StreamServer::Stats stalledStats;
    const Result withStalled = fresh([&](EventHub &hub, StreamServer &server) {
        Result result = run(hub, server, 100, true, seconds, rate);
        stalledStats = server.stats();
        return result;
    });
    print("100 clients + 1 stalled", withStalled);
    std::printf("  stalled client: %llu reset(s), %llu slow disconnect(s)\n",
                static_cast<unsigned long long>(stalledStats.resets),
                static_cast<unsigned long long>(stalledStats.slowDisconnects));
    std::printf("  p99 ratio 100 clients / 1 client: %.1fx; with a stalled client / without: %.2fx\n",
                one.p99 > 0 ? hundred.p99 / one.p99 : 0.0, hundred.p99 > 0 ? withStalled.p99 / hundred.p99 : 0.0);
    return 0;
}
