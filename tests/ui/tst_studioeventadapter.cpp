#include "testsupport.h"

#include <packer/fanoutsink.h>
#include <packer/operationpublisher.h>
#include <ui/studioeventadapter.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <thread>
#include <atomic>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

// Everything the adapter delivered, in delivery order, with batch sizes.
struct Collector {
    explicit Collector(StudioEventAdapter *adapter)
    {
        QObject::connect(adapter, &StudioEventAdapter::eventsPublished, adapter, [this](const QList<PackerEvent> &batch) {
            batches.append(batch.size());
            events.append(batch);
        });
    }
    qsizetype terminalCount() const
    {
        return std::count_if(events.cbegin(), events.cend(),
                             [](const PackerEvent &event) { return event.kind == EventKind::OperationFinished; });
    }
    QList<PackerEvent> events;
    QList<qsizetype> batches;
};

// Publishes one operation's events through a real OperationPublisher, so
// sequences and the terminal event are the packer's own.
void publishOperation(PackerEventSink *sink, int progressEvents, int milestoneEvery)
{
    OperationPublisher publisher(sink, u"test"_s, OperationKind::Build);
    publisher.start(u"Building."_s, {});
    for (int i = 1; i <= progressEvents; ++i) {
        publisher.publish(EventKind::ProgressUpdated, u"Converting."_s, {}, {}, EventProgress{i, progressEvents});
        if (milestoneEvery > 0 && i % milestoneEvery == 0)
            publisher.publish(EventKind::CacheHit, u"Up to date: a%1.png."_s.arg(i), {}, {u"a%1.png"_s.arg(i)});
    }
    publisher.finish(OperationOutcome::Succeeded, u"Built."_s);
}

} // namespace

