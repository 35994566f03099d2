// The runtime library (runtime/): maps, payloads, the script sandbox, the
// game drawing the demo, the mixer. Process-level tests: tests/app/tst_runtime.cpp.

#include "testsupport.h"

#include <runtime/audiomixer.h>
#include <runtime/framepacer.h>
#include <runtime/game.h>
#include <runtime/gameassets.h>
#include <runtime/scriptapi.h>
#include <runtime/scripthost.h>
#include <runtime/tilemap.h>

#include <QImage>
#include <QProcess>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;
using namespace Prometeu;

namespace {

// A script API with nothing behind it but scripts and a log.
class RecordingApi final : public ScriptApi
{
public:
    QHash<QString, QByteArray> scripts;
    QStringList lines; // "<level> <text>"
    int sprites = 0;

    QSize screenSize() const override { return {320, 180}; }
    void clear(QColor) override {}
    bool drawSprite(const QString &image, double, double, bool) override { return image == u"hero.png"_s && ++sprites; }
    bool drawMap(const QString &, double, double) override { return false; }
    void drawText(const QString &, double, double, QColor) override {}
    void drawRect(double, double, double, double, QColor) override {}
    std::optional<QSize> imageSize(const QString &) const override { return std::nullopt; }
    std::optional<MapInfo> mapInfo(const QString &) const override { return std::nullopt; }
    std::optional<quint32> mapTile(const QString &, const QString &, int, int) const override { return std::nullopt; }
    bool playSound(const QString &) override { return false; }
    bool playMusic(const QString &) override { return false; }
    void stopMusic() override {}
    bool keyDown(const QString &) const override { return false; }
    bool keyPressed(const QString &) const override { return false; }
    std::optional<QByteArray> scriptSource(const QString &name) const override
    {
        if (!scripts.contains(name))
            return std::nullopt;
        return scripts.value(name);
    }
    std::optional<QByteArray> dataJson(const QString &) const override { return std::nullopt; }
    std::optional<QByteArray> text(const QString &) const override { return std::nullopt; }
    void log(RuntimeLog::Level level, const QString &text) override
    {
        static const char *names[] = {"DEBUG", "INFO", "WARN", "ERROR"};
        lines.append(QLatin1StringView(names[int(level)]) + u' ' + text);
    }
    double seconds() const override { return 0; }

    QStringList errors() const { return lines.filter(QRegularExpression(u"^ERROR "_s)); }
};

QByteArray imagePayload(int width, int height, QRgb colour)
{
    QByteArray payload;
    auto u16 = [&](int v) { payload.append(char(v & 0xff)).append(char(v >> 8)); };
    u16(width), u16(height);
    payload.append('\0').append('\0');
    u16(0);
    for (int i = 0; i < width * height; ++i)
        payload.append(char(qRed(colour))).append(char(qGreen(colour))).append(char(qBlue(colour))).append(char(qAlpha(colour)));
    return payload;
}

} // namespace

