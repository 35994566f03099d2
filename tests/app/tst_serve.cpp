#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {

// Between `tail` and the server: passes bytes both ways, except that the
// first stream that is not a resume is cut after its third event, the way
// a flaky network or a restarted proxy would. (Decided by what was asked,
// not by connection order: an HTTP client may open a spare connection.)
class DroppingProxy : public QTcpServer
{
public:
    explicit DroppingProxy(quint16 upstreamPort)
        : m_upstreamPort(upstreamPort)
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, &DroppingProxy::accept);
    }
    int connections = 0;
    QList<QByteArray> requests;

private:
    void accept()
    {
        while (QTcpSocket *client = nextPendingConnection()) {
            ++connections;
            auto request = std::make_shared<QByteArray>();
            auto *upstream = new QTcpSocket(client);
            upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
            auto fromClient = std::make_shared<QByteArray>();
            connect(client, &QTcpSocket::readyRead, client, [this, client, upstream, fromClient, request] {
                // As a reverse proxy does: the server checks Host against its own port.
                const QByteArray bytes = client->readAll().replace(
                    "Host: 127.0.0.1:" + QByteArray::number(serverPort()),
                    "Host: 127.0.0.1:" + QByteArray::number(m_upstreamPort));
                *fromClient += bytes;
                if (fromClient->contains("\r\n\r\n") && !fromClient->isEmpty()) {
                    requests.append(*fromClient);
                    *request = std::exchange(*fromClient, {});
                }
                upstream->write(bytes);
            });
            auto fromServer = std::make_shared<QByteArray>();
            connect(upstream, &QTcpSocket::readyRead, client, [this, client, upstream, fromServer, request] {
                const bool cut = !m_cutDone && !request->contains("Last-Event-ID");
                if (!cut) {
                    client->write(upstream->readAll());
                    return;
                }
                *fromServer += upstream->readAll();
                // Through the end of the third message that has an id.
                qsizetype at = fromServer->indexOf("\nid: ");
                for (int i = 0; i < 3 && at >= 0; ++i)
                    at = fromServer->indexOf("\n\n", at + 1);
                if (at < 0)
                    return;
                m_cutDone = true;
                client->write(fromServer->left(at + 2));
                client->flush();
                client->abort();
            });
            connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        }
    }
    quint16 m_upstreamPort;
    bool m_cutDone = false;
};

} // namespace

// `prometeu serve` and `prometeu tail` as a user runs them: real processes,
// the demo project, HTTP on loopback.
class TestServe : public QObject
{
    Q_OBJECT

    struct Served {
        QProcess process;
        QUrl url;
        QByteArray token;
    };

