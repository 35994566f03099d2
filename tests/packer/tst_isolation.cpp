#include "testsupport.h"

#include <packer/assetpriority.h>
#include <packer/converterworkerpool.h>
#include <packer/eventbuffer.h>
#include <packer/eventpayloads.h>
#include <packer/packer.h>
#include <packer/scratchfolder.h>
#include <packer/workerprotocol.h>

#include <QElapsedTimer>
#include <QImage>
#include <QJsonDocument>
#include <QProcess>
#include <QThreadPool>

#include <csignal>

using namespace Prometeu;
using namespace Qt::StringLiterals;

// Converters in worker processes (packer/converterworkerpool.h): what a
// converter does to its worker never reaches the build; and the queue of a
// running build lets what is needed now go first.
class TestIsolation : public QObject
{
    Q_OBJECT

private:
    struct Built {
        std::optional<BuildReport> report;
        QList<PackerEvent> events;
        qsizetype count(EventKind kind) const
        {
            return std::count_if(events.cbegin(), events.cend(), [kind](const PackerEvent &e) { return e.kind == kind; });
        }
    };

    // `first`: assets the build converts before the rest (Packer::prioritize).
    static Built buildWith(const QString &root, const std::shared_ptr<ConversionRunner> &runner, int jobs = 2,
                           const QStringList &first = {})
    {
        auto finished = TestSupport::runToEnd(
            TestSupport::loadProject(root),
            [&](Packer &packer) {
                packer.setConversionRunner(runner);
                if (!first.isEmpty())
                    packer.prioritize(first);
                return packer.build();
            },
            jobs);
        return {finished.result, finished.events};
    }

    // Beside the demo's small files (their bytes go through the shared
    // windows), one whose source and result are both too large for a
    // window (the worker reads the file, and writes its slot's file).
    static bool addLargeSprites(const QString &root)
    {
        QImage noise(256, 256, QImage::Format_RGBA8888);
        quint32 seed = 1;
        for (int y = 0; y < noise.height(); ++y) {
            for (int x = 0; x < noise.width(); ++x) {
                seed = seed * 1664525u + 1013904223u;
                noise.setPixel(x, y, seed | 0xff000000u);
            }
        }
        // And two whose payloads are compressed a piece at a time (over
        // streamedAbove): one that zstd shrinks to less than a window (the
        // worker reads it back from its file into the window), one it
        // cannot shrink (stored as converted, written to the file).
        QImage plain(2048, 1024, QImage::Format_RGBA8888);
        plain.fill(qRgba(30, 60, 90, 255));
        QImage wideNoise(1200, 1024, QImage::Format_RGBA8888);
        for (int y = 0; y < wideNoise.height(); ++y) {
            auto *row = reinterpret_cast<quint32 *>(wideNoise.scanLine(y));
            for (int x = 0; x < wideNoise.width(); ++x) {
                seed = seed * 1664525u + 1013904223u;
                row[x] = seed;
            }
        }
        QByteArray manifest = TestSupport::readFile(root + u"/prometeu.json"_s);
        manifest.replace("\"max_bytes\": 8388608", "\"max_bytes\": 67108864")
            .replace("\"max_image_width\": 512", "\"max_image_width\": 4096")
            .replace("\"max_image_height\": 512", "\"max_image_height\": 4096");
        return TestSupport::writeFile(root + u"/prometeu.json"_s, manifest)
            && noise.save(root + u"/assets/sprites/noise.png"_s) && plain.save(root + u"/assets/sprites/plain.png"_s)
            && wideNoise.save(root + u"/assets/sprites/widenoise.png"_s);
    }

    std::shared_ptr<ConverterWorkerPool> newPool(int workers = 2, int memoryMiB = 512)
    {
        ConverterWorkerPool::Options options;
        options.workerPath = TestSupport::binaryPath(u"prometeu-worker"_s);
        options.workers = workers;
        options.memoryMiB = memoryMiB;
        options.scratchFolder = m_scratch.path();
        return std::make_shared<ConverterWorkerPool>(options);
    }

    static QMap<QString, QByteArray> contentsOf(const QString &cartridge)
    {
        CartridgeReader reader;
        QMap<QString, QByteArray> contents;
        if (!reader.open(cartridge))
            return contents;
        for (const CartridgeEntry &entry : reader.entries())
            contents.insert(entry.name, reader.read(entry).value_or(QByteArray("damaged")));
        return contents;
    }