class TestStudioEventAdapter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deliversOnTheConsumerThreadInBatches()
    {
        StudioEventAdapter adapter;
        Collector collector(&adapter);
        QThread *consumer = QThread::currentThread();
        QThread *deliveredOn = nullptr;
        connect(&adapter, &StudioEventAdapter::eventsPublished, this,
                [&] { deliveredOn = QThread::currentThread(); });
        std::thread worker([&] { publishOperation(&adapter, 0, 0); });
        worker.join();
        QTRY_COMPARE(collector.terminalCount(), 1);
        QCOMPARE(deliveredOn, consumer);
        QCOMPARE(collector.events.size(), 2);
        QCOMPARE(collector.batches.size(), 1); // two events, one queued call
    }

    void keepsPerOperationOrderUnderConcurrentPublishers()
    {
        StudioEventAdapter adapter;
        adapter.setMaxBatchSize(97); // odd size: batches split operations anywhere
        Collector collector(&adapter);
        constexpr int threads = 4;
        constexpr int operationsPerThread = 25;
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&] {
                for (int op = 0; op < operationsPerThread; ++op)
                    publishOperation(&adapter, 200, 7);
            });
        }
        for (auto &worker : workers)
            worker.join();
        QTRY_COMPARE(collector.terminalCount(), threads * operationsPerThread);
        QTRY_COMPARE(adapter.backlog(), 0);

        QHash<QString, quint64> last;
        QHash<QString, int> milestones;
        QHash<QString, bool> finished;
        for (const PackerEvent &event : std::as_const(collector.events)) {
            QVERIFY2(!finished.value(event.operationId), "an event after operation_finished");
            QVERIFY2(event.sequence > last.value(event.operationId), "per-operation order broken");
            last[event.operationId] = event.sequence;
            if (event.kind == EventKind::CacheHit)
                ++milestones[event.operationId];
            if (event.kind == EventKind::OperationFinished)
                finished[event.operationId] = true;
        }
        QCOMPARE(last.size(), threads * operationsPerThread);
        for (int count : std::as_const(milestones))
            QCOMPARE(count, 200 / 7); // every non-progress event, none coalesced
        for (qsizetype size : std::as_const(collector.batches))
            QVERIFY(size <= 97);
    }

    void coalescesProgressToTheLatestAtAboutThirtyPerSecond()
    {
        StudioEventAdapter adapter;
        Collector collector(&adapter);
        constexpr int progressEvents = 200'000;
        QElapsedTimer clock;
        clock.start();
        std::thread worker([&] { publishOperation(&adapter, progressEvents, 0); });
        // Keep the consumer turning while the worker publishes.
        while (!collector.terminalCount())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        worker.join();
        const qint64 elapsedMs = clock.elapsed();

        QList<PackerEvent> progress;
        for (const PackerEvent &event : std::as_const(collector.events)) {
            if (event.kind == EventKind::ProgressUpdated)
                progress.append(event);
        }
        // At most one per interval (plus the first, and the one flushed in
        // front of the terminal event), and a real reduction.
        const qint64 bound = elapsedMs / StudioEventAdapter::defaultProgressIntervalMs + 2;
        QVERIFY2(progress.size() <= bound, qPrintable(u"%1 progress events in %2 ms"_s.arg(progress.size()).arg(elapsedMs)));
        QVERIFY(progress.size() >= 1);
        QCOMPARE(adapter.statistics().coalesced + quint64(progress.size()), quint64(progressEvents));
        // The latest value is never lost: the last progress seen is 100%.
        QCOMPARE(progress.last().progress->done, progressEvents);
        QCOMPARE(collector.events.last().kind, EventKind::OperationFinished);
    }

    void passesEventsThroughUnchanged()
    {
        StudioEventAdapter adapter;
        EventBuffer reference;
        FanOutSink both;
        both.addSink(&adapter);
        both.addSink(&reference);
        Collector collector(&adapter);
        publishOperation(&both, 50, 5);
        QTRY_COMPARE(collector.terminalCount(), 1);
        const QList<PackerEvent> published = reference.takeAll();
        QHash<quint64, PackerEvent> bySequence;
        for (const PackerEvent &event : published)
            bySequence.insert(event.sequence, event);
        for (const PackerEvent &event : std::as_const(collector.events))
            QCOMPARE(event, bySequence.value(event.sequence)); // no invented summary, cause or field
    }

    void deliversAMillionEventBurstInBoundedBatches()
    {
        StudioEventAdapter adapter;
        Collector collector(&adapter);
        constexpr int perThread = 500'000;
        std::vector<std::thread> workers;
        for (int t = 0; t < 2; ++t) {
            workers.emplace_back([&] {
                OperationPublisher publisher(&adapter, u"test"_s, OperationKind::Build);
                publisher.start(u"Building."_s, {});
                // Cache hits: individually meaningful, none may be coalesced.
                for (int i = 0; i < perThread - 2; ++i)
                    publisher.publish(EventKind::CacheHit, u"Up to date."_s);
                publisher.finish(OperationOutcome::Succeeded, u"Built."_s);
            });
        }
        // While the burst drains, other GUI work still gets its turn.
        int timerTurns = 0;
        QTimer other;
        connect(&other, &QTimer::timeout, this, [&] { ++timerTurns; });
        other.start(0);
        for (auto &worker : workers)
            worker.join();
        QTRY_COMPARE_WITH_TIMEOUT(collector.events.size(), 2 * perThread, 60'000);
        other.stop();
        QCOMPARE(collector.terminalCount(), 2);
        const qsizetype largest = *std::max_element(collector.batches.cbegin(), collector.batches.cend());
        QVERIFY(largest <= StudioEventAdapter::defaultMaxBatch);
        QVERIFY(collector.batches.size() >= 2 * perThread / StudioEventAdapter::defaultMaxBatch);
        QVERIFY2(timerTurns >= collector.batches.size() / 2,
                 qPrintable(u"%1 timer turns for %2 batches"_s.arg(timerTurns).arg(collector.batches.size())));
        QCOMPARE(adapter.statistics().delivered, quint64(2 * perThread));
    }
};

QTEST_MAIN(TestStudioEventAdapter)
#include "tst_studioeventadapter.moc"
