#include "support/backgroundpriority.h"

#include <QThreadPool>

#include <algorithm>
#include <cerrno>
#include <latch>
#include <memory>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace Prometeu {

namespace {
constexpr int backgroundSteps = 5;
}

int currentThreadNice()
{
#if defined(__linux__)
    // On Linux a nice value belongs to a thread, addressed by its id.
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)));
    return errno == 0 ? nice : 0;
#else
    return 0;
#endif
}

void lowerCurrentThreadPriority()
{
#if defined(__linux__)
    const int nice = std::min(19, currentThreadNice() + backgroundSteps);
    // Failing leaves it as it was: only the GUI's latency depends on it.
    setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), nice);
#endif
}

void applyServicePriority(ServicePriority priority)
{
    if (priority == ServicePriority::BelowCaller)
        lowerCurrentThreadPriority();
}

void followThreadNice(int nice)
{
#if defined(__linux__)
    // Asked once per map item: remember what this thread already follows.
    thread_local int followed = -100;
    if (followed == nice)
        return;
    followed = nice;
    if (currentThreadNice() < nice)
        setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), std::min(19, nice));
#else
    Q_UNUSED(nice);
#endif
}

void keepPoolThreadsBelowCaller(QThreadPool *pool)
{
    prepareEveryPoolThread(pool, lowerCurrentThreadPriority);
}

void prepareEveryPoolThread(QThreadPool *pool, void (*prepare)())
{
    pool->setExpiryTimeout(-1); // an expired thread would be made again by whoever starts the next task
    // Each waits for the others, so that every start() below makes a new
    // thread instead of handing the task to one that has already run it.
    const int threads = pool->maxThreadCount();
    auto meeting = std::make_shared<std::latch>(threads);
    for (int i = 0; i < threads; ++i) {
        pool->start([meeting, prepare] {
            prepare();
            meeting->arrive_and_wait();
        });
    }
}

} // namespace Prometeu
