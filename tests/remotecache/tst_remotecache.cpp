// The team cache against a real server (issue #15): nginx with WebDAV,
// started here on a free loopback port. Two "machines" are two copies of
// the demo project with their own local caches.

#include "nginxserver.h"
#include "testsupport.h"

#include <packer/eventbuffer.h>
#include <packer/eventpayloads.h>
#include <packer/localcachestore.h>
#include <packer/packer.h>
#include <remotecache/remotecachestore.h>

#include <QDirIterator>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace Qt::StringLiterals;
using namespace Prometeu;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every asset shared, however small (the demo's are all under the
// default min_size).
RemoteCacheConfig configFor(const QString &url)
{
    RemoteCacheSources sources;
    sources.commandLineUrl = url;
    RemoteCacheConfig config = *sources.resolve();
    config.minSize = 0;
    return config;
}

struct Build {
    BuildReport report;
    QList<PackerEvent> events;
    qint64 elapsedMs = 0;

    int hitsFrom(CacheOutcome::Source source) const
    {
        return int(std::count_if(events.cbegin(), events.cend(), [&](const PackerEvent &event) {
            return event.kind == EventKind::CacheHit && CacheOutcome::fromJson(event.payload).source == source;
        }));
    }
    QStringList warningCodes() const
    {
        QStringList codes;
        if (report.remote) {
            for (const Diagnostic &warning : report.remote->warnings)
                codes.append(warning.code);
        }
        return codes;
    }
    BuildStats finished() const
    {
        for (const PackerEvent &event : events) {
            if (event.kind == EventKind::BuildFinished)
                return BuildStats::fromJson(event.payload);
        }
        return {};
    }
};

// One machine: its own project copy and local cache.
class Machine
{
public:
    explicit Machine(const QString &folder) : m_folder(folder)
    {
        m_ok = QDir().mkpath(folder) && TestSupport::copyFixture(u"examples/demo"_s, folder);
    }
    bool ok() const { return m_ok; }
    QString cartridge() const { return m_folder + u"/build/demo.pcart"_s; }
    QString folder() const { return m_folder; }

    // Builds with the team cache (or without, when config is empty);
    // `whileBuilding` runs once the build has started.
    Build build(const std::optional<RemoteCacheConfig> &config,
                const std::function<void(EventBuffer &)> &whileBuilding = {})
    {
        Build result;
        const auto loaded = ProjectLoader::load(m_folder);
        if (!loaded.ok())
            return result;
        EventBuffer events;
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        Packer packer(*loaded.project, &events, &pool);
        auto local = std::make_shared<LocalCacheStore>(loaded.project->statePath(u"cache"_s));
        if (config)
            packer.setCacheStore(std::make_shared<RemoteCacheStore>(local, *config));
        else
            packer.setCacheStore(local);
        QElapsedTimer clock;
        clock.start();
        QFuture<BuildReport> future = packer.build();
        if (whileBuilding)
            whileBuilding(events);
        future.waitForFinished();
        result.elapsedMs = clock.elapsed();
        if (future.resultCount() > 0)
            result.report = future.result();
        result.events = events.takeAll();
        return result;
    }

private:
    QString m_folder;
    bool m_ok = false;
};

} // namespace

