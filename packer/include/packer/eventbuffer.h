#pragma once

#include "packer/packereventsink.h"

#include <QList>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace Prometeu {

// A sink that keeps events until someone takes them: the CLI's progress
// renderer drains it on a timer, tests inspect what was published.
class EventBuffer final : public PackerEventSink
{
public:
    void publish(const PackerEvent &event) override;

    // Removes and returns everything published so far, in arrival order.
    QList<PackerEvent> takeAll();
    // A copy of everything published and not yet taken.
    QList<PackerEvent> events() const;

    // Blocks until an event satisfying `predicate` is in the buffer (published
    // and not yet taken) or the timeout expires; returns whether it is. For tests and tools that
    // must react to a specific point in an operation.
    template<typename Predicate>
    bool waitFor(Predicate predicate, int timeoutMs = 10000);

private:
    // Standard primitives, not QMutex/QWaitCondition: QWaitCondition::wait
    // releases and retakes the mutex inside libQt6Core, where
    // ThreadSanitizer cannot see it (tools/sanitize.sh).
    mutable std::mutex m_mutex;
    std::condition_variable m_published;
    QList<PackerEvent> m_events;
};

template<typename Predicate>
bool EventBuffer::waitFor(Predicate predicate, int timeoutMs)
{
    std::unique_lock locker(m_mutex);
    return m_published.wait_for(locker, std::chrono::milliseconds(timeoutMs), [&] {
        for (const PackerEvent &event : std::as_const(m_events)) {
            if (predicate(event))
                return true;
        }
        return false;
    });
}

} // namespace Prometeu
