// The team cache (issue #15) on a 3,026-asset project against a real nginx
// (WebDAV) started here on a loopback port. In one run, side by side:
//   cold, local cache only           (the reference: every asset converted)
//   cold, uploading to the team cache (goal: at most 10 % slower)
//   machine B, empty local cache, warm team cache (goal: at least 5x faster
//   than the cold build, no conversion), with the bytes transferred;
//   and the floor any team cache has on this machine: the same build with
//   this machine's cache already holding every object (no network at all,
//   only the cartridge to write).
// Each build runs `rounds` times on fresh copies; medians are printed.

#include "../tests/remotecache/nginxserver.h"

#include <packer/eventbuffer.h>
#include <packer/localcachestore.h>
#include <packer/packer.h>
#include <remotecache/remotecachestore.h>

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QImage>
#include <QLocale>
#include <QThreadPool>

#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <ctime>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Prometeu;

namespace {

QByteArray read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool write(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// The demo plus `levels` copies of its assets, each file's content made
// unique (a pixel, a field, a comment, a sample) so that every copy is
// really converted: a content-addressed cache would share identical ones.
bool makeProject(const QString &root, int levels)
{
    const QString demo = QStringLiteral(PROMETEU_SOURCE_DIR "/examples/demo");
    if (QProcess::execute(u"cp"_s, {u"-a"_s, demo, root}) != 0)
        return false;
    QDir(root + u"/.prometeu"_s).removeRecursively();
    QDir(root + u"/build"_s).removeRecursively();
    const QString assets = demo + u"/assets/"_s;
    QStringList files;
    QDirIterator it(assets, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(assets).relativeFilePath(it.next()));
    for (int level = 1; level <= levels; ++level) {
        for (const QString &file : std::as_const(files)) {
            const QString to = root + u"/assets/level%1/"_s.arg(level) + file;
            const QString suffix = QFileInfo(file).suffix();
            QByteArray bytes = read(assets + file);
            if (suffix == u"png"_s) {
                QImage image = QImage::fromData(bytes).convertToFormat(QImage::Format_RGBA8888);
                image.setPixelColor(0, 0, QColor::fromRgb(level % 256, level / 256, 7, 255));
                QDir().mkpath(QFileInfo(to).absolutePath());
                if (!image.save(to))
                    return false;
                continue;
            }
            if (suffix == u"json"_s)
                bytes = "{\"copy\": " + QByteArray::number(level) + ", \"of\": " + bytes + "}";
            else if (suffix == u"lua"_s || suffix == u"txt"_s)
                bytes += "\n-- level " + QByteArray::number(level) + "\n";
            else if (suffix == u"tmx"_s)
                bytes += "<!-- level " + QByteArray::number(level) + " -->\n";
            else if (suffix == u"wav"_s)
                bytes[bytes.size() - 1] = char(level % 256); // the last sample's low byte
            else
                continue; // compressed audio cannot be varied by hand: one copy (the demo's) is enough
            if (!write(to, bytes))
                return false;
        }
    }
    return true;
}

// Peak resident memory since the last reset (Linux: VmHWM, reset by
// writing 5 to clear_refs), in MiB; 0 where that is not available. The
// reset starts from what the process holds then, so the heap an earlier
// build freed is first given back (malloc_trim): each build is measured
// as if it ran alone.
void resetPeakMemory()
{
    malloc_trim(0);
    QFile clear(u"/proc/self/clear_refs"_s);
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
}

double peakMemoryMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024;
    }
    return 0;
}

