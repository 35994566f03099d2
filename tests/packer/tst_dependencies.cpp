#include "testsupport.h"

#include <packer/assetdependencies.h>
#include <packer/assetgraph.h>
#include <packer/assetoptions.h>
#include <packer/buildstate.h>
#include <packer/eventbuffer.h>
#include <packer/eventpayloads.h>
#include <packer/packer.h>

#include <QDirIterator>
#include <QImage>

using namespace Prometeu;
using namespace Qt::StringLiterals;

// What assets use (docs/dependencies.md), what a change to one rebuilds,
// and why each asset was looked at again (provenance).
class TestDependencies : public QObject
{
    Q_OBJECT

private:
    // Per asset that a build loaded or converted: its outcome.
    using Outcomes = QMap<QString, CacheOutcome>;
    struct Run {
        std::optional<BuildReport> report;
        Outcomes converted; // cache_miss
        Outcomes loaded;    // cache_hit
    };

    static Run buildWith(const QString &root, const BuildRequest &request = {})
    {
        auto finished = TestSupport::runToEnd(TestSupport::loadProject(root),
                                              [&](Packer &p) { return p.build(request); }, 2);
        Run run{finished.result, {}, {}};
        for (const PackerEvent &event : finished.events) {
            if (event.kind == EventKind::CacheMiss)
                run.converted.insert(event.affectedAssets.value(0), CacheOutcome::fromJson(event.payload));
            else if (event.kind == EventKind::CacheHit)
                run.loaded.insert(event.affectedAssets.value(0), CacheOutcome::fromJson(event.payload));
        }
        return run;
    }

    static DoctorReport doctor(const QString &root)
    {
        const Project project = TestSupport::loadProject(root);
        auto scan = TestSupport::runToEnd(project, [](Packer &p) { return p.scan(); });
        if (!scan.result)
            return {};
        auto checked = TestSupport::runToEnd(project, [&](Packer &p) { return p.doctor(*scan.result); });
        return checked.result.value_or(DoctorReport());
    }

    static bool writePng(const QString &path, QRgb colour)
    {
        QImage image(8, 8, QImage::Format_RGBA8888);
        image.fill(colour);
        return QDir().mkpath(QFileInfo(path).absolutePath()) && image.save(path);
    }

    static QStringList keys(const Outcomes &outcomes) { return outcomes.keys(); }

    QString asset(const QString &path) const { return m_root + u"/assets/"_s + path; }

