#include "hub/blockingcall.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <condition_variable>
#include <memory>
#include <mutex>

namespace Prometeu {

void runBlocking(QObject *context, const std::function<void()> &call)
{
    if (context->thread() == QThread::currentThread()) {
        call();
        return;
    }
    // Shared with the queued call, not on this stack: the waiter may see
    // `done` and return (destroying what lives in its frame) before the
    // other thread has finished notifying. A condition variable on the
    // stack notified after that corrupted the caller's return address
    // under ThreadSanitizer.
    struct Handover {
        std::mutex mutex;
        std::condition_variable ran;
        bool done = false;
    };
    const auto handover = std::make_shared<Handover>();
    QMetaObject::invokeMethod(context, [handover, &call] {
        call();
        const std::lock_guard locker(handover->mutex);
        handover->done = true;
        handover->ran.notify_one();
    }, Qt::QueuedConnection);
    std::unique_lock locker(handover->mutex);
    handover->ran.wait(locker, [&] { return handover->done; });
}

} // namespace Prometeu