// The CPU time (user + system) a process has used, in seconds; 0 if unknown.
double cpuSecondsOf(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    // Fields after the command's closing parenthesis: state is the 3rd
    // field, utime the 14th and stime the 15th.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

struct Run {
    double seconds = 0;
    double serverCpu = 0; // nginx's CPU time during the build
    double peakMiB = 0;
    double uploadsDoneSeconds = 0; // until the store let go (every upload landed)
    BuildReport report;
};

// With BENCH_PHASE_TIMES set, each build's start and end on CLOCK_MONOTONIC
// go to stderr: `perf record -k CLOCK_MONOTONIC` then profiles one of them
// (perf report --time start,end).
void phaseTime(const char *what, const QString &project)
{
    if (!qEnvironmentVariableIsSet("BENCH_PHASE_TIMES"))
        return;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    std::fprintf(stderr, "%s %s at %ld.%06ld\n", what, qPrintable(QFileInfo(project).fileName()), long(now.tv_sec),
                 now.tv_nsec / 1000);
}

// This VM writes page cache into memory it has not touched lately at
// ~340 MB/s against 1.6-3.7 GB/s into pages just freed (`dd`, 1 GiB). With
// BENCH_WARM_PAGES=<MiB>, that much is written beside the project and
// deleted before each build (not timed), so every build writes into warm
// pages, as on a machine without that penalty.
void warmPages(const QString &project)
{
    const qint64 mib = qEnvironmentVariableIntValue("BENCH_WARM_PAGES");
    if (mib <= 0)
        return;
    const QString path = QFileInfo(project).absolutePath() + u"/warm-pages.tmp"_s;
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        const QByteArray chunk(1024 * 1024, '\0');
        for (qint64 i = 0; i < mib; ++i)
            file.write(chunk);
        file.close();
    }
    QFile::remove(path);
}

