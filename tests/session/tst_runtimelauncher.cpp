#include "testsupport.h"

#include <packer/packer.h>

#include <session/executionsession.h>
#include <session/playcontroller.h>
#include <session/runtimelauncher.h>

#include <session/runtimeconnection.h>

#include <QDir>
#include <QThreadPool>

#include <climits>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <QSignalSpy>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace Prometeu {
inline char *toString(const SessionState &state) { return qstrdup(qPrintable(wireName(state))); }
} // namespace Prometeu

class TestRuntimeLauncher : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_cartridge;

    static RuntimeConfig script(const QString &shell, bool handshake = false, int handshakeMs = 5000, int graceMs = 2000)
    {
        RuntimeConfig config;
        config.command = {u"sh"_s, u"-c"_s, shell};
        config.handshake = handshake;
        config.handshakeTimeoutMs = handshakeMs;
        config.stopGraceMs = graceMs;
        return config;
    }

    static void connectSession(ExecutionSession &session)
    {
        QVERIFY(session.beginRun());
        QVERIFY(session.transitionTo(SessionState::Connecting, u"cartridge ready"_s));
    }

    static QString lastStateMessage(const ExecutionSession &session)
    {
        const QList<LogEntry> log = session.log().entries();
        for (auto it = log.crbegin(); it != log.crend(); ++it) {
            if (it->isStateChange)
                return it->message;
        }
        return {};
    }

    static QStringList runtimeLines(const ExecutionSession &session)
    {
        QStringList lines;
        for (const LogEntry &entry : session.log().entries()) {
            if (entry.source == LogSource::Runtime)
                lines.append(entry.message);
        }
        return lines;
    }

    // A Unix socket file at `path` with nobody behind it, as a killed process leaves.
    static bool leaveSocket(const QString &path)
    {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray native = QFile::encodeName(path);
        if (fd < 0 || size_t(native.size()) >= sizeof(address.sun_path))
            return false;
        std::memcpy(address.sun_path, native.constData(), size_t(native.size()));
        const bool bound = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0;
        ::close(fd);
        return bound;
    }

