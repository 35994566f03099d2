#include "testsupport.h"

#include <packer/cartridge.h>
#include <packer/packer.h>
#include <session/executionsession.h>
#include <session/shipper.h>
#include <session/shippersessionadapter.h>

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QThreadPool>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestShipper : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_root;

    struct Prepared {
        ShipperResult result;
        QList<LogEntry> log;
        SessionState state = SessionState::Idle;
        QList<LogEntry> from(LogSource source) const
        {
            QList<LogEntry> out;
            for (const LogEntry &e : log) {
                if (e.source == source)
                    out.append(e);
            }
            return out;
        }
    };

    Prepared play(int jobs = 2)
    {
        ExecutionSession session;
        QThreadPool pool;
        pool.setMaxThreadCount(jobs);
        ShipperSessionAdapter adapter(&session);
        Packer packer(TestSupport::loadProject(m_root), nullptr, &pool);
        Shipper shipper(&packer, &pool);
        Prepared prepared;
        if (!session.beginRun())
            return prepared;
        QFuture<ShipperResult> future = shipper.prepare(&adapter);
        // The shipper follows its build from the event loop.
        QDeadlineTimer deadline(60'000);
        while (!future.isFinished() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        pool.waitForDone();
        prepared.result = future.result();
        prepared.log = session.log().entries();
        prepared.state = session.state();
        return prepared;
    }

private Q_SLOTS:
    void init()
    {
        m_root = m_dir.filePath(QLatin1StringView(QTest::currentTestFunction()));
        QVERIFY(QDir().mkpath(m_root));
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, m_root));
    }

    void demoPreparesAndTheSessionConnects()
    {
        const Prepared prepared = play();
        QCOMPARE(prepared.result.outcome, ShipperResult::Outcome::Ready);
        QCOMPARE(prepared.state, SessionState::Connecting);
        QVERIFY(!prepared.from(LogSource::Build).isEmpty());
        QCOMPARE(prepared.from(LogSource::PackValidation).size(), 1);
        QVERIFY(prepared.from(LogSource::PackValidation).first().message.contains(u"every reference present"_s));
        QCOMPARE(prepared.from(LogSource::Pack).size(), 1);
        CartridgeReader reader;
        QVERIFY2(reader.open(prepared.result.cartridgePath), qPrintable(reader.errorString()));
        QVERIFY(!QFile::exists(prepared.result.cartridgePath + u".staging"_s));
        // Story order: build lines, then validation, then pack, then the transition.
        qsizetype lastBuild = -1, validation = -1, pack = -1, connect = -1;
        for (qsizetype i = 0; i < prepared.log.size(); ++i) {
            const LogEntry &e = prepared.log.at(i);
            if (e.source == LogSource::Build)
                lastBuild = i;
            if (e.source == LogSource::PackValidation)
                validation = i;
            if (e.source == LogSource::Pack)
                pack = i;
            if (e.isStateChange && e.message.startsWith(u"preparing → connecting"_s))
                connect = i;
        }
        QVERIFY(lastBuild < validation && validation < pack && pack < connect);
    }

    void aSecondPlayWithNothingChangedChecksTheCartridgeWhereItIs()
    {
        const Prepared first = play();
        QCOMPARE(first.result.outcome, ShipperResult::Outcome::Ready);
        const QFileInfo before(first.result.cartridgePath);
        const Prepared second = play();
        QCOMPARE(second.result.outcome, ShipperResult::Outcome::Ready);
        QCOMPARE(second.result.cartridgePath, first.result.cartridgePath);
        QCOMPARE(second.result.contents, first.result.contents);
        // Not rebuilt, not renamed: verified in place.
        const QFileInfo after(second.result.cartridgePath);
        QCOMPARE(after.lastModified(), before.lastModified());
        QCOMPARE(after.size(), before.size());
        QVERIFY(!QFile::exists(second.result.cartridgePath + u".staging"_s));
        QCOMPARE(second.from(LogSource::PackValidation).size(), 1);
        QCOMPARE(second.from(LogSource::Pack).size(), 1);
        QVERIFY(second.from(LogSource::Pack).first().message.contains(u"up to date"_s));
    }

    // Live reloads validate only content they have not seen, yet a reference
    // from unchanged data to an asset that went away is still caught.
    void liveReloadValidationRemembersContentButChecksEveryReference()
    {
        ExecutionSession session;
        QThreadPool pool;
        ShipperSessionAdapter adapter(&session);
        Packer packer(TestSupport::loadProject(m_root), nullptr, &pool);
        Shipper shipper(&packer, &pool);
        auto prepare = [&] {
            QFuture<ShipperResult> future = shipper.prepare(&adapter, {}, OperationKind::HotReload);
            QDeadlineTimer deadline(60'000);
            while (!future.isFinished() && !deadline.hasExpired())
                QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            pool.waitForDone();
            return future.result();
        };
        QCOMPARE(prepare().outcome, ShipperResult::Outcome::Ready);
        QCOMPARE(prepare().outcome, ShipperResult::Outcome::Ready); // all of it remembered
        QVERIFY(QFile::remove(m_root + u"/assets/sounds/coin.ogg"_s)); // named by the unchanged data/items.json
        const ShipperResult result = prepare();
        QCOMPARE(result.outcome, ShipperResult::Outcome::Failed);
        bool named = false;
        for (const LogEntry &entry : session.log().entries())
            named = named || entry.message == u"data/items.json refers to sounds/coin.ogg, which is not in the cartridge."_s;
        QVERIFY(named);
    }

    // Play's build says an unchanged asset's warning again; a live reload
    // says only what its change caused.
    void playRepeatsAConverterWarningALiveReloadDoesNot()
    {
        const QByteArray whole = TestSupport::readFile(m_root + u"/assets/sounds/jump.wav"_s);
        QVERIFY(!whole.isEmpty());
        QVERIFY(TestSupport::writeFile(m_root + u"/assets/sounds/cut.wav"_s, whole.left(whole.size() / 2)));
        const auto truncated = [](const QList<LogEntry> &log) {
            return std::count_if(log.cbegin(), log.cend(), [](const LogEntry &e) {
                return e.source == LogSource::Build && e.asset() == u"sounds/cut.wav"_s
                    && e.message.contains(u"[audio.truncated]"_s);
            });
        };
        const Prepared first = play();
        QCOMPARE(first.result.outcome, ShipperResult::Outcome::Ready);
        QCOMPARE(truncated(first.log), 1);
        const Prepared second = play();
        QCOMPARE(second.result.outcome, ShipperResult::Outcome::Ready);
        QCOMPARE(truncated(second.log), 1);

        ExecutionSession session;
        QThreadPool pool;
        ShipperSessionAdapter adapter(&session);
        Packer packer(TestSupport::loadProject(m_root), nullptr, &pool);
        Shipper shipper(&packer, &pool);
        QFuture<ShipperResult> future = shipper.prepare(&adapter, {}, OperationKind::HotReload);
        QDeadlineTimer deadline(60'000);
        while (!future.isFinished() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        pool.waitForDone();
        QCOMPARE(future.result().outcome, ShipperResult::Outcome::Ready);
        QVERIFY(!session.log().entries().isEmpty());
        QCOMPARE(truncated(session.log().entries()), 0);
    }

    void singleWorkerPoolDoesNotDeadlock()
    {
        QCOMPARE(play(1).state, SessionState::Connecting);
    }

    void buildFailureFailsPreparationWithLocatedLines()
    {
        QVERIFY(TestSupport::makeProject(m_root, R"({"id": "demo", "name": "Demo"})"));
        QVERIFY(TestSupport::writeFile(m_root + u"/assets/data/bad.json"_s, "{\n  \"a\": ,\n}"));
        const Prepared prepared = play();
        QCOMPARE(prepared.result.outcome, ShipperResult::Outcome::Failed);
        QCOMPARE(prepared.state, SessionState::PrepareFailed);
        bool located = false;
        for (const LogEntry &e : prepared.from(LogSource::Build)) {
            if (e.severity == LogSeverity::Error && e.asset() == u"data/bad.json"_s && e.line() == 2)
                located = true;
        }
        QVERIFY(located);
        QVERIFY(prepared.from(LogSource::PackValidation).isEmpty()); // never reached
        QVERIFY(prepared.log.last().isStateChange);
        QCOMPARE(prepared.log.last().severity, LogSeverity::Error);
    }

    void missingReferenceFailsPackValidationAndKeepsTheOldCartridge()
    {
        QCOMPARE(play().state, SessionState::Connecting);
        const QString cartridge = m_root + u"/build/demo.pcart"_s;
        const QByteArray before = TestSupport::readFile(cartridge);
        QVERIFY(TestSupport::writeFile(m_root + u"/assets/data/items.json"_s,
                                       R"({"coin": {"sprite": "sprites/missing.png"}})"));
        const Prepared prepared = play();
        QCOMPARE(prepared.state, SessionState::PrepareFailed);
        const QList<LogEntry> validation = prepared.from(LogSource::PackValidation);
        QCOMPARE(validation.size(), 1);
        QVERIFY(validation.first().message.contains(u"sprites/missing.png"_s));
        QCOMPARE(validation.first().asset(), u"data/items.json"_s);
        QCOMPARE(TestSupport::readFile(cartridge), before);
        QVERIFY(!QFile::exists(cartridge + u".staging"_s));
    }
};

QTEST_GUILESS_MAIN(TestShipper)
#include "tst_shipper.moc"
