#include "hub/blockingcall.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <condition_variable>
#include <mutex>

namespace Prometeu {

void runBlocking(QObject *context, const std::function<void()> &call)
{
    if (context->thread() == QThread::currentThread()) {
        call();
        return;
    }
    std::mutex mutex;
    std::condition_variable ran;
    bool done = false;
    QMetaObject::invokeMethod(context, [&] {
        call();
        {
            const std::lock_guard locker(mutex);
            done = true;
        }
        ran.notify_one();
    }, Qt::QueuedConnection);
    std::unique_lock locker(mutex);
    ran.wait(locker, [&] { return done; });
}

} // namespace Prometeu