    QTemporaryDir m_dir;
    QString m_root;

private Q_SLOTS:
    void init()
    {
        m_root = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()));
        QVERIFY(TestSupport::makeProject(m_root));
        // A map whose tile set (an external .tsx) uses an image; another
        // image and a map that use nothing.
        QVERIFY(TestSupport::writeFile(asset(u"maps/level.tmx"_s), R"(<?xml version="1.0"?>
<map version="1.10" orientation="orthogonal" width="2" height="1" tilewidth="8" tileheight="8">
 <tileset firstgid="1" source="../tiles/terrain.tsx"/>
 <layer id="1" name="ground" width="2" height="1"><data encoding="csv">1,1</data></layer>
</map>
)"));
        QVERIFY(TestSupport::writeFile(asset(u"tiles/terrain.tsx"_s), R"(<?xml version="1.0"?>
<tileset name="terrain" tilewidth="8" tileheight="8" tilecount="1" columns="1">
 <image source="terrain.png" width="8" height="8"/>
</tileset>
)"));
        QVERIFY(writePng(asset(u"tiles/terrain.png"_s), qRgb(0, 128, 0)));
        QVERIFY(writePng(asset(u"sprites/other.png"_s), qRgb(128, 0, 0)));
        QVERIFY(TestSupport::writeFile(asset(u"maps/empty.tmx"_s), R"(<?xml version="1.0"?>
<map version="1.10" orientation="orthogonal" width="1" height="1" tilewidth="8" tileheight="8"/>
)"));
    }

    void referencesAreReadAsTheRuntimeReadsThem()
    {
        const QList<AssetReference> map = AssetDependencies::referencesIn(
            u"maps/a.tmx"_s, AssetKind::TileMap,
            "<map>\n <tileset source=\"../tiles/t.tsx\"/>\n <tileset><image source=\"../img/x.png\"/></tileset>\n"
            " <objectgroup><object template=\"door.tx\"/></objectgroup>\n <image source=\"../../outside.png\"/>\n</map>");
        QCOMPARE(map.size(), 4);
        QCOMPARE(map.at(0).path, u"tiles/t.tsx"_s);
        QCOMPARE(map.at(0).line, 2);
        QCOMPARE(map.at(1).path, u"img/x.png"_s);
        QCOMPARE(map.at(2).path, u"maps/door.tx"_s);
        QVERIFY(map.at(3).path.isEmpty()); // leaves the assets folder
        QCOMPARE(map.at(3).written, u"../../outside.png"_s);

        const QList<AssetReference> data = AssetDependencies::referencesIn(
            u"data/d.json"_s, AssetKind::Data, "{\n  \"sprite\": \"sprites/a.png\",\n  \"list\": [\"b.ogg\", \"not a path.png\", 3]\n}");
        QCOMPARE(data.size(), 2);
        QStringList paths{data.at(0).path, data.at(1).path};
        paths.sort();
        QCOMPARE(paths, (QStringList{u"b.ogg"_s, u"sprites/a.png"_s}));
        for (const AssetReference &reference : data) {
            QVERIFY(reference.required);
            QCOMPARE(reference.line, reference.path == u"b.ogg"_s ? 3 : 2);
        }

        const QByteArray lua = "local a = require(\"scripts/a\")\n"
                               "local b = require 'scripts.b'\n"
                               "-- require(\"scripts/commented\")\n"
                               "--[[ require(\"scripts/long\") ]]\n"
                               "local s = \"require('scripts/inside')\"\n"
                               "x.require(\"scripts/member\")\n"
                               "play_sound(\"sounds/hit.wav\")\n"
                               "local c = require(\"scripts/a.lua\")\n";
        const QList<AssetReference> script = AssetDependencies::referencesIn(u"scripts/main.lua"_s, AssetKind::Script, lua);
        QCOMPARE(script.size(), 3);
        QCOMPARE(script.at(0).path, u"scripts/a.lua"_s);
        QVERIFY(script.at(0).required);
        QCOMPARE(script.at(0).line, 1);
        QCOMPARE(script.at(1).path, u"scripts/b.lua"_s);
        QCOMPARE(script.at(1).line, 2);
        QCOMPARE(script.at(2).path, u"sounds/hit.wav"_s);
        QVERIFY(!script.at(2).required); // a name in a string may be anything
        QCOMPARE(script.at(2).line, 7);

        // Garbage never throws or hangs.
        for (const QByteArray &junk : {QByteArray("\xff\xfe<map"), QByteArray("require(\""), QByteArray("--[==["),
                                       QByteArray("{\"a\": \"b.png"), QByteArray()}) {
            for (AssetKind kind : {AssetKind::TileMap, AssetKind::Data, AssetKind::Script})
                AssetDependencies::referencesIn(u"x.lua"_s, kind, junk);
        }
    }

    void theGraphKnowsUsersCyclesAndTheUnused()
    {
        const AssetGraph graph(
            {u"a.json"_s, u"b.json"_s, u"c.png"_s, u"d.png"_s, u"scripts/main.lua"_s},
            {{u"a.json"_s, {{u"b.json"_s, {}, 1, 1, true}, {u"c.png"_s, {}, 2, 1, true}, {u"gone.png"_s, {}, 3, 1, true}}},
             {u"b.json"_s, {{u"a.json"_s, {}, 1, 1, true}}},
             {u"scripts/main.lua"_s, {{u"a.json"_s, {}, 1, 1, false}}}});
        QCOMPARE(graph.uses(u"a.json"_s), (QStringList{u"b.json"_s, u"c.png"_s}));
        QCOMPARE(graph.usedBy(u"a.json"_s), (QStringList{u"b.json"_s, u"scripts/main.lua"_s}));
        QCOMPARE(graph.missing(u"a.json"_s).size(), 1);
        QCOMPARE(graph.cycles(), (QList<QStringList>{{u"a.json"_s, u"b.json"_s}}));
        QCOMPARE(graph.unused(), (QStringList{u"d.png"_s})); // main.lua is where the game starts
        // A script's mention is not what a rebuild follows.
        QCOMPARE(graph.dependents(u"c.png"_s), (QStringList{u"a.json"_s, u"b.json"_s}));
        QVERIFY(graph.toDot().contains("\"a.json\" -> \"c.png\""));
    }

    void aChangedImageRebuildsExactlyTheMapsThatUseIt()
    {
        const Run first = buildWith(m_root);
        QVERIFY(first.report);
        QCOMPARE(first.report->failed, 0);
        for (const CacheOutcome &outcome : first.converted)
            QCOMPARE(outcome.reason, BuildReason::New);

        for (const bool told : {false, true}) {
            QVERIFY(writePng(asset(u"tiles/terrain.png"_s), qRgb(0, told ? 200 : 100, 0)));
            BuildRequest request;
            if (told) // as the watcher says it: only the image changed
                request.changes = AssetChanges{{u"tiles/terrain.png"_s}, {}};
            const Run run = buildWith(m_root, request);
            QVERIFY(run.report);
            QCOMPARE(keys(run.converted),
                     (QStringList{u"maps/level.tmx"_s, u"tiles/terrain.png"_s, u"tiles/terrain.tsx"_s}));
            QVERIFY(run.loaded.isEmpty());
            QCOMPARE(run.converted.value(u"tiles/terrain.png"_s).reason, BuildReason::SourceChanged);
            for (const QString &user : {u"maps/level.tmx"_s, u"tiles/terrain.tsx"_s}) {
                QCOMPARE(run.converted.value(user).reason, BuildReason::DependencyChanged);
                QCOMPARE(run.converted.value(user).reasonDetail, u"tiles/terrain.png"_s);
            }
        }

        // An image nobody uses: the maps are not looked at.
        QVERIFY(writePng(asset(u"sprites/other.png"_s), qRgb(1, 2, 3)));
        const Run unrelated = buildWith(m_root);
        QCOMPARE(keys(unrelated.converted), QStringList{u"sprites/other.png"_s});
        QVERIFY(unrelated.loaded.isEmpty());

        // Undoing the change finds the earlier conversions in the cache.
        QVERIFY(writePng(asset(u"tiles/terrain.png"_s), qRgb(0, 100, 0)));
        const Run back = buildWith(m_root);
        QVERIFY(back.converted.isEmpty());
        QCOMPARE(keys(back.loaded), (QStringList{u"maps/level.tmx"_s, u"tiles/terrain.png"_s, u"tiles/terrain.tsx"_s}));
    }

    void aDependencyThatAppearsOrGoesRebuildsItsUser()
    {
        QVERIFY(buildWith(m_root).report);
        QVERIFY(QFile::remove(asset(u"tiles/terrain.png"_s)));
        const Run gone = buildWith(m_root);
        QCOMPARE(keys(gone.converted), (QStringList{u"maps/level.tmx"_s, u"tiles/terrain.tsx"_s}));
        QCOMPARE(gone.converted.value(u"maps/level.tmx"_s).reasonDetail, u"tiles/terrain.png"_s);
        QVERIFY(writePng(asset(u"tiles/terrain.png"_s), qRgb(0, 128, 0)));
        const Run back = buildWith(m_root);
        QVERIFY(back.report);
        QCOMPARE(back.report->failed, 0);
        // The same image as before: everything comes back from the cache.
        QVERIFY(back.converted.isEmpty());
        QCOMPARE(keys(back.loaded), (QStringList{u"maps/level.tmx"_s, u"tiles/terrain.png"_s, u"tiles/terrain.tsx"_s}));
        QCOMPARE(back.loaded.value(u"tiles/terrain.png"_s).reason, BuildReason::New);
    }

    void theDoctorNamesMissingDependenciesAndCyclesByLine()
    {
        QVERIFY(TestSupport::writeFile(asset(u"data/a.json"_s), "{\n  \"next\": \"data/b.json\"\n}\n"));
        QVERIFY(TestSupport::writeFile(asset(u"data/b.json"_s), "{\n\n  \"back\": \"data/a.json\"\n}\n"));
        QVERIFY(TestSupport::writeFile(asset(u"maps/broken.tmx"_s),
                                       "<?xml version=\"1.0\"?>\n<map width=\"1\" height=\"1\">\n"
                                       " <tileset firstgid=\"1\" source=\"nope.tsx\"/>\n</map>\n"));
        QVERIFY(TestSupport::writeFile(asset(u"scripts/main.lua"_s),
                                       "local m = require(\"scripts/gone\")\nplay_sound(\"sounds/none.wav\")\n"));
        const DoctorReport report = doctor(m_root);
        const auto find = [&](const QString &file, const QString &code) {
            for (const Diagnostic &d : report.diagnostics) {
                if (d.asset == file && d.code == code)
                    return d;
            }
            return Diagnostic{};
        };
        const Diagnostic tileset = find(u"maps/broken.tmx"_s, u"deps.missing"_s);
        QCOMPARE(tileset.severity, Severity::Error);
        QCOMPARE(tileset.line, 3);
        QVERIFY2(tileset.message.contains(u"maps/nope.tsx"_s), qPrintable(tileset.message));
        const Diagnostic module = find(u"scripts/main.lua"_s, u"deps.missing"_s);
        QCOMPARE(module.severity, Severity::Error);
        QCOMPARE(module.line, 1);
        int scriptWarnings = 0;
        for (const Diagnostic &d : report.diagnostics)
            scriptWarnings += d.asset == u"scripts/main.lua"_s && d.severity == Severity::Warning;
        QCOMPARE(scriptWarnings, 1); // the sound name: maybe not an asset

        const Diagnostic a = find(u"data/a.json"_s, u"deps.cycle"_s);
        const Diagnostic b = find(u"data/b.json"_s, u"deps.cycle"_s);
        QCOMPARE(a.line, 2);
        QCOMPARE(b.line, 3);
        QVERIFY(a.message.contains(u"data/b.json"_s));
        QCOMPARE(report.graph.cycles(), (QList<QStringList>{{u"data/a.json"_s, u"data/b.json"_s}}));
        QCOMPARE(report.graph.usedBy(u"tiles/terrain.tsx"_s), QStringList{u"maps/level.tmx"_s});
        QVERIFY(report.graph.isUnused(u"sprites/other.png"_s));

        // A cycle still builds, and a change to one rebuilds both.
        QVERIFY(buildWith(m_root).report);
        QVERIFY(TestSupport::writeFile(asset(u"data/b.json"_s), "{\"back\": \"data/a.json\", \"v\": 2}"));
        const Run run = buildWith(m_root);
        QCOMPARE(keys(run.converted), (QStringList{u"data/a.json"_s, u"data/b.json"_s}));
        QCOMPARE(run.converted.value(u"data/a.json"_s).reason, BuildReason::DependencyChanged);
    }

    void eachReasonIsGivenWhenItsCauseHappens()
    {
        QVERIFY(buildWith(m_root).report);
        const QString other = u"sprites/other.png"_s;

        // Its content changed.
        QVERIFY(writePng(asset(other), qRgb(9, 9, 9)));
        QCOMPARE(buildWith(m_root).converted.value(other).reason, BuildReason::SourceChanged);

        // Its options changed.
        QString error;
        std::optional<AssetOptionsFile> options = AssetOptionsFile::load(m_root, &error);
        QVERIFY2(options, qPrintable(error));
        AssetOptions indexed;
        indexed.pixelFormat = u"indexed8"_s;
        options->setOptions(other, indexed);
        QVERIFY(options->save(m_root, &error));
        QCOMPARE(buildWith(m_root).converted.value(other).reason, BuildReason::OptionsChanged);

        // Built by an older version of its converter (as a Prometeu update
        // leaves the record): the record says version 0 and another key.
        {
            const QString statePath = m_root + u"/.prometeu/"_s + QLatin1StringView(BuildState::fileName);
            BuildState state = BuildState::load(statePath);
            QVERIFY(state.assets.contains(other));
            state.assets[other].converterVersion = 0;
            state.assets[other].key = u"made-by-an-older-converter"_s;
            state.keyContext = "older";
            QVERIFY(state.save(statePath, &error));
        }
        {
            // (The converter did not really change here, so its conversion
            // is still in the cache: loaded, and said why.)
            const Run run = buildWith(m_root);
            QCOMPARE(run.loaded.value(other).reason, BuildReason::ConverterChanged);
        }

        // Forced: converted although the cache holds it.
        BuildRequest force;
        force.force = {other};
        const Run forced = buildWith(m_root, force);
        QCOMPARE(keys(forced.converted), QStringList{other});
        QCOMPARE(forced.converted.value(other).reason, BuildReason::Forced);

        // The cartridge is gone: loaded from the cache, and said why.
        QVERIFY(QFile::remove(m_root + u"/build/t.pcart"_s));
        const Run reload = buildWith(m_root);
        QVERIFY(reload.converted.isEmpty());
        QCOMPARE(reload.loaded.value(other).reason, BuildReason::NotInCartridge);

        // ... and the cache too: converted again.
        QVERIFY(QFile::remove(m_root + u"/build/t.pcart"_s));
        QVERIFY(QDir(m_root + u"/.prometeu/cache"_s).removeRecursively());
        QCOMPARE(buildWith(m_root).converted.value(other).reason, BuildReason::CacheEvicted);

        // A damaged cache object.
        QVERIFY(QFile::remove(m_root + u"/build/t.pcart"_s));
        QVERIFY(TestSupport::damageEveryCacheObject(m_root) > 0);
        QCOMPARE(buildWith(m_root).converted.value(other).reason, BuildReason::CacheCorrupt);

        // It failed last time.
        QVERIFY(TestSupport::writeFile(asset(u"data/new.json"_s), "{ broken"));
        const Run broken = buildWith(m_root);
        QCOMPARE(broken.converted.value(u"data/new.json"_s).result, CacheOutcome::Result::Failed);
        QCOMPARE(broken.converted.value(u"data/new.json"_s).reason, BuildReason::New);
        QVERIFY(TestSupport::writeFile(asset(u"data/new.json"_s), "{}"));
        QCOMPARE(buildWith(m_root).converted.value(u"data/new.json"_s).reason, BuildReason::FailedBefore);
    }

    void provenanceCarriesDurationAndSizes()
    {
        const Run run = buildWith(m_root);
        const CacheOutcome image = run.converted.value(u"tiles/terrain.png"_s);
        QCOMPARE(image.inputBytes, QFileInfo(asset(u"tiles/terrain.png"_s)).size());
        QVERIFY(image.storedBytes > 0);
        QVERIFY(image.durationMs > 0);
        // Through JSON and back, as the history and the Studio read it.
        const CacheOutcome again = CacheOutcome::fromJson(image.toJson());
        QCOMPARE(again.reason, image.reason);
        QCOMPARE(again.inputBytes, image.inputBytes);
        QCOMPARE(again.storedBytes, image.storedBytes);
    }
};

QTEST_GUILESS_MAIN(TestDependencies)
#include "tst_dependencies.moc"
