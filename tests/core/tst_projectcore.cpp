#include "testsupport.h"

#include <core/actionhistory.h>
#include <core/projectcore.h>
#include <hub/eventhistory.h>
#include <hub/eventhub.h>
#include <hub/eventserver.h>
#include <session/executionsession.h>
#include <ui/projectservices.h>

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QUndoStack>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Prometeu;
using namespace TestSupport;

// The project core as every host uses it: the same requests get the same
// answers from the Studio and from `prometeu serve`, CLI commands leave
// their operations in the history, a stderr flood reaches the hub whole,
// and an undo whose inverse fails leaves the stack where the data is.
class TestProjectCore : public QObject
{
    Q_OBJECT

    // A copy of the demo grown with enough small files that a scan takes a
    // while (so a second request arrives while the first scan runs).
    static QString bigDemo(const QTemporaryDir &dir)
    {
        const QString project = dir.filePath(u"demo"_s);
        if (!QDir().mkpath(project) || !copyFixture(u"examples/demo"_s, project))
            return {};
        QByteArray text(16 * 1024, 'x');
        for (int i = 0; i < 3000; ++i) {
            text.replace(0, 8, QByteArray::number(i).rightJustified(8, '0'));
            if (!writeFile(project + u"/assets/notes/n%1.txt"_s.arg(i, 4, 10, QChar(u'0')), text))
                return {};
        }
        return project;
    }

    struct Answer {
        int status = 0;
        QString operation; // the kind named by the returned id ("scan-...": "scan"), or the error
        bool operator==(const Answer &) const = default;
    };

