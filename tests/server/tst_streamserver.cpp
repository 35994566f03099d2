#include "testsupport.h"

#include <hub/eventhistory.h>
#include <hub/eventhub.h>
#include <packer/operationpublisher.h>
#include <server/requesthead.h>
#include <hub/serveractions.h>
#include <hub/sseformat.h>
#include <hub/sseparser.h>
#include <server/streamserver.h>
#include <server/streamserverthread.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTest>
#include <packer/eventpayloads.h>
#include <QRegularExpression>
#include <QProcess>
#include <QStandardPaths>
#include <QWebSocket>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

const QByteArray token = "test-token";

// A hand-driven HTTP client: what goes on the wire is exactly what the test
// wrote, and the response is taken apart as it arrives.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5'000);
    }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    void get(quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {})
    {
        send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
             + "\r\nAuthorization: Bearer " + token + "\r\n" + extraHeaders + "\r\n");
    }
    // Reads what has arrived; true once the head is complete.
    bool pump()
    {
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            m_socket.waitForReadyRead(10);
        const QByteArray bytes = m_socket.isOpen() ? m_socket.readAll() : QByteArray();
        if (m_headEnd < 0) {
            m_head += bytes;
            m_headEnd = m_head.indexOf("\r\n\r\n");
            if (m_headEnd >= 0) {
                const QByteArray rest = m_head.mid(m_headEnd + 4);
                m_head.truncate(m_headEnd);
                m_body += rest;
                m_sse.feed(rest);
            }
        } else {
            m_body += bytes;
            m_sse.feed(bytes);
        }
        for (const SseParser::Message &message : m_sse.take())
            m_messages.append(message);
        return m_headEnd >= 0;
    }
    int status() const { return m_head.split(' ').value(1).toInt(); }
    QByteArray head() const { return m_head; }
    QByteArray body() const { return m_body; }
    QList<SseParser::Message> &messages() { return m_messages; }
    int comments() const { return m_sse.commentsSeen(); }
    bool closed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    void close() { m_socket.abort(); }
    QList<quint64> ids() const
    {
        QList<quint64> ids;
        for (const auto &message : m_messages) {
            if (!message.id.isEmpty() && message.event != "reset")
                ids.append(message.id.toULongLong());
        }
        return ids;
    }

private:
    QTcpSocket m_socket;
    QByteArray m_head;
    qsizetype m_headEnd = -1;
    QByteArray m_body;
    SseParser m_sse;
    QList<SseParser::Message> m_messages;
};

class FakeActions : public ServerActions
{
public:
    QString startOperation(const QString &operation, QString *) override
    {
        calledOn = QThread::currentThread();
        started.append(operation);
        return u"op-%1"_s.arg(started.size());
    }
    bool play(QString *) override { return ++plays, true; }
    bool stop(QString *refusal) override
    {
        *refusal = u"Nothing is running."_s;
        return false;
    }
    QStringList started;
    int plays = 0;
    QThread *calledOn = nullptr;
};

struct Fixture {
    explicit Fixture(StreamServer::Options options = {}, qsizetype recent = EventHub::defaultRecentFrames)
        : hub(u"demo"_s, 1, recent)
    {
        options.token = token;
        server = std::make_unique<StreamServer>(&hub, &actions, options);
        QVERIFY(server->start());
        port = server->port();
    }
    EventHub hub;
    FakeActions actions;
    std::unique_ptr<StreamServer> server;
    quint16 port = 0;
};

} // namespace

