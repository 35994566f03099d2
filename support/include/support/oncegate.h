#pragma once

#include <QMutex>

#include <atomic>

namespace Prometeu {

// Runs a function once, for whichever thread asks first, while the others
// that ask meanwhile wait for it: what std::call_once does, without its
// system call. glibc's pthread_once, under std::call_once, wakes waiters
// with a futex call after every first run whether anyone waits or not:
// two for each frame of the hub, 20,000 for a 10,000-asset build, most of
// its history thread's time in the kernel. Here an uncontended first run
// takes an unlocked mutex, and later calls one atomic load.
//
// If the function throws, nothing is marked done: the next caller runs it.
class OnceGate
{
public:
    template<typename Function>
    void run(Function &&function)
    {
        if (m_done.load(std::memory_order_acquire))
            return;
        QMutexLocker locker(&m_mutex);
        // Acquire here too: ThreadSanitizer does not see inside Qt's mutex,
        // only this load pairs the waiter with the first run's writes.
        if (m_done.load(std::memory_order_acquire))
            return;
        function();
        m_done.store(true, std::memory_order_release);
    }

private:
    std::atomic<bool> m_done{false};
    QBasicMutex m_mutex;
};

} // namespace Prometeu