    // Two POSTs sent at once, then the rest one by one, each waiting for the
    // operations to settle: what a client sees.
    static QList<Answer> script(const QString &project, const QUrl &base, const QByteArray &token,
                                const std::function<bool()> &idle)
    {
        QNetworkAccessManager network;
        auto post = [&](const QString &operation) {
            QNetworkRequest request(QUrl(base.toString() + u"/operations"_s));
            request.setRawHeader("Authorization", "Bearer " + token);
            request.setRawHeader("Content-Type", "application/json");
            return network.post(request, QJsonDocument(QJsonObject{{u"operation"_s, operation}}).toJson());
        };
        auto answer = [](QNetworkReply *reply) {
            if (!reply->isFinished())
                QSignalSpy(reply, &QNetworkReply::finished).wait(20'000);
            Answer a;
            a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
            a.operation = a.status == 202 ? json.value(u"operation_id"_s).toString().section(u'-', 0, 0)
                                          : json.value(u"error"_s).toString();
            reply->deleteLater();
            return a;
        };
        QList<Answer> answers;
        // The second scan must find the first still running. A rescan that
        // finds what the scan index holds takes a few milliseconds, now and
        // then less than the two requests are apart: without its index (a
        // state file, which no watcher reports) the first hashes all 3,000
        // files again, a hundred times longer.
        if (!QFile::remove(project + u"/.prometeu/scan-index.bin"_s))
            return {};
        QNetworkReply *first = post(u"scan"_s);
        QNetworkReply *second = post(u"scan"_s);
        answers << answer(first) << answer(second);
        for (const QString &operation : {u"doctor"_s, u"build"_s, u"polish"_s}) {
            if (!QTest::qWaitFor(idle, 60'000))
                return {};
            answers << answer(post(operation));
        }
        if (!QTest::qWaitFor(idle, 60'000))
            return {};
        return answers;
    }

    static QJsonArray operationsInHistory(const QString &project)
    {
        EventHistory history;
        if (!history.open(EventHistory::defaultPath(project), false))
            return {};
        return history.streams(u"operation"_s, 100);
    }

    static QStringList kindsOf(const QJsonArray &operations)
    {
        QStringList kinds;
        for (const QJsonValue &value : operations)
            kinds << value.toObject().value(u"kind"_s).toString() + u':' + value.toObject().value(u"outcome"_s).toString();
        return kinds;
    }

private Q_SLOTS:
    void theStudioAndServeAnswerTheSameRequestsTheSame()
    {
        QList<Answer> fromServe;
        QStringList servedHistory;
        {
            QTemporaryDir dir;
            const QString project = bigDemo(dir);
            QVERIFY(!project.isEmpty());
            QProcess serve;
            serve.start(binaryPath(u"prometeu"_s), {u"serve"_s, project, u"--port"_s, u"0"_s});
            QVERIFY(serve.waitForStarted(10'000));
            QTRY_VERIFY_WITH_TIMEOUT(serve.canReadLine() || (serve.waitForReadyRead(100), serve.canReadLine()), 30'000);
            const QJsonObject first = QJsonDocument::fromJson(serve.readLine()).object();
            const QUrl url(first.value(u"url"_s).toString());
            const QByteArray token = first.value(u"token"_s).toString().toUtf8();
            auto get = [&](const QString &path) {
                QNetworkAccessManager network;
                QNetworkRequest request(QUrl(url.toString() + path));
                request.setRawHeader("Authorization", "Bearer " + token);
                QNetworkReply *reply = network.get(request);
                QSignalSpy(reply, &QNetworkReply::finished).wait(5'000);
                const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
                delete reply;
                return answer;
            };
            auto idle = [&] {
                const QJsonObject snapshot = get(u"/snapshot"_s);
                return !snapshot.isEmpty() && snapshot.value(u"running_operations"_s).toArray().isEmpty();
            };
            // serve starts with a scan and check of its own, on its pool
            // after it prints its address: a snapshot taken first finds
            // nothing running yet. Wait until the check is in the history.
            auto opened = [&] {
                const QJsonArray operations = get(u"/operations"_s).value(u"operations"_s).toArray();
                return std::any_of(operations.begin(), operations.end(), [](const QJsonValue &row) {
                    return row.toObject().value(u"kind"_s).toString() == u"doctor"_s
                        && !row.toObject().value(u"outcome"_s).isNull();
                });
            };
            QVERIFY(QTest::qWaitFor([&] { return opened() && idle(); }, 60'000));
            fromServe = script(project, url, token, idle);
            ::kill(pid_t(serve.processId()), SIGTERM);
            QVERIFY(serve.waitForFinished(20'000));
            servedHistory = kindsOf(operationsInHistory(project));
        }

        QList<Answer> fromStudio;
        QStringList studioHistory;
        {
            QTemporaryDir dir;
            const QString project = bigDemo(dir);
            QVERIFY(!project.isEmpty());
            QThreadPool pool;
            auto services = std::make_unique<ProjectServices>(loadProject(project), &pool, binaryPath(u"prometeu-runtime"_s));
            ProjectCore *core = services->core();
            // What the Studio does on opening: a scan (and doctor).
            core->rescan();
            QString error;
            QVERIFY2(services->setServing(true, &error), qPrintable(error));
            auto idle = [&] { return core->runningOperations() == 0; };
            QVERIFY(QTest::qWaitFor(idle, 60'000));
            fromStudio = script(project, services->server()->url(), services->server()->token(), idle);
            services.reset();
            studioHistory = kindsOf(operationsInHistory(project));
        }

        const QList<Answer> expected{
            {202, u"scan"_s},
            {409, u"A scan is already running."_s},
            {202, u"scan"_s}, // doctor checks a fresh scan: scan, then doctor
            {202, u"build"_s},
            {400, u"Unknown operation \"polish\": use scan, doctor or build."_s},
        };
        auto show = [](const QList<Answer> &answers) {
            QStringList lines;
            for (const Answer &a : answers)
                lines << u"%1 %2"_s.arg(a.status).arg(a.operation);
            return lines.join(u"; "_s);
        };
        QVERIFY2(fromServe == expected, qPrintable(show(fromServe)));
        QVERIFY2(fromStudio == expected, qPrintable(show(fromStudio)));
        // And the same operations in each history: the opening scan and doctor,
        // two more of each, one build.
        std::sort(servedHistory.begin(), servedHistory.end());
        std::sort(studioHistory.begin(), studioHistory.end());
        QCOMPARE(servedHistory, studioHistory);
        QCOMPARE(servedHistory.count(u"build:succeeded"_s), 1);
        QCOMPARE(servedHistory.count(u"scan:succeeded"_s), 3);
        QCOMPARE(servedHistory.count(u"doctor:succeeded"_s), 3);
    }

    void buildAndPlayLeaveTheirOperationsInTheHistory()
    {
        QTemporaryDir dir;
        QVERIFY(copyFixture(u"examples/demo"_s, dir.path()));
        QCOMPARE(QProcess::execute(binaryPath(u"prometeu"_s), {u"build"_s, dir.path()}), 0);
        QStringList kinds = kindsOf(operationsInHistory(dir.path()));
        QVERIFY2(kinds == QStringList{u"build:succeeded"_s}, qPrintable(kinds.join(u", "_s)));

        // Two Plays, two processes: each run is a stream of its own, numbered
        // after what the history already holds.
        for (int i = 0; i < 2; ++i) {
            QProcess play;
            play.start(binaryPath(u"prometeu"_s), {u"play"_s, dir.path(), u"--headless"_s});
            QByteArray out;
            QTRY_VERIFY_WITH_TIMEOUT((out += play.readAllStandardOutput()).contains("connecting → running"), 30'000);
            ::kill(pid_t(play.processId()), SIGINT);
            QVERIFY(play.waitForFinished(15'000));
            QCOMPARE(play.exitCode(), 0);
        }
        kinds = kindsOf(operationsInHistory(dir.path()));
        QVERIFY2(kinds.count(u"build:succeeded"_s) == 3, qPrintable(kinds.join(u", "_s)));
        // The run itself, with its state changes, is a stream of its own.
        EventHistory history;
        QVERIFY(history.open(EventHistory::defaultPath(dir.path()), false));
        QJsonArray runs;
        for (const QJsonValue &run : history.streams(u"run"_s, 10)) {
            if (run.toObject().value(u"id"_s).toString() != u"run:0"_s) // lines outside any Play
                runs.append(run);
        }
        QCOMPARE(runs.size(), 2);
        QStringList ids;
        for (const QJsonValue &run : std::as_const(runs)) {
            ids << run.toObject().value(u"id"_s).toString();
            QCOMPARE(run.toObject().value(u"outcome"_s).toString(), u"stopped"_s);
        }
        ids.sort();
        QCOMPARE(ids, (QStringList{u"run:1"_s, u"run:2"_s}));
    }

    void aStderrFloodReachesTheHubWholeAndInOrder()
    {
        QTemporaryDir dir;
        QVERIFY(copyFixture(u"examples/demo"_s, dir.path()));
        // A game that writes 200,000 lines to stderr, then waits to be stopped.
        QVERIFY(writeFile(dir.filePath(u"prometeu.json"_s), R"({"id": "demo", "name": "Flood",
            "runtime": {"handshake": false,
                        "command": ["sh", "-c", "seq 1 200000 | sed 's/^/noise /' >&2; exec sleep 60"]}})"));
        QThreadPool pool;
        ProjectCore core(loadProject(dir.path()), &pool, ProjectCore::Options{});
        auto frames = core.hub()->subscribe({}, 1'000'000);
        QVERIFY(core.play());
        QTRY_COMPARE_WITH_TIMEOUT(core.session()->state(), SessionState::Running, 60'000);
        auto runtimeLines = [&] {
            int lines = 0;
            core.session()->log().visitAfter(0, -1, [&](const LogEntry &entry) {
                lines += entry.source == LogSource::Runtime && entry.message.startsWith(u"noise "_s) ? 1 : 0;
            });
            return lines;
        };
        QTRY_COMPARE_WITH_TIMEOUT(runtimeLines(), 200'000, 60'000); // the merged log keeps every line
        core.stop();
        QTRY_COMPARE_WITH_TIMEOUT(core.session()->state(), SessionState::Stopped, 20'000);
        core.flushHistory();
        int forwarded = 0;
        int markers = 0;
        for (const HubFrame &frame : frames->take()) {
            if (frame.kind != u"log"_s || frame.source != u"runtime"_s)
                continue;
            const QJsonObject envelope = frame.envelope();
            if (envelope.value(u"dropped_marker"_s).toBool()) {
                ++markers;
            } else if (envelope.value(u"message"_s).toString().startsWith(u"noise "_s)) {
                ++forwarded;
                // In order: line n is the n-th seen.
                QCOMPARE(envelope.value(u"message"_s).toString(), u"noise %1"_s.arg(forwarded));
            }
        }
        QCOMPARE(forwarded, 200'000); // every line, nothing left out on the hub
        QCOMPARE(markers, 0);
    }

    void anUndoWhoseInverseFailsLeavesTheStackWhereTheDataIs()
    {
        QTemporaryDir dir;
        QVERIFY(copyFixture(u"examples/demo"_s, dir.path()));
        QThreadPool pool;
        ProjectCore core(loadProject(dir.path()), &pool, ProjectCore::Options{});
        ActionHistory actions(&core);
        AssetAction rename;
        rename.type = AssetAction::Type::Rename;
        rename.asset = u"sprites/hero.png"_s;
        rename.newPath = u"sprites/heroine.png"_s;
        actions.apply(rename, u"Rename hero"_s);
        QTRY_COMPARE_WITH_TIMEOUT(actions.stack()->count(), 1, 30'000); // an operation on the pool: slow under sanitizers and load
        QVERIFY(QFile::exists(dir.filePath(u"assets/sprites/heroine.png"_s)));
        // Something else takes the old name: the inverse cannot be applied.
        QVERIFY(writeFile(dir.filePath(u"assets/sprites/hero.png"_s), "someone else's file"));
        QSignalSpy refused(&actions, &ActionHistory::actionRefused);
        QString reason;
        QVERIFY(!actions.undo(&reason));
        QVERIFY2(reason.contains(u"Rename hero"_s) && reason.contains(u"already exists"_s), qPrintable(reason));
        QCOMPARE(refused.size(), 1);
        // The core heard it: said in the merged log.
        const auto logged = [&] {
            const QList<LogEntry> entries = core.session()->log().entries();
            return std::any_of(entries.cbegin(), entries.cend(), [&](const LogEntry &e) { return e.message == reason; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(logged(), 30'000);
        QCOMPARE(actions.stack()->index(), 1); // still where the data is: renamed
        QVERIFY(actions.stack()->canUndo());
        QVERIFY(QFile::exists(dir.filePath(u"assets/sprites/heroine.png"_s)));
        QCOMPARE(readFile(dir.filePath(u"assets/sprites/hero.png"_s)), QByteArray("someone else's file"));
        // Driving the stack directly (a QUndoView does) fails the same way,
        // and the stack comes back to where the data is.
        actions.stack()->undo();
        QCOMPARE(refused.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(actions.stack()->index(), 1, 30'000);
        QVERIFY(QFile::exists(dir.filePath(u"assets/sprites/heroine.png"_s)));
        // Once the way is clear, the same undo works and moves the stack.
        QVERIFY(QFile::remove(dir.filePath(u"assets/sprites/hero.png"_s)));
        QVERIFY2(actions.undo(&reason), qPrintable(reason));
        QCOMPARE(actions.stack()->index(), 0);
        QVERIFY(QFile::exists(dir.filePath(u"assets/sprites/hero.png"_s)));
        QVERIFY(!QFile::exists(dir.filePath(u"assets/sprites/heroine.png"_s)));
    }
};

QTEST_MAIN(TestProjectCore)
#include "tst_projectcore.moc"