class TestStreamServer : public QObject
{
    Q_OBJECT
    QByteArray m_lastScrape;

private Q_SLOTS:
    void sseWireFormatSplitsMultiLineData()
    {
        QCOMPARE(sseMessage(7, "log", "one\ntwo\r\nthree\rfour"),
                 QByteArray("id: 7\nevent: log\ndata: one\ndata: two\ndata: three\ndata: four\n\n"));
        QCOMPARE(sseComment("beat\nbeat"), QByteArray(": beat beat\n\n"));
        // And the client side reads it back, whichever line ends arrive, in
        // whatever pieces.
        const QByteArray wire = sseMessage(7, "log", "one\ntwo") + sseComment("x") + "id: 8\r\nevent: e\r\ndata: {}\r\n\r\n";
        SseParser parser;
        for (const char c : wire)
            parser.feed(QByteArray(1, c));
        const auto messages = parser.take();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0].id, QByteArray("7"));
        QCOMPARE(messages[0].event, QByteArray("log"));
        QCOMPARE(messages[0].data, QByteArray("one\ntwo"));
        QCOMPARE(messages[1].id, QByteArray("8"));
        QCOMPARE(parser.lastEventId(), QByteArray("8"));
        QCOMPARE(parser.commentsSeen(), 1);
    }

    void requestHeadCorpus_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status"); // RequestHead::Status
        using S = RequestHead::Status;
        QTest::newRow("ok") << QByteArray("GET /events HTTP/1.1\r\nHost: a\r\n\r\n") << int(S::Complete);
        QTest::newRow("incomplete") << QByteArray("GET /events HTTP/1.1\r\nHost: a\r\n") << int(S::Incomplete);
        QTest::newRow("no version") << QByteArray("GET /events\r\nHost: a\r\n\r\n") << int(S::Malformed);
        QTest::newRow("http2") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << int(S::Malformed);
        QTest::newRow("absolute form") << QByteArray("GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n") << int(S::Malformed);
        QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\nHost: a\r\n\r\n") << int(S::Malformed);
        QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\nX: y\r\n\r\n") << int(S::Malformed);
        QTest::newRow("bare lf") << QByteArray("GET / HTTP/1.1\nHost: a\r\n\r\n") << int(S::Malformed);
        QTest::newRow("folded") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n") << int(S::Malformed);
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost a\r\n\r\n") << int(S::Malformed);
        QTest::newRow("control") << QByteArray("GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n") << int(S::Malformed);
        QTest::newRow("nul in target") << [] {
            constexpr char text[] = "GET /\0x HTTP/1.1\r\nHost: a\r\n\r\n"; // sizeof, not strlen: the NUL is the point
            return QByteArray(text, sizeof text - 1);
        }() << int(S::Malformed);
        QTest::newRow("huge") << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(20000, 'a')) << int(S::TooLarge);
        QByteArray many = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 100; ++i)
            many += "X" + QByteArray::number(i) + ": y\r\n";
        QTest::newRow("too many headers") << many + "\r\n" << int(S::TooLarge);
        QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\xff\x01\xfc\x03\x03\r\n\r\n") << int(S::Malformed);
    }

    void requestHeadCorpus()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        RequestHead head;
        QCOMPARE(int(RequestHead::parse(request, &head)), status);
    }

    void refusesWhatIsNotOurs_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const QByteArray host = "Host: 127.0.0.1:%PORT%\r\n";
        QTest::newRow("no token") << QByteArray("GET /snapshot HTTP/1.1\r\n" + host + "\r\n") << 401;
        QTest::newRow("wrong token") << QByteArray("GET /snapshot HTTP/1.1\r\n" + host + "Authorization: Bearer nope\r\n\r\n") << 401;
        QTest::newRow("token prefix") << QByteArray("GET /snapshot?token=test HTTP/1.1\r\n" + host + "\r\n") << 401;
        QTest::newRow("wrong host") << QByteArray("GET /snapshot?token=test-token HTTP/1.1\r\nHost: evil.example:80\r\n\r\n") << 403;
        QTest::newRow("foreign origin") << QByteArray("GET /events?token=test-token HTTP/1.1\r\n" + host + "Origin: http://evil.example\r\n\r\n") << 403;
        QTest::newRow("websocket without token") << QByteArray("GET /ws HTTP/1.1\r\n" + host
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n") << 401;
        QTest::newRow("websocket foreign origin") << QByteArray("GET /ws?token=test-token HTTP/1.1\r\n" + host
            + "Origin: http://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n") << 403;
        QTest::newRow("malformed") << QByteArray("GET /snapshot\r\n\r\n") << 400;
        QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\xff\r\n\r\n") << 400;
        QTest::newRow("oversized head") << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(40000, 'a') + "\r\n\r\n") << 431;
        QTest::newRow("oversized body") << QByteArray("POST /operations?token=test-token HTTP/1.1\r\n" + host + "Content-Length: 100000000\r\n\r\n") << 413;
        QTest::newRow("chunked body") << QByteArray("POST /operations?token=test-token HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n") << 411;
        QTest::newRow("method") << QByteArray("DELETE /snapshot?token=test-token HTTP/1.1\r\n" + host + "\r\n") << 405;
        QTest::newRow("unknown path") << QByteArray("GET /nothing?token=test-token HTTP/1.1\r\n" + host + "\r\n") << 404;
        QTest::newRow("bad json") << QByteArray("POST /operations?token=test-token HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\n{oops") << 400;
        QTest::newRow("unknown operation") << QByteArray("POST /operations?token=test-token HTTP/1.1\r\n" + host + "Content-Length: 22\r\n\r\n{\"operation\": \"nuke\"}\n") << 400;
    }

    void refusesWhatIsNotOurs()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        Fixture fixture;
        RawClient client(fixture.port);
        client.send(request.replace("%PORT%", QByteArray::number(fixture.port)));
        QTRY_VERIFY(client.pump());
        QCOMPARE(client.status(), status);
        QTRY_VERIFY((client.pump(), client.closed()));
        if (status != 404 && status != 400 && status != 405)
            QVERIFY(fixture.server->stats().refused >= 1);
        // And the server is still there for the next client.
        RawClient next(fixture.port);
        next.get(fixture.port, "/snapshot");
        QTRY_VERIFY(next.pump());
        QCOMPARE(next.status(), 200);
    }

    void hundredRapidEventsArriveCompleteAndInOrder()
    {
        Fixture fixture;
        RawClient client(fixture.port);
        client.get(fixture.port, "/events");
        QTRY_VERIFY(client.pump());
        QCOMPARE(client.status(), 200);
        QVERIFY(client.head().contains("text/event-stream"));
        QTRY_VERIFY(fixture.server->stats().clients == 1);
        OperationPublisher publisher(&fixture.hub, u"demo"_s, OperationKind::Build);
        publisher.start(u"B."_s);
        for (int i = 0; i < 98; ++i)
            publisher.publish(EventKind::ProgressUpdated, u"p %1"_s.arg(i), {}, {}, EventProgress{i, 98});
        publisher.finish(OperationOutcome::Succeeded, u"Done."_s);
        QTRY_COMPARE_WITH_TIMEOUT((client.pump(), client.ids().size()), 100, 10'000);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(client.ids()[i], quint64(i + 1));
        const auto &messages = client.messages();
        QCOMPARE(messages.first().event, QByteArray("operation_started"));
        QCOMPARE(messages.last().event, QByteArray("operation_finished"));
        const QJsonObject last = QJsonDocument::fromJson(messages.last().data).object();
        QCOMPARE(last.value(u"seq"_s).toInteger(), 100);
        QCOMPARE(last.value(u"hash"_s).toString().size(), 64);
    }

    void heartbeatsKeepTheirCadence()
    {
        StreamServer::Options options;
        options.heartbeatMs = 150;
        Fixture fixture(options);
        RawClient client(fixture.port);
        client.get(fixture.port, "/events");
        QTRY_VERIFY(client.pump());
        const int opening = client.comments(); // the "stream open" comment
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT((client.pump(), client.comments() >= opening + 4), 5'000);
        // Four beats take at least three intervals, and not wildly more.
        QVERIFY2(clock.elapsed() >= 3 * options.heartbeatMs, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(client.body().contains(": heartbeat\n\n"));
    }

    void resumeIsExactAcrossADroppedConnection()
    {
        Fixture fixture;
        OperationPublisher build(&fixture.hub, u"demo"_s, OperationKind::Build);
        auto first = std::make_unique<RawClient>(fixture.port);
        first->get(fixture.port, "/events");
        QTRY_VERIFY(first->pump());
        QTRY_VERIFY(fixture.server->stats().clients == 1);
        build.start(u"B."_s);
        for (int i = 0; i < 40; ++i)
            build.publish(EventKind::CacheMiss, u"c %1"_s.arg(i), {}, {});
        QTRY_COMPARE((first->pump(), first->ids().size()), 41);
        // The connection drops in the middle of the build...
        const quint64 lastSeen = first->ids().last() - 10; // ...and the client only processed some
        first->close();
        for (int i = 40; i < 80; ++i)
            build.publish(EventKind::CacheMiss, u"c %1"_s.arg(i), {}, {});
        // It comes back with the last id it processed, while the build goes on.
        RawClient second(fixture.port);
        second.get(fixture.port, "/events", "Last-Event-ID: " + QByteArray::number(lastSeen) + "\r\n");
        QTRY_VERIFY(second.pump());
        for (int i = 80; i < 100; ++i)
            build.publish(EventKind::CacheMiss, u"c %1"_s.arg(i), {}, {});
        build.finish(OperationOutcome::Succeeded, u"Done."_s);
        const quint64 total = fixture.hub.lastSeq();
        QTRY_COMPARE((second.pump(), quint64(second.ids().size())), total - lastSeen);
        for (qsizetype i = 0; i < second.ids().size(); ++i)
            QCOMPARE(second.ids()[i], lastSeen + 1 + quint64(i)); // no gap, no repeat
    }

    void resumeReachesIntoHistory()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        Fixture fixture({}, 10); // memory keeps only 10 frames
        OperationPublisher build(&fixture.hub, u"demo"_s, OperationKind::Build);
        auto recorded = fixture.hub.subscribe({}, 1000);
        build.start(u"B."_s);
        for (int i = 0; i < 59; ++i)
            build.publish(EventKind::CacheMiss, u"c %1"_s.arg(i), {}, {});
        {
            EventHistory writer;
            QVERIFY(writer.open(path, true));
            QVERIFY(writer.record(recorded->take()));
        }
        QVERIFY(fixture.server->openHistory(path));
        RawClient client(fixture.port);
        client.get(fixture.port, "/events", "Last-Event-ID: 5\r\n");
        QTRY_VERIFY(client.pump());
        QTRY_COMPARE((client.pump(), client.ids().size()), 55);
        for (int i = 0; i < 55; ++i)
            QCOMPARE(client.ids()[i], quint64(6 + i));
    }

    void correlationFilter()
    {
        Fixture fixture;
        OperationPublisher build(&fixture.hub, u"demo"_s, OperationKind::Build);
        OperationPublisher scan(&fixture.hub, u"demo"_s, OperationKind::Scan);
        RawClient client(fixture.port);
        client.get(fixture.port, "/events?operation_id=" + build.operationId().toUtf8() + "&kind=operation_started,operation_finished");
        QTRY_VERIFY(client.pump());
        QTRY_VERIFY(fixture.server->stats().clients == 1);
        scan.start(u"S."_s);
        build.start(u"B."_s);
        build.publish(EventKind::CacheMiss, u"c"_s, {}, {});
        scan.finish(OperationOutcome::Succeeded, u"S."_s);
        build.finish(OperationOutcome::Succeeded, u"B."_s);
        QTRY_COMPARE((client.pump(), client.messages().size()), 2);
        for (const auto &message : client.messages())
            QCOMPARE(QJsonDocument::fromJson(message.data).object().value(u"operation_id"_s).toString(), build.operationId());
    }

    void operationStreamReplaysThenEndsAtItsTerminalEvent()
    {
        Fixture fixture;
        OperationPublisher build(&fixture.hub, u"demo"_s, OperationKind::Build);
        build.start(u"B."_s);
        build.publish(EventKind::CacheMiss, u"c"_s, {}, {});
        RawClient client(fixture.port);
        client.get(fixture.port, "/operations/" + build.operationId().toUtf8(), "Accept: text/event-stream\r\n");
        QTRY_COMPARE((client.pump(), client.messages().size()), 2); // replayed
        build.finish(OperationOutcome::Failed, u"Broken."_s);
        QTRY_VERIFY((client.pump(), client.closed()));
        QCOMPARE(client.messages().size(), 3);
        QCOMPARE(client.messages().last().event, QByteArray("operation_finished"));
    }

    void operationStreamSaysSoWhenTheOperationVanishes()
    {
        Fixture fixture;
        RawClient client(fixture.port);
        client.get(fixture.port, "/operations/never-started", "Accept: text/event-stream\r\n");
        QTRY_VERIFY_WITH_TIMEOUT((client.pump(), client.closed()), 10'000);
        QCOMPARE(client.messages().size(), 1);
        QCOMPARE(client.messages().first().event, QByteArray("end"));
    }

    void aClientThatFallsBehindGetsAReset()
    {
        StreamServer::Options options;
        options.clientQueue = 5;
        Fixture fixture(options);
        RawClient client(fixture.port);
        client.get(fixture.port, "/events");
        QTRY_VERIFY(client.pump());
        QTRY_VERIFY(fixture.server->stats().clients == 1);
        OperationPublisher build(&fixture.hub, u"demo"_s, OperationKind::Build);
        build.start(u"B."_s);
        for (int i = 0; i < 20; ++i) // no event loop in between: the queue overflows
            build.publish(EventKind::CacheMiss, u"c"_s, {}, {});
        build.publish(EventKind::CacheMiss, u"after"_s, {}, {});
        // The hub stamps on its own thread: let it finish the burst before
        // the server pumps, or a pump mid-burst meets two overflows.
        fixture.hub.settle();
        QTRY_VERIFY((client.pump(), !client.messages().isEmpty()));
        QCOMPARE(client.messages().first().event, QByteArray("reset"));
        const QJsonObject reset = QJsonDocument::fromJson(client.messages().first().data).object();
        QCOMPARE(reset.value(u"running_operations"_s).toArray().size(), 1);
        QCOMPARE(fixture.server->stats().resets, 1u);
        // Exactly what it did not get: the 22 frames (start, 20, "after"), none sent.
        QCOMPARE(reset.value(u"missed_frames"_s).toInteger(), 22);
        QCOMPARE(reset.value(u"last_delivered_seq"_s).toInteger(), 0);
        QCOMPARE(fixture.server->stats().framesMissed, 22u);
        // Live frames continue after the snapshot's seq.
        build.finish(OperationOutcome::Succeeded, u"Done."_s);
        QTRY_VERIFY((client.pump(), client.messages().last().event == "operation_finished"));
        for (quint64 id : client.ids())
            QVERIFY(id > quint64(reset.value(u"seq"_s).toInteger()));
    }

    // /metrics in Prometheus' text format: the values move as a build and
    // a Play happen, and Prometheus' own checker (promtool, Debian package
    // prometheus, installed by tools/dev.sh) accepts it where it is there.
    void metricsMoveWithABuildAndAPlay()
    {
        Fixture fixture;
        const auto scrape = [&] {
            RawClient client(fixture.port);
            client.get(fixture.port, "/metrics");
            if (!QTest::qWaitFor([&] { return client.pump() && client.closed(); }, 10'000))
                return QHash<QByteArray, double>();
            [&] {
                QCOMPARE(client.status(), 200);
                QVERIFY(client.head().contains("text/plain; version=0.0.4"));
            }();
            QHash<QByteArray, double> values;
            for (const QByteArray &line : client.body().split('\n')) {
                if (line.isEmpty() || line.startsWith('#'))
                    continue;
                const qsizetype space = line.lastIndexOf(' ');
                values.insert(line.left(space), line.mid(space + 1).toDouble());
            }
            values.insert("__text", 0);
            m_lastScrape = client.body();
            return values;
        };
        const QHash<QByteArray, double> before = scrape();
        QVERIFY(before.contains("prometeu_hub_last_seq"));
        QCOMPARE(before.value("prometeu_cache_misses_total{result=\"converted\"}"), 0.0);
        QCOMPARE(before.value("prometeu_session_state{state=\"idle\"}"), 1.0);

        OperationPublisher build(&fixture.hub, u"demo"_s, OperationKind::Build);
        build.start(u"B."_s);
        CacheOutcome converted;
        converted.path = u"a.png"_s;
        converted.result = CacheOutcome::Result::Converted;
        converted.storedBytes = 1000;
        build.publish(EventKind::CacheMiss, u"a"_s, converted.toJson(), {u"a.png"_s});
        CacheOutcome remote;
        remote.path = u"b.png"_s;
        remote.source = CacheOutcome::Source::Remote;
        remote.storedBytes = 300;
        build.publish(EventKind::CacheHit, u"b"_s, remote.toJson(), {u"b.png"_s});
        // The team cache's traffic, said by build_finished and repeated by
        // the build's operation_finished: counted once.
        BuildStats stats;
        stats.succeeded = true;
        RemoteCacheStats remoteStats;
        remoteStats.bytesDown = 300;
        remoteStats.bytesUp = 1000;
        remoteStats.errors = 2;
        stats.remote = remoteStats;
        build.publish(EventKind::BuildFinished, u"Built."_s, stats.toJson());
        build.finish(OperationOutcome::Succeeded, u"Done."_s, stats.toJson());
        fixture.hub.publishStateChange(SessionState::Idle, SessionState::Preparing, u"Play"_s, 1);
        LogEntry line;
        line.message = u"hello"_s;
        fixture.hub.publishLog(line);

        const QHash<QByteArray, double> after = scrape();
        QCOMPARE(after.value("prometeu_cache_misses_total{result=\"converted\"}"), 1.0);
        QCOMPARE(after.value("prometeu_cache_hits_total{source=\"remote\"}"), 1.0);
        QCOMPARE(after.value("prometeu_cache_hits_total{source=\"local\"}"), 0.0);
        QCOMPARE(after.value("prometeu_cache_stored_bytes_total{outcome=\"converted\"}"), 1000.0);
        QCOMPARE(after.value("prometeu_cache_stored_bytes_total{outcome=\"hit\"}"), 300.0);
        QCOMPARE(after.value("prometeu_remote_cache_bytes_total{direction=\"down\"}"), 300.0);
        QCOMPARE(after.value("prometeu_remote_cache_bytes_total{direction=\"up\"}"), 1000.0);
        QCOMPARE(after.value("prometeu_remote_cache_errors_total"), 2.0);
        QCOMPARE(after.value("prometeu_hub_frames_total{kind=\"log\"}"), 1.0);
        QCOMPARE(after.value("prometeu_hub_frames_total{kind=\"cache_miss\"}"), 1.0);
        QCOMPARE(after.value("prometeu_session_state{state=\"preparing\"}"), 1.0);
        QCOMPARE(after.value("prometeu_session_state{state=\"idle\"}"), 0.0);
        QCOMPARE(after.value("prometeu_session_run"), 1.0);
        QCOMPARE(after.value("prometeu_hub_last_seq"), double(fixture.hub.lastSeq()));

#if defined(__SANITIZE_THREAD__)
        // ThreadSanitizer cannot follow a fork from this multi-threaded
        // test (it dies in the child): the other builds run promtool.
        const QString promtool;
#else
        const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
#endif
        if (promtool.isEmpty()) {
            qInfo("promtool is not installed (Debian package prometheus), or this is a ThreadSanitizer build: "
                  "checked by parsing only");
            return;
        }
        QProcess check;
        check.start(promtool, {u"check"_s, u"metrics"_s});
        QVERIFY(check.waitForStarted());
        check.write(m_lastScrape);
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(30'000));
        QVERIFY2(check.exitCode() == 0, check.readAll().constData());
    }

    // /openapi.json describes every route the server answers (read from
    // its source, so a route added later is caught) and every path it
    // describes is answered.
    void theOpenApiDescriptionMatchesTheRoutes()
    {
        Fixture fixture;
        RawClient client(fixture.port);
        client.get(fixture.port, "/openapi.json");
        QTRY_VERIFY((client.pump(), client.closed()));
        QCOMPARE(client.status(), 200);
        const QJsonObject spec = QJsonDocument::fromJson(client.body()).object();
        QCOMPARE(spec.value(u"openapi"_s).toString().left(2), u"3."_s);
        const QJsonObject paths = spec.value(u"paths"_s).toObject();
        QVERIFY(paths.size() >= 10);

        QFile source(QStringLiteral(PROMETEU_SOURCE_DIR) + u"/server/src/streamserver.cpp"_s);
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QString code = QString::fromUtf8(source.readAll());
        QSet<QString> routes;
        static const QRegularExpression exact(u"path == u\"(/[^\"]*)\"_s"_s);
        for (const QRegularExpressionMatch &match : exact.globalMatch(code))
            routes.insert(match.captured(1));
        static const QRegularExpression prefix(u"path\\.startsWith\\(u\"(/[^\"]*/)\"_s\\)"_s);
        for (const QRegularExpressionMatch &match : prefix.globalMatch(code))
            routes.insert(match.captured(1) + u"{id}"_s);
        routes.insert(u"/ws"_s); // answered by the WebSocket front door
        routes.remove(u"/session/{id}"_s); // play and stop are listed one by one
        QVERIFY(routes.size() >= 10);
        for (const QString &route : std::as_const(routes))
            QVERIFY2(paths.contains(route), qPrintable(route + u" is answered but not described"_s));

        for (auto it = paths.constBegin(); it != paths.constEnd(); ++it) {
            const QString path = QString(it.key()).replace(u"{id}"_s, u"op-1"_s);
            const QJsonObject methods = it.value().toObject();
            QVERIFY2(!methods.isEmpty(), qPrintable(it.key()));
            if (path == u"/events"_s || path == u"/ws"_s || path == u"/"_s)
                continue; // streams and the page: answered above and in their own tests
            for (const QString &method : methods.keys()) {
                RawClient probe(fixture.port);
                const QByteArray body = method == u"post"_s && path == u"/operations"_s ? R"({"operation": "scan"})" : "";
                probe.send(method.toUpper().toLatin1() + ' ' + path.toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                           + QByteArray::number(fixture.port) + "\r\nAuthorization: Bearer " + token
                           + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                           + "\r\n\r\n" + body);
                QTRY_VERIFY((probe.pump(), probe.closed()));
                QVERIFY2(!probe.body().contains("Nothing at " + path.toLatin1() + ". See"), qPrintable(method + u" "_s + path + u" is described but not answered"_s));
                const QString status = QString::number(probe.status());
                QVERIFY2(methods.value(method).toObject().value(u"responses"_s).toObject().contains(status),
                         qPrintable(method + u" "_s + path + u" answered "_s + status + u", which is not described"_s));
            }
        }
    }

    void snapshotAndActions()
    {
        Fixture fixture;
        auto post = [&](const QByteArray &path, const QByteArray &body) {
            auto client = std::make_unique<RawClient>(fixture.port);
            client->send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(fixture.port)
                         + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                         + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            return client;
        };
        auto build = post("/operations", R"({"operation": "build"})");
        QTRY_VERIFY((build->pump(), build->closed()));
        QCOMPARE(build->status(), 202);
        QCOMPARE(QJsonDocument::fromJson(build->body()).object().value(u"operation_id"_s).toString(), u"op-1"_s);
        QCOMPARE(fixture.actions.started, QStringList{u"build"_s});
        auto play = post("/session/play", {});
        QTRY_VERIFY((play->pump(), play->closed()));
        QCOMPARE(play->status(), 202);
        QCOMPARE(fixture.actions.plays, 1);
        auto stop = post("/session/stop", {});
        QTRY_VERIFY((stop->pump(), stop->closed()));
        QCOMPARE(stop->status(), 409);
        QVERIFY(stop->body().contains("Nothing is running."));

        fixture.hub.publishStateChange(SessionState::Idle, SessionState::Preparing, u"Play"_s, 1);
        RawClient snapshot(fixture.port);
        snapshot.get(fixture.port, "/snapshot");
        QTRY_VERIFY((snapshot.pump(), snapshot.closed()));
        const QJsonObject json = QJsonDocument::fromJson(snapshot.body()).object();
        QCOMPARE(json.value(u"seq"_s).toInteger(), 1);
        QCOMPARE(json.value(u"session"_s).toObject().value(u"state"_s).toString(), u"preparing"_s);
    }

    void onItsOwnThreadActionsStillRunOnTheHostThread()
    {
        EventHub hub(u"demo"_s);
        FakeActions actions;
        StreamServer::Options options;
        options.token = token;
        auto server = std::make_unique<StreamServerThread>(&hub, &actions, options);
        QVERIFY(server->start(QString()));
        const quint16 port = server->port();
        QVERIFY(port != 0);

        RawClient stream(port);
        stream.get(port, "/events");
        QTRY_VERIFY(stream.pump());
        QTRY_COMPARE(server->stats().clients, 1);

        RawClient build(port);
        const QByteArray body = R"({"operation": "build"})";
        build.send("POST /operations HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\nAuthorization: Bearer "
                   + token + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QTRY_VERIFY((build.pump(), build.closed()));
        QCOMPARE(build.status(), 202);
        QCOMPARE(actions.started, QStringList{u"build"_s});
        QCOMPARE(actions.calledOn, QThread::currentThread());

        OperationPublisher publisher(&hub, u"demo"_s, OperationKind::Build);
        publisher.start(u"B."_s);
        publisher.finish(OperationOutcome::Succeeded, u"Done."_s);
        QTRY_COMPARE((stream.pump(), stream.ids().size()), 2);

        // Torn down with a client connected: the client sees the end.
        server.reset();
        QTRY_VERIFY((stream.pump(), stream.closed()));
    }

    void servesADashboardForBrowsersOnItsOwnOrigin()
    {
        Fixture fixture;
        RawClient page(fixture.port);
        page.send("GET /?token=test-token HTTP/1.1\r\nHost: localhost:" + QByteArray::number(fixture.port) + "\r\n\r\n");
        QTRY_VERIFY((page.pump(), page.closed()));
        QCOMPARE(page.status(), 200);
        QVERIFY(page.head().contains("text/html"));
        QVERIFY(page.body().contains("new EventSource('events?token="));
        // What that page's EventSource sends: same origin, token in the query.
        RawClient stream(fixture.port);
        const QByteArray origin = "http://localhost:" + QByteArray::number(fixture.port);
        stream.send("GET /events?token=test-token HTTP/1.1\r\nHost: localhost:" + QByteArray::number(fixture.port)
                    + "\r\nOrigin: " + origin + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n");
        QTRY_VERIFY(stream.pump());
        QCOMPARE(stream.status(), 200);
    }

    void webSocketCarriesTheSameFrames()
    {
        Fixture fixture;
        QWebSocket socket;
        QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(QUrl(u"ws://127.0.0.1:%1/ws?token=test-token&kind=operation_started"_s.arg(fixture.port)));
        QVERIFY(connected.wait(5'000));
        QTRY_VERIFY(fixture.server->stats().clients == 1);
        OperationPublisher build(&fixture.hub, u"demo"_s, OperationKind::Build);
        build.start(u"B."_s);
        build.finish(OperationOutcome::Succeeded, u"Done."_s);
        QTRY_COMPARE(messages.size(), 1);
        const QJsonObject frame = QJsonDocument::fromJson(messages.first().first().toString().toUtf8()).object();
        QCOMPARE(frame.value(u"kind"_s).toString(), u"operation_started"_s);
        QCOMPARE(frame.value(u"seq"_s).toInteger(), 1);

        QWebSocket refused;
        QSignalSpy refusedConnected(&refused, &QWebSocket::connected);
        QSignalSpy refusedError(&refused, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
        refused.open(QUrl(u"ws://127.0.0.1:%1/ws?token=wrong"_s.arg(fixture.port)));
        QTRY_VERIFY_WITH_TIMEOUT(!refusedError.isEmpty() || refused.state() == QAbstractSocket::UnconnectedState, 5'000);
        QCOMPARE(refusedConnected.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestStreamServer)
#include "tst_streamserver.moc"