    QString copyDemo(const QString &name)
    {
        const QString root = m_dir.filePath(name);
        return QDir().mkpath(root) && TestSupport::copyFixture(u"examples/demo"_s, root) ? root : QString();
    }

    QTemporaryDir m_dir;
    QTemporaryDir m_scratch; // the workers' output files: their command lines name it

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(TestSupport::binaryPath(u"prometeu-worker"_s)));
        // Only the worker reads it: fault-*.png misbehave (app/prometeu-worker/main.cpp).
        qputenv("PROMETEU_WORKER_TEST_FAULTS", "1");
    }

    void workersConvertExactlyWhatTheBuildWould()
    {
        const QString here = copyDemo(u"here"_s);
        const QString there = copyDemo(u"there"_s);
        QVERIFY(!here.isEmpty() && !there.isEmpty());
        for (const QString &root : {here, there})
            QVERIFY(addLargeSprites(root));
        QVERIFY(QFileInfo(here + u"/assets/sprites/noise.png"_s).size() > WorkerProtocol::windowBytes);
        const Built inProcess = buildWith(here, nullptr);
        auto pool = newPool();
        const Built inWorkers = buildWith(there, pool);
        QVERIFY(inProcess.report && inWorkers.report);
        QCOMPARE(inWorkers.report->failed, 0);
        QCOMPARE(inWorkers.report->built, inProcess.report->built);
        QVERIFY(pool->workersStarted() >= 1);
        QVERIFY(pool->workersStarted() <= 2); // reused, not one per asset
        const QMap<QString, QByteArray> a = contentsOf(here + u"/build/demo.pcart"_s);
        QVERIFY(!a.isEmpty());
        QVERIFY(a.value(u"sprites/noise.png"_s).size() > WorkerProtocol::windowBytes);
        QCOMPARE(contentsOf(there + u"/build/demo.pcart"_s), a);
        QVERIFY(a.value(u"sprites/plain.png"_s).size() > streamedAbove);
        QVERIFY(a.value(u"sprites/widenoise.png"_s).size() > streamedAbove);
        // Stored alike by both: compressed where it pays, as converted where not.
        for (const QString &root : {here, there}) {
            CartridgeReader reader;
            QVERIFY(reader.open(root + u"/build/demo.pcart"_s));
            for (const CartridgeEntry &entry : reader.entries()) {
                if (entry.name == u"sprites/plain.png"_s) {
                    QCOMPARE(entry.compression, CartridgeFormat::Compression::Zstd);
                    QVERIFY(entry.storedSize < quint64(WorkerProtocol::windowBytes));
                } else if (entry.name == u"sprites/widenoise.png"_s) {
                    QCOMPARE(entry.compression, CartridgeFormat::Compression::None);
                }
            }
        }
        // Large results went from the workers' files straight into the
        // cache: with the cartridge gone, every asset comes back from there
        // (each object checked against its hash on load), byte for byte.
        QVERIFY(QFile::remove(there + u"/build/demo.pcart"_s));
        const Built fromCache = buildWith(there, pool);
        QVERIFY(fromCache.report);
        QCOMPARE(fromCache.report->failed, 0);
        QCOMPARE(fromCache.report->built, 0);
        QCOMPARE(fromCache.count(EventKind::CacheMiss), 0);
        QCOMPARE(contentsOf(there + u"/build/demo.pcart"_s), a);
    }

    // A cache that cannot be written does not lose a large result the
    // worker left in its file: it is read into the build instead, and the
    // cartridge is the same (each asset warns that the cache refused it).
    void aLargeResultTheCacheRefusesStillReachesTheCartridge()
    {
        const QString here = copyDemo(u"here"_s);
        const QString there = copyDemo(u"there"_s);
        QVERIFY(!here.isEmpty() && !there.isEmpty());
        for (const QString &root : {here, there})
            QVERIFY(addLargeSprites(root));
        // The cache's folder is a file: nothing can be stored under it.
        QVERIFY(QDir().mkpath(there + u"/.prometeu"_s));
        QVERIFY(TestSupport::writeFile(there + u"/.prometeu/cache"_s, "not a folder"));
        // Counts what the build hands the workers: each asset once (not
        // converted a second time when the cartridge is written).
        class CountingRunner final : public ConversionRunner
        {
        public:
            explicit CountingRunner(std::shared_ptr<ConversionRunner> inner) : m_inner(std::move(inner)) {}
            void submit(const Project &project, const ConversionJob &job, Done done) override
            {
                ++submitted;
                m_inner->submit(project, job, std::move(done));
            }
            Capacity capacity() const override { return m_inner->capacity(); }
            bool takes(AssetKind kind) const override { return m_inner->takes(kind); }
            std::atomic<int> submitted = 0;

        private:
            std::shared_ptr<ConversionRunner> m_inner;
        };
        const QString writable = copyDemo(u"writable"_s);
        QVERIFY(!writable.isEmpty() && addLargeSprites(writable));
        const auto counting = std::make_shared<CountingRunner>(newPool());
        const auto countingWritable = std::make_shared<CountingRunner>(newPool());
        const Built inProcess = buildWith(here, nullptr);
        const Built inWorkers = buildWith(there, counting);
        QVERIFY(buildWith(writable, countingWritable).report);
        QVERIFY(inProcess.report && inWorkers.report);
        QCOMPARE(inWorkers.report->failed, 0);
        QVERIFY(inWorkers.report->cartridgeWritten);
        QVERIFY(countingWritable->submitted.load() > 0);
        QCOMPARE(counting->submitted.load(), countingWritable->submitted.load());
        const auto refused = [&](const QString &asset) {
            return std::any_of(inWorkers.report->diagnostics.cbegin(), inWorkers.report->diagnostics.cend(),
                               [&](const Diagnostic &d) { return d.code == u"cache.unwritable"_s && d.asset == asset; });
        };
        QVERIFY(refused(u"sprites/noise.png"_s));
        QVERIFY(refused(u"sprites/widenoise.png"_s));
        const QMap<QString, QByteArray> a = contentsOf(here + u"/build/demo.pcart"_s);
        QVERIFY(a.value(u"sprites/widenoise.png"_s).size() > streamedAbove);
        QCOMPARE(contentsOf(there + u"/build/demo.pcart"_s), a);
    }

    // One worker, its slots full of small sprites, answering large results
    // among them: a slot whose answer is still being taken from its file
    // is not given to another job (one more than the slots overran them).
    void largeAnswersAmongManySmallKeepTheirSlots()
    {
        const QString here = copyDemo(u"many-here"_s);
        const QString there = copyDemo(u"many-there"_s);
        QVERIFY(!here.isEmpty() && !there.isEmpty());
        quint32 seed = 11;
        for (int i = 0; i < 240; ++i) {
            const bool large = i % 12 == 0;
            QImage image(large ? 256 : 8, large ? 256 : 8, QImage::Format_RGBA8888);
            for (int y = 0; y < image.height(); ++y) {
                auto *row = reinterpret_cast<quint32 *>(image.scanLine(y));
                for (int x = 0; x < image.width(); ++x) {
                    seed = seed * 1664525u + 1013904223u;
                    row[x] = seed | 0xff000000u;
                }
            }
            for (const QString &root : {here, there})
                QVERIFY(image.save(root + u"/assets/sprites/many%1.png"_s.arg(i, 3, 10, QChar(u'0'))));
        }
        const Built inProcess = buildWith(here, nullptr);
        const Built inWorkers = buildWith(there, newPool(1));
        QVERIFY(inProcess.report && inWorkers.report);
        QCOMPARE(inWorkers.report->failed, 0);
        const QMap<QString, QByteArray> a = contentsOf(here + u"/build/demo.pcart"_s);
        QVERIFY(a.value(u"sprites/many000.png"_s).size() > WorkerProtocol::windowBytes);
        QCOMPARE(contentsOf(there + u"/build/demo.pcart"_s), a);
    }

    // A worker's diagnostics are shown as it wrote them, so it installs
    // the catalogues itself: "3 channels", not the source's "3 channel(s)".
    void aWorkersDiagnosticsAreInTheUsersWords()
    {
        const QString root = copyDemo(u"words"_s);
        QVERIFY(!root.isEmpty());
        QByteArray wav("RIFF");
        const auto put32 = [&wav](quint32 v) { wav.append(reinterpret_cast<const char *>(&v), 4); };
        const auto put16 = [&wav](quint16 v) { wav.append(reinterpret_cast<const char *>(&v), 2); };
        put32(36 + 600);
        wav.append("WAVEfmt ");
        put32(16);
        put16(1);
        put16(3); // three channels: refused
        put32(22050);
        put32(22050 * 6);
        put16(6);
        put16(16);
        wav.append("data");
        put32(600);
        wav.append(600, '\0');
        QVERIFY(TestSupport::writeFile(root + u"/assets/sounds/three.wav"_s, wav));
        const Built run = buildWith(root, newPool(1));
        QVERIFY(run.report);
        const auto refused = std::find_if(run.report->diagnostics.cbegin(), run.report->diagnostics.cend(),
                                          [](const Diagnostic &d) { return d.code == u"audio.unsupported_format"_s; });
        QVERIFY(refused != run.report->diagnostics.cend());
        QVERIFY2(refused->message.startsWith(u"The sound has 3 channels at 22050 Hz"_s), qPrintable(refused->message));
    }

    void aConverterThatCrashesHangsOrEatsMemoryFailsOnlyItsAsset_data()
    {
        QTest::addColumn<QStringList>("faults");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<QStringList>("codes");
        QTest::newRow("a crash and a hang in one build")
            << QStringList{u"fault-crash.png"_s, u"fault-hang.png"_s} << 1500
            << QStringList{u"convert.crashed"_s, u"convert.timeout"_s};
        // A worker whose answers are not frames cannot say which job any
        // of them is for: it is replaced, and the job it was on fails.
        QTest::newRow("answers that are not the protocol") << QStringList{u"fault-garble.png"_s} << 60'000
                                                          << QStringList{u"convert.crashed"_s};
        // Under a sanitizer the worker has no memory limit (its shadow needs
        // the address space): the greedy converter is left out there. Its
        // own build has a timeout it cannot reach: touching 512 MiB of pages
        // takes over a second on a busy machine, and the diagnostic must
        // say memory, not time.
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
        QTest::newRow("a memory blow-up") << QStringList{u"fault-allocate.png"_s} << 60'000
                                          << QStringList{u"convert.out_of_memory"_s};
#endif
    }

    void aConverterThatCrashesHangsOrEatsMemoryFailsOnlyItsAsset()
    {
        QFETCH(QStringList, faults);
        QFETCH(int, timeoutMs);
        QFETCH(QStringList, codes);
        const QString root = copyDemo(u"faults-%1"_s.arg(QString::fromUtf8(QTest::currentDataTag()).replace(u' ', u'-')));
        QVERIFY(!root.isEmpty());
        QJsonObject manifest = QJsonDocument::fromJson(TestSupport::readFile(root + u"/prometeu.json"_s)).object();
        manifest.insert(u"converters"_s, QJsonObject{{u"timeout_ms"_s, timeoutMs}, {u"memory_mib"_s, 512}});
        QVERIFY(TestSupport::writeFile(root + u"/prometeu.json"_s, QJsonDocument(manifest).toJson()));
        // Valid images: only the worker's test hook makes them misbehave.
        for (const QString &name : faults) {
            QImage image(4, 4, QImage::Format_RGBA8888);
            image.fill(Qt::red);
            QVERIFY(image.save(root + u"/assets/sprites/"_s + name));
        }
        auto pool = newPool(2, 512);
        // Converted first, so that work is left for the workers that replace
        // the lost ones (one that failed last would need no replacement).
        // One build thread hands the jobs over in exactly that order: with
        // two, the other could hand over every remaining asset while the
        // first was still preparing the faulty one (seen once in CI, where
        // one worker converted all 26 and then garbled on the last job).
        QStringList first;
        for (const QString &name : faults)
            first.append(u"sprites/"_s + name);
        const Built run = buildWith(root, pool, 1, first);
        QVERIFY(run.report);
        QCOMPARE(run.report->failed, int(faults.size()));
        QMap<QString, QString> said;
        for (const Diagnostic &d : run.report->diagnostics) {
            if (d.code.startsWith(u"convert."_s))
                said.insert(d.asset, d.code);
            if (d.asset.endsWith(u"fault-garble.png"_s))
                QVERIFY2(d.message.contains(u"could not be read"_s), qPrintable(d.message));
        }
        QMap<QString, QString> expected;
        for (qsizetype i = 0; i < faults.size(); ++i)
            expected.insert(u"sprites/"_s + faults[i], codes[i]);
        QCOMPARE(said, expected);
        // Every other asset was converted, and each failure says so.
        int converted = 0;
        for (const PackerEvent &event : run.events) {
            const CacheOutcome outcome = CacheOutcome::fromJson(event.payload);
            if (event.kind == EventKind::CacheMiss && outcome.result == CacheOutcome::Result::Converted)
                ++converted;
        }
        QCOMPARE(converted, 26);
        // Each lost worker was replaced.
        QVERIFY2(pool->workersStarted() >= 1 + int(faults.size()), qPrintable(QString::number(pool->workersStarted())));
        // A worker that ran out of memory has been told to end and is
        // replaced at once: for a moment both are running.
        // (What the pool lists catches up once it has seen the old one end.)
        const auto listsItsLiveWorkers = [&] {
            const QList<qint64> running = pool->runningProcessIds();
            const QList<qint64> live = TestSupport::processesMentioning(m_scratch.path());
            return running.size() <= 2
                && std::all_of(running.cbegin(), running.cend(), [&](qint64 pid) { return live.contains(pid); });
        };
        QTRY_VERIFY(listsItsLiveWorkers());

        // Ending the pool ends its workers: nothing is left running.
        pool.reset();
        QCOMPARE(TestSupport::processesMentioning(m_scratch.path()), QList<qint64>());

        // Fixed (the files removed), the next build writes the cartridge.
        for (const QString &name : faults)
            QVERIFY(QFile::remove(root + u"/assets/sprites/"_s + name));
        const Built again = buildWith(root, newPool());
        QVERIFY(again.report);
        QCOMPARE(again.report->failed, 0);
        QVERIFY(again.report->cartridgeWritten);
    }

    // Cancelling a build does not wait for a converter that hangs: the
    // build ends now; the hung worker is stopped when its pool ends.
    void aCancelIsNotHeldUpByAHungConverter()
    {
        const QString root = m_dir.filePath(u"cancel"_s);
        QVERIFY(TestSupport::makeProject(root, R"({"id": "c", "name": "C", "converters": {"timeout_ms": 600000}})"));
        QImage image(4, 4, QImage::Format_RGBA8888);
        image.fill(Qt::blue);
        QVERIFY(image.save(root + u"/assets/fault-hang.png"_s));
        for (int i = 0; i < 20; ++i)
            QVERIFY(image.save(root + u"/assets/plain%1.png"_s.arg(i)));
        TestSupport::HoldingSink sink(EventKind::CacheMiss);
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        auto workers = newPool();
        Packer packer(TestSupport::loadProject(root), &sink, &pool);
        packer.setConversionRunner(workers);
        QFuture<BuildReport> build = packer.build();
        QVERIFY(sink.waitUntilHeld(20'000)); // conversions are under way, one of them hanging
        build.cancel();
        sink.release();
        QElapsedTimer ended;
        ended.start();
        build.waitForFinished();
        pool.waitForDone();
        // Far sooner than the ten-minute timeout: the build did not wait for it.
        QVERIFY2(ended.elapsed() < 30'000, qPrintable(QString::number(ended.elapsed())));
        packer.setConversionRunner(nullptr); // the packer shares the pool
        workers.reset();
        QCOMPARE(TestSupport::processesMentioning(m_scratch.path()), QList<qint64>());
    }

    void aWorkerThatCannotStartFailsTheBuildInWords()
    {
        const QString root = copyDemo(u"noworker"_s);
        ConverterWorkerPool::Options options;
        options.workerPath = m_dir.filePath(u"no-such-worker"_s);
        const Built run = buildWith(root, std::make_shared<ConverterWorkerPool>(options));
        QVERIFY(run.report);
        QVERIFY(run.report->failed > 0);
        // Said as what it is (an install problem, not a file the converter
        // crashed on), for each asset that was not converted.
        int said = 0;
        for (const Diagnostic &d : run.report->diagnostics) {
            QVERIFY2(d.code != u"convert.crashed"_s, qPrintable(d.message));
            if (d.code == u"convert.no_worker"_s) {
                QVERIFY2(d.message.contains(u"could not be started"_s) && d.message.contains(u"no-such-worker"_s),
                         qPrintable(d.message));
                ++said;
            }
        }
        QCOMPARE(said, run.report->failed);
    }

    // Only the folders of processes that are gone are removed, never
    // through a link, never a live one's or this process's own.
    void abandonedScratchFoldersAreRemovedAndNothingElse()
    {
        QTemporaryDir base;
        // A pid that has just ended: an inner shell says its own and exits.
        QProcess shell;
        shell.start(u"sh"_s, {u"-c"_s, u"sh -c 'echo $$'"_s});
        QVERIFY(shell.waitForFinished(10'000));
        const qint64 deadPid = shell.readAllStandardOutput().trimmed().toLongLong();
        QVERIFY(deadPid > 0);
        QVERIFY(::kill(pid_t(deadPid), 0) != 0);
        const QDir folder(base.path());
        const QString abandoned = ScratchFolder::prefix(deadPid) + u"AbCdEf"_s;
        QVERIFY(folder.mkpath(abandoned + u"/inner"_s));
        QVERIFY(TestSupport::writeFile(folder.filePath(abandoned + u"/worker.out.0"_s), "bytes"));
        const QString own = ScratchFolder::prefix(QCoreApplication::applicationPid()) + u"Own123"_s;
        QVERIFY(folder.mkdir(own));
        const QString live = ScratchFolder::prefix(1) + u"Init12"_s; // pid 1 always runs
        QVERIFY(folder.mkdir(live));
        QTemporaryDir elsewhere;
        QVERIFY(TestSupport::writeFile(elsewhere.filePath(u"precious"_s), "keep"));
        const QString link = ScratchFolder::prefix(deadPid) + u"Link12"_s;
        QVERIFY(QFile::link(elsewhere.path(), folder.filePath(link)));
        const QString unrelated = u"prometeu-workers-notapid-x"_s;
        QVERIFY(folder.mkdir(unrelated));

        QCOMPARE(ScratchFolder::removeAbandoned(base.path()), 1);
        QVERIFY(!folder.exists(abandoned));
        QVERIFY(folder.exists(own));
        QVERIFY(folder.exists(live));
        QVERIFY(folder.exists(unrelated));
        QVERIFY(QFileInfo::exists(elsewhere.filePath(u"precious"_s)));
    }

    // A build's queue lets an asset asked for now (a preview, a reload)
    // jump ahead of assets queued before it.
    void anAssetNeededNowJumpsTheQueue()
    {
        const QString root = m_dir.filePath(u"queue"_s);
        QVERIFY(TestSupport::makeProject(root));
        for (int i = 0; i < 40; ++i) {
            QImage image(8, 8, QImage::Format_RGBA8888);
            image.fill(qRgb(i, 2 * i, 3 * i));
            QVERIFY(image.save(root + u"/assets/img%1.png"_s.arg(i, 2, 10, QChar(u'0'))));
        }
        const QString last = u"img39.png"_s;
        TestSupport::HoldingSink sink(EventKind::CacheMiss);
        QThreadPool pool;
        pool.setMaxThreadCount(1); // one asset at a time: the order is the queue's
        Packer packer(TestSupport::loadProject(root), &sink, &pool);
        QFuture<BuildReport> build = packer.build();
        QVERIFY(sink.waitUntilHeld()); // the first asset is converted, the rest queued
        packer.prioritize({last});
        sink.release();
        build.waitForFinished();
        pool.waitForDone();
        QStringList order;
        for (const PackerEvent &event : sink.recorded.takeAll()) {
            if (event.kind == EventKind::CacheMiss)
                order.append(event.affectedAssets.value(0));
        }
        QCOMPARE(order.size(), 40);
        QCOMPARE(order.at(0), u"img00.png"_s);
        QCOMPARE(order.at(1), last); // ahead of the 38 queued before it
        QCOMPARE(order.at(2), u"img01.png"_s);
    }
};

QTEST_GUILESS_MAIN(TestIsolation)
#include "tst_isolation.moc"
