#include <session/executionsession.h>

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace Prometeu {
inline char *toString(const SessionState &state) { return qstrdup(qPrintable(wireName(state))); }
} // namespace Prometeu

class TestExecutionSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPairAgainstTheTable_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<bool>("legal");
        using S = SessionState;
        // The legal set written out independently of the table under test.
        const QSet<QPair<int, int>> legal{
            {int(S::Idle), int(S::Preparing)},       {int(S::PrepareFailed), int(S::Preparing)}, {int(S::RuntimeFailed), int(S::Preparing)},
            {int(S::Stopped), int(S::Preparing)},    {int(S::Preparing), int(S::Connecting)},    {int(S::Preparing), int(S::PrepareFailed)},
            {int(S::Preparing), int(S::Stopped)},    {int(S::Connecting), int(S::Running)},      {int(S::Connecting), int(S::RuntimeFailed)},
            {int(S::Connecting), int(S::Stopped)},   {int(S::Running), int(S::RuntimeFailed)},   {int(S::Running), int(S::Stopped)},
        };
        for (int from = 0; from <= int(S::Stopped); ++from) {
            for (int to = 0; to <= int(S::Stopped); ++to) {
                const QString row = wireName(S(from)) + u" -> "_s + wireName(S(to));
                QTest::newRow(qPrintable(row)) << from << to << legal.contains({from, to});
            }
        }
    }

    void everyPairAgainstTheTable()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(bool, legal);
        QCOMPARE(isLegalTransition(SessionState(from), SessionState(to)), legal);
    }

    void playRunsThroughTheStatesAndLogsEachChange()
    {
        ExecutionSession session;
        QSignalSpy spy(&session, &ExecutionSession::stateChanged);
        QVERIFY(session.beginRun());
        QCOMPARE(session.currentRun(), 1u);
        QVERIFY(session.transitionTo(SessionState::Connecting, u"cartridge ready"_s));
        QVERIFY(session.transitionTo(SessionState::Running, u"handshake received"_s));
        QVERIFY(session.transitionTo(SessionState::Stopped, u"Stop"_s));
        QCOMPARE(spy.count(), 4);
        QCOMPARE(spy.at(0).at(0).value<SessionState>(), SessionState::Idle);
        QCOMPARE(spy.at(0).at(1).value<SessionState>(), SessionState::Preparing);
        QCOMPARE(spy.at(3).at(2).toString(), u"Stop"_s);

        const QList<LogEntry> log = session.log().entries();
        QCOMPARE(log.size(), 4);
        for (const LogEntry &entry : log) {
            QVERIFY(entry.isStateChange);
            QCOMPARE(entry.source, LogSource::Studio);
            QCOMPARE(entry.run, 1u);
        }
        QVERIFY(log.last().message.contains(u"running → stopped"_s));
        // Play again after a stop starts run 2.
        QVERIFY(session.beginRun());
        QCOMPARE(session.currentRun(), 2u);
    }

    void illegalTransitionIsRefusedAndChangesNothing()
    {
        ExecutionSession session;
        QSignalSpy spy(&session, &ExecutionSession::stateChanged);
        QString refusal;
        QVERIFY(!session.transitionTo(SessionState::Running, u"too soon"_s, &refusal));
        QVERIFY(refusal.contains(u"idle"_s) && refusal.contains(u"running"_s));
        QCOMPARE(session.state(), SessionState::Idle);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(session.log().size(), 0);

        QVERIFY(session.beginRun());
        QVERIFY(!session.beginRun(&refusal)); // Play while preparing
        QVERIFY(refusal.contains(u"preparing"_s));
        QCOMPARE(session.currentRun(), 1u);
    }

    void failureStatesAreLoggedAsErrors()
    {
        ExecutionSession session;
        QVERIFY(session.beginRun());
        QVERIFY(session.transitionTo(SessionState::PrepareFailed, u"data/level1.json: syntax error"_s));
        QCOMPARE(session.log().entries().last().severity, LogSeverity::Error);
        QVERIFY(session.beginRun()); // Play again after a failure
    }

    void sourcesStayDistinctAndSequencesUniqueAcrossWriters()
    {
        ExecutionSession session;
        QVERIFY(session.beginRun());
        constexpr int perWriter = 20000;
        const QList<LogSource> sources{LogSource::Build, LogSource::PackValidation, LogSource::Pack, LogSource::Runtime};
        QList<QThread *> writers;
        for (LogSource source : sources) {
            writers.append(QThread::create([&session, source] {
                for (int i = 0; i < perWriter; ++i)
                    session.appendLog(source, LogSeverity::Info, QString::number(i));
            }));
            writers.last()->start();
        }
        for (QThread *writer : writers) {
            QVERIFY(writer->wait(60000));
            delete writer;
        }
        const QList<LogEntry> log = session.log().entries();
        QCOMPARE(log.size(), 1 + perWriter * sources.size());
        QHash<int, int> next;
        quint64 lastSequence = 0;
        for (const LogEntry &entry : log) {
            QVERIFY(entry.sequence > lastSequence); // store order is sequence order
            lastSequence = entry.sequence;
            if (entry.isStateChange)
                continue;
            // Each writer's lines arrive in its own order, under its own source.
            QCOMPARE(entry.message.toInt(), next[int(entry.source)]++);
        }
        for (LogSource source : sources)
            QCOMPARE(next.value(int(source)), perWriter);
    }

    void retentionKeepsHeadTailStateChangesAndErrors()
    {
        ExecutionSession session(100);
        QVERIFY(session.beginRun());
        for (int i = 0; i < 1000; ++i) {
            const bool error = i % 100 == 7;
            session.appendLog(LogSource::Runtime, error ? LogSeverity::Error : LogSeverity::Info,
                              u"line %1"_s.arg(i));
            if (i == 500)
                QVERIFY(session.transitionTo(SessionState::Connecting, u"midway"_s));
        }
        const QList<LogEntry> log = session.log().entries(1);
        const MergedLog &merged = session.log();

        // Head: the state change plus the first 49 lines.
        QVERIFY(log.at(0).isStateChange);
        QCOMPARE(log.at(1).message, u"line 0"_s);
        QCOMPARE(log.at(49).message, u"line 48"_s);
        // Then the marker, with the count.
        QVERIFY(log.at(50).isDropMarker);
        QVERIFY(log.at(50).message.contains(QString::number(merged.droppedCount(1))));
        // Tail: the newest 50 lines.
        QCOMPARE(log.last().message, u"line 999"_s);
        QCOMPARE(log.at(log.size() - 50).message, u"line 950"_s);
        // Every error and the midway state change survived.
        int errors = 0;
        bool midway = false;
        for (const LogEntry &entry : log) {
            errors += entry.severity == LogSeverity::Error;
            midway |= entry.isStateChange && entry.message.contains(u"midway"_s);
        }
        QCOMPARE(errors, 10);
        QVERIFY(midway);
        // Accounting: retained + dropped = everything appended, plus the marker.
        QCOMPARE(quint64(log.size()) + merged.droppedCount(1), quint64(1 + 1000 + 1 + 1));
        QCOMPARE(merged.size(), log.size());

        // Following the tail from any point gives exactly the newer real entries.
        for (quint64 after : {quint64(1), quint64(40), quint64(60), quint64(508), quint64(900), quint64(1002)}) {
            QList<quint64> expected;
            for (const LogEntry &entry : log) {
                if (entry.sequence > after && !entry.isDropMarker)
                    expected.append(entry.sequence);
            }
            QList<quint64> actual;
            for (const LogEntry &entry : merged.entriesAfter(after))
                actual.append(entry.sequence);
            QCOMPARE(actual, expected);
        }
    }

    void followingTheTailSeesOnlyNewEntries()
    {
        MergedLog log;
        LogEntry entry;
        entry.message = u"a"_s;
        log.append(entry);
        const quint64 seen = log.lastSequence();
        entry.message = u"b"_s;
        log.append(entry);
        const QList<LogEntry> fresh = log.entriesAfter(seen);
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.first().message, u"b"_s);
    }

    void sessionOutlivesAnyViewOfIt()
    {
        ExecutionSession session;
        QVERIFY(session.beginRun());
        {
            // A "workspace" that watches the session comes and goes.
            QObject workspace;
            QObject::connect(&session, &ExecutionSession::stateChanged, &workspace, [] {});
        }
        QVERIFY(session.transitionTo(SessionState::Connecting, u"no view attached"_s));
        QObject recreated;
        QSignalSpy spy(&session, &ExecutionSession::stateChanged);
        QVERIFY(session.transitionTo(SessionState::Running, u"a new view sees it"_s));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(session.log().entries().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestExecutionSession)
#include "tst_executionsession.moc"
