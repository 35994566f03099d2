// Scan cost on a 10,000-file project: a cold scan (every file read and
// hashed) and a warm rescan (stat only, hashes reused), each against a
// reference done in the same run: a plain QDirIterator walk that reads
// every file, and one that only stats.

#include <packer/eventbuffer.h>
#include <packer/packer.h>

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QThreadPool>
#include <cstdio>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

double timeScan(const Project &project, qsizetype *assets)
{
    EventBuffer sink;
    QThreadPool pool;
    Packer packer(project, &sink, &pool);
    QElapsedTimer timer;
    timer.start();
    QFuture<ScanReport> future = packer.scan();
    future.waitForFinished();
    const double seconds = timer.nsecsElapsed() / 1e9;
    *assets = future.result().assets.size();
    return seconds;
}

double timeReferenceWalk(const QString &root, bool readContent)
{
    QElapsedTimer timer;
    timer.start();
    qint64 total = 0;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info = it.nextFileInfo();
        if (readContent) {
            QFile file(info.filePath());
            if (file.open(QIODevice::ReadOnly))
                total += file.readAll().size();
        } else {
            total += info.size() + info.lastModified().toMSecsSinceEpoch() % 2;
        }
    }
    Q_UNUSED(total);
    return timer.nsecsElapsed() / 1e9;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr int files = 10000;
    QTemporaryDir dir;
    QFile manifest(dir.filePath(u"prometeu.json"_s));
    manifest.open(QIODevice::WriteOnly);
    manifest.write(R"({"id": "bench", "name": "Bench"})");
    manifest.close();
    QDir().mkpath(dir.filePath(u"assets"_s));
    const QByteArray content(4096, 'x');
    for (int i = 0; i < files; ++i) {
        const QString folder = dir.filePath(u"assets/d%1"_s.arg(i % 100));
        QDir().mkpath(folder);
        QFile file(folder + u"/f%1.txt"_s.arg(i));
        file.open(QIODevice::WriteOnly);
        file.write(content + QByteArray::number(i));
    }
    const Project project = *ProjectLoader::load(dir.path()).project;

    const double referenceRead = timeReferenceWalk(project.assetsPath(), true);
    qsizetype assets = 0;
    const double cold = timeScan(project, &assets);
    const double referenceStat = timeReferenceWalk(project.assetsPath(), false);
    const double warm = timeScan(project, &assets);

    std::printf("files                              %d (4 KiB each)\n", files);
    std::printf("cold scan (read + XXH3 + events)   %.1f ms\n", cold * 1e3);
    std::printf("reference: walk + read all         %.1f ms\n", referenceRead * 1e3);
    std::printf("ratio cold/reference               %.2f\n", cold / referenceRead);
    std::printf("warm rescan (stat, hashes reused)  %.1f ms\n", warm * 1e3);
    std::printf("reference: walk + stat             %.1f ms\n", referenceStat * 1e3);
    std::printf("ratio warm/reference               %.2f\n", warm / referenceStat);
    return assets == files ? 0 : 1;
}
