// Live reload with real processes (issue #14): the project core plays the
// demo in the reference runtime (headless), files are edited on disk, and
// each change reaches the running game exactly once, without a restart.

#include "testsupport.h"

#include <core/projectcore.h>
#include <core/projectwatcher.h>
#include <session/executionsession.h>
#include <session/livereload.h>
#include <session/playcontroller.h>

#include <QBuffer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace Qt::StringLiterals;
using namespace Prometeu;
using namespace TestSupport;

class TestLiveReload : public QObject
{
    Q_OBJECT

    struct Running {
        QTemporaryDir dir;
        QString project;
        QThreadPool pool;
        std::unique_ptr<ProjectCore> core;
        std::unique_ptr<QSignalSpy> reloaded;
        std::unique_ptr<QSignalSpy> skipped;

        LiveReload *live() const { return core->playController()->liveReload(); }
        QString path(const QString &asset) const { return project + u"/assets/"_s + asset; }
        QStringList lines(const QString &containing) const
        {
            QStringList found;
            for (const LogEntry &entry : core->session()->log().entries())
                if (entry.message.contains(containing))
                    found.append(entry.message);
            return found;
        }
    };

    // The demo (or its manifest changed by `manifest`), playing, its watcher
    // knowing every asset.
    static std::unique_ptr<Running> play(const std::function<void(QJsonObject &)> &manifest = {})
    {
        auto running = std::make_unique<Running>();
        running->project = running->dir.filePath(u"demo"_s);
        if (!QDir().mkpath(running->project) || !copyFixture(u"examples/demo"_s, running->project))
            return {};
        if (manifest) {
            const QString path = running->project + u"/prometeu.json"_s;
            QJsonObject json = QJsonDocument::fromJson(readFile(path)).object();
            manifest(json);
            if (!writeFile(path, QJsonDocument(json).toJson()))
                return {};
        }
        ProjectCore::Options options;
        options.runtimePath = binaryPath(u"prometeu-runtime"_s);
        options.headlessRuntime = true;
        options.recordHistory = false;
        running->core = std::make_unique<ProjectCore>(loadProject(running->project), &running->pool, options);
        running->reloaded = std::make_unique<QSignalSpy>(running->live(), &LiveReload::reloaded);
        running->skipped = std::make_unique<QSignalSpy>(running->live(), &LiveReload::skipped);
        QSignalSpy scanned(running->core.get(), &ProjectCore::scanFinished);
        if (!running->core->play())
            return {};
        // Running starts the watcher, which first learns the assets by a scan.
        if (!scanned.wait(60'000))
            return {};
        // Then watches its files (on its own thread): an in-place edit is
        // seen from then on.
        if (!QTest::qWaitFor([&] { return running->core->watcher()->pendingWatches() == 0; }, 10'000))
            return {};
        if (running->core->session()->state() != SessionState::Running)
            return {};
        return running;
    }

    static bool writeInPlace(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
    }

    static QByteArray png(QColor colour, QSize size = {12, 12})
    {
        QImage image(size, QImage::Format_RGBA8888);
        image.fill(colour);
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return bytes;
    }

    // Watching as a live reload does, once every watch is in place.
    static bool watchLive(ProjectWatcher &watcher, const QStringList &assets)
    {
        watcher.setQuietInterval(ProjectWatcher::liveQuietMs);
        watcher.setEnabled(true);
        watcher.setKnownAssets(assets);
        return QTest::qWaitFor([&] { return watcher.pendingWatches() == 0; }, 10'000);
    }

    static QStringList reloadedEntries(const QSignalSpy &spy, int index)
    {
        return spy.at(index).at(1).toStringList();
    }

private Q_SLOTS:
    void theWatcherNamesWhatChanged()
    {
        // What a live reload's build looks at: the files and folders the
        // watcher saw change, and "everything" when a project file did.
        QTemporaryDir dir;
        const QString root = dir.filePath(u"demo"_s);
        QVERIFY(QDir().mkpath(root) && copyFixture(u"examples/demo"_s, root));
        ProjectWatcher watcher(loadProject(root));
        QVERIFY(watchLive(watcher, {u"sprites/hero.png"_s, u"tiles/grass.png"_s}));
        QSignalSpy changed(&watcher, &ProjectWatcher::changed);

        QVERIFY(writeInPlace(root + u"/assets/sprites/hero.png"_s, png(Qt::blue)));
        QVERIFY(changed.wait(10'000));
        AssetChanges seen = watcher.takeChanges();
        QCOMPARE(seen.files, QSet<QString>{u"sprites/hero.png"_s});
        QVERIFY(!seen.folders.contains(QString()));

        QVERIFY(writeInPlace(root + u"/assets/tiles/lava.png"_s, png(Qt::red)));
        QVERIFY(changed.wait(10'000));
        seen = watcher.takeChanges();
        QVERIFY(seen.folders.contains(u"tiles"_s));
        QVERIFY(!seen.folders.contains(QString()));

        QVERIFY(writeInPlace(root + u"/prometeu.json"_s, readFile(root + u"/prometeu.json"_s)));
        QVERIFY(changed.wait(10'000));
        QVERIFY(watcher.takeChanges().folders.contains(QString()));
        QVERIFY(watcher.takeChanges().isEmpty()); // taken

        // Many files are worked out off this thread, then watched a slice
        // at a time, never all in one turn of the event loop, spread over
        // several watchers (each holds at most pathsPerWatcher), and the
        // last one is watched in the end.
        QStringList many;
        for (qsizetype i = 0; i < ProjectWatcher::pathsPerWatcher + 500; ++i) {
            many.append(u"ui/many%1.txt"_s.arg(i, 4, 10, QChar(u'0')));
            QVERIFY(writeInPlace(root + u"/assets/"_s + many.last(), "x"));
        }
        watcher.setKnownAssets(many);
        QVERIFY(watcher.pendingWatches() > 0);
        QTRY_COMPARE(watcher.pendingWatches(), 0);
        changed.clear();
        watcher.takeChanges();
        QVERIFY(writeInPlace(root + u"/assets/"_s + many.last(), "y"));
        QVERIFY(changed.wait(10'000));
        QCOMPARE(watcher.takeChanges().files, QSet<QString>{many.last()});
    }

    // The assets folder renamed away (a checkout, a tool that swaps it),
    // then back: both are seen (Qt does not report a watched folder that
    // is renamed), and what else comes and goes beside it is not a change.
    void theAssetsFolderGoneAndBackIsSeen()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(u"demo"_s);
        QVERIFY(QDir().mkpath(root) && copyFixture(u"examples/demo"_s, root));
        ProjectWatcher watcher(loadProject(root));
        QVERIFY(watchLive(watcher, {u"sprites/hero.png"_s, u"tiles/grass.png"_s}));
        QSignalSpy changed(&watcher, &ProjectWatcher::changed);

        QVERIFY(QDir().rename(root + u"/assets"_s, dir.filePath(u"assets-elsewhere"_s)));
        QVERIFY(changed.wait(10'000));
        QVERIFY(watcher.takeChanges().folders.contains(QString()));
        watcher.setKnownAssets({}); // what the rescan found
        QTRY_COMPARE(watcher.pendingWatches(), 0);

        QVERIFY(QDir().mkpath(root + u"/assets"_s));
        QVERIFY(changed.wait(10'000));
        QVERIFY(watcher.takeChanges().folders.contains(QString()));
        QVERIFY(writeInPlace(root + u"/assets/new.json"_s, "{}"));
        watcher.setKnownAssets({u"new.json"_s});
        QTRY_COMPARE(watcher.pendingWatches(), 0);
        changed.clear();
        watcher.takeChanges();

        // A file beside the assets folder, then an edit in it: only the edit.
        QVERIFY(writeInPlace(root + u"/notes.txt"_s, "beside"));
        QVERIFY(writeInPlace(root + u"/assets/new.json"_s, "{\"a\": 1}"));
        QVERIFY(changed.wait(10'000));
        const AssetChanges seen = watcher.takeChanges();
        QVERIFY(!seen.folders.contains(QString()));
        QCOMPARE(seen.files, QSet<QString>{u"new.json"_s});
    }

    void everyKindOfAssetReloadsOnceIntoTheSameGame()
    {
        auto running = play();
        QVERIFY(running);
        const QStringList handshakes = running->lines(u"handshake received from pid"_s);
        QCOMPARE(handshakes.size(), 1);

        struct Edit {
            QString asset;
            std::function<bool(const QString &)> write;
        };
        const QList<Edit> edits{
            {u"sprites/hero.png"_s, [](const QString &path) { return writeInPlace(path, png(Qt::red)); }},
            {u"data/items.json"_s,
             [](const QString &path) {
                 QByteArray json = readFile(path);
                 json.replace("\"value\": 1,", "\"value\": 5,");
                 return writeInPlace(path, json);
             }},
            {u"scripts/player.lua"_s,
             [](const QString &path) {
                 // Saved as many editors do: a new file renamed over the old one.
                 QSaveFile file(path);
                 return file.open(QIODevice::WriteOnly)
                     && file.write(readFile(path).replace("SPEED = 600, -230, 80", "SPEED = 600, -260, 90")) > 0
                     && file.commit();
             }},
            {u"maps/meadow.tmx"_s,
             [](const QString &path) { return writeInPlace(path, readFile(path).replace("1,1,1,1,1,1,1,1,1,5", "2,1,1,1,1,1,1,1,1,5")); }},
        };
        for (const Edit &edit : edits) {
            const qsizetype before = running->reloaded->size();
            QVERIFY(edit.write(running->path(edit.asset)));
            QTRY_COMPARE_WITH_TIMEOUT(running->reloaded->size(), before + 1, 30'000);
            QCOMPARE(reloadedEntries(*running->reloaded, int(before)), QStringList{edit.asset});
        }
        // Nothing was reloaded twice, and the game never restarted.
        QTest::qWait(0);
        QTRY_VERIFY_WITH_TIMEOUT(!running->live()->isPreparing(), 30'000);
        QCOMPARE(running->reloaded->size(), edits.size());
        QCOMPARE(running->lines(u"handshake received from pid"_s), handshakes);
        QCOMPARE(running->core->session()->state(), SessionState::Running);
        QCOMPARE(running->lines(u"reloaded: scripts/player.lua"_s).size(), 1); // the game's on_reload said so

        QSignalSpy ended(running->core->playController(), &PlayController::runEnded);
        running->core->stop();
        QVERIFY(ended.wait(30'000));
    }

    void aBrokenSaveNeverReachesTheGameAndTheFixDoes()
    {
        auto running = play();
        QVERIFY(running);
        const QString coin = running->path(u"sprites/coin.png"_s);
        const QByteArray good = readFile(coin);
        QVERIFY(writeInPlace(coin, good.left(good.size() / 2))); // a truncated PNG
        QTRY_VERIFY_WITH_TIMEOUT(!running->skipped->isEmpty(), 30'000);
        QCOMPARE(running->reloaded->size(), 0);
        QVERIFY(!running->lines(u"nothing reached the game"_s).isEmpty());
        QVERIFY(!running->lines(u"sprites/coin.png"_s).filter(u"reloaded"_s).size());
        QCOMPARE(running->core->session()->state(), SessionState::Running);

        QVERIFY(writeInPlace(coin, png(Qt::yellow, {8, 8})));
        QTRY_COMPARE_WITH_TIMEOUT(running->reloaded->size(), 1, 30'000);
        QCOMPARE(reloadedEntries(*running->reloaded, 0), QStringList{u"sprites/coin.png"_s});
        running->core->stop();
        QTRY_COMPARE_WITH_TIMEOUT(running->core->session()->state(), SessionState::Stopped, 30'000);
    }

    void aRuntimeWithoutReloadIsToldToRestart()
    {
        auto running = play([](QJsonObject &manifest) {
            manifest.insert(u"runtime"_s, QJsonObject{{u"command"_s, QJsonArray{binaryPath(u"prometeu-runtime"_s), u"{cartridge}"_s,
                                                                                 u"--headless"_s, u"--fault"_s, u"no-reload"_s}}});
        });
        QVERIFY(running);
        QVERIFY(writeInPlace(running->path(u"sprites/hero.png"_s), png(Qt::blue)));
        QTRY_VERIFY_WITH_TIMEOUT(!running->skipped->isEmpty(), 30'000);
        QCOMPARE(running->skipped->first().first().toString(), u"restart needed"_s);
        QCOMPARE(running->lines(u"restart needed"_s).size(), 1);
        QCOMPARE(running->reloaded->size(), 0);
        running->core->stop();
        QTRY_COMPARE_WITH_TIMEOUT(running->core->session()->state(), SessionState::Stopped, 30'000);
    }

    void stopDuringAReloadAndAReloadDuringStopLeaveNothingBehind()
    {
        auto running = play();
        QVERIFY(running);
        const QString cartridge = running->project + u"/build/demo.pcart"_s;
        QSignalSpy ended(running->core->playController(), &PlayController::runEnded);
        // Stop while the reload's build runs: held at its first build event.
        HoldingSink hold(EventKind::BuildStarted);
        running->core->addEventSink(&hold);
        QVERIFY(writeInPlace(running->path(u"sprites/hero.png"_s), png(Qt::green)));
        // The watcher needs the event loop; once the reload's build has
        // started, it stays started until released.
        QTRY_VERIFY_WITH_TIMEOUT(running->live()->isPreparing(), 30'000);
        QVERIFY(hold.waitUntilHeld());
        QVERIFY(running->live()->isPreparing());
        running->core->stop();
        // And a change while stopping asks for a reload of a game that is going away.
        running->live()->request();
        hold.release();
        QVERIFY(ended.wait(30'000));
        running->core->removeEventSink(&hold);
        QCOMPARE(running->core->session()->state(), SessionState::Stopped);
        QVERIFY(!running->live()->isPreparing());
        QCOMPARE(running->reloaded->size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(processesMentioning(cartridge), QList<qint64>{}, 10'000);
    }
};

QTEST_MAIN(TestLiveReload)
#include "tst_livereload.moc"
