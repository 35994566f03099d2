// Event lane throughput: how many envelopes per second the packer can
// publish from many worker threads with sequencing and in-order hand-over,
// against the bare cost of appending the same values to a mutex-guarded list.

#include <packer/eventbuffer.h>
#include <packer/operationpublisher.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QThread>
#include <cstdio>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

template<typename Work>
double runThreads(int threads, Work work)
{
    QList<QThread *> workers;
    QElapsedTimer timer;
    timer.start();
    for (int t = 0; t < threads; ++t) {
        workers.append(QThread::create(work));
        workers.last()->start();
    }
    for (QThread *worker : workers) {
        worker->wait();
        delete worker;
    }
    return timer.nsecsElapsed() / 1e9;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int threads = QThread::idealThreadCount();
    constexpr int perThread = 250000;
    const double total = double(threads) * perThread;
    const QString summary = u"Converted sprites/hero.png"_s;
    const QStringList assets{u"sprites/hero.png"_s};

    // Reference: the same event values appended under a plain mutex.
    QMutex mutex;
    QList<PackerEvent> plain;
    plain.reserve(qsizetype(total));
    PackerEvent prototype;
    prototype.kind = EventKind::CacheHit;
    prototype.summary = summary;
    prototype.affectedAssets = assets;
    const double referenceSeconds = runThreads(threads, [&] {
        for (int i = 0; i < perThread; ++i) {
            PackerEvent event = prototype;
            event.timestamp = QDateTime::currentDateTimeUtc();
            QMutexLocker locker(&mutex);
            plain.append(event);
        }
    });

    EventBuffer sink;
    OperationPublisher publisher(&sink, u"bench"_s, OperationKind::Build);
    publisher.start(u"bench"_s);
    const double laneSeconds = runThreads(threads, [&] {
        for (int i = 0; i < perThread; ++i)
            publisher.publish(EventKind::CacheHit, summary, {}, assets);
    });
    publisher.finish(OperationOutcome::Succeeded, u"done"_s);

    QElapsedTimer serialiseTimer;
    serialiseTimer.start();
    qsizetype bytes = 0;
    const QList<PackerEvent> events = sink.takeAll();
    for (qsizetype i = 0; i < qMin<qsizetype>(events.size(), 200000); ++i)
        bytes += events.at(i).toJsonLine().size() + 1;
    const double serialiseSeconds = serialiseTimer.nsecsElapsed() / 1e9;
    const double serialised = double(qMin<qsizetype>(events.size(), 200000));

    std::printf("threads                      %d\n", threads);
    std::printf("events                       %.0f\n", total);
    std::printf("event lane publish           %.0f events/s\n", total / laneSeconds);
    std::printf("reference (mutex + append)   %.0f events/s\n", total / referenceSeconds);
    std::printf("ratio lane/reference         %.2f\n", (total / laneSeconds) / (total / referenceSeconds));
    std::printf("JSON-lines serialisation     %.0f events/s (%.0f bytes/event)\n",
                serialised / serialiseSeconds, double(bytes) / serialised);
    return events.size() == qsizetype(total) + 2 ? 0 : 1;
}
