// Cold build and no-op rebuild, against a ninja no-op over the same files
// (one copy edge per asset) measured in the same run. Both tools are timed
// as processes, start-up included; each process's own CPU time (user and
// system) and peak RSS come from wait4().
//
//   bench_build                        the generated 10,000-asset project
//   bench_build --sizes 1000,100000    generated projects of those sizes
//   bench_build --project DIR ...      real trees (copied first: the copy is
//                                      built, DIR is left as it was)
//   bench_build --sizes N --generate DIR   only write a generated project
//
// Generated projects mix 40 % PNG (16x16), 10 % WAV (50 ms), 50 % JSON,
// 100 files a folder. The cold build is timed with converters in worker
// processes (the default) and in-process, alternately, each on a fresh copy
// of the project in memory: the median of five pairs (three for a real tree,
// one for 100,000 assets). The no-op rebuild is timed with no events and
// with `--events jsonl` (to /dev/null), best of three each.

#include <QCoreApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtEndian>

#include "packer/cartridge.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

extern char **environ;

using namespace Qt::StringLiterals;

namespace {

struct Run {
    double wall = 0;
    double user = 0;
    double system = 0;
    double peakMiB = 0;      // the largest single process (ru_maxrss)
    double buildPeakMiB = 0; // every process of the build at once, sampled
    int exitCode = -1;
    double cpuPerWall() const { return wall > 0 ? (user + system) / wall : 0; }
};

double seconds(const timeval &t)
{
    return double(t.tv_sec) + double(t.tv_usec) / 1e6;
}

// The sum of the kB fields named in a /proc file ("Name:   123 kB").
qint64 procKiB(const QString &path, std::initializer_list<const char *> fields)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    qint64 kib = 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        for (const char *field : fields) {
            if (line.startsWith(field))
                kib += line.mid(line.indexOf(':') + 1).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return kib;
}

// The largest of a reading (KiB) taken on a thread of its own until
// stopAndTakePeakMiB(); `pauseMs(n)` is the wait after the n-th reading.
class PeakSampler
{
public:
    PeakSampler(std::function<qint64()> read, std::function<int(int)> pauseMs)
        : m_thread([this, read = std::move(read), pauseMs = std::move(pauseMs)] {
            for (int reading = 0; !m_stop.load(); ++reading) {
                m_peakKiB = std::max(m_peakKiB.load(), read());
                std::this_thread::sleep_for(std::chrono::milliseconds(pauseMs(reading)));
            }
        })
    {
    }
    PeakSampler(const PeakSampler &) = delete; // its thread holds `this`
    PeakSampler &operator=(const PeakSampler &) = delete;
    double stopAndTakePeakMiB()
    {
        m_stop = true;
        m_thread.join();
        return double(m_peakKiB.load()) / 1024.0;
    }

private:
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_peakKiB{0};
    std::thread m_thread;
};

// The memory a build takes on the machine: the anonymous and shared pages
// (their proportional share) of the command and of every process under it
// (its converter workers), summed. ru_maxrss says only the largest single
// process, which hid a worker's peak beside the command's. Proportional: a
// page the command and a worker both map (their shared windows) counts
// once between them, not once in each, as RssShmem in /proc/<pid>/status
// would have it.
qint64 buildTreeKiB(pid_t pid)
{
    qint64 kib = procKiB(u"/proc/%1/smaps_rollup"_s.arg(pid), {"Pss_Anon:", "Pss_Shmem:"});
    // Each thread's own children: workers are started from the command's
    // worker-pool thread, not its main one.
    const QString tasks = u"/proc/%1/task"_s.arg(pid);
    for (const QString &task : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile children(tasks + u'/' + task + u"/children"_s);
        if (!children.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &child : children.readAll().split(' ')) {
            if (const pid_t id = child.trimmed().toInt(); id > 0)
                kib += buildTreeKiB(id);
        }
    }
    return kib;
}

// The command's own peak resident set (VmHWM) while it runs. wait4's
// ru_maxrss cannot say it: a spawned child's first exec folds the spawning
// process's peak into it (the kernel keeps the larger of the old and new
// address spaces' peaks), so every no-op read as large as this bench had
// grown (43 MiB after the 100,000-asset project, 23 MiB on its own). Cheap:
// the kernel keeps VmHWM as a counter. Every millisecond through a no-op's
// life, then every 10 (a reading costs ~30 us of a core the build would use).
PeakSampler ownPeakSampler(pid_t pid)
{
    return PeakSampler([path = u"/proc/%1/status"_s.arg(pid)] { return procKiB(path, {"VmHWM:"}); },
                       [](int reading) { return reading < 100 ? 1 : 10; });
}

enum class Sampling { None, Memory };

// posix_spawn + wait4, so each figure is this one process's (QProcess would
// hide its rusage). Output goes to /dev/null: the terminal is not measured.
// Memory is sampled only when asked: reading smaps_rollup every 10 ms walks
// the page tables of the command and its workers, which took a core's
// share from the build it measured (hedgewars' cold build: CPU/wall 1.56
// sampled, 1.90 not).
// Writes what earlier steps left dirty (the project just generated or
// copied, ninja's 100,000 copies) before a cold build is timed: a user's
// project has long been on disk, and the build must not be measured while
// the kernel writes back somebody else's files. Without it the
// 100,000-asset cold build waited on that writeback for half its time
// (CPU/wall 0.99 on disk, 1.74 in memory, session 16).
void settleDisk()
{
    ::sync();
}

Run runProcess(const QString &program, const QStringList &arguments, Sampling sampling = Sampling::None)
{
    std::vector<QByteArray> storage{QFile::encodeName(program)};
    for (const QString &argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &bytes : storage)
        argv.push_back(bytes.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    Run run;
    if (posix_spawn(&pid, argv.front(), &actions, nullptr, argv.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return run;
    }
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    rusage usage{};
    std::optional<PeakSampler> memory; // every 10 ms
    if (sampling == Sampling::Memory)
        memory.emplace([pid] { return buildTreeKiB(pid); }, [](int) { return 10; });
    PeakSampler ownPeak = ownPeakSampler(pid);
    wait4(pid, &status, 0, &usage);
    // Read until the child is reaped: a zombie has no VmHWM, an exited
    // process's last reading stands.
    const double ownPeakMiB = ownPeak.stopAndTakePeakMiB();
    if (memory)
        run.buildPeakMiB = memory->stopAndTakePeakMiB();
    run.wall = double(timer.nsecsElapsed()) / 1e9;
    run.user = seconds(usage.ru_utime);
    run.system = seconds(usage.ru_stime);
    run.peakMiB = ownPeakMiB > 0 ? ownPeakMiB : double(usage.ru_maxrss) / 1024.0;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

Run bestOf(int times, const std::function<Run()> &once)
{
    Run best;
    for (int i = 0; i < times; ++i) {
        const Run run = once();
        if (i == 0 || run.wall < best.wall)
            best = run;
    }
    return best;
}

// The run of median wall time: on this shared machine one run can be a
// quarter off either way, and a best-of favours whichever mode got lucky.
Run median(std::vector<Run> runs)
{
    std::sort(runs.begin(), runs.end(), [](const Run &a, const Run &b) { return a.wall < b.wall; });
    return runs.empty() ? Run{} : runs[runs.size() / 2];
}

QByteArray wav(int index)
{
    const int frames = 1102; // 50 ms at 22050 Hz
    QByteArray data;
    auto put32 = [&](quint32 v) { v = qToLittleEndian(v); data.append(reinterpret_cast<const char *>(&v), 4); };
    auto put16 = [&](quint16 v) { v = qToLittleEndian(v); data.append(reinterpret_cast<const char *>(&v), 2); };
    data.append("RIFF");
    put32(36 + frames * 2);
    data.append("WAVEfmt ");
    put32(16);
    put16(1);
    put16(1);
    put32(22050);
    put32(22050 * 2);
    put16(2);
    put16(16);
    data.append("data");
    put32(frames * 2);
    for (int i = 0; i < frames; ++i)
        put16(quint16(qint16(8000 * std::sin(double(i) * (0.05 + index % 17 * 0.01)))));
    return data;
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(bytes);
}

void generate(const QString &root, int count)
{
    write(root + u"/prometeu.json"_s,
          R"({"id": "bench", "name": "Bench", "audio": {"sample_rate": 22050, "channels": 1},
              "cartridge": {"max_bytes": 2147483647}})");
    const int images = count * 4 / 10;
    const int sounds = count / 10;
    for (int i = 0; i < count; ++i) {
        const QString folder = root + u"/assets/g%1"_s.arg(i % std::max(1, count / 100));
        if (i < std::max(1, count / 100))
            QDir().mkpath(folder);
        if (i < images) {
            QImage image(16, 16, QImage::Format_RGBA8888);
            for (int y = 0; y < 16; ++y)
                for (int x = 0; x < 16; ++x)
                    image.setPixel(x, y, qRgba((x * i) & 255, (y * 7 + i) & 255, (x ^ y) * 16, (i >> 8) & 255));
            image.save(folder + u"/sprite%1.png"_s.arg(i), "PNG");
        } else if (i < images + sounds) {
            write(folder + u"/sound%1.wav"_s.arg(i), wav(i));
        } else {
            write(folder + u"/data%1.json"_s.arg(i),
                  u"{\"id\": %1, \"name\": \"item %1\", \"tags\": [1, 2, 3]}"_s.arg(i).toUtf8());
        }
    }
}

// The reference: ninja with one copy edge per file under assets/, its
// outputs in a folder of its own (so the project is not touched).
int writeNinjaManifest(const QString &project, const QString &ninjaDir)
{
    QByteArray manifest = "rule cp\n  command = cp $in $out\n\n";
    int edges = 0;
    const QString assets = project + u"/assets"_s;
    QDirIterator it(assets, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QByteArray relative = QDir(assets).relativeFilePath(path).toUtf8();
        // ninja's own escaping: $ before space, colon and dollar.
        auto escape = [](QByteArray text) {
            return text.replace('$', "$$").replace(' ', "$ ").replace(':', "$:");
        };
        manifest += "build out/" + escape(relative) + ": cp " + escape(QFile::encodeName(path)) + "\n";
        ++edges;
    }
    write(ninjaDir + u"/build.ninja"_s, manifest);
    return edges;
}

// Another program writing to the same disk and syncing (a game's export, a
// copy, a compiler): 16 MiB at a time into one 64 MiB file, each slice
// synced, until destroyed. A no-op that waits for the disk (a sync, or a
// close that ext4 turns into a write-out) waits behind these.
class BusyDisk
{
public:
    explicit BusyDisk(const QString &path)
        : m_path(QFile::encodeName(path)), m_thread([this] {
            const int fd = ::open(m_path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (fd < 0)
                return;
            const std::vector<char> slice(16 << 20, 'x');
            for (off_t offset = 0; !m_stop.load(); offset = (offset + off_t(slice.size())) % (64 << 20)) {
                if (::pwrite(fd, slice.data(), slice.size(), offset) < 0 || ::fdatasync(fd) != 0)
                    break;
            }
            ::close(fd);
        })
    {
    }
    BusyDisk(const BusyDisk &) = delete; // its thread holds `this`
    BusyDisk &operator=(const BusyDisk &) = delete;
    ~BusyDisk()
    {
        m_stop = true;
        m_thread.join();
        ::unlink(m_path.constData());
    }

private:
    QByteArray m_path;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

struct Figures {
    QString name;
    int files = 0;
    double walkMs = 0;
    Run ninjaCold;
    Run ninjaNoOp;
    Run cold;
    Run coldMemory;    // another first build on disk, its memory sampled
    Run coldWorkers;   // the same, in memory: what worker isolation costs ...
    Run coldInProcess; // ... against --in-process-converters
    std::vector<double> isolationRatios; // pair by pair, sorted
    Run noOp;
    Run noOpEvents;
    Run noOpBusyDisk;
    Run ninjaNoOpBusyDisk;
    Run doctorFirst; // every asset's content read and decoded
    Run doctorAgain; // an unchanged project, as the Studio checks it on every open
    double largestEntryMiB = 0; // the largest converted asset in the cartridge
};

double largestEntryMiB(const QString &project)
{
    const QFileInfoList cartridges = QDir(project + u"/build"_s).entryInfoList({u"*.pcart"_s}, QDir::Files);
    Prometeu::CartridgeReader reader;
    if (cartridges.isEmpty() || !reader.open(cartridges.constFirst().filePath()))
        return 0;
    quint64 largest = 0;
    for (const Prometeu::CartridgeEntry &entry : reader.entries())
        largest = std::max(largest, entry.originalSize);
    return double(largest) / (1024.0 * 1024.0);
}

Figures measure(const QString &name, const QString &project, const QString &prometeu, const QString &ninja,
                int coldRuns)
{
    Figures figures;
    figures.name = name;
    QTemporaryDir ninjaDir;
    figures.files = writeNinjaManifest(project, ninjaDir.path());
    settleDisk();
    figures.ninjaCold = runProcess(ninja, {u"-j2"_s, u"-C"_s, ninjaDir.path()});

    QElapsedTimer walk;
    walk.start();
    QDirIterator it(project + u"/assets"_s, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        (void)it.nextFileInfo().size();
    figures.walkMs = double(walk.nsecsElapsed()) / 1e6;

    const QStringList build{u"build"_s, project, u"--jobs"_s, u"2"_s};
    // The cold build: the project's first, on disk, as a user's is.
    settleDisk();
    figures.cold = runProcess(prometeu, build);
    figures.largestEntryMiB = largestEntryMiB(project);
    // Its memory on a fresh copy beside it, sampled (see runProcess).
    {
        QTemporaryDir copy;
        QProcess cp;
        cp.start(u"cp"_s, {u"-a"_s, project + u"/assets"_s, project + u"/prometeu.json"_s, copy.path()});
        cp.waitForFinished(-1);
        settleDisk();
        figures.coldMemory =
            runProcess(prometeu, {u"build"_s, copy.path(), u"--jobs"_s, u"2"_s}, Sampling::Memory);
    }
    // What worker isolation costs: cold builds with converters in
    // prometeu-worker processes (the default) and in the build's own
    // threads, alternately, each on a fresh copy in memory (/dev/shm where
    // there is one): on a disk, what the file system does with 10,000 new
    // files varies by more than the difference measured. Best of `coldRuns`.
    const QString memory = QFileInfo(u"/dev/shm"_s).isWritable() ? u"/dev/shm"_s : QDir::tempPath();
    const auto coldCopy = [&](const QStringList &extra) {
        QTemporaryDir copy(memory + u"/bench_build-XXXXXX"_s);
        QProcess cp;
        cp.start(u"cp"_s, {u"-a"_s, project + u"/assets"_s, project + u"/prometeu.json"_s, copy.path()});
        cp.waitForFinished(-1);
        settleDisk();
        return runProcess(prometeu, QStringList{u"build"_s, copy.path(), u"--jobs"_s, u"2"_s} + extra);
    };
    std::vector<Run> inProcess;
    std::vector<Run> workers;
    for (int run = 0; run < coldRuns; ++run) {
        inProcess.push_back(coldCopy({u"--in-process-converters"_s}));
        workers.push_back(coldCopy({}));
    }
    figures.coldInProcess = median(inProcess);
    figures.coldWorkers = median(workers);
    for (int run = 0; run < coldRuns; ++run)
        figures.isolationRatios.push_back(workers[run].wall / inProcess[run].wall);
    std::sort(figures.isolationRatios.begin(), figures.isolationRatios.end());
    figures.noOp = bestOf(3, [&] { return runProcess(prometeu, build); });
    figures.noOpEvents = bestOf(3, [&] { return runProcess(prometeu, build + QStringList{u"--events"_s, u"jsonl"_s}); });
    figures.ninjaNoOp = bestOf(3, [&] { return runProcess(ninja, {u"-C"_s, ninjaDir.path()}); });
    {
        BusyDisk busy(QDir::tempPath() + u"/prometeu-bench-busy-disk-%1.bin"_s.arg(QCoreApplication::applicationPid()));
        std::vector<Run> ours;
        std::vector<Run> ninjas;
        for (int run = 0; run < 7; ++run) {
            ours.push_back(runProcess(prometeu, build));
            ninjas.push_back(runProcess(ninja, {u"-C"_s, ninjaDir.path()}));
        }
        figures.noOpBusyDisk = median(ours);
        figures.ninjaNoOpBusyDisk = median(ninjas);
    }
    // The build keeps no doctor memo: this is the project's first check.
    figures.doctorFirst = runProcess(prometeu, {u"doctor"_s, project});
    figures.doctorAgain = bestOf(3, [&] { return runProcess(prometeu, {u"doctor"_s, project}); });
    return figures;
}

void print(const Figures &f)
{
    const double ninjaMs = f.ninjaNoOp.wall * 1e3;
    const double perFileUs = f.files > 0 ? 1e6 / f.files : 0;
    std::printf("== %s: %d files\n", qPrintable(f.name), f.files);
    std::printf("cold build                       %.2f s wall, %.2f s user + %.2f s system, CPU/wall %.2f, "
                "system/user %.2f, the command's own peak RSS %.0f MiB%s\n",
                f.cold.wall, f.cold.user, f.cold.system, f.cold.cpuPerWall(),
                f.cold.user > 0 ? f.cold.system / f.cold.user : 0, f.cold.peakMiB,
                f.cold.exitCode == 0 ? "" : " (some assets failed: see `prometeu build`)");
    // Issue #16's bound: 64 MiB beside what the jobs convert at once.
    std::printf("cold build memory, all processes %.0f MiB (command + workers, sampled every 10 ms in a run of "
                "its own); largest asset converted %.1f MiB, bound 64 + 2 jobs x largest = %.0f MiB\n",
                f.coldMemory.buildPeakMiB, f.largestEntryMiB, 64 + 2 * f.largestEntryMiB);
    std::printf("cold in memory, workers          %.2f s wall, %.2f s user + %.2f s system, CPU/wall %.2f, "
                "peak RSS %.0f MiB\n",
                f.coldWorkers.wall, f.coldWorkers.user, f.coldWorkers.system, f.coldWorkers.cpuPerWall(),
                f.coldWorkers.peakMiB);
    std::printf("cold, in-process converters      %.2f s wall, %.2f s user + %.2f s system, peak RSS %.0f MiB\n",
                f.coldInProcess.wall, f.coldInProcess.user, f.coldInProcess.system, f.coldInProcess.peakMiB);
    std::printf("ratio cold workers / in-process  %.2f (worker isolation's cost, in memory; medians of %d "
                "alternating pairs, pairs %.2f-%.2f)\n",
                f.coldInProcess.wall > 0 ? f.coldWorkers.wall / f.coldInProcess.wall : 0, int(f.isolationRatios.size()),
                f.isolationRatios.empty() ? 0 : f.isolationRatios.front(),
                f.isolationRatios.empty() ? 0 : f.isolationRatios.back());
    std::printf("no-op rebuild                    %.1f ms (best of 3), %.1f µs a file, peak RSS %.0f MiB\n",
                f.noOp.wall * 1e3, f.noOp.wall * perFileUs, f.noOp.peakMiB);
    std::printf("no-op rebuild, --events jsonl    %.1f ms (best of 3), %.1f µs a file\n", f.noOpEvents.wall * 1e3,
                f.noOpEvents.wall * perFileUs);
    std::printf("reference: ninja no-op           %.1f ms (best of 3; cold ninja copy %.2f s)\n", ninjaMs,
                f.ninjaCold.wall);
    std::printf("reference: QDirIterator walk     %.1f ms, %.1f µs a file\n", f.walkMs, f.walkMs * 1e3 / f.files);
    std::printf("ratio no-op / ninja no-op        %.2f (with events %.2f)\n", f.noOp.wall / f.ninjaNoOp.wall,
                f.noOpEvents.wall / f.ninjaNoOp.wall);
    std::printf("no-op, disk busy                 %.1f ms (median of 7, another thread writing and syncing 16 MiB "
                "at a time); ninja's %.1f ms, ratio %.2f\n",
                f.noOpBusyDisk.wall * 1e3, f.ninjaNoOpBusyDisk.wall * 1e3,
                f.ninjaNoOpBusyDisk.wall > 0 ? f.noOpBusyDisk.wall / f.ninjaNoOpBusyDisk.wall : 0);
    std::printf("doctor, unchanged project        %.1f ms (best of 3: what each asset held, from the memo)\n",
                f.doctorAgain.wall * 1e3);
    std::printf("reference: the first doctor      %.2f s (every asset read and decoded; %.2f s of CPU)\n",
                f.doctorFirst.wall, f.doctorFirst.user + f.doctorFirst.system);
    std::printf("ratio unchanged / first doctor   %.3f\n",
                f.doctorFirst.wall > 0 ? f.doctorAgain.wall / f.doctorFirst.wall : 0);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Cold and no-op builds against ninja's no-op over the same files."_s);
    parser.addHelpOption();
    parser.addOption({u"sizes"_s, u"Generated projects of these asset counts (default 10000)."_s, u"n,n"_s});
    parser.addOption({u"project"_s, u"A real project folder (built on a copy); repeatable."_s, u"dir"_s});
    parser.addOption({u"generate"_s, u"Only write a generated project of the first size into this folder."_s, u"dir"_s});
    parser.process(app);

    const QString prometeu = QCoreApplication::applicationDirPath() + u"/prometeu"_s;
    const QString ninja = QStandardPaths::findExecutable(u"ninja"_s);
    if (!QFile::exists(prometeu) || ninja.isEmpty()) {
        std::fprintf(stderr, "needs %s and ninja on PATH\n", qPrintable(prometeu));
        return 2;
    }
    QList<int> sizes;
    for (const QString &size : parser.value(u"sizes"_s).split(u',', Qt::SkipEmptyParts))
        sizes.append(size.toInt());
    if (sizes.isEmpty() && !parser.isSet(u"project"_s))
        sizes = {10000};

    if (parser.isSet(u"generate"_s)) {
        QDir().mkpath(parser.value(u"generate"_s));
        generate(parser.value(u"generate"_s), sizes.value(0, 10000));
        return 0;
    }
    bool ok = true;
    for (int size : std::as_const(sizes)) {
        QTemporaryDir dir;
        generate(dir.path(), size);
        // Five cold runs of each kind where a copy is cheap.
        const Figures figures =
            measure(u"generated %1 assets"_s.arg(size), dir.path(), prometeu, ninja, size <= 20'000 ? 5 : 1);
        print(figures);
        ok = ok && figures.cold.exitCode == 0 && figures.noOp.exitCode == 0;
    }
    for (const QString &project : parser.values(u"project"_s)) {
        QTemporaryDir dir;
        // A copy, so the cold build is cold and the user's tree is not touched.
        QProcess copy;
        copy.start(u"cp"_s, {u"-a"_s, project + u"/."_s, dir.path()});
        copy.waitForFinished(-1);
        QDir(dir.path() + u"/.prometeu"_s).removeRecursively();
        QDir(dir.path() + u"/build"_s).removeRecursively();
        print(measure(QFileInfo(project).fileName(), dir.path(), prometeu, ninja, 3));
    }
    return ok ? 0 : 1;
}