class TestGameRuntime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tileMapReadsCsvBase64AndCollections()
    {
        const QByteArray tmx = R"(<?xml version="1.0"?>
<map orientation="orthogonal" width="2" height="2" tilewidth="8" tileheight="8">
 <tileset firstgid="1" name="grid" tilewidth="8" tileheight="8" tilecount="4" columns="2">
  <image source="../tiles/sheet.png" width="16" height="16"/>
 </tileset>
 <tileset firstgid="5" name="things" tilewidth="8" tileheight="8" tilecount="1" columns="0">
  <tile id="0"><image source="things/rock.png" width="8" height="8"/></tile>
 </tileset>
 <layer name="csv" width="2" height="2"><data encoding="csv">1,2,
0,5</data></layer>
 <layer name="b64" width="2" height="2"><data encoding="base64">AQAAAAIAAIADAAAABAAAAA==</data></layer>
</map>)";
        QString error;
        const auto map = TileMap::parse(tmx, u"maps/level.tmx"_s, {}, &error);
        QVERIFY2(map, qPrintable(error));
        QCOMPARE(map->layers.size(), 2);
        QCOMPARE(map->layers[0].cells, (QList<quint32>{1, 2, 0, 5}));
        QCOMPARE(map->layers[1].cells[1], 2u | TileMap::flipHorizontal);
        QCOMPARE(map->tileSetFor(5)->tileImages.value(0), u"maps/things/rock.png"_s);
        QCOMPARE(map->tileSetFor(2)->image, u"tiles/sheet.png"_s);
        QCOMPARE(map->imageNames(), (QStringList{u"tiles/sheet.png"_s, u"maps/things/rock.png"_s}));
    }

    void flipBitsTurnTilesAsTiledDoes()
    {
        const auto turned = [](quint32 bits, QPointF point) { return TileMap::flipTransform(bits).map(point); };
        const QPointF right(1, 0), top(0, -1);
        QCOMPARE(turned(0, right), right);
        QCOMPARE(turned(TileMap::flipHorizontal, right), QPointF(-1, 0));
        QCOMPARE(turned(TileMap::flipVertical, top), QPointF(0, 1));
        QCOMPARE(turned(TileMap::flipDiagonal, right), QPointF(0, 1)); // x and y swapped
        // Tiled's "rotate 90° clockwise" is diagonal + horizontal (y points down).
        const quint32 clockwise = TileMap::flipDiagonal | TileMap::flipHorizontal;
        QCOMPARE(turned(clockwise, right), QPointF(0, 1));
        QCOMPARE(turned(clockwise, top), QPointF(1, 0));
        // ... and counter-clockwise is diagonal + vertical.
        const quint32 counter = TileMap::flipDiagonal | TileMap::flipVertical;
        QCOMPARE(turned(counter, right), QPointF(0, -1));
        QCOMPARE(turned(counter, top), QPointF(-1, 0));
    }

    void tileMapRejectsDamageWithASentence_data()
    {
        QTest::addColumn<QByteArray>("tmx");
        QTest::addColumn<QString>("words");
        const QByteArray head = R"(<map width="2" height="1" tilewidth="8" tileheight="8">)";
        const QByteArray set = R"(<tileset firstgid="1" tilewidth="8" tileheight="8" columns="1"><image source="a.png"/></tileset>)";
        QTest::newRow("not a map") << QByteArray("<html/>") << u"not a TMX map"_s;
        QTest::newRow("truncated") << head + set + "<layer name=\"g\"><data encoding=\"csv\">1," << u"layer \"g\" has 0 cells"_s;
        QTest::newRow("huge") << QByteArray(R"(<map width="100000" height="100000" tilewidth="8" tileheight="8"/>)")
                              << u"out of range"_s;
        QTest::newRow("escape") << head + R"(<tileset firstgid="1" tilewidth="8" tileheight="8" columns="1"><image source="../../../etc/passwd"/></tileset>)"
                                << u"outside the cartridge"_s;
        QTest::newRow("bad base64 size") << head + set + R"(<layer name="g"><data encoding="base64">AQAA</data></layer>)"
                                         << u"bytes of tiles"_s;
        QTest::newRow("gzip") << head + set + R"(<layer name="g"><data encoding="base64" compression="gzip">AQAA</data></layer>)"
                              << u"gzip compression"_s;
        QTest::newRow("isometric") << QByteArray(R"(<map orientation="isometric" width="1" height="1" tilewidth="8" tileheight="8"/>)")
                                   << u"only orthogonal"_s;
        QTest::newRow("missing external") << head + R"(<tileset firstgid="1" source="gone.tsx"/>)" << u"gone.tsx"_s;
    }

    void tileMapRejectsDamageWithASentence()
    {
        QFETCH(QByteArray, tmx);
        QFETCH(QString, words);
        QString error;
        QVERIFY(!TileMap::parse(tmx, u"maps/m.tmx"_s, {}, &error));
        QVERIFY2(error.contains(words), qPrintable(error));
    }

    void payloadsDecodeAndDamagedOnesAreRefused()
    {
        QString error;
        const auto image = GameAssets::decodeImage(imagePayload(3, 2, qRgba(10, 20, 30, 255)), &error);
        QVERIFY(image);
        QCOMPARE(image->size(), QSize(3, 2));
        QCOMPARE(image->pixel(2, 1), qRgba(10, 20, 30, 255));
        QVERIFY(!GameAssets::decodeImage(imagePayload(3, 2, 0).chopped(1), &error));
        QVERIFY(error.contains(u"does not match"_s));
        QVERIFY(!GameAssets::decodeImage(QByteArray(3, '\0'), &error));

        QByteArray audio;
        const quint32 rate = 22050;
        audio.append(reinterpret_cast<const char *>(&rate), 4).append("\x01\x00\x10\x00\x02\x00\x00\x00", 8);
        audio.append("\x01\x00\xff\xff", 4);
        const auto sound = GameAssets::decodeAudio(audio, &error);
        QVERIFY2(sound, qPrintable(error));
        QCOMPARE(sound->samples, (QList<qint16>{1, -1}));
        QVERIFY(!GameAssets::decodeAudio(audio.chopped(2), &error));
    }

    void scriptErrorsNameTheEntryAndLineAndPauseTheGame()
    {
        RecordingApi api;
        api.scripts.insert(u"scripts/main.lua"_s, "local enemy\nfunction update(dt)\n  return enemy.hp\nend\n");
        ScriptHost host(&api);
        QVERIFY(host.load(u"scripts/main.lua"_s));
        QVERIFY(host.start());
        host.frame(0.016);
        QVERIFY(host.isPaused());
        QCOMPARE(api.errors().size(), 1);
        QVERIFY2(api.errors().first().startsWith(u"ERROR scripts/main.lua:3: attempt to index a nil value (upvalue 'enemy')"_s),
                 qPrintable(api.errors().first()));
        host.frame(0.016); // paused: no second report
        QCOMPARE(api.errors().size(), 1);
        // A fixed version reloads and runs.
        api.scripts.insert(u"scripts/main.lua"_s, "function update(dt) draw_sprite('hero.png', 1, 2) end\n");
        QVERIFY(host.reload({u"scripts/main.lua"_s}, {u"scripts/main.lua"_s}));
        QVERIFY(!host.isPaused());
        host.frame(0.016);
        QCOMPARE(api.sprites, 1);
    }

    void errorCallsAreReportedOnce()
    {
        RecordingApi api;
        api.scripts.insert(u"main.lua"_s, "function update()\n  error('boom')\nend\n");
        ScriptHost host(&api);
        QVERIFY(host.load(u"main.lua"_s));
        host.frame(0.016);
        QCOMPARE(api.errors().size(), 1);
        QVERIFY2(api.errors().first().startsWith(u"ERROR main.lua:2: boom | stack traceback:"_s),
                 qPrintable(api.errors().first()));
    }

    void errorsRaisedByTheApiPointAtTheCaller()
    {
        RecordingApi api;
        api.scripts.insert(u"main.lua"_s, "function update()\n\n  draw_sprite('nope.png', 0, 0)\nend\n");
        ScriptHost host(&api);
        QVERIFY(host.load(u"main.lua"_s));
        host.frame(0.016);
        QCOMPARE(api.errors().size(), 1);
        QVERIFY2(api.errors().first().startsWith(u"ERROR main.lua:3: no image 'nope.png' in the cartridge"_s),
                 qPrintable(api.errors().first()));
    }

    void theSandboxRefusesTheSystem_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QString>("words");
        QTest::newRow("os.execute") << QByteArray("os.execute('touch /tmp/pwned')") << u"os.execute is not available to games"_s;
        QTest::newRow("io.open") << QByteArray("io.open('/etc/passwd')") << u"io.open is not available to games"_s;
        QTest::newRow("os.remove") << QByteArray("os.remove('x')") << u"os.remove is not available"_s;
        QTest::newRow("dofile") << QByteArray("dofile('/etc/passwd')") << u"attempt to call a nil value (global 'dofile')"_s;
        QTest::newRow("loadfile") << QByteArray("loadfile('/etc/passwd')") << u"global 'loadfile'"_s;
        QTest::newRow("bytecode") << QByteArray("assert(load(string.dump(function() end)))") << u"attempt to load a binary chunk"_s;
        QTest::newRow("require outside") << QByteArray("require('os')") << u"no script 'os.lua' in the cartridge"_s;
        QTest::newRow("package") << QByteArray("package.loadlib('libc.so.6', 'system')") << u"global 'package'"_s;
        QTest::newRow("debug") << QByteArray("debug.getregistry()") << u"global 'debug'"_s;
        QTest::newRow("endless loop") << QByteArray("while true do end") << u"more than 2000 ms"_s;
        QTest::newRow("memory bomb") << QByteArray("local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1e6) .. i end")
                                     << u"not enough memory"_s;
    }

    void theSandboxRefusesTheSystem()
    {
        QFETCH(QByteArray, script);
        QFETCH(QString, words);
        RecordingApi api;
        api.scripts.insert(u"main.lua"_s, script);
        ScriptHost host(&api);
        QVERIFY(!host.load(u"main.lua"_s));
        QCOMPARE(api.errors().size(), 1);
        QVERIFY2(api.errors().first().contains(words), qPrintable(api.errors().first()));
        QVERIFY(!QFile::exists(u"/tmp/pwned"_s));
    }

    void modulesReloadInPlaceKeepingTheirState()
    {
        RecordingApi api;
        api.scripts.insert(u"main.lua"_s, "player = require('player')\nfunction update() player.step() end\n"
                                          "function on_reload(names) reloaded = table.concat(names, ',') end\n");
        api.scripts.insert(u"player.lua"_s, "local p = { x = 0 }\nfunction p.step() p.x = p.x + 1 end\nreturn p\n");
        ScriptHost host(&api);
        QVERIFY(host.load(u"main.lua"_s));
        host.frame(0.016);
        host.frame(0.016);
        api.scripts.insert(u"player.lua"_s, "local p = { x = 0 }\nfunction p.step() p.x = p.x + 10 end\nreturn p\n");
        QVERIFY(host.reload({u"player.lua"_s}, {u"player.lua"_s, u"hero.png"_s}));
        host.frame(0.016);
        api.scripts.insert(u"check.lua"_s, "assert(player.x == 12, 'x is ' .. player.x)\n"
                                           "assert(reloaded == 'player.lua,hero.png', reloaded)\n");
        QVERIFY(host.reload({u"check.lua"_s}, {}));
        QCOMPARE(api.errors(), QStringList());
        // A broken new version keeps the old one running.
        api.scripts.insert(u"player.lua"_s, "local p = {\n");
        QVERIFY(!host.reload({u"player.lua"_s}, {u"player.lua"_s}));
        QCOMPARE(api.errors().size(), 1);
        QVERIFY2(api.errors().first().startsWith(u"ERROR player.lua:2:"_s), qPrintable(api.errors().first()));
    }

    void theDemoDrawsItsMapAndHero()
    {
        QTemporaryDir dir;
        const QString cartridge = TestSupport::buildDemoCartridge(dir.path());
        QVERIFY(!cartridge.isEmpty());
        RuntimeLog log;
        Game game(&log);
        QVERIFY(game.load(cartridge));
        QCOMPARE(game.config().resolution, QSize(320, 144));
        QVERIFY(game.start(false));
        game.frame(1.0 / 60);
        QVERIFY(!game.scriptsPaused());
        QCOMPARE(log.errors(), 0);
        const QImage grass(TestSupport::sourcePath(u"examples/demo/assets/tiles/grass.png"_s));
        const QImage stone(TestSupport::sourcePath(u"examples/demo/assets/tiles/stone.png"_s));
        // Ground row 8: grass at column 0, stone at column 18 (rows 6-8).
        QCOMPARE(game.screen().pixel(3, 8 * 16 + 5), grass.pixel(3, 5));
        QCOMPARE(game.screen().pixel(18 * 16 + 7, 6 * 16 + 2), stone.pixel(7, 2));
        // The hero's sprite where the level spawns it (2, 7), the first frame's fall aside.
        const QImage hero(TestSupport::sourcePath(u"examples/demo/assets/sprites/hero.png"_s));
        int opaque = 0;
        for (int y = 0; y < hero.height(); ++y) {
            for (int x = 0; x < hero.width(); ++x) {
                if (qAlpha(hero.pixel(x, y)) != 255)
                    continue;
                ++opaque;
                QCOMPARE(game.screen().pixel(32 + x, 112 + y), hero.pixel(x, y));
            }
        }
        QVERIFY(opaque > 20);
    }

    // A tile set saved in the editor: the maps that use it are parsed again
    // (the runtime's half of docs/dependencies.md), and a .tsx is never
    // mistaken for a map.
    void aReloadedTileSetReparsesTheMapsThatUseIt()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(u"p"_s);
        const QString cartridge = dir.filePath(u"p.pcart"_s);
        QVERIFY(TestSupport::makeProject(root));
        QVERIFY(TestSupport::writeFile(root + u"/assets/maps/m.tmx"_s,
                                       R"(<map orientation="orthogonal" width="1" height="1" tilewidth="8" tileheight="8">
 <tileset firstgid="1" source="../tiles/t.tsx"/>
 <layer name="g" width="1" height="1"><data encoding="csv">1</data></layer>
</map>)"));
        const auto writeTileSet = [&](const QString &image) {
            return TestSupport::writeFile(root + u"/assets/tiles/t.tsx"_s,
                                          u"<tileset name=\"t\" tilewidth=\"8\" tileheight=\"8\" tilecount=\"1\" "
                                          "columns=\"1\">\n <image source=\"%1\" width=\"8\" height=\"8\"/>\n</tileset>\n"_s
                                              .arg(image)
                                              .toUtf8());
        };
        QVERIFY(writeTileSet(u"a.png"_s));
        for (const auto &[name, colour] : {std::pair{u"a.png"_s, qRgb(255, 0, 0)}, {u"b.png"_s, qRgb(0, 0, 255)}}) {
            QImage image(8, 8, QImage::Format_RGBA8888);
            image.fill(colour);
            QVERIFY(image.save(root + u"/assets/tiles/"_s + name));
        }
        const QString prometeu = TestSupport::binaryPath(u"prometeu"_s);
        QCOMPARE(QProcess::execute(prometeu, {u"build"_s, root, u"-o"_s, cartridge}), 0);
        RuntimeLog log;
        Game game(&log);
        QVERIFY(game.load(cartridge));
        QCOMPARE(log.errors(), 0); // the .tsx loaded as the map's tile set, not as a map

        QVERIFY(writeTileSet(u"b.png"_s));
        QCOMPARE(QProcess::execute(prometeu, {u"build"_s, root, u"-o"_s, cartridge}), 0);
        QCOMPARE(game.withDependents({u"tiles/t.tsx"_s}), (QStringList{u"tiles/t.tsx"_s, u"maps/m.tmx"_s}));
        const Game::ReloadOutcome outcome = game.reload(cartridge, {u"tiles/t.tsx"_s});
        QCOMPARE(outcome.problems, QStringList());
        QCOMPARE(outcome.replaced, (QStringList{u"tiles/t.tsx"_s, u"maps/m.tmx"_s}));
    }

    void aReloadIsStagedOffTheGameThreadAndAppliedBetweenFrames()
    {
        QTemporaryDir dir;
        const QString first = TestSupport::buildDemoCartridge(dir.path());
        QVERIFY(!first.isEmpty());
        // The next generation: a red hero.
        const QString project = dir.filePath(u"demo"_s), next = dir.filePath(u"next.pcart"_s);
        QImage red(QImage(project + u"/assets/sprites/hero.png"_s).size(), QImage::Format_RGBA8888);
        red.fill(Qt::red);
        QVERIFY(red.save(project + u"/assets/sprites/hero.png"_s));
        QCOMPARE(QProcess::execute(TestSupport::binaryPath(u"prometeu"_s), {u"build"_s, project, u"-o"_s, next}), 0);

        RuntimeLog log;
        Game game(&log);
        QVERIFY(game.load(first));
        QVERIFY(game.start(false));
        const auto redPixels = [&game] {
            int count = 0;
            const QImage screen = game.screen().convertToFormat(QImage::Format_RGB32);
            for (int y = 0; y < screen.height(); ++y)
                for (int x = 0; x < screen.width(); ++x)
                    count += screen.pixel(x, y) == qRgb(255, 0, 0);
            return count;
        };
        game.frame(1.0 / 60);
        const int redBefore = redPixels();
        QFuture<std::shared_ptr<Game::StagedReload>> staging =
            QtConcurrent::run(&Game::stageReload, next, QStringList{u"sprites/hero.png"_s, u"nothing.png"_s},
                              game.rawEntries());
        // The game goes on drawing the old hero meanwhile.
        game.frame(1.0 / 60);
        staging.waitForFinished();
        QCOMPARE(redPixels(), redBefore); // staged, not yet applied
        const std::shared_ptr<Game::StagedReload> staged = staging.result();
        QCOMPARE(staged->taken, QStringList{u"sprites/hero.png"_s});
        QCOMPARE(staged->problems.size(), 1); // nothing.png is not in the cartridge
        const Game::ReloadOutcome outcome = game.applyReload(std::move(*staged));
        QCOMPARE(outcome.replaced, QStringList{u"sprites/hero.png"_s});
        game.frame(1.0 / 60);
        QVERIFY2(redPixels() >= redBefore + red.width() * red.height() / 2, qPrintable(QString::number(redPixels())));
    }

    void framesKeepTheExactRateAndALateOneDoesNotRush()
    {
        FramePacer pacer(60);
        qint64 now = 5'000'000'000; // any monotonic origin
        qint64 waited = 0;
        for (int frame = 0; frame < 600; ++frame) {
            const int ms = pacer.msUntilNext(now);
            QVERIFY(ms == 16 || ms == 17);
            waited += ms;
            now += qint64(ms) * 1'000'000; // the timer fires on time
        }
        QVERIFY2(qAbs(waited - 10'000) <= 1, qPrintable(QString::number(waited))); // 600 frames in 10 s, not 9.6
        // A stall of 250 ms: the next frame comes one period later, not at once five times over.
        now += 250'000'000;
        const int afterStall = pacer.msUntilNext(now);
        QVERIFY(afterStall >= 16 && afterStall <= 17);
        now += qint64(afterStall) * 1'000'000;
        QVERIFY(pacer.msUntilNext(now) >= 16);
    }

    void theMixerAddsVoicesAndClips()
    {
        AudioMixer mixer(100, 1);
        auto loud = std::make_shared<PcmSound>();
        loud->sampleRate = 100, loud->channels = 1, loud->samples = {30000, 30000, 30000};
        mixer.play(loud);
        mixer.play(loud);
        qint16 out[4] = {};
        mixer.mix(out, 4);
        QCOMPARE(out[0], qint16(32767)); // clipped, not wrapped
        QCOMPARE(out[3], qint16(0));     // both ended
        QCOMPARE(mixer.voices(), 0);
        auto music = std::make_shared<PcmSound>(*loud);
        music->samples = {1, 2};
        mixer.playMusic(music);
        mixer.mix(out, 4);
        QCOMPARE((QList<qint16>{out[0], out[1], out[2], out[3]}), (QList<qint16>{1, 2, 1, 2})); // loops
    }
};

QTEST_MAIN(TestGameRuntime)
#include "tst_gameruntime.moc"
