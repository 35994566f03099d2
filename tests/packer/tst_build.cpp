#include "testsupport.h"

#include <QRandomGenerator>

#include <packer/assetconversion.h>
#include <packer/assetoptions.h>
#include <packer/assetconverter.h>
#include <packer/contenthash.h>
#include <packer/buildlock.h>
#include <packer/buildstate.h>
#include <packer/localcachestore.h>
#include <packer/cartridge.h>
#include <packer/eventbuffer.h>
#include <packer/eventpayloads.h>
#include <packer/packer.h>

#include <QBuffer>
#include <QDirIterator>
#include <QImage>
#include <QThreadPool>
#include <QtEndian>

#include <cmath>

#include <csignal>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestBuild : public QObject
{
    Q_OBJECT

private:
    struct Run {
        std::optional<BuildReport> report;
        QList<PackerEvent> events;
        int count(EventKind kind) const
        {
            return int(std::count_if(events.cbegin(), events.cend(), [kind](const PackerEvent &e) { return e.kind == kind; }));
        }
        QStringList assetsOf(EventKind kind) const
        {
            QStringList out;
            for (const PackerEvent &e : events) {
                if (e.kind == kind)
                    out.append(e.affectedAssets.value(0));
            }
            out.sort();
            return out;
        }
    };

    static Run build(const QString &root, int jobs = 2)
    {
        auto finished =
            TestSupport::runToEnd(TestSupport::loadProject(root), [](Packer &p) { return p.build(); }, jobs);
        return Run{finished.result, finished.events};
    }

    static QString cartridgeOf(const QString &root) { return root + u"/build/"_s + TestSupport::loadProject(root).id() + u".pcart"_s; }

    static Run buildWith(const QString &root, const BuildRequest &request, int jobs = 2)
    {
        auto finished = TestSupport::runToEnd(TestSupport::loadProject(root),
                                              [&](Packer &p) { return p.build(request); }, jobs);
        return Run{finished.result, finished.events};
    }

    // A build told only that these files changed, as the watcher would say.
    Run buildNaming(const QStringList &files)
    {
        BuildRequest request;
        request.changes = AssetChanges{QSet<QString>(files.cbegin(), files.cend()), {}};
        return buildWith(m_demo, request);
    }

    // Another file changes and only it is named.
    Run buildAfterOnlySlimeChanged(QRgb colour)
    {
        if (!writePng(m_demo + u"/assets/sprites/slime.png"_s, colour))
            return {};
        return buildNaming({u"sprites/slime.png"_s});
    }

    static QString lookedAt(const Run &run)
    {
        for (const PackerEvent &event : run.events) {
            if (event.kind == EventKind::BuildStarted)
                return event.payload.value(u"looked_at"_s).toString();
        }
        return {};
    }

    // Entry name -> content hash, or nothing if the cartridge does not verify.
    static QMap<QString, QByteArray> contentsOf(const QString &cartridge)
    {
        CartridgeReader reader;
        QMap<QString, QByteArray> contents;
        if (!reader.open(cartridge))
            return contents;
        for (const CartridgeEntry &entry : reader.entries()) {
            if (!reader.read(entry))
                return {};
            contents.insert(entry.name, entry.hash);
        }
        return contents;
    }

    static bool writePng(const QString &path, QRgb colour)
    {
        QImage image(8, 8, QImage::Format_RGBA8888);
        image.fill(colour);
        return image.save(path);
    }

    QTemporaryDir m_dir;
    QString m_demo;

    // The demo's jump sound, as a build hands it to its converter.
    struct DemoSound {
        Project project;
        AssetRecord record;
        QByteArray content;
        AssetContext context() const { return {project, record}; }
    };
    DemoSound demoSound() const
    {
        DemoSound sound{TestSupport::loadProject(m_demo), {}, {}};
        sound.record.path = u"sounds/jump.wav"_s;
        sound.record.kind = AssetKind::Audio;
        sound.content = TestSupport::readFile(m_demo + u"/assets/sounds/jump.wav"_s);
        return sound;
    }

    // A tone with a little noise: zstd shrinks it, not to nothing.
    static QByteArray longTone(int rate, int channels, int seconds)
    {
        QRandomGenerator noise(3);
        return TestSupport::wavFile(rate, channels, qint64(rate) * seconds, [&](qint64 frame, int channel) {
            return qint16(std::lround(12000 * std::sin(2 * M_PI * (440.0 + 110 * channel) * frame / rate))
                          + noise.bounded(-200, 200));
        });
    }

    QByteArray payloadOf(const QString &cartridge, const QString &name)
    {
        CartridgeReader reader;
        if (!reader.open(cartridge))
            return {};
        for (const CartridgeEntry &entry : reader.entries()) {
            if (entry.name == name)
                return reader.read(entry).value_or(QByteArray());
        }
        return {};
    }

private Q_SLOTS:
    void init()
    {
        // Traversable by the unprivileged user some tests switch to.
        ::chmod(QFile::encodeName(m_dir.path()).constData(), 0755);
        m_demo = m_dir.filePath(u"demo-%1"_s.arg(QLatin1StringView(QTest::currentTestFunction())));
        QVERIFY(QDir().mkpath(m_demo));
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, m_demo));
    }

    void aBuildGivenTheChangesEndsWhereAFullBuildWould()
    {
        QVERIFY(build(m_demo).report);
        const QString assets = m_demo + u"/assets/"_s;
        // An in-place edit, a file added to one folder, one removed from another.
        QVERIFY(writePng(assets + u"sprites/hero.png"_s, qRgb(200, 10, 10)));
        QVERIFY(writePng(assets + u"tiles/lava.png"_s, qRgb(250, 120, 0)));
        QVERIFY(QFile::remove(assets + u"data/items.json"_s));
        BuildRequest request;
        request.changes = AssetChanges{{u"sprites/hero.png"_s}, {u"tiles"_s, u"data"_s}};
        const Run hinted = buildWith(m_demo, request);
        QVERIFY(hinted.report);
        QCOMPARE(hinted.report->failed, 0);
        QCOMPARE(lookedAt(hinted), u"changes"_s);
        QCOMPARE(hinted.assetsOf(EventKind::CacheMiss), (QStringList{u"sprites/hero.png"_s, u"tiles/lava.png"_s}));
        const QMap<QString, QByteArray> contents = contentsOf(cartridgeOf(m_demo));
        QVERIFY(contents.contains(u"tiles/lava.png"_s));
        QVERIFY(!contents.contains(u"data/items.json"_s));
        QCOMPARE(qsizetype(hinted.report->cached + hinted.report->built), contents.size());

        // A full look at the tree finds the same: nothing to do.
        const Run full = build(m_demo);
        for (const PackerEvent &e : full.events) qDebug() << int(e.kind) << e.summary;
        QVERIFY(full.report);
        QVERIFY(!full.report->cartridgeWritten);
        QCOMPARE(full.count(EventKind::CacheMiss), 0);
        QCOMPARE(contentsOf(cartridgeOf(m_demo)), contents);
    }

    // A converter's warning stands while its cause does: a build that does
    // not convert the asset again (nothing changed, or the cache had it)
    // says it again, and it goes when the file is fixed.
    void aConverterWarningIsSaidAgainUntilItsCauseIsGone()
    {
        // A sound cut short (a copy that did not finish) is packed with a warning.
        const QString jump = m_demo + u"/assets/sounds/jump.wav"_s;
        const QString cut = m_demo + u"/assets/sounds/cut.wav"_s;
        const QByteArray whole = TestSupport::readFile(jump);
        QVERIFY(!whole.isEmpty());
        QVERIFY(TestSupport::writeFile(cut, whole.left(whole.size() / 2)));
        const auto warned = [](const Run &run) {
            QStringList reported;
            for (const Diagnostic &diagnostic : run.report->diagnostics) {
                if (diagnostic.code == u"audio.truncated"_s)
                    reported.append(diagnostic.asset);
            }
            return reported;
        };
        const Run first = build(m_demo);
        QVERIFY(first.report);
        QCOMPARE(first.assetsOf(EventKind::CacheMiss).count(u"sounds/cut.wav"_s), 1);
        QCOMPARE(warned(first), QStringList{u"sounds/cut.wav"_s});

        const Run again = build(m_demo); // nothing changed: nothing converted
        QVERIFY(again.report);
        QCOMPARE(again.count(EventKind::CacheMiss), 0);
        QCOMPARE(warned(again), warned(first));
        // The Studio hears of them in one event for all unchanged assets.
        QCOMPARE(again.count(EventKind::DiagnosticsUpdated), 1);
        const auto update = std::find_if(again.events.cbegin(), again.events.cend(), [](const PackerEvent &e) {
            return e.kind == EventKind::DiagnosticsUpdated;
        });
        const DiagnosticsUpdate replayed = DiagnosticsUpdate::fromJson(update->payload);
        QVERIFY(replayed.replayed);
        QVERIFY(replayed.asset.isEmpty());
        QVERIFY(update->affectedAssets.contains(u"sounds/cut.wav"_s));
        QStringList said;
        for (const Diagnostic &diagnostic : replayed.diagnostics) {
            if (diagnostic.code == u"audio.truncated"_s)
                said.append(diagnostic.asset);
        }
        QCOMPARE(said, warned(first));

        QVERIFY(QDir(m_demo + u"/build"_s).removeRecursively()); // loaded from the cache
        const Run fromCache = build(m_demo);
        QVERIFY(fromCache.report);
        QVERIFY(fromCache.assetsOf(EventKind::CacheHit).contains(u"sounds/cut.wav"_s));
        QCOMPARE(warned(fromCache), warned(first));

        // The warnings travel with the cache object: a build state lost (here
        // replaced with garbage) and the cartridge gone, the sound loaded from
        // the cache still warns.
        QVERIFY(TestSupport::writeFile(m_demo + u"/.prometeu/"_s + QLatin1StringView(BuildState::fileName), "garbage"));
        QVERIFY(QDir(m_demo + u"/build"_s).removeRecursively());
        const Run stateLost = build(m_demo);
        QVERIFY(stateLost.report);
        QVERIFY(stateLost.assetsOf(EventKind::CacheHit).contains(u"sounds/cut.wav"_s));
        QCOMPARE(warned(stateLost), warned(first));
        // The same bytes under another path (another branch's file, a
        // teammate's): a cache hit no build state knows, warned of by its name.
        const QString copy = m_demo + u"/assets/sounds/copy.wav"_s;
        QVERIFY(QFile::copy(cut, copy));
        const Run copied = build(m_demo);
        QVERIFY(copied.report);
        QVERIFY(copied.assetsOf(EventKind::CacheHit).contains(u"sounds/copy.wav"_s));
        // ... and cut.wav, copied from the cartridge this build replaces, still warns.
        QCOMPARE(warned(copied), (QStringList{u"sounds/copy.wav"_s, u"sounds/cut.wav"_s}));
        for (const Diagnostic &diagnostic : copied.report->diagnostics) {
            if (diagnostic.asset == u"sounds/copy.wav"_s)
                QCOMPARE(diagnostic.file, u"assets/sounds/copy.wav"_s);
        }
        QVERIFY(QFile::remove(copy));

        QVERIFY(TestSupport::writeFile(cut, whole)); // copied again, whole
        const Run fixed = build(m_demo);
        QVERIFY(fixed.report);
        // The same bytes as jump.wav now: that conversion, from the cache.
        QVERIFY(fixed.assetsOf(EventKind::CacheHit).contains(u"sounds/cut.wav"_s));
        QVERIFY(warned(fixed).isEmpty());
        const Run afterFix = build(m_demo);
        QVERIFY(afterFix.report);
        QVERIFY(warned(afterFix).isEmpty());
    }

    void unchangedEntriesAreCopiedFromTheCartridgeTheBuildReplaces()
    {
        const Run first = build(m_demo);
        QVERIFY(first.report);
        const QMap<QString, QByteArray> before = contentsOf(cartridgeOf(m_demo));
        // Without the cache, only the cartridge holds the other conversions.
        QVERIFY(QDir(m_demo + u"/.prometeu/cache"_s).removeRecursively());
        QVERIFY(writePng(m_demo + u"/assets/sprites/hero.png"_s, qRgb(1, 2, 3)));
        for (const bool told : {true, false}) {
            BuildRequest request;
            if (told)
                request.changes = AssetChanges{{u"sprites/hero.png"_s}, {}};
            const Run run = buildWith(m_demo, request);
            QVERIFY(run.report);
            QCOMPARE(run.report->failed, 0);
            QCOMPARE(run.report->built, told ? 1 : 0); // the second build finds it up to date
            const QMap<QString, QByteArray> after = contentsOf(cartridgeOf(m_demo));
            QCOMPARE(after.size(), before.size());
            for (auto it = before.cbegin(); it != before.cend(); ++it) {
                if (it.key() != u"sprites/hero.png"_s)
                    QCOMPARE(after.value(it.key()), it.value());
            }
            QVERIFY(after.value(u"sprites/hero.png"_s) != before.value(u"sprites/hero.png"_s));
        }
    }

    // Entries too large to hold go into the cartridge being written a
    // piece at a time, from the cache (a cold build) or from the cartridge
    // being replaced (a rebuild): the same bytes either way; a cache object
    // damaged meanwhile is caught and converted again.
    void largeEntriesAreWrittenInPieces()
    {
        QVERIFY(TestSupport::writeFile(m_demo + u"/prometeu.json"_s,
                                       TestSupport::readFile(m_demo + u"/prometeu.json"_s)
                                           .replace("\"max_bytes\": 8388608", "\"max_bytes\": 67108864")));
        QByteArray noise(9 << 20, Qt::Uninitialized); // past what a build holds, and does not compress
        QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/a-large.bin"_s, noise));
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/z-large.bin"_s, noise + "z"));
        const Run cold = build(m_demo);
        QVERIFY(cold.report);
        QCOMPARE(payloadOf(cartridgeOf(m_demo), u"data/a-large.bin"_s), noise);
        QCOMPARE(payloadOf(cartridgeOf(m_demo), u"data/z-large.bin"_s), noise + "z");
        const QMap<QString, QByteArray> before = contentsOf(cartridgeOf(m_demo));

        QVERIFY(writePng(m_demo + u"/assets/sprites/hero.png"_s, qRgb(1, 2, 3)));
        const Run rebuilt = build(m_demo);
        QVERIFY(rebuilt.report);
        QCOMPARE(rebuilt.report->built, 1);
        const QMap<QString, QByteArray> after = contentsOf(cartridgeOf(m_demo));
        QCOMPARE(after.value(u"data/a-large.bin"_s), before.value(u"data/a-large.bin"_s));
        QCOMPARE(payloadOf(cartridgeOf(m_demo), u"data/z-large.bin"_s), noise + "z");

        // Every cache object damaged, the cartridge gone: nothing damaged
        // is written; each is converted again.
        QVERIFY(QFile::remove(cartridgeOf(m_demo)));
        QVERIFY(TestSupport::damageEveryCacheObject(m_demo) > 0);
        const Run repaired = build(m_demo);
        QVERIFY(repaired.report);
        QCOMPARE(repaired.report->failed, 0);
        QCOMPARE(payloadOf(cartridgeOf(m_demo), u"data/a-large.bin"_s), noise);
        QCOMPARE(contentsOf(cartridgeOf(m_demo)), after);
    }

    void aDamagedCartridgeIsNotCopiedFrom()
    {
        QVERIFY(build(m_demo).report);
        // One byte flipped in the data, size and time kept: the record still
        // matches the file, the checksum does not.
        const QString cartridge = cartridgeOf(m_demo);
        struct stat info;
        QCOMPARE(::stat(QFile::encodeName(cartridge).constData(), &info), 0);
        {
            QFile file(cartridge);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek(file.size() / 2));
            char byte = 0;
            QVERIFY(file.getChar(&byte));
            QVERIFY(file.seek(file.size() / 2));
            QVERIFY(file.putChar(char(byte ^ 0x5a)));
        }
        const struct timespec times[2] = {info.st_atim, info.st_mtim};
        QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(cartridge).constData(), times, 0), 0);
        QVERIFY(writePng(m_demo + u"/assets/sprites/hero.png"_s, qRgb(9, 9, 9)));
        const Run run = buildNaming({u"sprites/hero.png"_s});
        QVERIFY(run.report);
        QCOMPARE(run.report->failed, 0);
        QCOMPARE(run.report->built, 1); // the rest came from the cache
        QVERIFY(!contentsOf(cartridge).isEmpty());
    }

    // The same when the broken file is new: the record of what succeeded
    // then matches the old cartridge exactly, but a failure still stands,
    // so the build must not trust the record and drop the broken file.
    void aNewBrokenFileIsNotDroppedByTheNextChangesBuild()
    {
        QVERIFY(build(m_demo).report);
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/new.json"_s, "{ broken"));
        QCOMPARE(buildNaming({u"data/new.json"_s}).report->failed, 1);
        const Run next = buildAfterOnlySlimeChanged(qRgb(0, 255, 0));
        QVERIFY(next.report);
        QCOMPARE(next.report->failed, 1);
        QCOMPARE(next.assetsOf(EventKind::CacheMiss).count(u"data/new.json"_s), 1);
        QVERIFY(!next.report->cartridgeWritten);

        // A failure that is not a converter's (a new link to nowhere) too.
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/new.json"_s, "{}"));
        QVERIFY(QFile::link(u"nowhere.png"_s, m_demo + u"/assets/sprites/ghost.png"_s));
        QCOMPARE(buildNaming({u"data/new.json"_s, u"sprites/ghost.png"_s}).report->failed, 1);
        const Run linked = buildAfterOnlySlimeChanged(qRgb(0, 0, 255));
        QVERIFY(linked.report);
        QCOMPARE(linked.report->failed, 1);
        QCOMPARE(linked.assetsOf(EventKind::CacheMiss).count(u"sprites/ghost.png"_s), 1);
    }

    // A broken file deleted again leaves the cartridge up to date, and the
    // record must drop its failure too, or it is never trusted again.
    void aFailureThatWentAwayLeavesTheRecord()
    {
        QVERIFY(build(m_demo).report);
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/new.json"_s, "{ broken"));
        QCOMPARE(build(m_demo).report->failed, 1);
        QVERIFY(QFile::remove(m_demo + u"/assets/data/new.json"_s));
        const Run clean = build(m_demo);
        QCOMPARE(clean.report->failed, 0);
        QVERIFY(!clean.report->cartridgeWritten); // up to date
        QVERIFY(BuildState::load(m_demo + u"/.prometeu/build-state.bin"_s).failures.isEmpty());
        QCOMPARE(lookedAt(buildAfterOnlySlimeChanged(qRgb(0, 255, 0))), u"changes"_s);
    }

    void changesAreNotTrustedAfterABuildThatFailed()
    {
        QVERIFY(build(m_demo).report);
        QFile hero(m_demo + u"/assets/sprites/hero.png"_s);
        QVERIFY(hero.open(QIODevice::WriteOnly | QIODevice::Truncate));
        hero.write("not a png");
        hero.close();
        QCOMPARE(buildNaming({u"sprites/hero.png"_s}).report->failed, 1);
        // Another file changes; only it is named. The broken one is still
        // broken: the record no longer describes the cartridge, so the build
        // looks at everything and says so again.
        const Run next = buildAfterOnlySlimeChanged(qRgb(0, 255, 0));
        QVERIFY(next.report);
        QCOMPARE(lookedAt(next), u"everything"_s);
        QCOMPARE(next.report->failed, 1);
        QCOMPARE(next.assetsOf(EventKind::DiagnosticsUpdated).count(u"sprites/hero.png"_s), 1);
    }

    void aStagedBuildIsRecordedUnderTheCartridgesPath()
    {
        const QString cartridge = cartridgeOf(m_demo);
        BuildRequest request;
        request.cartridgePath = cartridge;
        request.stagingPath = cartridge + u".staging"_s;
        const Run staged = buildWith(m_demo, request);
        QVERIFY(staged.report && staged.report->cartridgeWritten);
        QVERIFY(!QFile::exists(cartridge));
        QVERIFY(QFile::rename(request.stagingPath, cartridge));
        // After the rename, the cartridge is the one the build recorded.
        const Run again = buildWith(m_demo, request);
        QVERIFY(again.report);
        QVERIFY(!again.report->cartridgeWritten);
        QVERIFY(!QFile::exists(request.stagingPath));
        QVERIFY(!build(m_demo).report->cartridgeWritten);
    }

    void coldBuildConvertsEverythingAndTheCartridgeVerifies()
    {
        const Run run = build(m_demo);
        QVERIFY(run.report);
        QCOMPARE(run.report->failed, 0);
        QVERIFY(run.report->built >= 20);
        QCOMPARE(run.report->cached, 0);
        QVERIFY(run.report->cartridgeWritten);
        QCOMPARE(run.count(EventKind::CacheMiss), run.report->built);
        QCOMPARE(run.count(EventKind::CacheHit), 0);
        QCOMPARE(run.count(EventKind::BuildStarted), 1);
        QCOMPARE(run.count(EventKind::BuildFinished), 1);
        QCOMPARE(run.events.last().outcome(), OperationOutcome::Succeeded);

        CartridgeReader reader;
        QVERIFY2(reader.open(cartridgeOf(m_demo)), qPrintable(reader.errorString()));
        QCOMPARE(reader.entries().size(), run.report->built);
        for (const CartridgeEntry &entry : reader.entries())
            QVERIFY2(reader.read(entry).has_value(), qPrintable(reader.errorString()));
    }

    // Events are proportional to the work: a no-op publishes no per-asset
    // event, and build_finished counts the unchanged assets instead.
    void noOpRebuildIsAllUnchangedAndLeavesTheCartridgeAlone()
    {
        const Run first = build(m_demo);
        // The write has its own progress, to the last entry.
        const auto writing = [](const Run &run) {
            std::optional<EventProgress> last;
            for (const PackerEvent &e : run.events) {
                if (e.kind == EventKind::ProgressUpdated && e.payload.value(u"phase"_s).toString() == u"writing"_s)
                    last = e.progress;
            }
            return last;
        };
        QVERIFY(writing(first));
        QCOMPARE(writing(first)->done, writing(first)->total);
        QCOMPARE(writing(first)->total, first.report->built);
        const QFileInfo before(cartridgeOf(m_demo));
        const Run second = build(m_demo);
        QVERIFY(!writing(second)); // nothing written
        QCOMPARE(second.count(EventKind::CacheHit), 0);
        QCOMPARE(second.count(EventKind::CacheMiss), 0);
        QCOMPARE(second.count(EventKind::DiagnosticsUpdated), 0);
        QCOMPARE(second.report->unchanged, first.report->built);
        QCOMPARE(second.report->cached, first.report->built);
        QCOMPARE(second.report->built, 0);
        const BuildStats stats = BuildStats::fromJson(second.events.at(second.events.size() - 2).payload);
        QCOMPARE(second.events.at(second.events.size() - 2).kind, EventKind::BuildFinished);
        QCOMPARE(stats.unchanged, first.report->built);
        QVERIFY(!second.report->cartridgeWritten);
        const QFileInfo after(cartridgeOf(m_demo));
        QCOMPARE(after.lastModified(), before.lastModified());
        QCOMPARE(after.size(), before.size());
    }

    void noOpRebuildDoesNotReadSources()
    {
        QVERIFY(build(m_demo).report);
        // Make every source unreadable but keep its stat: a build that
        // trusts stat must not notice.
        QDirIterator it(m_demo + u"/assets"_s, QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files.append(it.next());
        const bool wasRoot = ::geteuid() == 0;
        for (const QString &file : files)
            QVERIFY(QFile::setPermissions(file, QFileDevice::Permissions()));
        if (wasRoot)
            QVERIFY(::seteuid(65534) == 0);
        // The state folder must stay writable for the unprivileged user.
        const Run run = build(m_demo);
        if (wasRoot)
            QVERIFY(::seteuid(0) == 0);
        for (const QString &file : files)
            QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        QVERIFY(run.report);
        QCOMPARE(run.report->failed, 0);
        QCOMPARE(run.count(EventKind::CacheMiss), 0);
    }

    void changingOneFileGivesExactlyOneMiss()
    {
        const Run first = build(m_demo);
        const QByteArray before = TestSupport::readFile(cartridgeOf(m_demo));
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/items.json"_s, R"({"coin": {"value": 2}})"));
        const Run second = build(m_demo);
        QCOMPARE(second.assetsOf(EventKind::CacheMiss), QStringList{u"data/items.json"_s});
        QCOMPARE(second.count(EventKind::CacheHit), 0); // the rest is copied from the cartridge
        QCOMPARE(second.report->unchanged, first.report->built - 1);
        QVERIFY(second.report->cartridgeWritten);
        QVERIFY(TestSupport::readFile(cartridgeOf(m_demo)) != before);
        QCOMPARE(payloadOf(cartridgeOf(m_demo), u"data/items.json"_s), QByteArray(R"({"coin":{"value":2}})"));
    }

    void touchedButUnchangedFileIsAHit()
    {
        QVERIFY(build(m_demo).report);
        QFile file(m_demo + u"/assets/sprites/hero.png"_s);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(30), QFileDevice::FileModificationTime));
        file.close();
        const Run run = build(m_demo);
        QCOMPARE(run.count(EventKind::CacheMiss), 0);
        // The new mtime was recorded: the next build trusts stat again.
        QCOMPARE(BuildState::load(m_demo + u"/.prometeu/build-state.bin"_s).assets.value(u"sprites/hero.png"_s).modifiedMs,
                 QFileInfo(m_demo + u"/assets/sprites/hero.png"_s).lastModified().toMSecsSinceEpoch());
    }

    // Without the cartridge, nothing is unchanged: every asset comes from
    // the cache, each with its cache_hit.
    void aRemovedCartridgeIsRebuiltFromTheCache()
    {
        const Run first = build(m_demo);
        QVERIFY(QFile::remove(cartridgeOf(m_demo)));
        const Run second = build(m_demo);
        QCOMPARE(second.count(EventKind::CacheHit), first.report->built);
        QCOMPARE(second.count(EventKind::CacheMiss), 0);
        QCOMPARE(second.report->unchanged, 0);
        QCOMPARE(second.report->cached, first.report->built);
        QVERIFY(second.report->cartridgeWritten);
        QCOMPARE(contentsOf(cartridgeOf(m_demo)).size(), first.report->built);
    }

    // A damaged build record (cut short anywhere, or claiming millions of
    // entries) costs a full look at the sources, never the build.
    void aDamagedBuildRecordCostsALookNotTheBuild()
    {
        const Run first = build(m_demo);
        const QString statePath = m_demo + u"/.prometeu/build-state.bin"_s;
        const QByteArray state = TestSupport::readFile(statePath);
        QVERIFY(state.size() > 64);
        QByteArray huge = state.left(8);
        huge.append("\x00\x00\x00\x00\x7f\xff\xff\xff", 8); // 2^31 entries in a small file
        for (const QByteArray &damaged : {state.left(0), state.left(8), state.left(17), state.left(state.size() / 2),
                                          state.left(state.size() - 1), huge}) {
            QVERIFY(TestSupport::writeFile(statePath, damaged));
            const Run again = build(m_demo);
            QVERIFY(again.report);
            QCOMPARE(again.report->failed, 0);
            QCOMPARE(again.report->built + again.report->cached, first.report->built);
            QCOMPARE(again.count(EventKind::CacheMiss), 0); // the cache still has every conversion
        }
    }

    // A disk that fills up mid-write (here a file size limit: the same short
    // write, then EFBIG instead of ENOSPC) fails the build with the cause,
    // keeps the cartridge it was replacing, and a build after the disk has
    // room again writes it. It said "Unknown error": Qt returns a short
    // write without one.
    void aFullDiskFailsTheBuildWithItsCauseAndKeepsTheCartridge()
    {
        QVERIFY(build(m_demo).report->cartridgeWritten);
        const QString cartridge = cartridgeOf(m_demo);
        const QByteArray before = TestSupport::readFile(cartridge);
        QVERIFY(!before.isEmpty());
        QByteArray noise(600 * 1024, Qt::Uninitialized);
        QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/noise.bin"_s, noise));
        const QString options = m_demo + u"/"_s + QLatin1StringView(AssetOptionsFile::fileName);
        const QByteArray optionsBefore = "{\"version\": 1, \"assets\": {}}\n";
        QVERIFY(TestSupport::writeFile(options, optionsBefore));

        struct rlimit saved{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
        const auto previousAction = ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit limited = saved;
        limited.rlim_cur = 256 * 1024;
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
        const Run full = build(m_demo);
        // The asset options are saved whole or not at all.
        AssetOptionsFile many;
        for (int i = 0; i < 4000; ++i) {
            AssetOptions excluded;
            excluded.excluded = true;
            many.setOptions(u"levels/level-%1-with-a-long-name.json"_s.arg(i), excluded);
        }
        QString saveError;
        const bool optionsSaved = many.save(m_demo, &saveError);
        // Small files too, which QSaveFile holds in its buffer until commit():
        // Qt 6.4's commit() ignored that last flush failing and put an empty
        // file in place of the old one.
        limited.rlim_cur = 64;
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
        AssetOptionsFile one;
        AssetOptions excluded;
        excluded.excluded = true;
        one.setOptions(u"levels/old.json"_s, excluded);
        const bool smallSaved = one.save(m_demo, nullptr);
        const QString statePath = m_demo + u"/.prometeu/"_s + QLatin1StringView(BuildState::fileName);
        const QByteArray stateBefore = TestSupport::readFile(statePath);
        const BuildState state = BuildState::load(statePath);
        const bool stateSaved = state.save(statePath, nullptr);
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &saved) == 0);
        QVERIFY(!smallSaved);
        QVERIFY(!stateSaved);
        QVERIFY(stateBefore.size() > 64);
        QCOMPARE(TestSupport::readFile(statePath), stateBefore);
        ::signal(SIGXFSZ, previousAction);

        QVERIFY(!full.report); // failed
        const QString cause = qt_error_string(EFBIG);
        const bool named = std::any_of(full.events.cbegin(), full.events.cend(), [&](const PackerEvent &e) {
            return e.kind == EventKind::BuildFinished && e.summary.contains(cause);
        });
        QVERIFY2(named, qPrintable(full.events.constLast().summary));
        QCOMPARE(TestSupport::readFile(cartridge), before);
        QVERIFY(!optionsSaved);
        QVERIFY2(saveError.contains(cause), qPrintable(saveError));
        QCOMPARE(TestSupport::readFile(options), optionsBefore);

        const Run roomAgain = build(m_demo);
        QVERIFY(roomAgain.report && roomAgain.report->cartridgeWritten);
        QCOMPARE(roomAgain.report->failed, 0);
    }

    // A file stored as it is that is larger than the whole cartridge may be
    // fails the build as the doctor says it (file.too_large), without being
    // read: a 5 GB sparse file of unknown type was read whole (5 GB of
    // memory) and packed. Also when an earlier build under a larger limit
    // knows it (a no-op would keep it).
    void aFileLargerThanTheCartridgeMayBeIsRefusedUnread()
    {
        const QString big = m_demo + u"/assets/data/disk.img"_s;
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(qint64(9) << 20)); // sparse, above the demo's 8 MiB
        file.close();
        const auto refused = [](const Run &run) {
            QStringList codes;
            if (run.report && run.report->failed == 1 && !run.report->cartridgeWritten) {
                for (const Diagnostic &d : run.report->diagnostics) {
                    if (d.asset == u"data/disk.img"_s)
                        codes.append(d.code);
                }
            }
            return codes;
        };
        QCOMPARE(refused(build(m_demo)), QStringList{u"file.too_large"_s});

        const QString manifest = m_demo + u"/prometeu.json"_s;
        const QByteArray limited = TestSupport::readFile(manifest);
        QVERIFY(limited.contains("8388608"));
        QVERIFY(TestSupport::writeFile(manifest, QByteArray(limited).replace("8388608", "16777216")));
        const Run allowed = build(m_demo);
        QVERIFY(allowed.report && allowed.report->cartridgeWritten);
        QVERIFY(TestSupport::writeFile(manifest, limited));
        QCOMPARE(refused(build(m_demo)), QStringList{u"file.too_large"_s});

        // Text is stored as it is too; a sound is converted (and fits here).
        QVERIFY(QFile::rename(big, m_demo + u"/assets/data/log.txt"_s));
        const Run text = build(m_demo);
        QVERIFY(text.report && text.report->failed == 1);
        QCOMPARE(text.report->diagnostics.value(0).code, u"file.too_large"_s);
        QVERIFY(QFile::remove(m_demo + u"/assets/data/log.txt"_s));
        const QByteArray silence = TestSupport::wavFile(44100, 2, 44100 * 60, [](qint64, int) { return qint16(0); });
        QVERIFY(silence.size() > 8 * 1024 * 1024);
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/sounds/long.wav"_s, silence));
        const Run sound = build(m_demo);
        QVERIFY(sound.report && sound.report->cartridgeWritten);
        QCOMPARE(sound.report->failed, 0);
    }

    // An asset a worker converts from its file is hashed in pieces, never
    // held by the build (a 317 MB sound: the command's peak 329 -> 27 MB):
    // the same key as read whole, and the same words when it cannot be read.
    void anAssetHashedInPiecesHasTheKeyOfOneReadWhole()
    {
        const Project project = TestSupport::loadProject(m_demo);
        AssetRecord record;
        record.path = u"sounds/jump.wav"_s;
        record.kind = AssetKind::Audio;
        const AssetContext asset{project, record};
        QList<Diagnostic> said;
        QByteArray whole;
        QVERIFY(readAssetInput(asset, &whole, &said));
        QVERIFY(whole.size() > 4096);
        QCOMPARE(hashAssetInput(asset, &said), ContentHash::ofBytes(whole));
        QVERIFY(said.isEmpty());

        record.path = u"sounds/gone.wav"_s;
        const AssetContext gone{project, record};
        QVERIFY(hashAssetInput(gone, &said).isEmpty());
        QList<Diagnostic> wholeSaid;
        QVERIFY(!readAssetInput(gone, &whole, &wholeSaid));
        QCOMPARE(said, wholeSaid);
        QCOMPARE(said.value(0).code, u"file.unreadable"_s);
    }

    // What a rebuild says again without converting (a converter's warnings,
    // a refusal's diagnostics) comes back from the record whole; a record
    // with a severity no build wrote is damaged, and none of it is trusted.
    void aBuildRecordKeepsWhatItWillSayAgain()
    {
        const Diagnostic warning{Severity::Warning, u"audio.truncated"_s, u"Cut short."_s, u"sounds/cut.wav"_s,
                                 u"assets/sounds/cut.wav"_s, 0, 0};
        const Diagnostic refusal{Severity::Error, u"json.syntax"_s, u"Not JSON."_s, u"levels/é 1.json"_s,
                                 u"assets/levels/é 1.json"_s, 3, 14};
        BuildState state;
        BuildState::Asset cut;
        cut.size = 12;
        cut.key = u"k1"_s;
        cut.warnings = {warning, warning};
        state.assets.insert(u"sounds/cut.wav"_s, cut);
        state.assets.insert(u"sprites/hero.png"_s, BuildState::Asset{});
        state.failures.insert(u"levels/é 1.json"_s, {BuildState::Asset{}, {refusal}});
        const QString path = m_demo + u"/record.bin"_s;
        QVERIFY(state.save(path, nullptr));

        const BuildState loaded = BuildState::load(path);
        QCOMPARE(loaded.assets.size(), 2);
        QCOMPARE(loaded.assets.value(u"sounds/cut.wav"_s).warnings, (QList<Diagnostic>{warning, warning}));
        QVERIFY(loaded.assets.value(u"sprites/hero.png"_s).warnings.isEmpty());
        QCOMPARE(loaded.failures.value(u"levels/é 1.json"_s).diagnostics, QList<Diagnostic>{refusal});

        QByteArray bytes = TestSupport::readFile(path);
        const qsizetype severity = bytes.indexOf(QByteArray("\x01\x00\x00\x00\x1e", 5)); // Warning, then "audio.truncated"
        QVERIFY(severity > 0);
        bytes[severity] = '\x07';
        QVERIFY(TestSupport::writeFile(path, bytes));
        const BuildState damaged = BuildState::load(path);
        QVERIFY(damaged.assets.isEmpty());
        QVERIFY(damaged.failures.isEmpty());
    }

    void corruptCacheEntryIsDetectedAndRebuilt()
    {
        QVERIFY(build(m_demo).report);
        // Damage every cache object (flip one byte each), then force a
        // rewrite by changing one asset.
        const int damaged = TestSupport::damageEveryCacheObject(m_demo);
        QVERIFY(damaged > 0);
        // Without the cartridge, every cached entry has to be loaded.
        QVERIFY(QFile::remove(cartridgeOf(m_demo)));
        const Run run = build(m_demo);
        QVERIFY(run.report);
        QCOMPARE(run.report->failed, 0);
        QCOMPARE(run.count(EventKind::CacheHit), 0); // nothing damaged counts as a hit
        QCOMPARE(run.count(EventKind::CacheMiss), run.report->built);
        int corrupt = 0;
        for (const Diagnostic &d : run.report->diagnostics)
            corrupt += d.code == u"cache.corrupt"_s;
        QCOMPARE(corrupt, damaged);
        CartridgeReader reader;
        QVERIFY(reader.open(cartridgeOf(m_demo)));
        for (const CartridgeEntry &entry : reader.entries())
            QVERIFY(reader.read(entry).has_value());
    }

    void truncatedCacheEntryIsNotTrusted()
    {
        QVERIFY(build(m_demo).report);
        // The last object of a pack, or one with a file of its own, cut to
        // its first 10 bytes (as a full disk or a crash would leave it).
        const LocalCacheStore cache(m_demo + u"/.prometeu/cache"_s);
        std::optional<LocalCacheStore::ObjectLocation> victim;
        for (const LocalCacheStore::ObjectLocation &object : cache.objectLocations()) {
            if (object.offset + object.size == QFileInfo(object.path).size())
                victim = object;
        }
        QVERIFY(victim);
        QVERIFY(QFile(victim->path).resize(victim->offset + 10));
        const QByteArray cartridge = TestSupport::readFile(cartridgeOf(m_demo));

        // Nothing changed: the cartridge already holds every conversion, so
        // the damaged object is neither read nor needed.
        const Run noOp = build(m_demo);
        QCOMPARE(noOp.count(EventKind::CacheMiss), 0);
        QCOMPARE(TestSupport::readFile(cartridgeOf(m_demo)), cartridge);

        // Rewriting the cartridge reads every object: the truncated one is
        // caught, converted again and repaired; the cartridge comes out the same.
        QVERIFY(QFile::remove(cartridgeOf(m_demo)));
        const Run rewrite = build(m_demo);
        QCOMPARE(rewrite.count(EventKind::CacheMiss), 1);
        QVERIFY(rewrite.report->cartridgeWritten);
        QCOMPARE(TestSupport::readFile(cartridgeOf(m_demo)), cartridge);
        QVERIFY(QFileInfo(victim->path).size() > victim->offset + 10);
    }

    // Converters are pure: an input its converter refused fails the same
    // way next time, so a rebuild of a failing project says so again at
    // once instead of loading every other asset for a cartridge it cannot
    // write.
    void aRememberedFailureFailsAtOnceWithTheSameWords()
    {
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/broken.json"_s, "{ nope"));
        const Run first = build(m_demo);
        QVERIFY(first.report);
        QCOMPARE(first.report->failed, 1);
        QVERIFY(first.count(EventKind::CacheMiss) > 1); // everything converted once
        const Run again = build(m_demo);
        QVERIFY(again.report);
        QCOMPARE(again.report->failed, 1);
        QCOMPARE(again.assetsOf(EventKind::CacheMiss), QStringList{u"data/broken.json"_s});
        QCOMPARE(again.count(EventKind::CacheHit), 0); // nothing loaded
        QCOMPARE(again.report->diagnostics.size(), first.report->diagnostics.size());
        QCOMPARE(again.report->diagnostics.first().toCompilerStyle(), first.report->diagnostics.first().toCompilerStyle());
        QVERIFY(!QFile::exists(cartridgeOf(m_demo)));
        // Fixed: the rest comes from the cache and the cartridge is written.
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/broken.json"_s, "{}"));
        const Run fixed = build(m_demo);
        QCOMPARE(fixed.report->failed, 0);
        QCOMPARE(fixed.assetsOf(EventKind::CacheMiss), QStringList{u"data/broken.json"_s});
        QCOMPARE(fixed.count(EventKind::CacheHit), first.count(EventKind::CacheMiss) - 1);
        QVERIFY(fixed.report->cartridgeWritten);
    }

    // SuperTux ships two font links that dangle outside Debian's fonts
    // package: every rebuild of it failed on them, and loaded all 4,000
    // other assets from the cache for a cartridge it would not write.
    void aBrokenLinkFailsTheRebuildWithoutLoadingTheRest()
    {
        QVERIFY(QFile::link(u"../../nowhere/font.ttf"_s, m_demo + u"/assets/data/font.ttf"_s));
        const Run first = build(m_demo);
        QVERIFY(first.report);
        QCOMPARE(first.report->failed, 1);
        const Run again = build(m_demo);
        QVERIFY(again.report);
        QCOMPARE(again.report->failed, 1);
        QCOMPARE(again.count(EventKind::CacheHit), 0); // nothing loaded
        QCOMPARE(again.report->diagnostics.first().code, u"link.dangling"_s);
        QVERIFY(!QFile::exists(cartridgeOf(m_demo)));
        // The link removed: everything else comes from the cache.
        QVERIFY(QFile::remove(m_demo + u"/assets/data/font.ttf"_s));
        const Run fixed = build(m_demo);
        QCOMPARE(fixed.report->failed, 0);
        QCOMPARE(fixed.count(EventKind::CacheMiss), 0);
        QVERIFY(fixed.report->cartridgeWritten);
    }

    // A cold build keeps at most 8 MiB of the sources it hashed for their
    // conversion; the rest are read again then, and a file that changed in
    // between is not converted under the key of its old bytes.
    void sourcesPastTheBudgetAreReadAgainAndChecked()
    {
        QByteArray big(6 * 1024 * 1024, 'a');
        for (int i = 0; i < 3; ++i) {
            big[0] = char('0' + i);
            QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/big%1.raw"_s.arg(i), big));
        }
        // Changes every big file once all are hashed, before any conversion.
        class ChangingSink final : public PackerEventSink
        {
        public:
            explicit ChangingSink(QString folder) : m_folder(std::move(folder)) {}
            void publish(const PackerEvent &event) override
            {
                m_events.publish(event);
                if (event.kind == EventKind::ProgressUpdated && event.progress
                    && event.payload.value(u"phase"_s).toString() == u"hashing"_s
                    && event.progress->done == event.progress->total) {
                    for (int i = 0; i < 3; ++i) {
                        QFile file(m_folder + u"/assets/data/big%1.raw"_s.arg(i));
                        if (file.open(QIODevice::Append))
                            file.write("changed");
                    }
                }
            }
            EventBuffer m_events;

        private:
            QString m_folder;
        };
        ChangingSink sink(m_demo);
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        Packer packer(TestSupport::loadProject(m_demo), &sink, &pool);
        QFuture<BuildReport> future = packer.build();
        future.waitForFinished();
        pool.waitForDone();
        QVERIFY(future.resultCount() > 0);
        const BuildReport changed = future.result();
        // One kept its hashed bytes (6 MiB fits the budget) and converts
        // them; the two read again are found changed.
        QCOMPARE(changed.failed, 2);
        QCOMPARE(std::count_if(changed.diagnostics.cbegin(), changed.diagnostics.cend(),
                               [](const Diagnostic &d) { return d.code == u"file.changed"_s; }),
                 2);
        QVERIFY(!QFile::exists(cartridgeOf(m_demo)));

        const Run again = build(m_demo); // what they hold now
        QVERIFY(again.report);
        QCOMPARE(again.report->failed, 0);
        QVERIFY(again.report->cartridgeWritten);
        CartridgeReader reader;
        QVERIFY2(reader.open(cartridgeOf(m_demo)), qPrintable(reader.errorString()));
        int seen = 0;
        for (const CartridgeEntry &entry : reader.entries()) {
            if (!entry.name.startsWith(u"data/big"_s))
                continue;
            const auto bytes = reader.read(entry);
            QVERIFY(bytes);
            QCOMPARE(bytes->size(), big.size() + qsizetype(sizeof("changed") - 1));
            QVERIFY(bytes->endsWith("changed"));
            ++seen;
        }
        QCOMPARE(seen, 3);
    }

    void failingAssetFailsTheBuildButKeepsTheRest()
    {
        QVERIFY(build(m_demo).report);
        const QByteArray before = TestSupport::readFile(cartridgeOf(m_demo));
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/broken.json"_s, "{ nope"));
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/fresh.json"_s, R"({"fresh": true})"));
        const Run failed = build(m_demo);
        QVERIFY(failed.report);
        QCOMPARE(failed.report->failed, 1);
        QCOMPARE(failed.events.last().outcome(), OperationOutcome::Failed);
        QVERIFY(failed.report->diagnostics.first().code == u"json.syntax"_s);
        QCOMPARE(TestSupport::readFile(cartridgeOf(m_demo)), before); // previous cartridge kept
        // The cartridge written while converting was thrown away, whole.
        QCOMPARE(QDir(m_demo + u"/build"_s).entryList(QDir::Files | QDir::Hidden), QStringList{u"demo.pcart"_s});
        // Fix it: only the fixed file converts; fresh.json was cached last time.
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/broken.json"_s, "{}"));
        const Run fixed = build(m_demo);
        QCOMPARE(fixed.assetsOf(EventKind::CacheMiss), QStringList{u"data/broken.json"_s});
        QCOMPARE(fixed.report->failed, 0);
    }

    // The cartridge is written while its entries convert; over the
    // project's limit, what was written of it goes.
    void aCartridgeOverTheLimitIsNotWritten()
    {
        QVERIFY(build(m_demo).report);
        const QByteArray before = TestSupport::readFile(cartridgeOf(m_demo));
        QByteArray noise(6 << 20, Qt::Uninitialized); // does not compress
        QRandomGenerator(16).fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/a-noise.bin"_s, noise));
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/b-noise.bin"_s, noise + "2"));
        const Run over = build(m_demo);
        QCOMPARE(over.events.last().outcome(), OperationOutcome::Failed);
        QVERIFY2(over.events.last().summary.contains(u"limit"_s), qPrintable(over.events.last().summary));
        QCOMPARE(TestSupport::readFile(cartridgeOf(m_demo)), before);
        QCOMPARE(QDir(m_demo + u"/build"_s).entryList(QDir::Files | QDir::Hidden), QStringList{u"demo.pcart"_s});
        // Back under it, the same build writes it.
        QVERIFY(QFile::remove(m_demo + u"/assets/data/b-noise.bin"_s));
        const Run under = build(m_demo);
        QCOMPARE(under.events.last().outcome(), OperationOutcome::Succeeded);
        QCOMPARE(payloadOf(cartridgeOf(m_demo), u"data/a-noise.bin"_s), noise);
    }

    // A build killed while writing leaves <cartridge>.XXXXXX.partial (or
    // its state's QSaveFile temporary): the next build removes them,
    // whatever ran in between, and nothing else.
    void aCartridgeLeftHalfWrittenIsRemovedByTheNextBuild()
    {
        QVERIFY(build(m_demo).report);
        const QString folder = m_demo + u"/build/"_s;
        QVERIFY(TestSupport::writeFile(folder + u"demo.pcart.Ab3dE9.partial"_s, QByteArray(100, '\0')));
        QVERIFY(TestSupport::writeFile(folder + u"demo.pcart.backup"_s, "mine"));
        QVERIFY(TestSupport::writeFile(folder + u"demo.pcart.Ab3dE9.partial.keep"_s, "mine too"));
        QVERIFY(TestSupport::writeFile(folder + u"other.pcart.Ab3dE9.partial"_s, "another cartridge's"));
        QVERIFY(TestSupport::writeFile(m_demo + u"/.prometeu/build-state.bin.Xy12Zw"_s, "a state half saved"));
        QVERIFY(::chmod(QFile::encodeName(folder + u"demo.pcart"_s).constData(), 0640) == 0);
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/fresh.json"_s, R"({"fresh": true})"));
        const Run next = build(m_demo);
        QVERIFY(next.report && next.report->cartridgeWritten);
        QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden),
                 (QStringList{u"demo.pcart"_s, u"demo.pcart.Ab3dE9.partial.keep"_s, u"demo.pcart.backup"_s,
                              u"other.pcart.Ab3dE9.partial"_s}));
        QVERIFY(!QFileInfo::exists(m_demo + u"/.prometeu/build-state.bin.Xy12Zw"_s));
        // The cartridge it replaced kept its permissions.
        QCOMPARE(QFileInfo(folder + u"demo.pcart"_s).permissions() & 0x7777,
                 QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser | QFile::ReadGroup);
    }

    void cancelMidBuildLeavesThePreviousCartridge()
    {
        QVERIFY(build(m_demo).report);
        const QByteArray before = TestSupport::readFile(cartridgeOf(m_demo));
        for (int i = 0; i < 50; ++i)
            QVERIFY(TestSupport::writeFile(m_demo + u"/assets/data/extra%1.json"_s.arg(i), "[1, 2, 3]"));

        TestSupport::HoldingSink holder(EventKind::CacheMiss);
        QThreadPool pool;
        Packer packer(TestSupport::loadProject(m_demo), &holder, &pool);
        QFuture<BuildReport> future = packer.build();
        QVERIFY(holder.waitUntilHeld());
        future.cancel();
        holder.release();
        pool.waitForDone();
        QCOMPARE(holder.recorded.events().last().outcome(), OperationOutcome::Cancelled);
        QCOMPARE(TestSupport::readFile(cartridgeOf(m_demo)), before);
        const QStringList leftovers = QDir(m_demo + u"/build"_s).entryList(QDir::Files | QDir::Hidden);
        QCOMPARE(leftovers, QStringList{u"demo.pcart"_s});
    }

    // A name the doctor says the cartridge cannot hold is not written into
    // one: that asset fails, in the doctor's words; renamed, it builds.
    void aNameTheCartridgeCannotHoldFailsItsAsset()
    {
        QVERIFY(build(m_demo).report);
        const QString bad = m_demo + u"/assets/sprites/what?.png"_s;
        QVERIFY(QFile::copy(m_demo + u"/assets/sprites/hero.png"_s, bad));
        const Run failed = build(m_demo);
        QVERIFY(failed.report);
        QCOMPARE(failed.report->failed, 1);
        QVERIFY(!failed.report->cartridgeWritten);
        QCOMPARE(failed.report->diagnostics.value(0).code, u"name.invalid"_s);
        QCOMPARE(failed.report->diagnostics.value(0).file, u"assets/sprites/what?.png"_s);
        QVERIFY(QFile::rename(bad, m_demo + u"/assets/sprites/what.png"_s));
        const Run renamed = build(m_demo);
        QVERIFY(renamed.report);
        QCOMPARE(renamed.report->failed, 0);
        QVERIFY(renamed.report->cartridgeWritten);
    }

    void excludedAssetsStayOut()
    {
        QVERIFY(TestSupport::writeFile(m_demo + u"/prometeu.assets.json"_s,
                                       R"({"version": 1, "assets": {"credits.txt": {"exclude": true}}})"));
        const Run run = build(m_demo);
        QCOMPARE(run.report->excluded, 1);
        QVERIFY(payloadOf(cartridgeOf(m_demo), u"credits.txt"_s).isNull());
        QVERIFY(!run.assetsOf(EventKind::CacheMiss).contains(u"credits.txt"_s));
    }

    // A no-op trusts recorded keys only while what they were made from
    // besides the input is the same: an asset's options, the manifest.
    void changedSettingsAreNotTrustedFromTheRecord()
    {
        const Run first = build(m_demo);
        QVERIFY(TestSupport::writeFile(m_demo + u"/prometeu.assets.json"_s,
                                       R"({"version": 1, "assets": {"sprites/hero.png": {"pixel_format": "indexed8"}}})"));
        const Run second = build(m_demo);
        QCOMPARE(second.assetsOf(EventKind::CacheMiss), QStringList{u"sprites/hero.png"_s});
        QCOMPARE(second.report->unchanged, first.report->built - 1);
        QCOMPARE(quint8(payloadOf(cartridgeOf(m_demo), u"sprites/hero.png"_s).at(4)), quint8(1)); // Indexed8

        QByteArray manifest = TestSupport::readFile(m_demo + u"/prometeu.json"_s);
        QVERIFY(manifest.contains("\"max_image_width\": 512"));
        manifest.replace("\"max_image_width\": 512", "\"max_image_width\": 16");
        QVERIFY(TestSupport::writeFile(m_demo + u"/prometeu.json"_s, manifest));
        QStringList images = contentsOf(cartridgeOf(m_demo)).keys().filter(u".png"_s);
        QVERIFY(images.size() > 1);
        const Run third = build(m_demo);
        // Every image's key changed: each one is converted again (and the
        // ones wider than 16 pixels now fail); the rest kept their keys.
        QVERIFY(third.report);
        QStringList missed = third.assetsOf(EventKind::CacheMiss);
        missed.sort();
        images.sort();
        QCOMPARE(missed, images);
        QVERIFY(third.report->failed > 0);
        QCOMPARE(third.report->unchanged, first.report->built - int(images.size()));
    }

    // Qt's own 128 MiB decoding limit is not the project's: a real level
    // map of 2048x32768 (Hedgewars' ClimbHome mask) must convert when the
    // manifest allows its size.
    void aTallImageWithinTheProjectLimitsConverts()
    {
        QByteArray manifest = TestSupport::readFile(m_demo + u"/prometeu.json"_s);
        manifest.replace("\"max_image_width\": 512", "\"max_image_width\": 2048")
            .replace("\"max_image_height\": 512", "\"max_image_height\": 32768")
            .replace("\"max_bytes\": 8388608", "\"max_bytes\": 536870912");
        QVERIFY(TestSupport::writeFile(m_demo + u"/prometeu.json"_s, manifest));
        QImage tall(2048, 32768, QImage::Format_RGBA8888);
        tall.fill(qRgba(10, 20, 30, 255));
        tall.setPixel(5, 30000, qRgba(200, 100, 50, 255));
        QVERIFY(tall.save(m_demo + u"/assets/maps/tall.png"_s));
        const Run run = build(m_demo);
        QVERIFY(run.report);
        QCOMPARE(run.report->failed, 0);
        const QByteArray payload = payloadOf(cartridgeOf(m_demo), u"maps/tall.png"_s);
        QCOMPARE(qFromLittleEndian<quint16>(payload.constData()), quint16(2048));
        QCOMPARE(payload.size(), 8 + 2048 * 32768 * 4);
        const qsizetype pixel = 8 + (qsizetype(30000) * 2048 + 5) * 4;
        QCOMPARE(payload.mid(pixel, 4), QByteArray("\xc8\x64\x32\xff", 4));
    }

    void imagesConvertToRgbaOrIndexed()
    {
        QVERIFY(TestSupport::writeFile(m_demo + u"/prometeu.assets.json"_s,
                                       R"({"version": 1, "assets": {"sprites/hero.png": {"pixel_format": "indexed8"}}})"));
        QVERIFY(build(m_demo).report);
        const QImage source = QImage(m_demo + u"/assets/sprites/hero.png"_s).convertToFormat(QImage::Format_RGBA8888);

        const QByteArray rgba = payloadOf(cartridgeOf(m_demo), u"sprites/coin.png"_s);
        const QImage coin = QImage(m_demo + u"/assets/sprites/coin.png"_s).convertToFormat(QImage::Format_RGBA8888);
        QCOMPARE(qFromLittleEndian<quint16>(rgba.constData()), quint16(coin.width()));
        QCOMPARE(quint8(rgba.at(4)), quint8(0)); // RGBA8888
        QCOMPARE(rgba.size(), 8 + coin.width() * coin.height() * 4);
        QCOMPARE(rgba.mid(8, coin.width() * 4), QByteArray(reinterpret_cast<const char *>(coin.constScanLine(0)), coin.width() * 4));

        const QByteArray indexed = payloadOf(cartridgeOf(m_demo), u"sprites/hero.png"_s);
        QCOMPARE(quint8(indexed.at(4)), quint8(1)); // Indexed8
        const int paletteSize = qFromLittleEndian<quint16>(indexed.constData() + 6);
        QVERIFY(paletteSize > 1 && paletteSize <= 256);
        const char *palette = indexed.constData() + 8;
        const char *pixels = palette + paletteSize * 4;
        // Every pixel maps back to exactly its source colour.
        for (int y = 0; y < source.height(); ++y) {
            const auto *row = reinterpret_cast<const quint32 *>(source.constScanLine(y));
            for (int x = 0; x < source.width(); ++x) {
                const int index = quint8(pixels[y * source.width() + x]);
                quint32 colour;
                std::memcpy(&colour, palette + index * 4, 4);
                QCOMPARE(colour, row[x]);
            }
        }
    }

    void audioIsResampledToTheProjectFormat()
    {
        QVERIFY(build(m_demo).report);
        // Demo: 22050 Hz mono. theme.flac is stereo at 22050: mixed down.
        const QByteArray pcm = payloadOf(cartridgeOf(m_demo), u"music/theme.flac"_s);
        QCOMPARE(qFromLittleEndian<quint32>(pcm.constData()), 22050u);
        QCOMPARE(qFromLittleEndian<quint16>(pcm.constData() + 4), quint16(1));
        QCOMPARE(qFromLittleEndian<quint16>(pcm.constData() + 6), quint16(16));
        const quint32 frames = qFromLittleEndian<quint32>(pcm.constData() + 8);
        QCOMPARE(pcm.size(), 12 + int(frames) * 2);
        QVERIFY(qAbs(int(frames) - 44100) < 50); // 2 seconds

        // Per-asset sample rate: 11025 Hz halves the frame count.
        QVERIFY(TestSupport::writeFile(m_demo + u"/prometeu.assets.json"_s,
                                       R"({"version": 1, "assets": {"music/theme.flac": {"sample_rate": 11025}}})"));
        const Run run = build(m_demo);
        QCOMPARE(run.assetsOf(EventKind::CacheMiss), QStringList{u"music/theme.flac"_s});
        const QByteArray half = payloadOf(cartridgeOf(m_demo), u"music/theme.flac"_s);
        QCOMPARE(qFromLittleEndian<quint32>(half.constData()), 11025u);
        QVERIFY(qAbs(int(qFromLittleEndian<quint32>(half.constData() + 8)) - 22050) < 50);
    }

    // Whatever format the decoder gives (32-bit pixels are decoded straight
    // into the payload, others converted a band of rows at a time), the
    // payload holds exactly what Qt's whole-image conversion to RGBA8888
    // gives. 300x2000 is more than one band.
    void everyDecodedPixelFormatConvertsToTheSameRgba_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("fileFormat");
        QTest::newRow("ARGB32 png") << int(QImage::Format_ARGB32) << QByteArray("png");
        QTest::newRow("RGB32 png") << int(QImage::Format_RGB32) << QByteArray("png");
        QTest::newRow("indexed png") << int(QImage::Format_Indexed8) << QByteArray("png");
        QTest::newRow("1-bit png") << int(QImage::Format_Mono) << QByteArray("png");
        QTest::newRow("grayscale png") << int(QImage::Format_Grayscale8) << QByteArray("png");
        QTest::newRow("16-bit png") << int(QImage::Format_RGBA64) << QByteArray("png");
        QTest::newRow("bmp") << int(QImage::Format_RGB32) << QByteArray("bmp");
    }

    void everyDecodedPixelFormatConvertsToTheSameRgba()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, fileFormat);
        QImage drawn(300, 2000, QImage::Format_ARGB32);
        for (int y = 0; y < drawn.height(); ++y) {
            for (int x = 0; x < drawn.width(); ++x)
                drawn.setPixel(x, y, qRgba(x % 256, y % 256, (x * y) % 256, (x + y) % 256));
        }
        const QImage source = drawn.convertToFormat(QImage::Format(format));
        QByteArray file;
        {
            QBuffer buffer(&file);
            QVERIFY(buffer.open(QIODevice::WriteOnly));
            QVERIFY(source.save(&buffer, fileFormat.constData()));
        }
        const QImage expected = QImage::fromData(file).convertToFormat(QImage::Format_RGBA8888);
        QVERIFY(!expected.isNull());

        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        const Project project = TestSupport::loadProject(dir.path());
        AssetRecord record;
        record.path = u"a."_s + QString::fromLatin1(fileFormat);
        record.kind = AssetKind::Image;
        QJsonObject settings = AssetConverter::settings(record.kind, {}, project.manifest());
        settings.insert(u"max_width"_s, 4096);
        settings.insert(u"max_height"_s, 4096);
        const ConversionResult result = AssetConverter::convert({project, record}, file, settings);
        QVERIFY2(result.ok, qPrintable(result.diagnostics.value(0).message));
        const QByteArray &payload = result.payload;
        QCOMPARE(qFromLittleEndian<quint16>(payload.constData()), quint16(300));
        QCOMPARE(qFromLittleEndian<quint16>(payload.constData() + 2), quint16(2000));
        QCOMPARE(quint8(payload.at(4)), quint8(0)); // RGBA8888
        QCOMPARE(payload.size(), 8 + 300 * 2000 * 4);
        for (int y = 0; y < expected.height(); ++y) {
            const QByteArrayView row(payload.constData() + 8 + qsizetype(y) * 300 * 4, 300 * 4);
            if (row != QByteArrayView(reinterpret_cast<const char *>(expected.constScanLine(y)), 300 * 4))
                QFAIL(qPrintable(u"row %1 differs"_s.arg(y)));
        }
    }

    // A sound is decoded and resampled a piece at a time (16,384 frames):
    // a two-second 1 kHz tone at 44.1 kHz stereo, mixed to mono at 22.05
    // kHz, is still a smooth 1 kHz tone across every piece's seam (a frame
    // dropped or repeated there is a jump no sine of 1 kHz makes).
    void aLongSoundIsResampledWithoutSeams()
    {
        constexpr int rate = 44100;
        constexpr int frames = 2 * rate;
        const QByteArray wav = TestSupport::wavFile(rate, 2, frames, [](qint64 frame, int) {
            return qint16(std::lround(16000 * std::sin(2 * M_PI * 1000.0 * frame / rate)));
        });
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        const Project project = TestSupport::loadProject(dir.path());
        AssetRecord record;
        record.path = u"tone.wav"_s;
        record.kind = AssetKind::Audio;
        const ConversionResult result = AssetConverter::convert(
            {project, record}, wav, QJsonObject{{u"channels"_s, 1}, {u"sample_rate"_s, 22050}});
        QVERIFY(result.ok);
        QVERIFY(result.diagnostics.isEmpty());
        const QByteArray &pcm = result.payload;
        const quint32 out = qFromLittleEndian<quint32>(pcm.constData() + 8);
        QCOMPARE(pcm.size(), 12 + qsizetype(out) * 2);
        QVERIFY2(qAbs(int(out) - frames / 2) <= 2, qPrintable(QString::number(out)));
        // Past the filter's start-up: at most 2 pi f / rate x amplitude from
        // one sample to the next (0.285 x 16000), with room for rounding.
        int crossings = 0;
        qint16 previous = qFromLittleEndian<qint16>(pcm.constData() + 12 + 200 * 2);
        for (quint32 i = 201; i + 200 < out; ++i) {
            const qint16 sample = qFromLittleEndian<qint16>(pcm.constData() + 12 + qsizetype(i) * 2);
            if (qAbs(int(sample) - int(previous)) > 4700)
                QFAIL(qPrintable(u"a jump of %1 at frame %2"_s.arg(int(sample) - int(previous)).arg(i)));
            crossings += (previous < 0) != (sample < 0);
            previous = sample;
        }
        // 1 kHz: two crossings a millisecond over the ~1.98 s measured.
        QVERIFY2(qAbs(crossings - 3963) < 20, qPrintable(QString::number(crossings)));
    }

    void convertersRejectBadInput_data()
    {
        QTest::addColumn<QString>("asset");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("code");
        QTest::newRow("png garbage") << u"a.png"_s << QByteArray("not an image") << u"image.corrupt"_s;
        QTest::newRow("wav garbage") << u"a.wav"_s << QByteArray(500, 'x') << u"audio.undecodable"_s;
        QTest::newRow("json syntax") << u"a.json"_s << QByteArray("[1,,2]") << u"json.syntax"_s;
        QTest::newRow("latin-1 text") << u"a.txt"_s << QByteArray("caf\xe9") << u"text.encoding"_s;
        QTest::newRow("bad tmx") << u"a.tmx"_s << QByteArray("<map><layer></map>") << u"tilemap.malformed"_s;
        QTest::newRow("empty png") << u"a.png"_s << QByteArray() << u"image.corrupt"_s;
        // A header and no samples: the doctor's code and words, not "unsupported".
        QTest::newRow("wav without samples") << u"a.wav"_s
                                            << TestSupport::wavFile(44100, 2, 0, [](qint64, int) { return qint16(0); })
                                            << u"audio.empty"_s;
    }

    void convertersRejectBadInput()
    {
        QFETCH(QString, asset);
        QFETCH(QByteArray, content);
        QFETCH(QString, code);
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        const Project project = TestSupport::loadProject(dir.path());
        AssetRecord record;
        record.path = asset;
        record.kind = classifyAsset(asset);
        const AssetContext context{project, record};
        const ConversionResult result = AssetConverter::convert(
            context, content, AssetConverter::settings(record.kind, {}, project.manifest()));
        QVERIFY(!result.ok);
        QCOMPARE(result.diagnostics.value(0).code, code);
    }

    // Settings a checked prometeu.json cannot give (a worker is handed its
    // settings over a pipe) are refused in words, not mixed out of bounds.
    void aSoundAskedForImpossibleChannelsOrRatesIsRefused()
    {
        const DemoSound sound = demoSound();
        QVERIFY(!sound.content.isEmpty());
        const AssetContext context = sound.context();
        const QByteArray &content = sound.content;
        for (const auto &[channels, rate] : {std::pair{0, 22050}, {3, 22050}, {1, 0}, {2, 10'000'000}}) {
            const ConversionResult result = AssetConverter::convert(
                context, content, QJsonObject{{u"channels"_s, channels}, {u"sample_rate"_s, rate}});
            QVERIFY(!result.ok);
            QCOMPARE(result.diagnostics.value(0).code, u"audio.bad_settings"_s);
        }
        const ConversionResult good = AssetConverter::convert(
            context, content, QJsonObject{{u"channels"_s, 2}, {u"sample_rate"_s, 44100}});
        QVERIFY(good.ok);
    }

    // What a cut-short sound holds is packed, and the build says so (the
    // doctor calls it an error): never a silent loss.
    void aTruncatedSoundIsPackedWithAWarning()
    {
        const DemoSound sound = demoSound();
        QVERIFY(!sound.content.isEmpty());
        const AssetContext context = sound.context();
        const QByteArray &whole = sound.content;
        const QJsonObject settings = AssetConverter::settings(AssetKind::Audio, {}, sound.project.manifest());
        const ConversionResult full = AssetConverter::convert(context, whole, settings);
        QVERIFY(full.ok);
        QVERIFY(full.diagnostics.isEmpty());
        const ConversionResult cut = AssetConverter::convert(context, whole.left(whole.size() / 2), settings);
        QVERIFY(cut.ok);
        QCOMPARE(cut.diagnostics.size(), 1);
        QCOMPARE(cut.diagnostics.first().code, u"audio.truncated"_s);
        QCOMPARE(cut.diagnostics.first().severity, Severity::Warning);
        QVERIFY(cut.payload.size() < full.payload.size());
    }

    // A long sound's samples are handed over as they are decoded (a
    // worker compresses them into its output file as they come), never
    // made whole beside their compressed copy: 66 MB of samples and 59 MB
    // of zstd in one worker on supertux-data. What is stored is what the
    // whole payload would have given, byte for byte.
    void aLongSoundIsConvertedInPiecesNeverWhole()
    {
        const DemoSound sound = demoSound();
        const AssetContext context = sound.context();
        const QByteArray wav = longTone(44100, 2, 30); // 5.3 MB of samples: past streamedAbove
        const QJsonObject settings{{u"channels"_s, 2}, {u"sample_rate"_s, 44100}, {u"compression"_s, u"zstd"_s}};
        const ConversionResult whole = AssetConverter::convert(context, wav, settings);
        QVERIFY(whole.ok);
        QVERIFY(!whole.streamed);
        QCOMPARE(whole.payload.size(), 12 + 44100 * 30 * 4);

        struct Taken {
            qint64 announced = -1;
            QByteArray bytes;
            qsizetype largest = 0;
            int pieces = 0;
            int refuseAfter = -1;
        };
        const auto piecesInto = [](Taken &taken) {
            return PayloadPieces{[&taken](qint64 size) {
                                     taken.announced = size;
                                     return true;
                                 },
                                 [&taken](QByteArrayView piece) {
                                     if (taken.pieces == taken.refuseAfter)
                                         return false;
                                     ++taken.pieces;
                                     taken.largest = qMax(taken.largest, piece.size());
                                     taken.bytes.append(piece);
                                     return true;
                                 }};
        };
        Taken taken;
        const PayloadPieces pieces = piecesInto(taken);
        const ConversionResult streamed = AssetConverter::convert(context, wav, settings, &pieces);
        QVERIFY(streamed.ok);
        QVERIFY(streamed.streamed);
        QVERIFY(streamed.payload.isNull());
        QVERIFY(streamed.diagnostics.isEmpty());
        QCOMPARE(taken.announced, whole.payload.size());
        QVERIFY(taken.bytes == whole.payload);
        QVERIFY2(taken.pieces > 16 && taken.largest <= 256 * 1024, qPrintable(QString::number(taken.largest)));

        // Through convertAsset, as a worker does: the stored bytes go through
        // its writer, and they are the bytes the whole payload gives when
        // compressed in one go (an unknown file's payload is its bytes).
        QByteArray written;
        const StoredWriter writer = [&written](qint64 offset, QByteArrayView bytes) {
            if (offset != written.size())
                return false;
            written.append(bytes);
            return true;
        };
        const StoredConversion viaWorker =
            convertAsset(sound.project, {u"sounds/long.wav"_s, AssetKind::Audio, settings, wav.size(), wav}, writer);
        QVERIFY(viaWorker.ok());
        QVERIFY(viaWorker.blob.stored.isNull());
        QCOMPARE(viaWorker.blob.compression, CartridgeFormat::Compression::Zstd);
        QCOMPARE(viaWorker.blob.originalSize, quint64(whole.payload.size()));
        QCOMPARE(viaWorker.blob.originalHash, ContentHash::digest(whole.payload));
        QCOMPARE(viaWorker.blob.storedSize, quint64(written.size()));
        QVERIFY(written.size() < whole.payload.size());
        const StoredConversion reference = convertAsset(
            sound.project, {u"long.bin"_s, AssetKind::Unknown, settings, whole.payload.size(), whole.payload});
        QVERIFY(reference.ok());
        QCOMPARE(reference.blob.compression, CartridgeFormat::Compression::Zstd);
        QVERIFY(written == reference.blob.stored);
        // In this process (no writer): the same bytes, in memory.
        const StoredConversion inProcess =
            convertAsset(sound.project, {u"sounds/long.wav"_s, AssetKind::Audio, settings, wav.size(), wav});
        QVERIFY(inProcess.ok());
        QVERIFY(inProcess.blob.stored == written);

        // Pieces refused midway (a full disk under the worker's file): the
        // sound is converted again, whole.
        Taken refusing;
        refusing.refuseAfter = 3;
        const PayloadPieces refused = piecesInto(refusing);
        const ConversionResult again = AssetConverter::convert(context, wav, settings, &refused);
        QVERIFY(again.ok);
        QVERIFY(!again.streamed);
        QVERIFY(again.payload == whole.payload);

        // Cut short, its header promising 30 s: what it holds is packed, with
        // the warning, exactly as when converted whole (libsndfile counts a
        // WAV's frames from what the file holds; where a header's count turns
        // out wrong midway, the converter starts over whole).
        const QByteArray cut = wav.left(wav.size() * 2 / 3);
        const ConversionResult cutWhole = AssetConverter::convert(context, cut, settings);
        QCOMPARE(cutWhole.diagnostics.value(0).code, u"audio.truncated"_s);
        Taken cutTaken;
        const PayloadPieces cutPieces = piecesInto(cutTaken);
        const ConversionResult cutStreamed = AssetConverter::convert(context, cut, settings, &cutPieces);
        QVERIFY(cutStreamed.ok);
        QVERIFY((cutStreamed.streamed ? cutTaken.bytes : cutStreamed.payload) == cutWhole.payload);
        QCOMPARE(cutStreamed.diagnostics.value(0).code, u"audio.truncated"_s);
        const StoredConversion cutStored =
            convertAsset(sound.project, {u"sounds/long.wav"_s, AssetKind::Audio, settings, cut.size(), cut});
        QVERIFY(cutStored.ok());
        QCOMPARE(cutStored.blob.originalHash, ContentHash::digest(cutWhole.payload));
        QCOMPARE(cutStored.diagnostics.value(0).code, u"audio.truncated"_s);

        // Resampled: the resampler's last frames are known only at its end,
        // so the payload comes whole.
        Taken resampledTaken;
        const PayloadPieces resampledPieces = piecesInto(resampledTaken);
        const ConversionResult resampled = AssetConverter::convert(
            context, wav, QJsonObject{{u"channels"_s, 1}, {u"sample_rate"_s, 22050}}, &resampledPieces);
        QVERIFY(resampled.ok);
        QVERIFY(!resampled.streamed);
        QCOMPARE(resampledTaken.announced, -1);
    }

    // The same through a whole build (the converter workers, as configured
    // by default): the cartridge plays back the samples, and a rebuild
    // takes them from the cache.
    void aLongSoundIsPackedThroughTheBuild()
    {
        QVERIFY(TestSupport::writeFile(m_demo + u"/prometeu.json"_s,
                                       TestSupport::readFile(m_demo + u"/prometeu.json"_s)
                                           .replace("\"max_bytes\": 8388608", "\"max_bytes\": 67108864")));
        const QByteArray wav = longTone(22050, 1, 120); // the demo's format: 5.3 MB of samples
        QVERIFY(TestSupport::writeFile(m_demo + u"/assets/sounds/long.wav"_s, wav));
        const Project project = TestSupport::loadProject(m_demo);
        AssetRecord record;
        record.path = u"sounds/long.wav"_s;
        record.kind = AssetKind::Audio;
        const ConversionResult whole = AssetConverter::convert(
            {project, record}, wav, AssetConverter::settings(AssetKind::Audio, {}, project.manifest()));
        QVERIFY(whole.ok);
        QVERIFY(whole.payload.size() > streamedAbove);
        const Run cold = build(m_demo);
        QVERIFY(cold.report);
        QCOMPARE(cold.report->failed, 0);
        QVERIFY(payloadOf(cartridgeOf(m_demo), u"sounds/long.wav"_s) == whole.payload);
        QVERIFY(QFile::remove(cartridgeOf(m_demo)));
        const Run warm = build(m_demo);
        QVERIFY(warm.report);
        QCOMPARE(warm.report->built, 0);
        QVERIFY(payloadOf(cartridgeOf(m_demo), u"sounds/long.wav"_s) == whole.payload);
    }

    // Stored as they are, with the doctor's note (one fact, one code, one
    // severity).
    void unknownFilesAreStoredRawWithANote()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        const Project project = TestSupport::loadProject(dir.path());
        AssetRecord record;
        record.path = u"blob.bin"_s;
        const ConversionResult result = AssetConverter::convert({project, record}, "\x00\x01\x02", {});
        QVERIFY(result.ok);
        QCOMPARE(result.payload, QByteArray("\x00\x01\x02"));
        QCOMPARE(result.diagnostics.size(), 1);
        QCOMPARE(result.diagnostics.value(0).severity, Severity::Info);
        QCOMPARE(result.diagnostics.value(0).code, u"asset.unknown_type"_s);
        QVERIFY2(result.diagnostics.value(0).message.contains(u"does not know this file type"_s),
                 qPrintable(result.diagnostics.value(0).message));
    }

    // A build killed between creating its lock file and writing its pid
    // leaves an empty lock: the next build takes it over instead of
    // waiting for an owner that does not exist.
    void anEmptyLockLeftByAKilledBuildIsTakenOver()
    {
        QVERIFY(QDir().mkpath(m_demo + u"/.prometeu"_s));
        const QString lock = m_demo + u"/.prometeu/build.lock"_s;
        QVERIFY(TestSupport::writeFile(lock, QByteArray()));
        QFile file(lock);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-30), QFileDevice::FileModificationTime));
        file.close();
        const Run run = build(m_demo);
        QVERIFY(run.report);
        QCOMPARE(run.report->failed, 0);
        QVERIFY(run.report->cartridgeWritten);
        QVERIFY(!QFile::exists(lock));
    }

    // How many descriptors of this process have `path` open.
    static int openCount(const QString &path)
    {
        int count = 0;
        const QFileInfoList fds = QDir(u"/proc/self/fd"_s).entryInfoList(QDir::Files | QDir::System);
        for (const QFileInfo &fd : fds)
            count += fd.symLinkTarget() == path;
        return count;
    }

    // Two builds of one project never run at once: a build started while
    // another holds the lock waits for it (still cancellable), then runs
    // as usual; the lock of a build that ended well is gone, so the next
    // one sweeps nothing.
    void aBuildWaitsForTheOneHoldingTheLock()
    {
        QVERIFY(QDir().mkpath(m_demo + u"/.prometeu"_s));
        const QString lock = m_demo + u"/.prometeu/build.lock"_s;
        auto other = std::make_unique<BuildLock>();
        QCOMPARE(other->lock(lock, {}), BuildLock::Result::Locked);
        QVERIFY(!other->previousDied());
        EventBuffer sink;
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        Packer packer(TestSupport::loadProject(m_demo), &sink, &pool);
        QFuture<BuildReport> waiting = packer.build();
        // It is waiting on the lock file (this process then holds it open
        // twice), not done: the other build's end lets it go.
        QTRY_COMPARE(openCount(lock), 2);
        QVERIFY(!waiting.isFinished());
        // (Not checked here that the file is gone: the waiting build may
        // already have made its own.)
        other.reset();
        waiting.waitForFinished();
        QCOMPARE(waiting.resultCount(), 1);
        QVERIFY(waiting.result().cartridgeWritten);
        QVERIFY(!QFile::exists(lock));

        // Cancelled while it waits: it ends without building.
        BuildLock holder;
        QCOMPARE(holder.lock(lock, {}), BuildLock::Result::Locked);
        QFuture<BuildReport> cancelled = packer.build();
        QTRY_COMPARE(openCount(lock), 2);
        cancelled.cancel();
        cancelled.waitForFinished();
        QVERIFY(cancelled.isCanceled());
        holder.unlock();
        pool.waitForDone();
    }
};

QTEST_GUILESS_MAIN(TestBuild)
#include "tst_build.moc"
