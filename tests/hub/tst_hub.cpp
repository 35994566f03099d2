#include "testsupport.h"

#include <hub/canonicaljson.h>
#include <hub/envelopewriter.h>
#include <hub/eventhistory.h>
#include <hub/eventhub.h>
#include <hub/historyrecorder.h>
#include <hub/sessionforwarder.h>
#include <hub/sseformat.h>
#include <session/executionsession.h>
#include <packer/eventpayloads.h>
#include <packer/operationpublisher.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const char *json) { return QJsonDocument::fromJson(json).object(); }

} // namespace

class TestHub : public QObject
{
    Q_OBJECT

private:
    // One cache hit, the same each time.
    static PackerEvent upToDate()
    {
        PackerEvent event;
        event.projectId = u"demo"_s;
        event.operationId = u"op"_s;
        event.kind = EventKind::CacheHit;
        event.timestamp = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
        event.summary = u"Up to date."_s;
        return event;
    }

    // Field 19 of /proc/<what>/stat: the thread's nice value.
    static int niceOf(const QString &what)
    {
        QFile stat(u"/proc/"_s + what + u"/stat"_s);
        if (!stat.open(QIODevice::ReadOnly))
            return -100;
        const QByteArray line = stat.readAll();
        // The name in parentheses may hold spaces: count from after it.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        return fields.size() > 16 ? fields[16].toInt() : -100;
    }

    // The nice value of this process's thread called `name` (-100: none).
    static int niceOfThread(const QByteArray &name)
    {
        const QDir tasks(u"/proc/self/task"_s);
        for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile comm(tasks.filePath(task + u"/comm"_s));
            if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == name)
                return niceOf(u"self/task/"_s + task);
        }
        return -100;
    }