    bool startServe(Served &served, const QString &project)
    {
        served.process.start(binaryPath(u"prometeu"_s), {u"serve"_s, project, u"--port"_s, u"0"_s, u"--heartbeat"_s, u"1"_s});
        if (!served.process.waitForStarted(10'000))
            return false;
        // The first line of stdout tells where and how.
        QElapsedTimer clock;
        clock.start();
        while (!served.process.canReadLine() && clock.elapsed() < 20'000)
            served.process.waitForReadyRead(200);
        const QJsonObject first = QJsonDocument::fromJson(served.process.readLine()).object();
        served.url = QUrl(first.value(u"url"_s).toString());
        served.token = first.value(u"token"_s).toString().toUtf8();
        return served.url.isValid() && served.token.size() >= 16;
    }

    // A private copy of the demo project in `dir`.
    static QString copyDemo(const QTemporaryDir &dir)
    {
        const QString project = dir.filePath(u"demo"_s);
        return QDir().mkpath(project) && copyFixture(u"examples/demo"_s, project) ? project : QString();
    }

    QJsonObject call(const QByteArray &verb, const QUrl &url, const QByteArray &token, const QByteArray &body = {},
                     int *status = nullptr)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + token);
        request.setRawHeader("Content-Type", "application/json");
        QNetworkReply *reply = network.sendCustomRequest(request, verb, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(20'000);
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return json;
    }

private Q_SLOTS:
    void serveBuildAndTailIt()
    {
        QTemporaryDir dir;
        const QString project = copyDemo(dir);
        QVERIFY(!project.isEmpty());
        Served served;
        QVERIFY(startServe(served, project));
        QCOMPARE(served.url.host(), u"127.0.0.1"_s);

        int status = 0;
        call("GET", served.url.resolved(QUrl(u"snapshot"_s)), "wrong", {}, &status);
        QCOMPARE(status, 401);

        // The history of the first scan appears.
        QTRY_VERIFY_WITH_TIMEOUT(!call("GET", served.url.resolved(QUrl(u"operations"_s)), served.token)
                                      .value(u"operations"_s).toArray().isEmpty(), 20'000);

        const QJsonObject started = call("POST", served.url.resolved(QUrl(u"operations"_s)), served.token,
                                         R"({"operation": "build"})", &status);
        QCOMPARE(status, 202);
        const QString id = started.value(u"operation_id"_s).toString();
        QVERIFY(id.startsWith(u"build-"_s));

        // tail follows it (history, then live) and exits with its outcome.
        QProcess tail;
        tail.start(binaryPath(u"prometeu"_s), {u"tail"_s, u"--url"_s, served.url.toString(), u"--token"_s,
                                               QString::fromUtf8(served.token), u"--operation"_s, id});
        QVERIFY(tail.waitForFinished(30'000));
        const QString output = QString::fromUtf8(tail.readAllStandardOutput());
        QCOMPARE(tail.exitCode(), 0);
        QVERIFY2(output.contains(u"succeeded"_s), qPrintable(output));
        QVERIFY2(output.contains(u"Built 26"_s), qPrintable(output));

        const QJsonObject operation = call("GET", served.url.resolved(QUrl(u"operations/"_s + id)), served.token);
        QVERIFY(operation.value(u"events"_s).toArray().size() > 26);
        QCOMPARE(operation.value(u"events"_s).toArray().last().toObject().value(u"kind"_s).toString(), u"operation_finished"_s);

        // The history commits in batches (100 ms): wait for the build to be in it.
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            for (const QJsonValue &row : call("GET", served.url.resolved(QUrl(u"operations"_s)), served.token).value(u"operations"_s).toArray()) {
                if (row.toObject().value(u"id"_s).toString() == id)
                    return row.toObject().value(u"outcome"_s).toString() == u"succeeded"_s;
            }
            return false;
        }(), 10'000);
        // Killed without a chance to clean up, while a scan runs...
        call("POST", served.url.resolved(QUrl(u"operations"_s)), served.token, R"({"operation": "scan"})");
        const qint64 killedMs = QDateTime::currentMSecsSinceEpoch();
        ::kill(pid_t(served.process.processId()), SIGKILL);
        QVERIFY(served.process.waitForFinished(10'000));

        // ...the next serve opens the same history intact, and seq goes on.
        Served again;
        QVERIFY(startServe(again, project));
        const QJsonObject snapshot = call("GET", again.url.resolved(QUrl(u"snapshot"_s)), again.token);
        QVERIFY2(snapshot.value(u"seq"_s).toInteger() >= operation.value(u"events"_s).toArray().last().toObject().value(u"seq"_s).toInteger(),
                 qPrintable(QString::fromUtf8(again.process.readAllStandardError() + QJsonDocument(snapshot).toJson())));
        QVERIFY(snapshot.value(u"seq"_s).toInteger() >= operation.value(u"events"_s).toArray().last().toObject().value(u"seq"_s).toInteger());
        const QJsonArray operations = call("GET", again.url.resolved(QUrl(u"operations"_s)), again.token).value(u"operations"_s).toArray();
        bool foundBuild = false;
        for (const QJsonValue &value : operations) {
            const QJsonObject row = value.toObject();
            // Everything the killed serve left running was marked interrupted;
            // only the new serve's own first scan, or the check that follows
            // it (the machine may be slow), may still run.
            const QString kind = row.value(u"kind"_s).toString();
            const bool newServesOwn = row.value(u"started_ms"_s).toInteger() >= killedMs
                && (kind == u"scan"_s || kind == u"doctor"_s);
            QVERIFY2(!row.value(u"outcome"_s).isNull() || newServesOwn,
                     qPrintable(u"only the new serve's own scan and check may still be running: "_s
                                + QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact))));
            foundBuild |= row.value(u"id"_s).toString() == id && row.value(u"outcome"_s).toString() == u"succeeded"_s;
        }
        QVERIFY(foundBuild);
        again.process.terminate();
        again.process.waitForFinished(10'000);
    }

    // Every line a game prints reaches a tail client, in order: no lines-
    // per-second budget on the way (issue #18). 200,000 lines at about
    // 50,000 a second, paced by the shell (bench/flood-serve.sh measures
    // full speed).
    void aRuntimeFloodReachesATailClientInOrderAndEveryGapIsCounted()
    {
        QTemporaryDir dir;
        const QString project = copyDemo(dir);
        QVERIFY(!project.isEmpty());
        // 1,000,000 lines at ~100,000 a second (bench/flood-serve.sh measures
        // the top rate). Sanitizer builds run the server several times
        // slower: 200,000 lines at a fifth of the pace there.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        constexpr int lines = 200'000;
        constexpr int perChunk = 200; // each 0.02 s
#else
        constexpr int lines = 1'000'000;
        constexpr int perChunk = 10'000; // each 0.1 s
#endif
        const QString pause = perChunk == 200 ? u"0.02"_s : u"0.1"_s;
        const QString script = u"i=0; while [ $i -lt %1 ]; do seq $((i*%2+1)) $(((i+1)*%2)) | sed 's/^/line /'; "
                               "i=$((i+1)); sleep %3; done; exec sleep 600"_s.arg(lines / perChunk).arg(perChunk).arg(pause);
        QVERIFY(writeFile(project + u"/prometeu.json"_s,
                          QJsonDocument(QJsonObject{{u"id"_s, u"demo"_s}, {u"name"_s, u"Flood"_s},
                                                    {u"runtime"_s, QJsonObject{{u"handshake"_s, false},
                                                                               {u"command"_s, QJsonArray{u"sh"_s, u"-c"_s, script}}}}})
                              .toJson()));
        Served served;
        QVERIFY(startServe(served, project));
        QProcess tail;
        tail.start(binaryPath(u"prometeu"_s), {u"tail"_s, u"--url"_s, served.url.toString(), u"--token"_s,
                                               QString::fromUtf8(served.token), u"--kind"_s, u"log"_s,
                                               u"--source"_s, u"runtime"_s});
        QVERIFY(tail.waitForStarted());
        // The stream is open before Play (tail's first request has been answered).
        QTRY_VERIFY_WITH_TIMEOUT(call("GET", served.url.resolved(QUrl(u"stats"_s)), served.token)
                                     .value(u"clients"_s).toInt() == 1, 20'000);
        int status = 0;
        call("POST", served.url.resolved(QUrl(u"session/play"_s)), served.token, {}, &status);
        QCOMPARE(status, 202);
        // A client the machine cannot keep fed (a loaded CI runner) gets a
        // reset, and tail says how many events it did not show: every line
        // is either printed, in order and once, or counted in such a notice.
        static const QRegularExpression notice(u"fell behind: (\\d+) events not shown"_s);
        QByteArray output;
        QByteArray errors;
        qint64 previous = 0;
        qint64 printed = 0;
        qint64 announced = 0;
        int notices = 0;
        bool ordered = true;
        auto take = [&] {
            output += tail.readAllStandardOutput();
            errors += tail.readAllStandardError();
            qsizetype from = 0;
            for (qsizetype end; (end = output.indexOf('\n', from)) >= 0; from = end + 1) {
                const QByteArrayView row = QByteArrayView(output).sliced(from, end - from);
                const qsizetype at = row.indexOf("line ");
                if (at < 0)
                    continue;
                const qint64 number = row.sliced(at + 5).toLongLong();
                if (number <= previous) {
                    qWarning("line %lld after line %lld", number, previous);
                    ordered = false;
                }
                previous = number;
                ++printed;
            }
            output.remove(0, from);
            for (qsizetype end; (end = errors.indexOf('\n')) >= 0; errors.remove(0, end + 1)) {
                const QRegularExpressionMatch match = notice.match(QString::fromUtf8(errors.left(end)));
                if (match.hasMatch()) {
                    announced += match.captured(1).toLongLong();
                    ++notices;
                }
            }
            return printed + announced >= lines;
        };
        QTRY_VERIFY_WITH_TIMEOUT(take(), 140'000);
        call("POST", served.url.resolved(QUrl(u"session/stop"_s)), served.token);
        tail.terminate();
        tail.waitForFinished(10'000);
        take();
        QVERIFY(ordered);
        const QJsonObject stats = call("GET", served.url.resolved(QUrl(u"stats"_s)), served.token);
        QCOMPARE(stats.value(u"resets"_s).toInt(), notices);
        QCOMPARE(printed + announced, qint64(lines));
        if (notices > 0)
            qWarning("tail fell behind %d time(s) on this machine and said so (%lld lines not shown)", notices, announced);
        served.process.terminate();
        served.process.waitForFinished(10'000);
    }

    void tailReconnectsWithoutRepeating()
    {
        QTemporaryDir dir;
        const QString project = copyDemo(dir);
        QVERIFY(!project.isEmpty());
        Served served;
        QVERIFY(startServe(served, project));
        int status = 0;
        const QString id = call("POST", served.url.resolved(QUrl(u"operations"_s)), served.token,
                                R"({"operation": "build"})", &status).value(u"operation_id"_s).toString();
        QCOMPARE(status, 202);
        auto tail = [&](const QUrl &url, QString *errors) {
            QProcess process;
            process.start(binaryPath(u"prometeu"_s), {u"tail"_s, u"--url"_s, url.toString(), u"--token"_s,
                                                      QString::fromUtf8(served.token), u"--operation"_s, id});
            // Not waitForFinished: the proxy lives on this thread's event loop.
            QSignalSpy finished(&process, &QProcess::finished);
            if (!finished.wait(30'000))
                process.kill(); // and the exit code below fails the test
            *errors = QString::fromUtf8(process.readAllStandardError());
            return std::make_pair(process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()));
        };
        QString errors;
        const auto direct = tail(served.url, &errors);
        QCOMPARE(direct.first, 0);
        QVERIFY2(direct.second.count(u'\n') >= 3, qPrintable(direct.second));

        DroppingProxy proxy(served.url.port());
        QUrl viaProxy = served.url;
        viaProxy.setPort(proxy.serverPort());
        const auto dropped = tail(viaProxy, &errors);
        QVERIFY2(proxy.connections >= 2, qPrintable(errors));
        QVERIFY2(errors.contains(u"Connection lost"_s), qPrintable(errors));
        QVERIFY(proxy.requests.size() >= 2);
        QVERIFY(!proxy.requests.first().contains("Last-Event-ID"));
        QVERIFY2(proxy.requests.last().contains("Last-Event-ID: "), proxy.requests.last().constData());
        // The same lines as without the drop: none missing, none twice.
        QCOMPARE(dropped.first, 0);
        QCOMPARE(dropped.second, direct.second);
        served.process.terminate();
        served.process.waitForFinished(10'000);
    }
};

QTEST_GUILESS_MAIN(TestServe)
#include "tst_serve.moc"