Run build(const QString &project, const std::optional<RemoteCacheConfig> &remote, qint64 serverPid)
{
    warmPages(project);
    Run run;
    const double serverCpuBefore = cpuSecondsOf(serverPid);
    phaseTime("start", project);
    resetPeakMemory();
    const auto loaded = ProjectLoader::load(project);
    if (!loaded.ok())
        return run;
    EventBuffer events; // a sink that keeps what it is given, like a consumer would
    QThreadPool pool;
    QElapsedTimer clock;
    clock.start();
    {
        Packer packer(*loaded.project, &events, &pool);
        auto local = std::make_shared<LocalCacheStore>(loaded.project->statePath(u"cache"_s));
        if (remote)
            packer.setCacheStore(std::make_shared<RemoteCacheStore>(local, *remote));
        else
            packer.setCacheStore(local);
        QFuture<BuildReport> future = packer.build();
        future.waitForFinished();
        run.seconds = clock.nsecsElapsed() / 1e9;
        if (future.resultCount() > 0)
            run.report = future.result();
    }
    run.uploadsDoneSeconds = clock.nsecsElapsed() / 1e9;
    run.peakMiB = peakMemoryMiB();
    run.serverCpu = cpuSecondsOf(serverPid) - serverCpuBefore;
    phaseTime("end", project);
    return run;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? qMax(1, atoi(argv[1])) : 3;
    // A project folder of your own (real game data) instead of the generated one.
    const QString given = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QString();
    const int levels = 125;
    NginxServer server;
    if (!server.start()) {
        std::fprintf(stderr, "cannot start nginx (tools/dev.sh installs it)\n");
        return 1;
    }
    QTemporaryDir dir;
    const QString original = dir.filePath(u"original"_s);
    const bool made = given.isEmpty() ? makeProject(original, levels)
                                      : QProcess::execute(u"cp"_s, {u"-a"_s, given, original}) == 0
            && QDir(original + u"/.prometeu"_s).removeRecursively() && QDir(original + u"/build"_s).removeRecursively();
    if (!made) {
        std::fprintf(stderr, "cannot prepare the project\n");
        return 1;
    }
    RemoteCacheSources sources;
    sources.commandLineUrl = server.url();
    RemoteCacheConfig config = *sources.resolve();
    config.exitGraceMs = 600'000; // machine B needs everything A uploaded
    if (qEnvironmentVariableIsSet("BENCH_MIN_SIZE")) // the team cache's min_size, to try others than the default
        config.minSize = qEnvironmentVariableIntValue("BENCH_MIN_SIZE");
    auto copy = [&](const QString &name) {
        const QString to = dir.filePath(name);
        QDir(to).removeRecursively();
        QProcess::execute(u"cp"_s, {u"-a"_s, original, to});
        return to;
    };

    QList<double> cold, upload, uploadsDone, warm, floor, coldPeak, warmPeak, serverUp, serverDown;
    BuildReport coldReport, uploadReport, warmReport;
    for (int round = 0; round < rounds; ++round) {
        QDir(server.storePath()).removeRecursively(); // an empty team cache for each round
        QDir().mkpath(server.storePath());
        const qint64 nginx = server.pid();
        const Run coldRun = build(copy(u"cold"_s), std::nullopt, nginx);
        const Run up = build(copy(u"machine-a"_s), config, nginx);
        const QString machineB = copy(u"machine-b"_s);
        const Run down = build(machineB, config, nginx);
        // Machine B again with its cartridge and build record gone but its
        // local cache kept: every object a local hit.
        QFile::remove(machineB + u"/.prometeu/build-state.bin"_s);
        QDir(machineB + u"/build"_s).removeRecursively();
        const Run local = build(machineB, std::nullopt, nginx);
        if (coldRun.report.failed || up.report.failed || down.report.failed || !down.report.remote
            || coldRun.report.built == 0 || local.report.failed || local.report.built != 0) {
            std::fprintf(stderr, "a build failed: cold %d, upload %d, warm %d, local floor %d failed; cold built %d\n",
                         coldRun.report.failed, up.report.failed, down.report.failed, local.report.failed,
                         coldRun.report.built);
            for (const Diagnostic &d : coldRun.report.diagnostics.mid(0, 5))
                std::fprintf(stderr, "  %s\n", qPrintable(d.toCompilerStyle()));
            return 1;
        }
        cold << coldRun.seconds;
        floor << local.seconds;
        upload << up.seconds;
        uploadsDone << up.uploadsDoneSeconds;
        warm << down.seconds;
        coldPeak << coldRun.peakMiB;
        serverUp << up.serverCpu;
        serverDown << down.serverCpu;
        warmPeak << down.peakMiB;
        coldReport = coldRun.report;
        uploadReport = up.report;
        warmReport = down.report;
    }
    const QLocale c = QLocale::c();
    const int assets = coldReport.built + coldReport.cached;
    if (given.isEmpty())
        std::printf("project: %d assets (demo + %d unique copies), %d rounds, nginx WebDAV on loopback\n", assets,
                    levels, rounds);
    else
        std::printf("project: %s, %d assets, %d rounds, nginx WebDAV on loopback\n", qPrintable(given), assets,
                    rounds);
    std::printf("cold, local cache only        median %6.2f s   (reference; %d converted)\n", median(cold),
                coldReport.built);
    std::printf("cold, uploading (machine A)   median %6.2f s   overhead %+5.1f %%  (all uploads landed after "
                "%.2f s; %d objects, %s up)\n",
                median(upload), (median(upload) / median(cold) - 1) * 100, median(uploadsDone),
                uploadReport.remote->uploaded + uploadReport.remote->uploadsUnfinished,
                qPrintable(c.formattedDataSize(uploadReport.remote->bytesUp)));
    std::printf("warm team cache (machine B)   median %6.2f s   %.1fx faster than cold  (%d remote hits, %d "
                "converted, %s down)\n",
                median(warm), median(cold) / median(warm), warmReport.remote->hits, warmReport.built,
                qPrintable(c.formattedDataSize(warmReport.remote->bytesDown)));
    std::printf("the server (nginx, on these same cores): %.2f s of CPU during machine A's build, %.2f s during "
                "B's (median; on a team it runs on its own machine)\n",
                median(serverUp), median(serverDown));
    std::printf("peak memory: cold build %.0f MiB, machine B %.0f MiB (the process's resident set, median)\n",
                median(coldPeak), median(warmPeak));
    std::printf("floor: every object already local  median %6.2f s   %.1fx faster than cold  (no team cache could beat "
                "this here: the cartridge and the build's own work)\n",
                median(floor), median(cold) / median(floor));
    return 0;
}