private Q_SLOTS:
    void canonicalJsonSortsKeysAndDropsWhitespace()
    {
        const QJsonObject a = parse(R"({"b": 1, "a": {"z": [3, 2, 1], "y": null}, "c": "x"})");
        const QJsonObject b = parse(R"({"c":"x","a":{"y":null,"z":[3,2,1]},"b":1})");
        QCOMPARE(canonicalJson(a), QByteArray(R"({"a":{"y":null,"z":[3,2,1]},"b":1,"c":"x"})"));
        QCOMPARE(canonicalJson(a), canonicalJson(b));
        QCOMPARE(envelopeHash(a), envelopeHash(b));
        QCOMPARE(envelopeHash(a).size(), 64);
    }

    void canonicalJsonNumbersAndStrings()
    {
        QCOMPARE(canonicalJson(QJsonValue(1.0)), QByteArray("1"));
        QCOMPARE(canonicalJson(QJsonValue(-0.0)), QByteArray("0"));
        QCOMPARE(canonicalJson(QJsonValue(0.1)), QByteArray("0.1"));
        QCOMPARE(canonicalJson(QJsonValue(1e21)), QByteArray("1e+21"));
        QCOMPARE(canonicalJson(QJsonValue(qint64(9007199254740991))), QByteArray("9007199254740991"));
        QCOMPARE(canonicalJson(QJsonValue(u"a\"b\\c\nd\u0001é"_s)), QByteArray("\"a\\\"b\\\\c\\nd\\u0001\xc3\xa9\""));
        // Keys compare by UTF-16 code unit, not by locale.
        QCOMPARE(canonicalJson(QJsonObject{{u"é"_s, 1}, {u"z"_s, 2}, {u"A"_s, 3}}),
                 QByteArray("{\"A\":3,\"z\":2,\"\xc3\xa9\":1}"));
    }

    void hashLeavesOutSeqAndHash()
    {
        QJsonObject envelope = parse(R"({"kind": "x", "summary": "s"})");
        const QByteArray plain = envelopeHash(envelope);
        envelope.insert(u"seq"_s, 42);
        envelope.insert(u"hash"_s, u"whatever"_s);
        QCOMPARE(envelopeHash(envelope), plain);
        envelope.insert(u"summary"_s, u"t"_s);
        QVERIFY(envelopeHash(envelope) != plain);
    }

    // The envelope written straight from a frame's fields is the canonical
    // form (with seq and hash) of the one QJsonObject/QJsonDocument made
    // before, with the same hash, whatever its text holds.
    void envelopesWrittenFromFieldsAreTheCanonicalForm()
    {
        const QString project = u"p\u00e9"_s;
        // The prefix says "log" for every kind here: the framing is what is checked.
        const auto ssePrefix = [](quint64 seq) { return "id: " + QByteArray::number(seq) + "\nevent: log\ndata: "; };
        const auto check = [](const EncodedEnvelope &encoded, const EncodedEnvelope &encodedAsSse, QJsonObject expected,
                              quint64 seq) {
            QVERIFY2(!encoded.json().isEmpty(), "nothing written");
            const QByteArray hash = envelopeHash(expected);
            QCOMPARE(encoded.hash(), hash);
            expected.insert(u"hash"_s, QString::fromLatin1(hash));
            expected.insert(u"seq"_s, qint64(seq));
            QCOMPARE(encoded.json(), canonicalJson(expected));
            // Made as a stream's message in one go: the same as framing the JSON.
            QCOMPARE(encodedAsSse.text, sseMessage(seq, "log", encoded.json()));
            QCOMPARE(encodedAsSse.json(), encoded.json());
        };
        const QStringList messages{u"plain"_s,
                                   u""_s,
                                   u"quote \" backslash \\ tab \t newline \n cr \r bell \x07 nul"_s + QChar(0),
                                   u"\u00e7\u00e3o \u65e5\u672c \U0001F3AE"_s,
                                   u"lone "_s + QChar(0xD800) + u" surrogate"_s,
                                   QString(5000, u'x')};
        quint64 seq = 1;
        for (const QString &message : messages) {
            for (const qint64 when : {qint64(0), qint64(1'764'763'200'123), qint64(-1), qint64(-86'400'001),
                                      qint64(253'402'300'800'000) /* year 10000 */,
                                      qint64(-62'135'596'800'000) /* 0001-01-01 */,
                                      qint64(-62'136'702'280'704) /* year 0, which Qt's calendar skips */}) {
                LogEntry entry;
                entry.sequence = 42 + seq;
                entry.timestampMs = when;
                entry.run = 3;
                entry.source = LogSource::Runtime;
                entry.severity = LogSeverity::Warning;
                entry.message = message;
                const auto checkLine = [&] {
                    QJsonObject expected = entry.toJson();
                    expected.insert(u"project_id"_s, project);
                    expected.insert(u"kind"_s, u"log"_s);
                    expected.insert(u"channel"_s, u"log"_s);
                    check(encodeEnvelope(entry, project, seq), encodeEnvelope(entry, project, seq, ssePrefix(seq)),
                          expected, seq);
                    // A frame's body asked for its SSE message first writes it in one go
                    // (writeSseHead): the same as framing its JSON.
                    HubFrameBody body(u"log"_s, entry, project);
                    body.setSeq(seq);
                    const QByteArray sse = body.sse();
                    QCOMPARE(sse, sseMessage(seq, "log", body.json()));
                    QCOMPARE(body.hash(), envelopeHash(expected));
                    ++seq;
                };
                checkLine();
                entry.setLocation(message + u".png"_s, 7);
                entry.isStateChange = true;
                entry.isDropMarker = true;
                checkLine();

                const SessionStateChange change{SessionState::Running, SessionState::Stopped, message, 9, when};
                check(encodeEnvelope(change, project, seq), encodeEnvelope(change, project, seq, ssePrefix(seq)),
                      QJsonObject{{u"project_id"_s, project},
                                  {u"kind"_s, u"state_changed"_s},
                                  {u"previous"_s, u"running"_s},
                                  {u"state"_s, u"stopped"_s},
                                  {u"reason"_s, message},
                                  {u"run"_s, 9},
                                  {u"timestamp"_s, QDateTime::fromMSecsSinceEpoch(when, Qt::UTC)
                                                        .toString(Qt::ISODateWithMs)},
                                  {u"channel"_s, u"session"_s}},
                      seq);
                ++seq;
            }
            PackerEvent event;
            event.projectId = project;
            event.operationId = u"op-1"_s;
            event.operation = OperationKind::Build;
            event.kind = EventKind::CacheMiss;
            event.sequence = 7;
            event.timestamp = QDateTime::fromMSecsSinceEpoch(1'764'763'200'123, Qt::UTC);
            event.summary = message;
            event.affectedAssets = {message, u"b.png"_s};
            event.payload = QJsonObject{{u"z"_s, 1.5}, {u"a"_s, QJsonArray{message, 1e21, -0.0, true}},
                                        {u"\u00e9"_s, QJsonValue::Null}, {u"n"_s, QJsonObject{{u"y"_s, 2}, {u"x"_s, 1}}}};
            for (const bool withProgress : {false, true}) {
                if (withProgress)
                    event.progress = EventProgress{3, 10};
                QJsonObject expected = event.toJson();
                expected.insert(u"channel"_s, u"packer"_s);
                check(encodeEnvelope(event, seq), encodeEnvelope(event, seq, ssePrefix(seq)), expected, seq);
                ++seq;
            }
        }
    }

    void seqIsGlobalAndSnapshotMatchesIt()
    {
        EventHub hub(u"demo"_s, 100);
        auto subscription = hub.subscribe({}, 1000);
        OperationPublisher build(&hub, u"demo"_s, OperationKind::Build);
        OperationPublisher scan(&hub, u"demo"_s, OperationKind::Scan);
        build.start(u"Building."_s);
        scan.start(u"Scanning."_s);
        build.publish(EventKind::ProgressUpdated, u"Converting 1 of 2"_s, {}, {}, EventProgress{1, 2});
        scan.finish(OperationOutcome::Succeeded, u"Found."_s);
        LogEntry line;
        line.sequence = 1;
        line.message = u"hello"_s;
        line.source = LogSource::Runtime;
        hub.publishLog(line);
        hub.publishStateChange(SessionState::Idle, SessionState::Preparing, u"Play"_s, 1);

        const QList<HubFrame> frames = subscription->take();
        QCOMPARE(frames.size(), 6);
        for (int i = 0; i < frames.size(); ++i)
            QCOMPARE(frames[i].seq, quint64(100 + i));
        QCOMPARE(frames[4].channel, u"log"_s);
        QCOMPARE(frames[4].source, u"runtime"_s);
        QCOMPARE(frames[5].kind, u"state_changed"_s);
        for (const HubFrame &frame : frames) {
            QCOMPARE(frame.envelope().value(u"seq"_s).toInteger(), qint64(frame.seq));
            QCOMPARE(frame.hash(), envelopeHash(frame.envelope()));
            QCOMPARE(QJsonDocument::fromJson(frame.json()).object(), frame.envelope());
        }

        const EventHub::Snapshot snapshot = hub.snapshot();
        QCOMPARE(snapshot.seq, quint64(105));
        QCOMPARE(snapshot.runningOperations.size(), 1); // the build; the scan finished
        QCOMPARE(snapshot.runningOperations.first().value(u"operation_id"_s).toString(), build.operationId());
        QCOMPARE(snapshot.runningOperations.first().value(u"progress"_s).toObject().value(u"done"_s).toInt(), 1);
        QCOMPARE(snapshot.sessionState, u"preparing"_s);
        QCOMPARE(snapshot.run, 1u);
    }

    // The stamper works beside the GUI thread, below it: under a runtime's
    // flood the GUI thread must not wait for a core behind it.
    void theStamperRunsBelowTheCallersPriority()
    {
        const int callers = niceOf(u"self"_s);
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 10);
        const PackerEvent event = upToDate();
        hub.publish(event);
        QCOMPARE(subscription->take().size(), 1); // stamped: the thread has begun its work
        QCOMPARE(niceOfThread("hub stamper"), qMin(19, callers + 5));
        QCOMPARE(niceOf(u"self"_s), callers);
    }

    // A command has no GUI to make way for: its stamper and history run
    // level with the build they record, or they fall behind it.
    void aCommandsStamperAndHistoryRunLevelWithIt_data()
    {
        QTest::addColumn<ServicePriority>("priority");
        QTest::addColumn<int>("steps");
        QTest::newRow("beside a GUI") << ServicePriority::BelowCaller << 5;
        QTest::newRow("in a command") << ServicePriority::AsCaller << 0;
    }
    void aCommandsStamperAndHistoryRunLevelWithIt()
    {
        QFETCH(ServicePriority, priority);
        QFETCH(int, steps);
        const int callers = niceOf(u"self"_s);
        QTemporaryDir dir;
        HistoryRecorder recorder(priority);
        std::promise<quint64> numbering;
        EventHub hub(u"demo"_s, numbering.get_future().share(), EventHub::defaultRecentFrames, priority);
        const HistoryRecorder::Opening opening =
            recorder.openAsync(dir.filePath(u"history.db"_s), {}, &hub, std::move(numbering), 0).get();
        QVERIFY2(opening.ok, qPrintable(opening.error));
        auto subscription = hub.subscribe({}, 10);
        hub.publish(upToDate());
        QCOMPARE(subscription->take().size(), 1); // stamped: the stamper has begun its work
        recorder.flush(); // the recorder's thread has run what was queued before
        QCOMPARE(niceOfThread("hub stamper"), qMin(19, callers + steps));
        QCOMPARE(niceOfThread("history"), qMin(19, callers + steps));
        QCOMPARE(niceOf(u"self"_s), callers);
    }

    void identicalEventsHashAlike()
    {
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 10);
        const PackerEvent event = upToDate();
        hub.publish(event);
        hub.publish(event);
        const QList<HubFrame> frames = subscription->take();
        QCOMPARE(frames.size(), 2);
        QVERIFY(frames[0].seq != frames[1].seq);
        QCOMPARE(frames[0].hash(), frames[1].hash());
    }

    // A frame's envelope is made once, by whichever reader comes first,
    // and every reader on every thread gets those bytes (OnceGate).
    void readersOnManyThreadsShareOneEnvelope()
    {
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 1000);
        for (int i = 0; i < 500; ++i) {
            PackerEvent event = upToDate();
            event.summary = u"Up to date %1."_s.arg(i);
            hub.publish(event);
        }
        QList<HubFrame> frames;
        QTRY_COMPARE((frames += subscription->take()).size(), 500);
        constexpr int readers = 6;
        std::vector<std::vector<QByteArray>> seen(readers);
        std::vector<std::thread> threads;
        for (int r = 0; r < readers; ++r) {
            threads.emplace_back([&frames, &seen, r] {
                for (const HubFrame &frame : frames) // half ask for the SSE message first, half for the JSON
                    seen[r].push_back(r % 2 ? frame.sse() + frame.json() : frame.json() + frame.sse());
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        for (int i = 0; i < frames.size(); ++i) {
            const QByteArray json = frames[i].json();
            QVERIFY(json.contains("Up to date %1."_ba.replace("%1", QByteArray::number(i))));
            QVERIFY(frames[i].sse().contains(json));
            for (int r = 0; r < readers; ++r)
                QCOMPARE(seen[r][i], r % 2 ? frames[i].sse() + json : json + frames[i].sse());
        }
    }

    void filtersAndOverflow()
    {
        EventHub hub(u"demo"_s);
        FrameFilter onlyBuild;
        OperationPublisher build(&hub, u"demo"_s, OperationKind::Build);
        OperationPublisher scan(&hub, u"demo"_s, OperationKind::Scan);
        onlyBuild.operationId = build.operationId();
        auto filtered = hub.subscribe(onlyBuild, 100);
        auto tiny = hub.subscribe({}, 3);
        QSignalSpy available(tiny.get(), &HubSubscription::framesAvailable);
        build.start(u"B."_s);
        scan.start(u"S."_s);
        scan.finish(OperationOutcome::Succeeded, u"S done."_s);
        build.finish(OperationOutcome::Succeeded, u"B done."_s);
        const QList<HubFrame> mine = filtered->take();
        QCOMPARE(mine.size(), 2);
        QCOMPARE(mine[0].kind, u"operation_started"_s);
        QCOMPARE(mine[1].kind, u"operation_finished"_s);
        // Four frames into a queue of three: the subscriber is told it lost some.
        bool overflowed = false;
        QVERIFY(tiny->take(&overflowed).isEmpty());
        QVERIFY(overflowed);
        QCOMPARE(tiny->overflowCount(), 1u);
        // One queued notification for the whole burst, not one per frame.
        QTRY_COMPARE(available.size(), 1);
    }

    void aSubscriberBehindTheHubsMemory()
    {
        // Memory keeps 10 frames. A subscriber reads through a cursor into
        // them: once what it was owed has left memory, it is told so.
        EventHub hub(u"demo"_s, 1, 10);
        FrameFilter misses;
        misses.kinds = {u"cache_miss"_s};
        auto cursor = hub.subscribe(misses, 5);
        auto owned = hub.subscribe({}, 100); // may fall further behind than memory: a queue of its own
        OperationPublisher build(&hub, u"demo"_s, OperationKind::Build);
        build.start(u"B."_s);
        for (int i = 0; i < 3; ++i)
            build.publish(EventKind::CacheMiss, u"miss"_s, {}, {});
        for (int i = 0; i < 20; ++i)
            build.publish(EventKind::CacheHit, u"hit"_s, {}, {});
        bool overflowed = false;
        QVERIFY(cursor->take(&overflowed).isEmpty());
        QVERIFY(overflowed);
        QCOMPARE(cursor->overflowCount(), 1u);
        const QList<HubFrame> all = owned->take(&overflowed);
        QVERIFY(!overflowed);
        QCOMPARE(all.size(), 24);
        QCOMPARE(all.last().seq, 24u);

        // Caught up, the cursor only sees what matches, in order.
        build.publish(EventKind::CacheHit, u"hit"_s, {}, {});
        build.publish(EventKind::CacheMiss, u"miss"_s, {}, {});
        const QList<HubFrame> next = cursor->take(&overflowed);
        QVERIFY(!overflowed);
        QCOMPARE(next.size(), 1);
        QCOMPARE(next.first().seq, 26u);
    }

    void aBurstIsStampedWithoutAnybodyAsking()
    {
        // With nobody streaming, the stamper gathers a burst into batches
        // instead of waking for each item. Nobody settles here: what is
        // left after the last full batch must still reach the subscriber,
        // announced by framesAvailable, without a reader asking.
        EventHub hub(u"demo"_s, 1, 10);
        auto owned = hub.subscribe({}, 100'000);
        QSignalSpy announced(owned.get(), &HubSubscription::framesAvailable);
        OperationPublisher build(&hub, u"demo"_s, OperationKind::Build);
        build.start(u"B."_s);
        const int burst = 1'000 + 7; // several whole batches and a remainder
        for (int i = 0; i < burst; ++i)
            build.publish(EventKind::CacheHit, u"hit %1"_s.arg(i), {}, {});
        QList<HubFrame> seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += owned->takeStamped(), seen.size() == burst + 1), 5000);
        QCOMPARE(seen.last().summary, u"hit %1"_s.arg(burst - 1));
        QCOMPARE(seen.last().seq, quint64(burst + 1));
        QVERIFY(announced.count() >= 1);
    }

    // Every line goes on, in order, in batches; a backlog is worked off
    // from the event loop; nothing is forwarded twice.
    void aLogFloodReachesTheHubCompleteAndInOrder()
    {
        EventHub hub(u"demo"_s);
        ExecutionSession session;
        SessionForwarder forwarder(&session, &hub);
        auto subscription = hub.subscribe({}, 100'000);
        constexpr int lines = 3 * SessionForwarder::linesPerBatch + 17;
        for (int i = 0; i < lines; ++i)
            session.appendLog(LogSource::Runtime, LogSeverity::Info, u"line %1"_s.arg(i));
        session.appendLog(LogSource::Runtime, LogSeverity::Error, u"it broke"_s);
        QList<HubFrame> frames;
        // Without a flush: the follower and the queued batches do it.
        QTRY_VERIFY_WITH_TIMEOUT((frames += subscription->takeStamped(), frames.size() >= lines + 1), 10000);
        QCOMPARE(frames.size(), lines + 1);
        for (int i = 0; i < lines; i += 997)
            QCOMPARE(frames[i].envelope().value(u"message"_s).toString(), u"line %1"_s.arg(i));
        QCOMPARE(frames[lines - 1].envelope().value(u"message"_s).toString(), u"line %1"_s.arg(lines - 1));
        QVERIFY(frames[0].droppable); // the history may thin ordinary lines ...
        QCOMPARE(frames.last().envelope().value(u"message"_s).toString(), u"it broke"_s);
        QVERIFY(!frames.last().droppable); // ... never errors
        for (int i = 1; i < frames.size(); ++i)
            QCOMPARE(frames[i].seq, frames[i - 1].seq + 1);
        forwarder.flush();
        QVERIFY(subscription->take().isEmpty());
    }

    void recentAfterAndConcurrentPublishers()
    {
        EventHub hub(u"demo"_s, 1, 1000);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&hub] {
                OperationPublisher publisher(&hub, u"demo"_s, OperationKind::Build);
                publisher.start(u"B."_s);
                for (int i = 0; i < 499; ++i)
                    publisher.publish(EventKind::ProgressUpdated, u"p"_s, {}, {}, EventProgress{i, 499});
            });
        }
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(hub.lastSeq(), 2000u);
        bool complete = true;
        const QList<HubFrame> tail = hub.recentAfter(0, 5000, &complete);
        QVERIFY(!complete); // 1000 were kept of 2000
        QCOMPARE(tail.size(), 1000);
        QCOMPARE(tail.first().seq, 1001u);
        QCOMPARE(tail.last().seq, 2000u);
        for (int i = 1; i < tail.size(); ++i)
            QCOMPARE(tail[i].seq, tail[i - 1].seq + 1);
        const QList<HubFrame> last = hub.recentAfter(1995, 100, &complete);
        QVERIFY(complete);
        QCOMPARE(last.size(), 5);
        QCOMPARE(last.first().seq, 1996u);
    }

    void historyKeepsTheSpineAndThinsProgress()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 100'000);
        OperationPublisher build(&hub, u"demo"_s, OperationKind::Build);
        build.start(u"B."_s);
        for (int i = 0; i < 1000; ++i)
            build.publish(EventKind::ProgressUpdated, u"p %1"_s.arg(i), {}, {}, EventProgress{i, 1000});
        build.publish(EventKind::CacheMiss, u"Converted a.png."_s, {}, {u"a.png"_s});
        build.finish(OperationOutcome::Succeeded, u"Built."_s);

        {
            EventHistory history;
            EventHistory::Limits limits;
            limits.droppableHead = 10;
            limits.droppableTail = 20;
            history.setLimits(limits);
            QVERIFY(history.open(path, true));
            // In several batches, as the recorder would.
            const QList<HubFrame> frames = subscription->take();
            for (qsizetype i = 0; i < frames.size(); i += 97)
                QVERIFY(history.record(frames.mid(i, 97)));
            QCOMPARE(history.maxSeq(), hub.lastSeq());
        }
        EventHistory reader;
        QVERIFY(reader.open(path, false));
        const QList<HubFrame> stored = reader.operationFrames(build.operationId());
        // started + 10 head + gap marker + 20 tail + cache_miss + finished
        QCOMPARE(stored.size(), 1 + 10 + 1 + 20 + 1 + 1);
        QCOMPARE(stored.first().kind, u"operation_started"_s);
        QCOMPARE(stored.last().kind, u"operation_finished"_s);
        QCOMPARE(stored[11].kind, u"history_gap"_s);
        QCOMPARE(stored[11].envelope().value(u"dropped"_s).toInt(), 970);
        QCOMPARE(stored[12].envelope().value(u"summary"_s).toString(), u"p 980"_s);
        for (int i = 1; i < stored.size(); ++i)
            QVERIFY(stored[i].seq > stored[i - 1].seq);
        const QJsonObject summary = reader.stream(build.operationId());
        QCOMPARE(summary.value(u"outcome"_s).toString(), u"succeeded"_s);
        QCOMPARE(summary.value(u"dropped"_s).toInt(), 970);
    }

    // A run's warnings are thinned in a window of their own, wider than its
    // ordinary lines': each window has its gap marker with its exact count,
    // errors are all kept, and the run's dropped count is the sum.
    void aRunsWarningsAreThinnedApartFromItsLines()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 100'000);
        ExecutionSession session;
        SessionForwarder forwarder(&session, &hub);
        for (int i = 0; i < 30; ++i) {
            session.appendLog(LogSource::Runtime, LogSeverity::Info, u"line %1"_s.arg(i));
            session.appendLog(LogSource::Runtime, LogSeverity::Warning, u"warning %1"_s.arg(i));
            if (i % 10 == 0)
                session.appendLog(LogSource::Runtime, LogSeverity::Error, u"error %1"_s.arg(i));
        }
        forwarder.flush();
        {
            EventHistory history;
            EventHistory::Limits limits;
            limits.droppableHead = 2;
            limits.droppableTail = 2;
            limits.warningHead = 3;
            limits.warningTail = 4;
            history.setLimits(limits);
            QVERIFY(history.open(path, true));
            const QList<HubFrame> frames = subscription->take();
            QCOMPARE(frames.size(), 63);
            for (qsizetype i = 0; i < frames.size(); i += 7)
                QVERIFY(history.record(frames.mid(i, 7)));
        }
        EventHistory reader;
        QVERIFY(reader.open(path, false));
        QStringList lines, warnings, errors;
        QList<qint64> gaps;
        for (const HubFrame &frame : reader.framesAfter(0, 1000)) {
            const QJsonObject envelope = frame.envelope();
            if (frame.kind == u"history_gap"_s) {
                gaps.append(envelope.value(u"dropped"_s).toInteger());
                continue;
            }
            const QString message = envelope.value(u"message"_s).toString();
            (message.startsWith(u"line"_s) ? lines : message.startsWith(u"warning"_s) ? warnings : errors)
                .append(message);
        }
        QCOMPARE(lines, (QStringList{u"line 0"_s, u"line 1"_s, u"line 28"_s, u"line 29"_s}));
        QCOMPARE(warnings, (QStringList{u"warning 0"_s, u"warning 1"_s, u"warning 2"_s, u"warning 26"_s,
                                        u"warning 27"_s, u"warning 28"_s, u"warning 29"_s}));
        QCOMPARE(errors, (QStringList{u"error 0"_s, u"error 10"_s, u"error 20"_s}));
        std::sort(gaps.begin(), gaps.end());
        QCOMPARE(gaps, (QList<qint64>{23, 26}));
        QCOMPARE(reader.stream(u"run:0"_s).value(u"dropped"_s).toInt(), 26 + 23);
    }

    // Provenance outlives the thinning of cache hits, and is bounded per asset.
    void eachAssetKeepsItsLastBuildsWithTheirReasons()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 100'000);
        const int builds = EventHistory::keptPerAsset + 5;
        for (int i = 0; i < builds; ++i) {
            OperationPublisher build(&hub, u"demo"_s, OperationKind::Build);
            build.start(u"B."_s);
            CacheOutcome outcome;
            outcome.path = u"a.png"_s;
            outcome.key = u"k%1"_s.arg(i);
            outcome.reason = i == 0 ? BuildReason::New : BuildReason::DependencyChanged;
            outcome.reasonDetail = i == 0 ? QString() : u"b.png"_s;
            outcome.durationMs = 1.5;
            outcome.inputBytes = 100 + i;
            if (i % 2 == 0) {
                outcome.result = CacheOutcome::Result::Converted;
                build.publish(EventKind::CacheMiss, u"Converted a.png."_s, outcome.toJson(), {u"a.png"_s});
            } else {
                build.publish(EventKind::CacheHit, u"a.png came from the cache."_s, outcome.toJson(), {u"a.png"_s});
            }
            // Enough hits for the thinning to drop the one above from the frames.
            for (int j = 0; j < 40; ++j)
            {
                CacheOutcome other;
                other.path = u"other%1.png"_s.arg(j);
                build.publish(EventKind::CacheHit, u"x"_s, other.toJson(), {});
            }
            build.finish(OperationOutcome::Succeeded, u"Built."_s);
        }
        {
            EventHistory history;
            EventHistory::Limits limits;
            limits.droppableHead = 2;
            limits.droppableTail = 2;
            history.setLimits(limits);
            QVERIFY(history.open(path, true));
            QVERIFY(history.record(subscription->take()));
        }
        EventHistory reader;
        QVERIFY(reader.open(path, false));
        const QJsonArray kept = reader.assetBuilds(u"a.png"_s, 100);
        QCOMPARE(kept.size(), EventHistory::keptPerAsset);
        const QJsonObject newest = kept.first().toObject();
        QCOMPARE(newest.value(u"key"_s).toString(), u"k%1"_s.arg(builds - 1));
        QCOMPARE(newest.value(u"outcome"_s).toString(), (builds - 1) % 2 == 0 ? u"converted"_s : u"hit"_s);
        QCOMPARE(newest.value(u"reason"_s).toString(), u"dependency_changed"_s);
        QCOMPARE(newest.value(u"reason_detail"_s).toString(), u"b.png"_s);
        QCOMPARE(newest.value(u"input_bytes"_s).toInt(), 100 + builds - 1);
        QCOMPARE(newest.value(u"duration_ms"_s).toDouble(), 1.5);
        QVERIFY(!newest.value(u"operation_id"_s).toString().isEmpty());
        QCOMPARE(kept.last().toObject().value(u"key"_s).toString(), u"k%1"_s.arg(builds - EventHistory::keptPerAsset));
        QCOMPARE(reader.assetBuilds(u"a.png"_s, 3).size(), 3);
        QVERIFY(reader.assetBuilds(u"nothing.png"_s, 3).isEmpty());
    }

    // Version 1 kept asset_builds WITHOUT ROWID, keyed by (asset, seq);
    // version 2 appends them in seq order. A project's provenance outlives
    // the change, and later builds add to it.
    void aVersionOneHistoryKeepsItsAssetBuilds()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            for (const QString &statement : {
                     u"PRAGMA journal_mode=WAL"_s,
                     u"CREATE TABLE streams(id TEXT PRIMARY KEY, type TEXT NOT NULL, kind TEXT, started_ms INTEGER, "
                     "finished_ms INTEGER, outcome TEXT, summary TEXT, dropped INTEGER NOT NULL DEFAULT 0)"_s,
                     u"CREATE TABLE frames(seq INTEGER PRIMARY KEY, stream TEXT NOT NULL, channel TEXT NOT NULL, "
                     "kind TEXT NOT NULL, source TEXT NOT NULL, operation_id TEXT, droppable INTEGER NOT NULL, "
                     "envelope BLOB NOT NULL)"_s,
                     u"CREATE TABLE asset_builds(asset TEXT NOT NULL, seq INTEGER NOT NULL, stream TEXT NOT NULL, "
                     "time_ms INTEGER, outcome TEXT NOT NULL, reason TEXT, detail TEXT, source TEXT, duration_ms REAL, "
                     "input_bytes INTEGER, stored_bytes INTEGER, key TEXT, PRIMARY KEY(asset, seq)) WITHOUT ROWID"_s,
                     u"CREATE INDEX asset_builds_by_stream ON asset_builds(stream)"_s,
                     u"INSERT INTO streams(id, type, kind, started_ms, finished_ms, outcome, summary) "
                     "VALUES ('op-old', 'operation', 'build', 1000, 2000, 'succeeded', 'Built.')"_s,
                     u"INSERT INTO frames(seq, stream, channel, kind, source, droppable, envelope) "
                     "VALUES (7, 'op-old', 'packer', 'build_finished', 'packer', 0, '{}')"_s,
                     u"INSERT INTO asset_builds VALUES ('a.png', 3, 'op-old', 1500, 'converted', 'new', NULL, NULL, "
                     "2.5, 100, 40, 'k-old')"_s,
                     u"INSERT INTO asset_builds VALUES ('b.png', 4, 'op-old', 1500, 'hit', NULL, NULL, 'local', "
                     "0.1, 200, 80, 'k-b')"_s,
                     u"PRAGMA user_version=1"_s,
                 })
                QVERIFY2(query.exec(statement), qPrintable(statement + u": "_s + query.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v1"_s);

        EventHub hub(u"demo"_s, 8);
        auto subscription = hub.subscribe({}, 100);
        {
            OperationPublisher build(&hub, u"demo"_s, OperationKind::Build);
            build.start(u"B."_s);
            CacheOutcome outcome;
            outcome.path = u"a.png"_s;
            outcome.key = u"k-new"_s;
            outcome.reason = BuildReason::SourceChanged;
            outcome.result = CacheOutcome::Result::Converted;
            build.publish(EventKind::CacheMiss, u"Converted a.png."_s, outcome.toJson(), {u"a.png"_s});
            build.finish(OperationOutcome::Succeeded, u"Built."_s);
        }
        {
            EventHistory history;
            QString error;
            QVERIFY2(history.open(path, true, &error), qPrintable(error));
            QVERIFY(history.record(subscription->take(), &error));
        }
        EventHistory reader;
        QVERIFY(reader.open(path, false));
        const QJsonArray a = reader.assetBuilds(u"a.png"_s, 10);
        QCOMPARE(a.size(), 2);
        QCOMPARE(a.at(0).toObject().value(u"key"_s).toString(), u"k-new"_s);
        QCOMPARE(a.at(0).toObject().value(u"reason"_s).toString(), u"source_changed"_s);
        QCOMPARE(a.at(1).toObject().value(u"key"_s).toString(), u"k-old"_s);
        QCOMPARE(a.at(1).toObject().value(u"duration_ms"_s).toDouble(), 2.5);
        QCOMPARE(a.at(1).toObject().value(u"operation_id"_s).toString(), u"op-old"_s);
        const QJsonArray b = reader.assetBuilds(u"b.png"_s, 10);
        QCOMPARE(b.size(), 1);
        QCOMPARE(b.at(0).toObject().value(u"source"_s).toString(), u"local"_s);
        QCOMPARE(reader.stream(u"op-old"_s).value(u"summary"_s).toString(), u"Built."_s);

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        {
            QSqlQuery query(db);
            QVERIFY(query.exec(u"SELECT sql FROM sqlite_master WHERE name = 'asset_builds'"_s) && query.next());
            QVERIFY2(!query.value(0).toString().contains(u"WITHOUT ROWID"_s), qPrintable(query.value(0).toString()));
            QVERIFY(query.exec(u"PRAGMA user_version"_s) && query.next());
            QCOMPARE(query.value(0).toInt(), EventHistory::schemaVersion);
            QVERIFY(query.exec(u"SELECT count(*) FROM sqlite_master WHERE name = 'asset_builds_1'"_s) && query.next());
            QCOMPARE(query.value(0).toInt(), 0);
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"check"_s);
    }

    void unfinishedOperationsAreMarkedInterrupted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u".prometeu/history.db"_s);
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 1000);
        OperationPublisher done(&hub, u"demo"_s, OperationKind::Scan);
        done.start(u"S."_s);
        done.finish(OperationOutcome::Succeeded, u"S done."_s);
        OperationPublisher killed(&hub, u"demo"_s, OperationKind::Build);
        killed.start(u"B."_s);
        killed.publish(EventKind::CacheMiss, u"Converted a.png."_s, {}, {u"a.png"_s});
        {
            EventHistory history;
            QVERIFY(history.open(path, true));
            QVERIFY(history.record(subscription->take()));
            QCOMPARE(history.interruptedOnOpen(), 0);
        } // the process "dies" here: the build never finished

        EventHistory reopened;
        QVERIFY(reopened.open(path, true));
        QCOMPARE(reopened.interruptedOnOpen(), 1);
        QCOMPARE(reopened.stream(killed.operationId()).value(u"outcome"_s).toString(), u"interrupted"_s);
        QCOMPARE(reopened.stream(done.operationId()).value(u"outcome"_s).toString(), u"succeeded"_s);
        QCOMPARE(reopened.maxSeq(), 4u); // started, finished, started, cache_miss
        const QJsonArray operations = reopened.streams(u"operation"_s, 10);
        QCOMPARE(operations.size(), 2);
    }

    // An operation's times are its events' own, not when the history
    // wrote them: a short one fits in one batch (it read "0 ms" in the
    // Activity panel's earlier sessions), and the history runs behind a
    // busy build.
    void anOperationsTimesAreItsEventsTimes()
    {
        QTemporaryDir dir;
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 100);
        const qint64 started = 1'700'000'000'000;
        for (const auto &[kind, offsetMs] : {std::pair{EventKind::OperationStarted, 0},
                                            std::pair{EventKind::OperationFinished, 250}}) {
            PackerEvent event;
            event.projectId = u"demo"_s;
            event.operationId = u"scan-1"_s;
            event.operation = OperationKind::Scan;
            event.kind = kind;
            event.timestamp = QDateTime::fromMSecsSinceEpoch(started + offsetMs, Qt::UTC);
            event.summary = u"Scan."_s;
            if (kind == EventKind::OperationFinished)
                event.payload = QJsonObject{{u"outcome"_s, u"succeeded"_s}};
            hub.publish(event);
        }
        QList<HubFrame> frames;
        QTRY_VERIFY((frames += subscription->take()).size() == 2);
        EventHistory history;
        QVERIFY(history.open(dir.filePath(u"history.db"_s), true));
        QVERIFY(history.record(frames)); // one batch
        const QJsonObject stream = history.stream(u"scan-1"_s);
        QCOMPARE(stream.value(u"started_ms"_s).toInteger(), started);
        QCOMPARE(stream.value(u"finished_ms"_s).toInteger(), started + 250);
    }

    void aWriterLeavesItsLogToTheNextOpenerAndKeepsItShort()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u".prometeu/history.db"_s);
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 100'000);
        const int commands = 300; // each a short process: open, one operation, close
        for (int i = 0; i < commands; ++i) {
            OperationPublisher scan(&hub, u"demo"_s, OperationKind::Scan);
            scan.start(u"Scanning."_s);
            scan.finish(OperationOutcome::Succeeded, u"Scanned."_s);
            EventHistory history;
            QVERIFY(history.open(path, true));
            QCOMPARE(history.maxSeq(), quint64(2 * i));
            QCOMPARE(history.lossOnOpen(), QString()); // a log emptied in between is no loss
            QVERIFY(history.record(subscription->take()));
        }
        // No checkpoint when the writer closed (it cost four syncs each
        // time): the log is there for the next opener...
        const QFileInfo log(path + u"-wal"_s);
        QVERIFY(log.exists());
        // ...and emptied by the opener that finds it long, so opening never
        // reads a long one.
        QVERIFY2(log.size() < 2 * EventHistory::longLogPages * 4096,
                 qPrintable(QString::number(log.size())));
        EventHistory reader;
        QVERIFY(reader.open(path, false));
        QCOMPARE(reader.maxSeq(), quint64(2 * commands));
        QCOMPARE(reader.streams(u"operation"_s, 1000).size(), commands);
    }

    // Between commands a small project's recent records live only in the
    // log: a log SQLite can no longer read must not vanish without a word.
    void aLogCutShortDamagedOrRemovedIsReportedAndKept_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("untouched") << u""_s;
        QTest::newRow("overwritten") << u"overwritten"_s;
        QTest::newRow("cut short") << u"cut short"_s;
        QTest::newRow("emptied") << u"emptied"_s;
        QTest::newRow("removed") << u"removed"_s;
        QTest::newRow("frames damaged") << u"frames damaged"_s;
    }

    void aLogCutShortDamagedOrRemovedIsReportedAndKept()
    {
        QFETCH(QString, damage);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        const QString log = path + u"-wal"_s;
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 10'000);
        for (int i = 0; i < 3; ++i) {
            OperationPublisher scan(&hub, u"demo"_s, OperationKind::Scan);
            scan.start(u"Scanning."_s);
            scan.finish(OperationOutcome::Succeeded, u"Scanned."_s);
            EventHistory history;
            QVERIFY(history.open(path, true));
            QVERIFY(history.record(subscription->take()));
        }
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const QByteArray original = file.readAll();
        QVERIFY(original.size() > 4096);
        if (damage == u"overwritten"_s) {
            QVERIFY(file.seek(0));
            file.write(QByteArray(original.size(), '\x5a'));
        } else if (damage == u"cut short"_s) {
            QVERIFY(file.resize(100));
        } else if (damage == u"emptied"_s) {
            QVERIFY(file.resize(0));
        } else if (damage == u"frames damaged"_s) {
            QVERIFY(file.seek(original.size() / 2));
            file.write(QByteArray(64, '\x5a'));
        }
        file.close();
        if (damage == u"removed"_s)
            QVERIFY(QFile::remove(log));

        QString loss;
        {
            EventHistory history;
            QVERIFY(history.open(path, true)); // still usable: builds go on
            loss = history.lossOnOpen();
            QCOMPARE(history.maxSeq() == 6, damage.isEmpty());
        }
        if (damage.isEmpty()) {
            QCOMPARE(loss, QString());
            return;
        }
        QVERIFY2(loss.contains(QDir::toNativeSeparators(log)), qPrintable(loss));
        const QString copy = log + u".damaged"_s;
        if (damage == u"removed"_s || damage == u"emptied"_s) {
            QVERIFY2(!loss.contains(copy), qPrintable(loss));
        } else {
            QVERIFY2(loss.contains(QDir::toNativeSeparators(copy)), qPrintable(loss));
            QFile kept(copy);
            QVERIFY(kept.open(QIODevice::ReadOnly));
            QCOMPARE(kept.size(), damage == u"cut short"_s ? 100 : original.size());
        }
        // Said once: the next opener finds a log that checks out.
        EventHistory again;
        QVERIFY(again.open(path, true));
        QCOMPARE(again.lossOnOpen(), QString());
    }

    void aDamagedHistoryIsReportedNotUsed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        QVERIFY(TestSupport::writeFile(path, QByteArray("this is not a database at all, just text").repeated(200)));
        EventHistory history;
        QString error;
        QVERIFY(!history.open(path, true, &error));
        QVERIFY2(error.contains(u"history.db"_s), qPrintable(error));
    }

    void sizeBoundPrunesOldestFinishedStreams()
    {
        QTemporaryDir dir;
        EventHistory history;
        EventHistory::Limits limits;
        limits.maxBytes = 256 * 1024;
        history.setLimits(limits);
        QVERIFY(history.open(dir.filePath(u"history.db"_s), true));
        EventHub hub(u"demo"_s);
        auto subscription = hub.subscribe({}, 1'000'000);
        QString first;
        for (int op = 0; op < 200; ++op) {
            OperationPublisher scan(&hub, u"demo"_s, OperationKind::Scan);
            if (op == 0)
                first = scan.operationId();
            scan.start(u"S."_s);
            for (int i = 0; i < 20; ++i)
                scan.publish(EventKind::AssetDiscovered, u"Found %1 with a long enough summary to take room."_s.arg(i),
                             QJsonObject{{u"path"_s, u"assets/%1.png"_s.arg(i)}}, {});
            scan.finish(OperationOutcome::Succeeded, u"S done."_s);
            QVERIFY(history.record(subscription->take()));
        }
        QVERIFY2(history.usedBytes() <= limits.maxBytes, qPrintable(QString::number(history.usedBytes())));
        QVERIFY(history.stream(first).isEmpty()); // the oldest went first
        QCOMPARE(history.maxSeq(), hub.lastSeq()); // the newest stayed
    }
};

QTEST_GUILESS_MAIN(TestHub)
#include "tst_hub.moc"
