// Cold build and no-op rebuild of a generated 10,000-asset project, against
// a ninja no-op over the same files (one copy edge per asset) measured in
// the same run. Both tools are timed as processes, start-up included.
// Also reports the cold build's CPU time / wall time (2.0 = both cores busy).

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtEndian>

#include <sys/resource.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

struct Timing {
    double wall = 0;
    double cpu = 0;
    int exitCode = -1;
};

double childCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

Timing timeProcess(const QString &program, const QStringList &arguments, const QString &workingDirectory = {})
{
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const double cpuBefore = childCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    process.waitForFinished(-1);
    Timing timing;
    timing.wall = double(timer.nsecsElapsed()) / 1e9;
    timing.cpu = childCpuSeconds() - cpuBefore;
    timing.exitCode = process.exitCode();
    process.readAllStandardOutput();
    return timing;
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
    file.open(QIODevice::WriteOnly);
    file.write(bytes);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString prometeu = QCoreApplication::applicationDirPath() + u"/prometeu"_s;
    const QString ninja = QStandardPaths::findExecutable(u"ninja"_s);
    if (!QFile::exists(prometeu) || ninja.isEmpty()) {
        std::fprintf(stderr, "needs %s and ninja on PATH\n", qPrintable(prometeu));
        return 2;
    }

    QTemporaryDir dir;
    const QString root = dir.path();
    write(root + u"/prometeu.json"_s,
          R"({"id": "bench", "name": "Bench", "audio": {"sample_rate": 22050, "channels": 1}})");
    constexpr int images = 4000;
    constexpr int sounds = 1000;
    constexpr int jsons = 5000;
    QStringList assets;
    for (int i = 0; i < images + sounds + jsons; ++i) {
        const QString folder = u"assets/g%1"_s.arg(i % 100);
        QDir(root).mkpath(folder);
        QString name;
        if (i < images) {
            name = folder + u"/sprite%1.png"_s.arg(i);
            QImage image(16, 16, QImage::Format_RGBA8888);
            for (int y = 0; y < 16; ++y)
                for (int x = 0; x < 16; ++x)
                    image.setPixel(x, y, qRgba((x * i) & 255, (y * 7 + i) & 255, (x ^ y) * 16, 255));
            image.save(root + u'/' + name, "PNG");
        } else if (i < images + sounds) {
            name = folder + u"/sound%1.wav"_s.arg(i);
            write(root + u'/' + name, wav(i));
        } else {
            name = folder + u"/data%1.json"_s.arg(i);
            write(root + u'/' + name, u"{\"id\": %1, \"name\": \"item %1\", \"tags\": [1, 2, 3]}"_s.arg(i).toUtf8());
        }
        assets.append(name);
    }

    // The reference: ninja with one copy edge per asset.
    QByteArray manifest = "rule cp\n  command = cp $in $out\n\n";
    for (const QString &asset : std::as_const(assets))
        manifest += "build out/" + asset.toUtf8() + ": cp " + asset.toUtf8() + "\n";
    write(root + u"/build.ninja"_s, manifest);
    const Timing ninjaCold = timeProcess(ninja, {u"-j2"_s, u"-C"_s, root}, root);
    const Timing ninjaNoOp = timeProcess(ninja, {u"-C"_s, root}, root);

    const Timing cold = timeProcess(prometeu, {u"build"_s, root, u"--jobs"_s, u"2"_s});
    const Timing noOp = timeProcess(prometeu, {u"build"_s, root, u"--jobs"_s, u"2"_s});
    const Timing noOpAgain = timeProcess(prometeu, {u"build"_s, root, u"--jobs"_s, u"2"_s});
    const double bestNoOp = std::min(noOp.wall, noOpAgain.wall);
    const Timing ninjaNoOpAgain = timeProcess(ninja, {u"-C"_s, root}, root);
    const double bestNinja = std::min(ninjaNoOp.wall, ninjaNoOpAgain.wall);

    std::printf("assets                           %d (%d PNG 16x16, %d WAV 50 ms, %d JSON)\n",
                images + sounds + jsons, images, sounds, jsons);
    std::printf("cold build                       %.2f s wall, %.2f s CPU, CPU/wall %.2f\n", cold.wall, cold.cpu,
                cold.cpu / cold.wall);
    std::printf("no-op rebuild                    %.1f ms (best of 2)\n", bestNoOp * 1e3);
    std::printf("reference: ninja no-op           %.1f ms (best of 2; cold ninja copy %.2f s)\n", bestNinja * 1e3,
                ninjaCold.wall);
    std::printf("ratio no-op / ninja no-op        %.2f\n", bestNoOp / bestNinja);
    return cold.exitCode == 0 && noOp.exitCode == 0 && ninjaNoOp.exitCode == 0 ? 0 : 1;
}