private Q_SLOTS:
    void socketsOfKilledProcessesAreSweptOnListen()
    {
        const qint64 deadPid = INT_MAX - 1; // beyond any pid_max: no such process
        const QString dead = QDir::temp().filePath(u"prometeu-%1-deadbeef"_s.arg(deadPid));
        const QString alive = QDir::temp().filePath(u"prometeu-%1-0a1b2c3d"_s.arg(QCoreApplication::applicationPid()));
        const QString notOurs = QDir::temp().filePath(u"prometeu-%1-notasock"_s.arg(deadPid));
        QFile::remove(dead);
        QFile::remove(alive);
        QVERIFY(leaveSocket(dead));
        QVERIFY(leaveSocket(alive));
        QVERIFY(TestSupport::writeFile(notOurs, "a plain file is left alone"));
        const auto connection = RuntimeConnection::create();
        QString error;
        QVERIFY2(connection->listen(&error), qPrintable(error));
        QVERIFY(!QFile::exists(dead));
        QVERIFY(QFile::exists(alive)); // its process (this one) may still answer
        QVERIFY(QFile::exists(notOurs));
        QFile::remove(alive);
        QFile::remove(notOurs);
    }

    void initTestCase()
    {
        m_cartridge = TestSupport::buildDemoCartridge(m_dir.path());
        QVERIFY(!m_cartridge.isEmpty());
    }

    void referenceRuntimeRunsAndStops()
    {
        ExecutionSession session;
        connectSession(session);
        RuntimeConfig config; // defaults: the reference runtime, with handshake
        RuntimeLauncher launcher(&session, config, TestSupport::binaryPath(u"prometeu-runtime"_s));
        launcher.start(m_cartridge);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Running, 10000);
        QVERIFY(lastStateMessage(session).contains(u"handshake received"_s));
        QTRY_VERIFY_WITH_TIMEOUT(runtimeLines(session).contains(u"running at 60 fps"_s), 10000);
        QSignalSpy ended(&launcher, &RuntimeLauncher::processEnded);
        launcher.stop();
        QVERIFY(ended.wait(10000));
        QCOMPARE(session.state(), SessionState::Stopped);
        QVERIFY(runtimeLines(session).contains(u"stopping: the Studio asked"_s)
                || runtimeLines(session).contains(u"stopping: signal"_s));
        for (const LogEntry &entry : session.log().entries()) {
            if (entry.source == LogSource::Runtime && entry.message.startsWith(u"loaded"_s))
                QCOMPARE(entry.severity, LogSeverity::Info);
        }
    }

    // A script error names "<asset>:<line>:"; the log line points there, so
    // the Studio can select the asset (the Lua chunk names are entry names).
    void scriptErrorLinesPointAtTheScript()
    {
        ExecutionSession session;
        connectSession(session);
        RuntimeLauncher launcher(&session,
                                 script(u"echo 'ERROR scripts/player.lua:12: attempt to index a nil value | stack traceback:'; "
                                        "echo 'INFO nothing to see in main.lua here'"_s),
                                 {});
        QSignalSpy ended(&launcher, &RuntimeLauncher::processEnded);
        launcher.start(m_cartridge);
        QVERIFY(ended.wait(10000));
        const QList<LogEntry> log = session.log().entries();
        const auto error = std::find_if(log.cbegin(), log.cend(), [](const LogEntry &e) {
            return e.source == LogSource::Runtime && e.severity == LogSeverity::Error;
        });
        QVERIFY(error != log.cend());
        QCOMPARE(error->asset(), u"scripts/player.lua"_s);
        QCOMPARE(error->line(), 12);
        for (const LogEntry &entry : log)
            if (entry.message.contains(u"nothing to see"_s))
                QVERIFY(!entry.location); // a name without a line is not a location
    }

    void failureScripts_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<bool>("handshake");
        QTest::addColumn<int>("handshakeMs");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("lastLine");
        QTest::newRow("crash") << QStringList{u"sh"_s, u"-c"_s, u"echo about to crash; kill -SEGV $$"_s}
                               << false << 5000 << u"signal 11"_s << u"about to crash"_s;
        QTest::newRow("exit non-zero") << QStringList{u"sh"_s, u"-c"_s, u"echo ERROR out of memory; exit 3"_s}
                                       << false << 5000 << u"code 3"_s << u"out of memory"_s;
        QTest::newRow("never handshakes") << QStringList{u"sh"_s, u"-c"_s, u"exec sleep 30"_s}
                                          << true << 300 << u"did not shake hands within 300 ms"_s << QString();
        QTest::newRow("exits while connecting") << QStringList{u"sh"_s, u"-c"_s, u"echo bye"_s}
                                                << true << 5000 << u"before it connected"_s << u"bye"_s;
        QTest::newRow("cannot start") << QStringList{u"/nonexistent/engine"_s, u"{cartridge}"_s}
                                      << false << 5000 << u"could not be started"_s << QString();
        QTest::newRow("wrong token") << QStringList{u"env"_s, u"PROMETEU_STUDIO_TOKEN=forged"_s,
                                                    TestSupport::binaryPath(u"prometeu-runtime"_s),
                                                    u"{cartridge}"_s, u"--headless"_s}
                                     << true << 5000 << u"wrong or missing token"_s << QString();
    }

    void failureScripts()
    {
        QFETCH(QStringList, command);
        QFETCH(bool, handshake);
        QFETCH(int, handshakeMs);
        QFETCH(QString, reason);
        QFETCH(QString, lastLine);
        ExecutionSession session;
        connectSession(session);
        RuntimeConfig config;
        config.command = command;
        config.handshake = handshake;
        config.handshakeTimeoutMs = handshakeMs;
        RuntimeLauncher launcher(&session, config, {});
        QSignalSpy ended(&launcher, &RuntimeLauncher::processEnded);
        launcher.start(m_cartridge);
        QVERIFY(ended.wait(15000));
        QCOMPARE(session.state(), SessionState::RuntimeFailed);
        QVERIFY2(lastStateMessage(session).contains(reason), qPrintable(lastStateMessage(session)));
        if (!lastLine.isEmpty())
            QVERIFY2(runtimeLines(session).join(u'|').contains(lastLine), qPrintable(runtimeLines(session).join(u'|')));
    }

    void errorLinesKeepTheirSeverity()
    {
        ExecutionSession session;
        connectSession(session);
        RuntimeLauncher launcher(&session, script(u"echo 'WARN low fuel'; echo 'ERROR boom' >&2; echo plain; echo oops >&2"_s), {});
        QSignalSpy ended(&launcher, &RuntimeLauncher::processEnded);
        launcher.start(m_cartridge);
        QVERIFY(ended.wait(10000));
        QHash<QString, LogSeverity> severities;
        for (const LogEntry &entry : session.log().entries()) {
            if (entry.source == LogSource::Runtime)
                severities.insert(entry.message, entry.severity);
        }
        QCOMPARE(severities.value(u"low fuel"_s), LogSeverity::Warning);
        QCOMPARE(severities.value(u"boom"_s), LogSeverity::Error);
        QCOMPARE(severities.value(u"plain"_s), LogSeverity::Info);
        QCOMPARE(severities.value(u"oops"_s), LogSeverity::Warning); // stderr default
        QCOMPARE(session.state(), SessionState::Stopped); // exit 0: the game ended
    }

    void partialLastLineIsNotLost()
    {
        ExecutionSession session;
        connectSession(session);
        RuntimeLauncher launcher(&session, script(u"printf 'one\\ntwo'"_s), {});
        QSignalSpy ended(&launcher, &RuntimeLauncher::processEnded);
        launcher.start(m_cartridge);
        QVERIFY(ended.wait(10000));
        QCOMPARE(runtimeLines(session), QStringList({u"one"_s, u"two"_s}));
    }

    void ignoringSigtermGetsKilledAfterTheGrace()
    {
        ExecutionSession session;
        connectSession(session);
        RuntimeLauncher launcher(&session, script(u"trap '' TERM; echo ready; exec sleep 30"_s, false, 5000, 300), {});
        launcher.start(m_cartridge);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Running, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(runtimeLines(session).contains(u"ready"_s), 10000);
        QSignalSpy ended(&launcher, &RuntimeLauncher::processEnded);
        launcher.stop();
        QVERIFY(ended.wait(10000));
        QCOMPARE(session.state(), SessionState::Stopped);
        bool killed = false;
        for (const LogEntry &entry : session.log().entries())
            killed |= entry.message.contains(u"did not stop within 300 ms"_s);
        QVERIFY(killed);
    }

    void stopWhilePreparingEndsTheRunWithoutARuntime()
    {
        ExecutionSession session;
        QThreadPool pool;
        Packer packer(TestSupport::loadProject(m_dir.filePath(u"demo"_s)), nullptr, &pool);
        PlayController controller(&packer, &session, &pool, TestSupport::binaryPath(u"prometeu-runtime"_s));
        QSignalSpy ended(&controller, &PlayController::runEnded);
        QVERIFY(controller.play());
        QCOMPARE(session.state(), SessionState::Preparing); // play() enters preparing at once
        controller.stop();
        QCOMPARE(session.state(), SessionState::Stopped);
        QVERIFY(ended.wait(30000));
        QCOMPARE(ended.first().first().value<SessionState>(), SessionState::Stopped);
        QVERIFY(runtimeLines(session).isEmpty());
        QCOMPARE(session.state(), SessionState::Stopped); // the shipper's late result changed nothing
        pool.waitForDone();
        // And Play works again afterwards, all the way to running.
        QVERIFY(controller.play());
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Running, 30000);
        controller.stop();
        QVERIFY(ended.wait(15000));
        QCOMPARE(session.state(), SessionState::Stopped);
    }

    void aMillionLinesAreIngestedWithinTheRetentionBound()
    {
        ExecutionSession session(10000);
        connectSession(session);
        RuntimeLauncher launcher(&session, script(u"seq 1 1000000"_s), {});
        QSignalSpy ended(&launcher, &RuntimeLauncher::processEnded);
        launcher.start(m_cartridge);
        QVERIFY(ended.wait(120000));
        QCOMPARE(session.state(), SessionState::Stopped);
        const QList<LogEntry> log = session.log().entries(1);
        QVERIFY(log.size() <= 10000 + 16); // bounded: limit plus kept state changes and the marker
        const QStringList lines = runtimeLines(session);
        QVERIFY(lines.contains(u"1"_s));
        QCOMPARE(lines.last(), u"1000000"_s);
        const quint64 runtimeSeen = quint64(lines.size()) + session.log().droppedCount(1);
        QVERIFY(runtimeSeen >= 1000000); // every line was ingested, then retention dropped the middle
    }
};

QTEST_GUILESS_MAIN(TestRuntimeLauncher)
#include "tst_runtimelauncher.moc"