class TestRemoteCache : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_assets = 0;
    QByteArray m_reference; // the demo's cartridge built with no team cache

    // A machine that built cold against `server` and uploaded everything.
    bool seed(NginxServer &server, const QString &name)
    {
        Machine a(m_dir.filePath(name));
        const Build built = a.build(configFor(server.url()));
        // The store let go when the build returned: its uploads landed by then.
        return a.ok() && built.report.failed == 0 && built.report.remote
            && built.report.remote->uploaded + built.report.remote->uploadsUnfinished == m_assets
            && server.files(u"ac"_s).size() == m_assets;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (NginxServer::executable().isEmpty())
            QFAIL("nginx is not installed: run tools/dev.sh (it installs Debian's nginx package)");
        QVERIFY(m_dir.isValid());
        Machine reference(m_dir.filePath(u"reference"_s));
        QVERIFY(reference.ok());
        const Build built = reference.build(std::nullopt);
        QCOMPARE(built.report.failed, 0);
        QVERIFY(!built.report.remote);
        m_assets = built.report.built;
        QVERIFY(m_assets >= 20);
        m_reference = readAll(reference.cartridge());
        QVERIFY(!m_reference.isEmpty());
    }

    void aTeammateGetsEveryConversionFromTheServer()
    {
        NginxServer server;
        QVERIFY(server.start());
        Machine a(m_dir.filePath(u"share-a"_s));
        const Build cold = a.build(configFor(server.url()));
        QCOMPARE(cold.report.built, m_assets);
        QVERIFY(cold.report.remote);
        QCOMPARE(cold.report.remote->misses, m_assets);
        // build_finished waits a little for uploads (at most a tenth of the
        // build); the rest landed before the store let go.
        QCOMPARE(cold.report.remote->uploaded + cold.report.remote->uploadsUnfinished, m_assets);
        QVERIFY(cold.report.remote->warnings.isEmpty());
        QCOMPARE(server.files(u"ac"_s).size(), m_assets);
        QVERIFY(!server.files(u"cas"_s).isEmpty());

        Machine b(m_dir.filePath(u"share-b"_s));
        const Build warm = b.build(configFor(server.url()));
        QCOMPARE(warm.report.failed, 0);
        QCOMPARE(warm.report.built, 0); // nothing converted on machine B
        QCOMPARE(warm.hitsFrom(CacheOutcome::Source::Remote), m_assets);
        QCOMPARE(warm.report.remote->hits, m_assets);
        QVERIFY(warm.report.remote->bytesDown > 0);
        QCOMPARE(warm.report.remote->uploaded, 0);
        QVERIFY(warm.report.remote->warnings.isEmpty());
        QCOMPARE(readAll(b.cartridge()), m_reference);
        // build_finished says so too, as does the operation's summary
        const BuildStats stats = warm.finished();
        QVERIFY(stats.remote);
        QCOMPARE(stats.remote->hits, m_assets);
        QVERIFY(stats.remote->summary().contains(u"%1 hit(s)"_s.arg(m_assets)));

        // What came down was stored locally: the next build is all local.
        QFile::remove(b.cartridge());
        const Build again = b.build(configFor(server.url()));
        QCOMPARE(again.hitsFrom(CacheOutcome::Source::Local), m_assets);
        QCOMPARE(again.report.remote->hits, 0);
        QCOMPARE(readAll(b.cartridge()), m_reference);
    }

    // A converter's warning travels with its object: the teammate who gets
    // the conversion from the server hears it too, about the same file.
    void aTeammateHearsTheConvertersWarnings()
    {
        NginxServer server;
        QVERIFY(server.start());
        Machine a(m_dir.filePath(u"warn-a"_s));
        Machine b(m_dir.filePath(u"warn-b"_s));
        const QByteArray whole = readAll(a.folder() + u"/assets/sounds/jump.wav"_s);
        QVERIFY(!whole.isEmpty());
        for (const Machine *machine : {&a, &b}) {
            QFile cut(machine->folder() + u"/assets/sounds/cut.wav"_s);
            QVERIFY(cut.open(QIODevice::WriteOnly) && cut.write(whole.left(whole.size() / 2)) > 0);
        }
        const auto warned = [](const Build &build) {
            QStringList assets;
            for (const Diagnostic &diagnostic : build.report.diagnostics) {
                if (diagnostic.code == u"audio.truncated"_s && diagnostic.severity == Severity::Warning)
                    assets.append(diagnostic.asset);
            }
            return assets;
        };
        const Build cold = a.build(configFor(server.url()));
        QCOMPARE(cold.report.failed, 0);
        QCOMPARE(warned(cold), QStringList{u"sounds/cut.wav"_s});
        bool recorded = false; // the AC record carries it
        for (const QString &record : server.files(u"ac"_s))
            recorded = recorded || readAll(server.storePath() + u"/ac/"_s + record).contains("audio.truncated");
        QVERIFY(recorded);

        const Build warm = b.build(configFor(server.url()));
        QCOMPARE(warm.report.failed, 0);
        QCOMPARE(warm.report.built, 0);
        QCOMPARE(warm.hitsFrom(CacheOutcome::Source::Remote), m_assets + 1);
        QCOMPARE(warned(warm), QStringList{u"sounds/cut.wav"_s});
    }

    void aDownServerMeansOneWarningAndAConvertedBuild()
    {
        NginxServer server;
        QVERIFY(server.start());
        const QString url = server.url();
        server.stop(); // nothing listens there now
        Machine c(m_dir.filePath(u"down"_s));
        const Build built = c.build(configFor(url));
        QCOMPARE(built.report.failed, 0);
        QCOMPARE(built.report.built, m_assets);
        QCOMPARE(readAll(c.cartridge()), m_reference);
        const QStringList codes = built.warningCodes();
        QCOMPARE(codes.count(u"remote_cache.unreachable"_s), 1);
        QVERIFY(codes.contains(u"remote_cache.skipped"_s)); // not asked once per asset
        QVERIFY(built.report.remote->skipped);
        // Only what was already in flight when it was given up on failed.
        QVERIFY(built.report.remote->errors <= 2 * RemoteCacheConfig().maxInFlight);
        // the warnings are the report's diagnostics too (what `prometeu build` prints)
        QVERIFY(std::any_of(built.report.diagnostics.cbegin(), built.report.diagnostics.cend(),
                            [](const Diagnostic &d) { return d.code == u"remote_cache.unreachable"_s; }));
    }

    void aServerStoppedMidBuildLeavesAGoodCartridge()
    {
        NginxServer slow(u"limit_rate 2k;"_s); // slow enough to stop in the middle
        QVERIFY(slow.start());
        QVERIFY(seed(slow, u"mid-seed"_s));
        Machine d(m_dir.filePath(u"mid"_s));
        const Build built = d.build(configFor(slow.url()), [&](EventBuffer &events) {
            QVERIFY(events.waitFor([](const PackerEvent &event) {
                return event.kind == EventKind::CacheHit
                    && CacheOutcome::fromJson(event.payload).source == CacheOutcome::Source::Remote;
            }, 60'000));
            slow.stop();
        });
        QCOMPARE(built.report.failed, 0);
        const int remote = built.hitsFrom(CacheOutcome::Source::Remote);
        QVERIFY(remote >= 1);
        QVERIFY2(remote < m_assets, "the server was stopped after the last download");
        QCOMPARE(built.report.built, m_assets - remote);
        QCOMPARE(readAll(d.cartridge()), m_reference);
        const QStringList codes = built.warningCodes();
        QVERIFY2(!codes.isEmpty(), qPrintable(codes.join(u", "_s)));
        for (const QString &code : codes)
            QCOMPARE(codes.count(code), 1); // one warning per kind, not one per asset
    }

    void aDamagedObjectOnTheServerIsNeverShipped()
    {
        NginxServer server;
        QVERIFY(server.start());
        QVERIFY(seed(server, u"damage-seed"_s));
        // One object with a byte changed, one cut short, on the server's disk.
        QStringList objects = server.files(u"cas"_s);
        objects.sort();
        QVERIFY(objects.size() >= 2);
        {
            QFile flipped(server.storePath() + u"/cas/"_s + objects.at(0));
            QVERIFY(flipped.open(QIODevice::ReadWrite));
            QByteArray bytes = flipped.readAll();
            QVERIFY(!bytes.isEmpty());
            bytes[bytes.size() / 2] = char(bytes.at(bytes.size() / 2) ^ 0x5a);
            flipped.seek(0);
            flipped.write(bytes);
        }
        {
            QFile cut(server.storePath() + u"/cas/"_s + objects.at(1));
            QVERIFY(cut.open(QIODevice::ReadWrite));
            QVERIFY(cut.resize(cut.size() / 2));
        }
        Machine e(m_dir.filePath(u"damage"_s));
        const Build built = e.build(configFor(server.url()));
        QCOMPARE(built.report.failed, 0);
        QVERIFY(built.report.built >= 2); // those two (and any asset sharing their bytes) converted here
        QCOMPARE(built.hitsFrom(CacheOutcome::Source::Remote), m_assets - built.report.built);
        QCOMPARE(readAll(e.cartridge()), m_reference);
        QCOMPARE(built.warningCodes(), QStringList{u"remote_cache.bad_object"_s});
        QVERIFY(!built.report.remote->skipped); // a bad object is not a dead server
    }

    void aRefusedTokenIsOneWarning()
    {
        NginxServer guarded(uR"(if ($http_authorization != "Bearer good-token") { return 401; })"_s);
        QVERIFY(guarded.start());
        RemoteCacheSources sources;
        sources.commandLineUrl = guarded.url();
        sources.token = "wrong-token";
        sources.project.present = true;
        sources.project.minSize = 0; // every asset shared
        Machine f(m_dir.filePath(u"token"_s));
        const Build refused = f.build(*sources.resolve());
        QCOMPARE(refused.report.failed, 0);
        QCOMPARE(refused.report.built, m_assets);
        QCOMPARE(readAll(f.cartridge()), m_reference);
        QCOMPARE(refused.warningCodes().count(u"remote_cache.unauthorized"_s), 1);
        QVERIFY(refused.report.remote->warnings.first().message.contains(u"PROMETEU_REMOTE_CACHE_TOKEN"_s));
        QVERIFY(guarded.files(u"ac"_s).isEmpty());

        // The right token is sent as a bearer token: uploads land.
        sources.token = "good-token";
        Machine g(m_dir.filePath(u"token-good"_s));
        const Build accepted = g.build(*sources.resolve());
        QVERIFY(accepted.report.remote->warnings.isEmpty());
        QCOMPARE(accepted.report.remote->uploaded + accepted.report.remote->uploadsUnfinished, m_assets);
        QCOMPARE(guarded.files(u"ac"_s).size(), m_assets);
    }

    void aReadOnlyServerRefusesUploadsOnce()
    {
        NginxServer readOnly(u"limit_except GET HEAD { deny all; }"_s);
        QVERIFY(readOnly.start());
        Machine h(m_dir.filePath(u"readonly"_s));
        const auto loaded = ProjectLoader::load(h.folder());
        QVERIFY(loaded.ok());
        EventBuffer events;
        QThreadPool pool;
        Packer packer(*loaded.project, &events, &pool);
        packer.setCacheStore(std::make_shared<RemoteCacheStore>(
            std::make_shared<LocalCacheStore>(loaded.project->statePath(u"cache"_s)), configFor(readOnly.url())));
        QFuture<BuildReport> first = packer.build();
        first.waitForFinished();
        const BuildReport firstReport = first.result();
        QCOMPARE(firstReport.failed, 0);
        QCOMPARE(readAll(h.cartridge()), m_reference);
        QCOMPARE(firstReport.remote->uploaded, 0);
        QCOMPARE(firstReport.remote->misses, m_assets); // reading still worked
        // The refusal is the build's warning when the server answered the
        // first upload within the build's last second (a busy machine may
        // answer later: then the next build of this store reports it, and
        // under ThreadSanitizer both may, when the first build's last
        // uploads are refused while the second runs). Once a build at
        // most, never once per asset.
        QFile::remove(h.cartridge());
        QFuture<BuildReport> second = packer.build();
        second.waitForFinished();
        const BuildReport secondReport = second.result();
        int refusals = 0;
        for (const BuildReport *report : {&firstReport, &secondReport}) {
            QStringList codes;
            for (const Diagnostic &warning : report->remote->warnings)
                codes << warning.code;
            QVERIFY2(codes.isEmpty() || codes == QStringList{u"remote_cache.upload_refused"_s},
                     qPrintable(codes.join(u", "_s)));
            refusals += int(codes.size());
        }
        QVERIFY(refusals >= 1);
        QVERIFY(readOnly.files(u"ac"_s).isEmpty());
    }

    void aSlowServerTimesOutAndIsGivenUp()
    {
        NginxServer slow;
        QVERIFY(slow.start());
        QVERIFY(seed(slow, u"slow-seed"_s));
        QVERIFY(slow.restart(u"limit_rate 1;"_s)); // a byte a second
        RemoteCacheConfig config = configFor(slow.url());
        config.timeoutMs = 500;
        Machine s(m_dir.filePath(u"slow"_s));
        const Build built = s.build(config);
        QCOMPARE(built.report.failed, 0);
        QCOMPARE(built.report.built, m_assets);
        QCOMPARE(readAll(s.cartridge()), m_reference);
        const QStringList codes = built.warningCodes();
        QCOMPARE(codes.count(u"remote_cache.timeout"_s), 1);
        QVERIFY(codes.contains(u"remote_cache.skipped"_s));
        // A few timeouts, six at a time, then no more: far from one per asset.
        QVERIFY2(built.elapsedMs < 10'000, qPrintable(QString::number(built.elapsedMs)));
    }

    void aFailingServerIsOneWarning()
    {
        NginxServer failing(u"return 503;"_s);
        QVERIFY(failing.start());
        Machine t(m_dir.filePath(u"failing"_s));
        const Build built = t.build(configFor(failing.url()));
        QCOMPARE(built.report.failed, 0);
        QCOMPARE(readAll(t.cartridge()), m_reference);
        const QStringList codes = built.warningCodes();
        QCOMPARE(codes.count(u"remote_cache.server_error"_s), 1);
        QVERIFY(codes.contains(u"remote_cache.skipped"_s));
        QVERIFY(built.report.remote->warnings.first().message.contains(u"HTTP 503"_s));
    }

    // A server that answers more than was asked for (a file swapped on its
    // disk, an address that is not a cache) is cut off at the announced
    // length, never held: 8 GiB behind one object, 1 GiB behind one record
    // (sparse files, so the test's disk holds neither).
    void anAnswerLongerThanAskedIsCutOffNotHeld()
    {
        NginxServer server;
        QVERIFY(server.start());
        QVERIFY(seed(server, u"long-seed"_s));
        QStringList objects = server.files(u"cas"_s);
        QStringList records = server.files(u"ac"_s);
        objects.sort();
        records.sort();
        QVERIFY(!objects.isEmpty() && !records.isEmpty());
        {
            QFile object(server.storePath() + u"/cas/"_s + objects.first());
            QVERIFY(object.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QVERIFY(object.resize(qint64(8) << 30));
            QFile record(server.storePath() + u"/ac/"_s + records.first());
            QVERIFY(record.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QVERIFY(record.resize(qint64(1) << 30));
        }
        RemoteCacheConfig config = configFor(server.url());
        config.timeoutMs = 3000; // were the body read, it would time out, not end as too long
        Machine l(m_dir.filePath(u"long"_s));
        const Build built = l.build(config);
        QCOMPARE(built.report.failed, 0);
        QVERIFY(built.report.built >= 1);
        QCOMPARE(readAll(l.cartridge()), m_reference);
        QCOMPARE(built.warningCodes(), QStringList{u"remote_cache.bad_object"_s});
        const QString message = built.report.remote->warnings.first().message;
        QVERIFY2(message.contains(u"too long"_s), qPrintable(message));
        QVERIFY(!built.report.remote->skipped); // a bad answer is not a dead server
        QVERIFY(built.report.remote->bytesDown < (qint64(64) << 20));
    }

    // A record naming an object no cartridge can hold (over 4 GiB) is not
    // ours: its object, here 8 GiB on the server, is never asked for.
    void aRecordNamingAnImpossibleObjectIsRefused()
    {
        NginxServer server;
        QVERIFY(server.start());
        QVERIFY(seed(server, u"huge-seed"_s));
        QStringList records = server.files(u"ac"_s);
        records.sort();
        QVERIFY(!records.isEmpty());
        QFile recordFile(server.storePath() + u"/ac/"_s + records.first());
        QVERIFY(recordFile.open(QIODevice::ReadWrite));
        QJsonObject record = QJsonDocument::fromJson(recordFile.readAll()).object();
        const QString cas = record.value(u"cas"_s).toString();
        QCOMPARE(cas.size(), 64);
        record.insert(u"size"_s, qint64(100) << 30);
        record.insert(u"original_size"_s, qint64(100) << 30);
        record.insert(u"compression"_s, u"none"_s);
        QVERIFY(recordFile.resize(0));
        QVERIFY(recordFile.write(QJsonDocument(record).toJson(QJsonDocument::Compact)) > 0);
        recordFile.close();
        QFile object(server.storePath() + u"/cas/"_s + cas);
        QVERIFY(object.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(object.resize(qint64(8) << 30));
        object.close();
        RemoteCacheConfig config = configFor(server.url());
        config.timeoutMs = 3000;
        Machine h(m_dir.filePath(u"huge"_s));
        const Build built = h.build(config);
        QCOMPARE(built.report.failed, 0);
        QCOMPARE(readAll(h.cartridge()), m_reference);
        QCOMPARE(built.warningCodes(), QStringList{u"remote_cache.bad_object"_s});
        const QString message = built.report.remote->warnings.first().message;
        QVERIFY2(message.contains(u"not ours"_s), qPrintable(message));
        QVERIFY(built.report.remote->bytesDown < (qint64(64) << 20));
    }

    // A redirect to another origin would take the token with it: it is not
    // followed (the build converts, says why once, and stops asking).
    void aRedirectElsewhereIsNotFollowed()
    {
        NginxServer elsewhere(u"return 302 http://127.0.0.2:9/cache$uri;"_s);
        QVERIFY(elsewhere.start());
        Machine r(m_dir.filePath(u"redirected"_s));
        const Build built = r.build(configFor(elsewhere.url()));
        QCOMPARE(built.report.failed, 0);
        QCOMPARE(readAll(r.cartridge()), m_reference);
        const QStringList codes = built.warningCodes();
        QCOMPARE(codes.count(u"remote_cache.server_error"_s), 1);
        QVERIFY(!codes.contains(u"remote_cache.unreachable"_s)); // 127.0.0.2:9 was never asked
        QVERIFY(codes.contains(u"remote_cache.skipped"_s));
        const QString message = built.report.remote->warnings.first().message;
        QVERIFY2(message.contains(u"127.0.0.2:9"_s) && message.contains(u"not followed"_s), qPrintable(message));
    }

    void uploadsAreBoundedInMemory()
    {
        NginxServer server;
        QVERIFY(server.start());
        RemoteCacheConfig config = configFor(server.url());
        config.uploadMemoryLimit = 1; // nothing fits
        Machine u(m_dir.filePath(u"bounded"_s));
        const Build built = u.build(config);
        QCOMPARE(built.report.failed, 0);
        QCOMPARE(built.report.remote->uploadsDropped, m_assets);
        QCOMPARE(built.warningCodes(), QStringList{u"remote_cache.uploads_dropped"_s});
        QVERIFY(server.files(u"ac"_s).isEmpty());
    }

    // With room for one object at a time, every object still comes down:
    // one a worker waits for is fetched past the bound, and taking one
    // lets the next parked one go.
    void fetchingAheadIsBoundedInMemory()
    {
        NginxServer server;
        QVERIFY(server.start());
        QVERIFY(seed(server, u"ahead-a"_s));
        RemoteCacheConfig config = configFor(server.url());
        config.downloadMemoryLimit = 1;
        Machine b(m_dir.filePath(u"ahead-b"_s));
        const Build warm = b.build(config);
        QCOMPARE(warm.report.failed, 0);
        QCOMPARE(warm.report.built, 0);
        QCOMPARE(warm.report.remote->hits, m_assets);
        QVERIFY(warm.report.remote->warnings.isEmpty());
        QCOMPARE(readAll(b.cartridge()), m_reference);
    }

    // Under min_size an asset is converted on each machine: machine A does
    // not upload it, machine B does not ask for it. The others are shared.
    void smallAssetsAreConvertedHereAndNotShared()
    {
        NginxServer server;
        QVERIFY(server.start());
        RemoteCacheConfig config = configFor(server.url());
        config.minSize = 10 * 1024; // the demo's sounds and music are larger; the rest smaller
        int large = 0;
        QDirIterator it(QStringLiteral(PROMETEU_SOURCE_DIR "/examples/demo/assets"), QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            large += it.nextFileInfo().size() >= config.minSize ? 1 : 0;
        QVERIFY(large > 0 && large < m_assets);

        Machine a(m_dir.filePath(u"small-a"_s));
        const Build cold = a.build(config);
        QCOMPARE(cold.report.failed, 0);
        QCOMPARE(cold.report.remote->keptLocal, m_assets - large);
        QCOMPARE(cold.report.remote->misses, large);
        QCOMPARE(cold.report.remote->uploaded + cold.report.remote->uploadsUnfinished, large);

        Machine b(m_dir.filePath(u"small-b"_s));
        const Build warm = b.build(config);
        QCOMPARE(warm.report.failed, 0);
        QCOMPARE(warm.report.remote->hits, large);
        QCOMPARE(warm.report.remote->keptLocal, m_assets - large);
        QCOMPARE(warm.report.built, m_assets - large);
        QCOMPARE(server.files(u"ac"_s).size(), large);
        QVERIFY(warm.report.remote->summary().contains(u"%1 small asset(s) converted here"_s.arg(m_assets - large)));
        QCOMPARE(readAll(b.cartridge()), m_reference);
    }

    void configurationFollowsTheStrongestSource()
    {
        RemoteCacheSources sources;
        sources.project.present = true;
        sources.project.url = u"http://project-cache:8080/team"_s;
        sources.project.write = false;
        sources.project.minSize = 4096;
        auto config = sources.resolve();
        QVERIFY(config);
        QCOMPARE(config->url.toString(), u"http://project-cache:8080/team/"_s);
        QVERIFY(config->read && !config->write);
        QCOMPARE(config->origin, u"prometeu.json"_s);
        QCOMPARE(config->minSize, 4096);

        sources.user = QJsonObject{{u"url"_s, u"http://alice:s3cret@user-cache/"_s}, {u"write"_s, true}, {u"min_size"_s, 0}};
        sources.userOrigin = u"/home/alice/.config/prometeu/settings.json"_s;
        config = sources.resolve();
        QCOMPARE(config->displayUrl(), u"http://user-cache/"_s); // credentials never in the URL kept
        QCOMPARE(config->authorization, "Basic " + QByteArray("alice:s3cret").toBase64());
        QVERIFY(config->write);
        QCOMPARE(config->minSize, 0);
        QCOMPARE(config->origin, sources.userOrigin);

        sources.token = "t0k3n"; // the environment's token wins over the URL's password
        QCOMPARE(sources.resolve()->authorization, QByteArray("Bearer t0k3n"));

        sources.commandLineUrl = u"https://cli-cache/"_s;
        QCOMPARE(sources.resolve()->url.toString(), u"https://cli-cache/"_s);

        sources.disabledOnCommandLine = true;
        QVERIFY(!sources.resolve());

        RemoteCacheSources userOff;
        userOff.project = sources.project;
        userOff.user = QJsonObject{{u"url"_s, u""_s}}; // this user opts out
        QVERIFY(!userOff.resolve());

        RemoteCacheSources bad;
        bad.commandLineUrl = u"ftp://cache/"_s;
        QString problem;
        QVERIFY(!bad.resolve(&problem));
        QVERIFY(problem.contains(u"http://"_s));
        // Said as written (QUrl cannot parse these), never with its password.
        for (const auto &[given, shown] : {std::pair{u"ht!tp://bob:secret@cache/"_s, u"\"ht!tp://cache/\""_s},
                                           std::pair{u"bob:secret@cache"_s, u"\"cache\""_s}}) {
            bad.commandLineUrl = given;
            QVERIFY(!bad.resolve(&problem));
            QVERIFY2(problem.contains(shown) && !problem.contains(u"secret"_s), qPrintable(problem));
        }
    }

    void userSettingsAreSavedAtomicallyAndKeepOtherKeys()
    {
        const QString path = m_dir.filePath(u"config/prometeu/settings.json"_s);
        UserSettings settings(path);
        QVERIFY(settings.save(u"theme"_s, u"dark"_s));
        QVERIFY(settings.save(u"remote_cache"_s, QJsonObject{{u"url"_s, u"http://cache/"_s}}));
        const auto loaded = settings.load();
        QVERIFY(loaded);
        QCOMPARE(loaded->value(u"theme"_s).toString(), u"dark"_s);
        QCOMPARE(loaded->value(u"remote_cache"_s).toObject().value(u"url"_s).toString(), u"http://cache/"_s);
        // A file we cannot understand is never overwritten.
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{ half-edited");
        file.close();
        QString error;
        QVERIFY(!settings.save(u"theme"_s, u"light"_s, &error));
        QVERIFY(error.contains(u"settings.json"_s));
        QCOMPARE(readAll(path), QByteArray("{ half-edited"));
    }

    // The CLI converts in worker processes, which leave a large result in
    // their output file: it is streamed into the local cache and goes up
    // from that copy. The teammate gets it like any other.
    void aLargeResultGoesUpFromTheLocalCopy()
    {
#if defined(__SANITIZE_THREAD__)
        QSKIP("the prometeu CLI is not checked under ThreadSanitizer (see theCliShowsTheTeamCache)");
#endif
        NginxServer server;
        QVERIFY(server.start());
        Machine a(m_dir.filePath(u"large-a"_s));
        Machine b(m_dir.filePath(u"large-b"_s));
        QVERIFY(a.ok() && b.ok());
        // Noise does not compress: 256 KiB converted, more than a worker's
        // shared window holds.
        QImage noise(256, 256, QImage::Format_RGBA8888);
        quint32 seed = 7;
        for (int y = 0; y < noise.height(); ++y) {
            auto *row = reinterpret_cast<quint32 *>(noise.scanLine(y));
            for (int x = 0; x < noise.width(); ++x) {
                seed = seed * 1664525u + 1013904223u;
                row[x] = seed | 0xff000000u;
            }
        }
        for (const Machine *machine : {&a, &b})
            QVERIFY(noise.save(machine->folder() + u"/assets/sprites/noise.png"_s));
        QJsonObject manifest = QJsonDocument::fromJson(readAll(a.folder() + u"/prometeu.json"_s)).object();
        manifest.insert(u"remote_cache"_s, QJsonObject{{u"min_size"_s, 0}});
        QVERIFY(TestSupport::writeFile(a.folder() + u"/prometeu.json"_s, QJsonDocument(manifest).toJson()));
        QProcess cli;
        cli.start(QStringLiteral(PROMETEU_BIN_DIR "/prometeu"), {u"build"_s, a.folder(), u"--remote-cache"_s, server.url()});
        QVERIFY(cli.waitForFinished(60'000));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(server.files(u"ac"_s).size(), m_assets + 1);

        const Build warm = b.build(configFor(server.url()));
        QCOMPARE(warm.report.failed, 0);
        QCOMPARE(warm.report.built, 0);
        QCOMPARE(warm.hitsFrom(CacheOutcome::Source::Remote), m_assets + 1);
        QCOMPARE(readAll(b.cartridge()), readAll(a.cartridge()));
    }

    void theCliShowsTheTeamCache()
    {
#if defined(__SANITIZE_THREAD__)
        // The CLI built with ThreadSanitizer reports the build's file walk:
        // its parallel map is joined inside Debian's uninstrumented
        // QtConcurrent, which ThreadSanitizer cannot see (a false race).
        QSKIP("the prometeu CLI is not checked under ThreadSanitizer");
#endif
        NginxServer server;
        QVERIFY(server.start());
        QVERIFY(seed(server, u"cli-seed"_s));
        Machine v(m_dir.filePath(u"cli"_s));
        // Every asset shared, from the project's manifest (the demo's are
        // all small); the address from the command line.
        QJsonObject manifest = QJsonDocument::fromJson(readAll(v.folder() + u"/prometeu.json"_s)).object();
        manifest.insert(u"remote_cache"_s, QJsonObject{{u"min_size"_s, 0}});
        QFile manifestFile(v.folder() + u"/prometeu.json"_s);
        QVERIFY(manifestFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
        manifestFile.write(QJsonDocument(manifest).toJson());
        manifestFile.close();
        QProcess cli;
        cli.start(QStringLiteral(PROMETEU_BIN_DIR "/prometeu"), {u"build"_s, v.folder(), u"--remote-cache"_s, server.url()});
        QVERIFY(cli.waitForFinished(60'000));
        QCOMPARE(cli.exitCode(), 0);
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(out.contains(u"team cache %1: %2 hits"_s.arg(server.url()).arg(m_assets)), qPrintable(out));
        QCOMPARE(readAll(v.cartridge()), m_reference);

        // --no-remote-cache: only the local cache (all hits now).
        QFile::remove(v.cartridge());
        cli.start(QStringLiteral(PROMETEU_BIN_DIR "/prometeu"), {u"build"_s, v.folder(), u"--no-remote-cache"_s});
        QVERIFY(cli.waitForFinished(60'000));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(!QString::fromUtf8(cli.readAllStandardOutput()).contains(u"team cache"_s));
    }
};

QTEST_GUILESS_MAIN(TestRemoteCache)
#include "tst_remotecache.moc"
