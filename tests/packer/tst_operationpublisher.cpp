#include "testsupport.h"

#include <packer/eventbuffer.h>
#include <packer/operationpublisher.h>
#include <packer/operationrunner.h>

#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>

#include <thread>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestOperationPublisher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sequenceIsContiguousUnderConcurrentPublishers()
    {
        EventBuffer sink;
        OperationPublisher publisher(&sink, u"p"_s, OperationKind::Build);
        QVERIFY(publisher.start(u"go"_s));

        constexpr int threads = 8;
        constexpr int perThread = 20000;
        QSemaphore startLine;
        QList<QThread *> workers;
        for (int t = 0; t < threads; ++t) {
            workers.append(QThread::create([&] {
                startLine.acquire(); // release all at once for maximum contention
                for (int i = 0; i < perThread; ++i)
                    publisher.publish(EventKind::CacheHit, u"hit"_s);
            }));
            workers.last()->start();
        }
        startLine.release(threads);
        for (QThread *worker : workers) {
            QVERIFY(worker->wait(60000));
            delete worker;
        }
        QVERIFY(publisher.finish(OperationOutcome::Succeeded, u"done"_s));

        const QList<PackerEvent> events = sink.takeAll();
        QCOMPARE(events.size(), threads * perThread + 2);
        // Sink order equals sequence order, starting at 1, no gap, no duplicate.
        for (qsizetype i = 0; i < events.size(); ++i)
            QCOMPARE(events.at(i).sequence, quint64(i + 1));
        QCOMPARE(events.first().kind, EventKind::OperationStarted);
        QCOMPARE(events.last().kind, EventKind::OperationFinished);
        QCOMPARE(events.last().outcome(), OperationOutcome::Succeeded);
        for (const PackerEvent &event : events) {
            QCOMPARE(event.operationId, publisher.operationId());
            QCOMPARE(event.projectId, u"p"_s);
        }
    }

    void finishRacingPublishersIsAlwaysLast()
    {
        // Workers keep publishing while another thread finishes the operation:
        // whatever interleaving happens, the terminal event is the last one.
        for (int round = 0; round < 50; ++round) {
            EventBuffer sink;
            OperationPublisher publisher(&sink, u"p"_s, OperationKind::Scan);
            publisher.start(u"go"_s);
            std::atomic<bool> stop{false};
            // A std::thread: its join() is one ThreadSanitizer sees (QThread::wait
            // waits inside Debian's uninstrumented Qt, so the next round's
            // publisher, built where this one was, looked like a race).
            std::thread worker([&] {
                while (!stop.load())
                    publisher.publish(EventKind::ProgressUpdated, u"tick"_s);
            });
            const bool ticked = QTest::qWaitFor([&] { return publisher.lastSequence() > 10; }, 10'000);
            const bool finishedHere = publisher.finish(OperationOutcome::Cancelled, u"stop"_s);
            stop.store(true);
            worker.join();
            QVERIFY(ticked);
            QVERIFY(finishedHere);

            const QList<PackerEvent> events = sink.takeAll();
            QCOMPARE(events.last().kind, EventKind::OperationFinished);
            int finished = 0;
            for (const PackerEvent &event : events)
                finished += event.kind == EventKind::OperationFinished;
            QCOMPARE(finished, 1);
        }
    }

    void refusesEventsOutsideTheLifecycle()
    {
        EventBuffer sink;
        OperationPublisher publisher(&sink, u"p"_s, OperationKind::Doctor);
        QVERIFY(!publisher.publish(EventKind::DiagnosticsUpdated, u"too early"_s));
        QVERIFY(publisher.start(u"go"_s));
        QVERIFY(!publisher.start(u"again"_s));
        QVERIFY(!publisher.publish(EventKind::OperationFinished, u"not this way"_s));
        QVERIFY(publisher.finish(OperationOutcome::Failed, u"broke"_s));
        QVERIFY(!publisher.finish(OperationOutcome::Succeeded, u"twice"_s));
        QVERIFY(!publisher.publish(EventKind::DiagnosticsUpdated, u"too late"_s));
        const QList<PackerEvent> events = sink.takeAll();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.last().outcome(), OperationOutcome::Failed);
    }

    void finishWithoutStartStillHasTheSpine()
    {
        EventBuffer sink;
        OperationPublisher publisher(&sink, u"p"_s, OperationKind::Preview);
        QVERIFY(publisher.finish(OperationOutcome::Cancelled, u"never ran"_s));
        const QList<PackerEvent> events = sink.takeAll();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).kind, EventKind::OperationStarted);
        QCOMPARE(events.at(0).sequence, 1u);
        QCOMPARE(events.at(1).kind, EventKind::OperationFinished);
    }

    void operationIdsAreUniqueAndReadable()
    {
        const QString a = OperationPublisher::newOperationId(OperationKind::Build);
        const QString b = OperationPublisher::newOperationId(OperationKind::Build);
        QVERIFY(a != b);
        QVERIFY(a.startsWith(u"build-"_s));
    }

    void runnerPublishesFailureWhenTheBodyThrows()
    {
        EventBuffer sink;
        QThreadPool pool;
        auto publisher = std::make_shared<OperationPublisher>(&sink, u"p"_s, OperationKind::Action);
        QFuture<int> future = runOperation<int>(&pool, publisher, u"start"_s, {}, [](OperationScope &) -> int {
            throw std::runtime_error("disk on fire");
        });
        future.waitForFinished();
        QCOMPARE(future.resultCount(), 0);
        pool.waitForDone();
        const QList<PackerEvent> events = sink.takeAll();
        QCOMPARE(events.last().outcome(), OperationOutcome::Failed);
        QVERIFY(events.last().summary.contains(u"disk on fire"_s));
    }

    void failedOperationsDeliverNoResultUnlessTheyKeepIt()
    {
        EventBuffer sink;
        QThreadPool pool;
        auto failing = std::make_shared<OperationPublisher>(&sink, u"p"_s, OperationKind::Scan);
        QFuture<int> dropped = runOperation<int>(&pool, failing, u"start"_s, {}, [](OperationScope &scope) {
            scope.fail(u"no state folder"_s);
            return 7;
        });
        auto keeping = std::make_shared<OperationPublisher>(&sink, u"p"_s, OperationKind::Build);
        QFuture<int> kept = runOperation<int>(&pool, keeping, u"start"_s, {}, [](OperationScope &scope) {
            scope.fail(u"2 assets failed"_s);
            scope.keepResultOnFailure();
            return 2;
        });
        dropped.waitForFinished();
        kept.waitForFinished();
        pool.waitForDone();
        QCOMPARE(dropped.resultCount(), 0);
        QCOMPARE(kept.resultCount(), 1);
        QCOMPARE(kept.result(), 2);
        for (const PackerEvent &event : sink.takeAll()) {
            if (event.kind == EventKind::OperationFinished)
                QCOMPARE(event.outcome(), OperationOutcome::Failed);
        }
    }

    void runnerReportsCancellationOfARunningOperation()
    {
        EventBuffer sink;
        QThreadPool pool;
        QSemaphore entered;
        QSemaphore release;
        auto publisher = std::make_shared<OperationPublisher>(&sink, u"p"_s, OperationKind::Build);
        QFuture<int> future = runOperation<int>(&pool, publisher, u"start"_s, {}, [&](OperationScope &scope) {
            entered.release();
            release.acquire();
            return scope.isCancelled() ? 0 : 1;
        });
        QVERIFY(entered.tryAcquire(1, 10000));
        future.cancel();
        release.release();
        pool.waitForDone();
        const QList<PackerEvent> events = sink.takeAll();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.last().outcome(), OperationOutcome::Cancelled);
        QVERIFY(future.isCanceled());
    }

    void runnerClosesAnOperationCancelledBeforeItRan()
    {
        EventBuffer sink;
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        // Occupy the only worker so the operation stays queued.
        QSemaphore release;
        auto blocker = QtConcurrent::run(&pool, [&] { release.acquire(); });
        bool bodyRan = false;
        auto publisher = std::make_shared<OperationPublisher>(&sink, u"p"_s, OperationKind::Scan);
        QFuture<int> future = runOperation<int>(&pool, publisher, u"start"_s, {}, [&](OperationScope &) {
            bodyRan = true;
            return 1;
        });
        QCOMPARE(sink.events().size(), 1); // operation_started is immediate
        future.cancel();
        release.release();
        pool.waitForDone();
        QVERIFY(!bodyRan);
        const QList<PackerEvent> events = sink.takeAll();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.last().kind, EventKind::OperationFinished);
        QCOMPARE(events.last().outcome(), OperationOutcome::Cancelled);
    }

    void progressEventsAreMonotonicAndBounded()
    {
        EventBuffer sink;
        QThreadPool pool;
        auto publisher = std::make_shared<OperationPublisher>(&sink, u"p"_s, OperationKind::Scan);
        QFuture<int> future = runOperation<int>(&pool, publisher, u"start"_s, {}, [](OperationScope &scope) {
            constexpr int items = 10000;
            scope.beginProgress(u"hashing"_s, items);
            QList<int> work(items);
            QtConcurrent::blockingMap(work, [&](int &) { scope.advance(); });
            return items;
        });
        future.waitForFinished();
        pool.waitForDone();
        qint64 lastDone = -1;
        int progressEvents = 0;
        for (const PackerEvent &event : sink.takeAll()) {
            if (event.kind != EventKind::ProgressUpdated)
                continue;
            ++progressEvents;
            QVERIFY(event.progress->done > lastDone);
            lastDone = event.progress->done;
            QCOMPARE(event.progress->total, 10000);
        }
        QCOMPARE(lastDone, 10000);
        QVERIFY2(progressEvents <= 101, qPrintable(QString::number(progressEvents)));
    }
};

QTEST_GUILESS_MAIN(TestOperationPublisher)
#include "tst_operationpublisher.moc"
