// bench_stream: SSE fan-out from the stream server (issue #6).
//
// 100 SSE clients on loopback while the packer publishes 10,000 events per
// second; reports delivery latency (publish -> parsed by the client)
// p50/p99/max and events lost, then the same with one stalled client
// alongside. Reference, same run: a single client.
//
// Processes and threads: this process publishes (one thread, the packer's
// OperationPublisher into the hub) and serves (StreamServerThread, as the
// Studio and `prometeu serve` do). The clients are a second process
// (this binary with --clients), plain non-blocking sockets on one epoll
// loop, so they cost what a real client costs and not a Qt event loop per
// socket. Timestamps are steady_clock (CLOCK_MONOTONIC, shared by both
// processes) nanoseconds carried in each event's payload.

#include <hub/eventhub.h>
#include <packer/operationpublisher.h>
#include <server/streamserverthread.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

long long cpuMs(int who)
{
    rusage usage{};
    ::getrusage(who, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000ll + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

// ---- The client process ---------------------------------------------------

struct Client {
    int fd = -1;
    std::string buffer;
    long long received = 0;
    bool sawHead = false;
    bool stalled = false;
};

int openClient(quint16 port, const std::string &token, bool stalled)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (stalled) {
        const int small = 4096; // a client that hangs: its window fills at once
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        std::perror("connect");
        std::exit(2);
    }
    const std::string request = "GET /events?kind=cache_miss HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port)
        + "\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    if (::write(fd, request.data(), request.size()) != ssize_t(request.size())) {
        std::perror("write");
        std::exit(2);
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Splits messages at the blank line and reads the publish time out of
// each, without a JSON parse: the server is what is measured. Returns how
// many bytes of `text` were whole messages (or the response head).
size_t parse(Client &client, std::string_view text, std::vector<int> &latenciesUs)
{
    const qint64 now = nowNs();
    size_t start = 0;
    if (!client.sawHead) {
        const size_t end = text.find("\r\n\r\n");
        if (end == std::string_view::npos)
            return 0;
        client.sawHead = true;
        start = end + 4;
    }
    for (;;) {
        const size_t end = text.find("\n\n", start);
        if (end == std::string_view::npos)
            break;
        const std::string_view message = text.substr(start, end - start);
        const size_t at = message.find("\"t\":");
        if (at != std::string_view::npos) {
            size_t digits = at + 4;
            qint64 sent = 0;
            while (digits < message.size() && std::isdigit(static_cast<unsigned char>(message[digits])))
                sent = sent * 10 + (message[digits++] - '0');
            latenciesUs.push_back(int((now - sent) / 1000));
            ++client.received;
        }
        start = end + 2;
    }
    return start;
}

// One read per readiness (the poller is level-triggered): the working set
// stays one chunk plus a partial message, however far behind a client is.
void readSome(Client &client, std::vector<char> &chunk, std::vector<int> &latenciesUs)
{
    const ssize_t n = ::read(client.fd, chunk.data(), chunk.size());
    if (n <= 0)
        return;
    if (client.buffer.empty()) {
        const std::string_view text(chunk.data(), size_t(n));
        const size_t used = parse(client, text, latenciesUs);
        client.buffer.assign(text.substr(used));
        return;
    }
    client.buffer.append(chunk.data(), size_t(n));
    const size_t used = parse(client, client.buffer, latenciesUs);
    client.buffer.erase(0, used);
}

// Prints "ready" once every reading client saw its response head, reads
// until stdin says "done <expected per client>" and every client has that
// many (or 10 s pass), then prints one result line.
int runClients(quint16 port, const std::string &token, int count, int stalledCount)
{
    std::vector<Client> clients(size_t(count + stalledCount));
    const int poller = ::epoll_create1(0);
    for (size_t i = 0; i < clients.size(); ++i) {
        clients[i].stalled = int(i) >= count;
        clients[i].fd = openClient(port, token, clients[i].stalled);
        if (clients[i].stalled)
            continue;
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.u64 = i;
        ::epoll_ctl(poller, EPOLL_CTL_ADD, clients[i].fd, &event);
    }
    epoll_event input{};
    input.events = EPOLLIN;
    input.data.u64 = ~0ull;
    ::fcntl(0, F_SETFL, ::fcntl(0, F_GETFL) | O_NONBLOCK);
    ::epoll_ctl(poller, EPOLL_CTL_ADD, 0, &input);

    std::vector<int> latenciesUs;
    latenciesUs.reserve(16'000'000); // no reallocation (a stall of its own) during a run
    std::vector<char> chunk(1 << 18);
    std::string command;
    bool announced = false;
    long long expected = -1;
    qint64 drainDeadline = 0;
    std::vector<epoll_event> events(64);
    for (;;) {
        const int ready = ::epoll_wait(poller, events.data(), int(events.size()), 20);
        for (int e = 0; e < ready; ++e) {
            if (events[size_t(e)].data.u64 == ~0ull) {
                const ssize_t n = ::read(0, chunk.data(), chunk.size());
                if (n > 0)
                    command.append(chunk.data(), size_t(n));
                else if (n == 0)
                    return 1; // the bench went away
                continue;
            }
            readSome(clients[events[size_t(e)].data.u64], chunk, latenciesUs);
        }
        bool allHeads = true;
        long long least = std::numeric_limits<long long>::max();
        for (const Client &client : clients) {
            if (client.stalled)
                continue;
            allHeads = allHeads && client.sawHead;
            least = std::min(least, client.received);
        }
        if (allHeads && !announced) {
            announced = true;
            std::printf("ready\n");
            std::fflush(stdout);
        }
        if (expected < 0 && command.find('\n') != std::string::npos) {
            expected = std::stoll(command.substr(command.find(' ') + 1));
            drainDeadline = nowNs() + 10'000'000'000ll;
        }
        if (expected >= 0 && (least >= expected || nowNs() > drainDeadline))
            break;
    }
    long long received = 0;
    for (const Client &client : clients)
        received += client.received;
    std::sort(latenciesUs.begin(), latenciesUs.end());
    auto at = [&](double q) { return latenciesUs.empty() ? 0 : latenciesUs[size_t(q * double(latenciesUs.size() - 1))]; };
    std::printf("result %lld %d %d %d %lld\n", received, at(0.5), at(0.99), latenciesUs.empty() ? 0 : latenciesUs.back(),
                cpuMs(RUSAGE_SELF));
    std::fflush(stdout);
    for (const Client &client : clients)
        ::close(client.fd);
    return 0;
}

// ---- The server and publisher process --------------------------------------

struct Result {
    double p50 = 0, p99 = 0, max = 0;
    long long expected = 0, lost = 0;
    long long clientCpuMs = 0, serverCpuMs = 0, publisherCpuMs = 0;
    StreamServer::Stats stats;
};

void waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    // Not a busy loop: this thread must leave the cores to the server, the
    // publisher and the clients.
    while (!done() && clock.elapsed() < timeoutMs) {
        QCoreApplication::processEvents();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

Result run(int clientCount, bool withStalled, int seconds, int rate)
{
    EventHub hub(u"bench"_s);
    StreamServer::Options options;
    options.token = "bench";
    StreamServerThread server(&hub, nullptr, options);
    QString error;
    if (!server.start(QString(), &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        std::exit(1);
    }
    QProcess clients;
    clients.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    clients.start(QCoreApplication::applicationFilePath(),
                  {u"--clients"_s, QString::number(clientCount), u"--stalled"_s, QString::number(withStalled ? 1 : 0),
                   u"--port"_s, QString::number(server.port()), u"--token"_s, u"bench"_s});
    waitFor([&] { return clients.canReadLine(); }, 20'000);
    if (clients.readLine().trimmed() != "ready") {
        std::fprintf(stderr, "the client process did not get ready\n");
        std::exit(1);
    }
    const int wanted = clientCount + (withStalled ? 1 : 0);
    waitFor([&] { return server.stats().clients == wanted; }, 10'000);

    const long long cpuBefore = cpuMs(RUSAGE_SELF);
    std::atomic<long long> publisherCpu = 0;
    // The publisher: `rate` events a second, in 1 ms ticks.
    const qint64 total = qint64(rate) * seconds;
    std::atomic<bool> published = false;
    std::thread publisher([&] {
        OperationPublisher operation(&hub, u"bench"_s, OperationKind::Build);
        operation.start(u"Bench."_s);
        const int perTick = std::max(1, rate / 1000);
        auto next = std::chrono::steady_clock::now();
        for (qint64 sent = 0; sent < total;) {
            next += std::chrono::milliseconds(1);
            for (int i = 0; i < perTick && sent < total; ++i, ++sent)
                operation.publish(EventKind::CacheMiss, u"Converted an asset."_s, QJsonObject{{u"t"_s, nowNs()}}, {});
            std::this_thread::sleep_until(next);
        }
        operation.finish(OperationOutcome::Succeeded, u"Done."_s);
        publisherCpu = cpuMs(RUSAGE_THREAD);
        published = true;
    });
    waitFor([&] { return published.load(); }, seconds * 1000 + 30'000);
    publisher.join();
    clients.write("done " + QByteArray::number(total) + '\n');
    waitFor([&] { return clients.canReadLine(); }, 30'000);
    const QList<QByteArray> fields = clients.readLine().trimmed().split(' ');
    clients.closeWriteChannel();
    clients.waitForFinished(10'000);
    Result result;
    result.publisherCpuMs = publisherCpu;
    result.serverCpuMs = cpuMs(RUSAGE_SELF) - cpuBefore - publisherCpu;
    result.stats = server.stats();
    result.expected = total * clientCount;
    if (fields.size() == 6 && fields[0] == "result") {
        result.clientCpuMs = fields[5].toLongLong();
        result.lost = result.expected - fields[1].toLongLong();
        result.p50 = fields[2].toDouble() / 1000;
        result.p99 = fields[3].toDouble() / 1000;
        result.max = fields[4].toDouble() / 1000;
    } else {
        result.lost = result.expected;
    }
    return result;
}

void print(const char *name, const Result &result)
{
    std::printf("%-26s latency p50 %7.2f ms, p99 %7.2f ms, max %8.2f ms; lost %lld of %lld\n", name, result.p50,
                result.p99, result.max, result.lost, result.expected);
    std::printf("%-26s cpu: publisher %lld ms, server %lld ms, clients %lld ms\n", "", result.publisherCpuMs,
                result.serverCpuMs, result.clientCpuMs);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc > 1 && std::strcmp(argv[1], "--clients") == 0 && argc == 9)
        return runClients(quint16(std::atoi(argv[6])), argv[8], std::atoi(argv[2]), std::atoi(argv[4]));

    QCoreApplication app(argc, argv);
    const int seconds = qEnvironmentVariableIntValue("BENCH_SECONDS") > 0 ? qEnvironmentVariableIntValue("BENCH_SECONDS") : 3;
    const int rate = qEnvironmentVariableIntValue("BENCH_RATE") >= 1000 ? qEnvironmentVariableIntValue("BENCH_RATE") : 10'000;
    std::printf("SSE fan-out on loopback, %d events/s for %d s; server on its own thread, clients in another process\n\n",
                rate, seconds);
    const Result one = run(1, false, seconds, rate);
    print("reference: 1 client", one);
    const Result hundred = run(100, false, seconds, rate);
    print("100 clients", hundred);
    const Result withStalled = run(100, true, seconds, rate);
    print("100 clients + 1 stalled", withStalled);
    std::printf("  server: %llu reset(s), %llu slow disconnect(s) with the stalled client; %llu reset(s) without\n",
                static_cast<unsigned long long>(withStalled.stats.resets),
                static_cast<unsigned long long>(withStalled.stats.slowDisconnects),
                static_cast<unsigned long long>(hundred.stats.resets));
    std::printf("  p99 ratio 100 clients / 1 client: %.1fx; with a stalled client / without: %.2fx\n",
                one.p99 > 0 ? hundred.p99 / one.p99 : 0.0, hundred.p99 > 0 ? withStalled.p99 / hundred.p99 : 0.0);
    return (hundred.lost == 0 && withStalled.lost == 0) ? 0 : 3;
}
