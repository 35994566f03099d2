// keepPoolThreadsBelowCaller and parallelMap: every task of the Studio's
// pool, and every item of a map one of them runs, works below the thread
// that made the pool, including tasks started while a map has given its
// slot back and threads the pool makes for such a map.

#include <packer/parallelmap.h>
#include <support/backgroundpriority.h>

#include <QMutex>
#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>

#include <atomic>
#include <thread>

using namespace Prometeu;

class TestBackgroundPriority : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyTaskAndMapItemRunsBelowTheCaller()
    {
        const int callers = currentThreadNice();
        if (callers >= 19)
            QSKIP("this process already runs at the lowest priority");
        const int below = qMin(19, callers + 5);

        QThreadPool pool;
        pool.setMaxThreadCount(2);
        keepPoolThreadsBelowCaller(&pool);

        QMutex mutex;
        QList<int> seen;        // a nice value per task and per map item
        QSet<Qt::HANDLE> threads;
        auto note = [&] {
            const QMutexLocker locker(&mutex);
            seen.append(currentThreadNice());
            threads.insert(QThread::currentThreadId());
        };

        // Operations that each run a map (giving their slot back meanwhile),
        // and plain tasks started from this thread while the maps run.
        QSemaphore mapsRunning;
        std::atomic<int> items = 0;
        QList<QFuture<void>> done;
        for (int operation = 0; operation < 3; ++operation) {
            done.append(QtConcurrent::run(&pool, [&] {
                note();
                QList<int> work(200);
                mapsRunning.release();
                parallelMap(&pool, work, [&](int) {
                    note();
                    ++items;
                    QThread::usleep(200); // long enough for the maps to overlap the plain tasks
                });
            }));
        }
        QVERIFY(mapsRunning.tryAcquire(1, 10'000));
        for (int task = 0; task < 20; ++task)
            done.append(QtConcurrent::run(&pool, note));
        for (QFuture<void> &future : done)
            future.waitForFinished();

        QCOMPARE(items.load(), 600);
        QCOMPARE(seen.size(), 3 + 600 + 20);
        for (int nice : std::as_const(seen))
            QCOMPARE(nice, below);
        QVERIFY2(threads.size() >= 2, "the maps never ran beside their callers");
        QCOMPARE(currentThreadNice(), callers); // the caller itself is left as it was
    }

    // A thread made by the GUI thread, asked to work for a lowered one.
    void aThreadFollowsTheNiceItWorksFor()
    {
        const int callers = currentThreadNice();
        if (callers >= 17)
            QSKIP("this process already runs near the lowest priority");
        int before = -100;
        int after = -100;
        int again = -100;
        std::thread helper([&] {
            before = currentThreadNice();
            followThreadNice(callers + 2);
            after = currentThreadNice();
            followThreadNice(callers + 2); // remembered: no second change
            again = currentThreadNice();
        });
        helper.join();
        QCOMPARE(before, callers);
        QCOMPARE(after, callers + 2);
        QCOMPARE(again, callers + 2);
        QCOMPARE(currentThreadNice(), callers);
    }

    void followingNeverRaisesAThread()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        keepPoolThreadsBelowCaller(&pool);
        int after = -100;
        QtConcurrent::run(&pool, [&] {
            const int lowered = currentThreadNice();
            followThreadNice(lowered - 5); // asked to run above: stays where it is
            after = currentThreadNice() - lowered;
        }).waitForFinished();
        QCOMPARE(after, 0);
    }
};

QTEST_GUILESS_MAIN(TestBackgroundPriority)
#include "tst_backgroundpriority.moc"
