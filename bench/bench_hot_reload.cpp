// Live reload latency (issue #14): from the write of one image to the
// running game's `reloaded` answer, over 50 edits, on the demo and on the
// demo grown to more than 3,000 assets; and the game's frame interval while
// it reloads. Reference, same run: Stop then Play until running again, what
// a developer does without live reload.
//
// Usage: bench_hot_reload [edits] (default 50). Uses the reference runtime
// next to this executable, headless.

#include <core/projectcore.h>
#include <session/executionsession.h>
#include <session/livereload.h>
#include <session/playcontroller.h>

#include <QCoreApplication>
#include <core/projectwatcher.h>

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QDeadlineTimer>
#include <QThreadPool>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Prometeu;

namespace {

bool copyDemo(const QString &to)
{
    const QString from = QStringLiteral(PROMETEU_SOURCE_DIR "/examples/demo");
    return QProcess::execute(u"cp"_s, {u"-a"_s, from, to}) == 0
        && QDir(to + u"/.prometeu"_s).removeRecursively() && QDir(to + u"/build"_s).removeRecursively();
}

// 1,000 unique 16×16 PNGs, 1,000 JSON files, 1,000 text files: the
// project's size must not slow a one-file reload.
bool grow(const QString &project)
{
    for (int i = 0; i < 1000; ++i) {
        const QString folder = project + u"/assets/level%1/"_s.arg(i / 100);
        if (!QDir().mkpath(folder))
            return false;
        QImage image(16, 16, QImage::Format_RGBA8888);
        image.fill(QColor::fromRgb(i % 256, (i / 256) * 40, 128));
        if (!image.save(folder + u"tile%1.png"_s.arg(i)))
            return false;
        QFile json(folder + u"thing%1.json"_s.arg(i));
        QFile text(folder + u"note%1.txt"_s.arg(i));
        if (!json.open(QIODevice::WriteOnly) || !text.open(QIODevice::WriteOnly))
            return false;
        json.write(QByteArray(R"({"id": )") + QByteArray::number(i) + R"(, "hp": 3, "sprite": "sprites/slime.png"})");
        text.write("note " + QByteArray::number(i) + '\n');
    }
    return true;
}

double percentile(QList<double> values, double q)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(qMin(values.size() - 1, qsizetype(q * values.size())));
}

struct Figures {
    QList<double> latencies; // ms
    QString frames;          // the runtime's own summary of its frame intervals
    double restartMs = 0;
    bool ok = false;
};

Figures measure(const QString &project, int edits)
{
    Figures figures;
    QThreadPool pool;
    ProjectCore::Options options;
    options.runtimePath = QCoreApplication::applicationDirPath() + u"/prometeu-runtime"_s;
    options.headlessRuntime = true;
    auto loaded = ProjectLoader::load(project);
    if (!loaded.ok())
        return figures;
    ProjectCore core(*loaded.project, &pool, options);
    LiveReload *live = core.playController()->liveReload();
    QSignalSpy reloaded(live, &LiveReload::reloaded);
    QSignalSpy skipped(live, &LiveReload::skipped);
    QSignalSpy scanned(&core, &ProjectCore::scanFinished);
    QSignalSpy ended(core.playController(), &PlayController::runEnded);
    QSignalSpy states(core.session(), &ExecutionSession::stateChanged);
    if (!core.play() || !scanned.wait(120'000))
        return figures;
    // Edits count from a running game: one made while Play is still
    // preparing goes into the first cartridge, not into a reload.
    while (core.session()->state() != SessionState::Running) {
        if (!states.wait(60'000))
            return figures;
    }
    // ... and from a watcher that watches every file: it adds its watches
    // a slice per event-loop turn after the scan, and a file written before
    // its watch exists is not seen (noted in #16's closing note).
    QDeadlineTimer watchesDeadline(60'000);
    while (core.watcher()->pendingWatches() > 0 && !watchesDeadline.hasExpired())
        QTest::qWait(5);
    const QString hero = project + u"/assets/sprites/hero.png"_s;
    QImage image(hero);
    for (int i = 0; i < edits; ++i) {
        image.setPixelColor(i % 12, 0, QColor::fromRgb(i * 5 % 256, 255 - i, 7)); // new content each time
        QByteArray png;
        {
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            image.save(&buffer, "PNG");
        }
        const qsizetype before = reloaded.size();
        QFile file(hero);
        QElapsedTimer clock;
        clock.start();
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(png) != png.size())
            return figures;
        file.close();
        while (reloaded.size() == before) {
            if (!reloaded.wait(20'000)) {
                std::fprintf(stderr, "edit %d: no reload (%lld skipped); the log's end:\n", i, qint64(skipped.size()));
                const QList<LogEntry> entries = core.session()->log().entries();
                for (qsizetype k = qMax<qsizetype>(0, entries.size() - 12); k < entries.size(); ++k)
                    std::fprintf(stderr, "  %s\n", qPrintable(entries[k].message));
                return figures;
            }
        }
        figures.latencies.append(clock.nsecsElapsed() / 1e6);
    }
    if (qEnvironmentVariableIsSet("BENCH_TRACE")) { // where the last reload's time went
        const QList<LogEntry> entries = core.session()->log().entries();
        for (qsizetype i = qMax<qsizetype>(0, entries.size() - 9); i < entries.size(); ++i)
            std::fprintf(stderr, "  %lld %s\n", entries[i].timestampMs - entries.first().timestampMs,
                         qPrintable(entries[i].message));
    }
    core.stop();
    if (!ended.wait(30'000))
        return figures;
    for (const LogEntry &entry : core.session()->log().entries()) {
        if (entry.message.startsWith(u"stopped after"_s))
            figures.frames = entry.message.section(u"; "_s, 1);
    }
    // Reference: what live reload saves, a restart (Play until running).
    QElapsedTimer restart;
    restart.start();
    if (!core.play())
        return figures;
    while (core.session()->state() != SessionState::Running)
        if (!states.wait(60'000))
            return figures;
    figures.restartMs = restart.nsecsElapsed() / 1e6;
    core.stop();
    ended.wait(30'000);
    figures.ok = true;
    return figures;
}

void report(const char *name, const Figures &figures)
{
    if (!figures.ok) {
        std::printf("%-22s FAILED\n", name);
        return;
    }
    const double p50 = percentile(figures.latencies, 0.5), p95 = percentile(figures.latencies, 0.95);
    std::printf("%-22s edit-to-reloaded over %lld edits: median %6.1f ms, p95 %6.1f ms, max %6.1f ms\n", name,
                qint64(figures.latencies.size()), p50, p95, percentile(figures.latencies, 1.0));
    std::printf("%-22s runtime while reloading: %s\n", name, qPrintable(figures.frames));
    std::printf("%-22s reference: Stop + Play until running %6.1f ms; ratio reload p50 / restart %.2f\n", name,
                figures.restartMs, p50 / figures.restartMs);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int edits = argc > 1 ? qMax(1, atoi(argv[1])) : 50;
    QTemporaryDir dir;
    const QString demo = dir.filePath(u"demo"_s), big = dir.filePath(u"big"_s);
    if (!copyDemo(demo) || !copyDemo(big) || !grow(big)) {
        std::fprintf(stderr, "cannot prepare the projects\n");
        return 1;
    }
    report("demo (26 assets)", measure(demo, edits));
    report("3,026 assets", measure(big, edits));
    return 0;
}
