#pragma once

#include "packer/packereventsink.h"

#include <QList>
#include <QMutex>
#include <QDeadlineTimer>
#include <QWaitCondition>

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
    mutable QMutex m_mutex;
    QWaitCondition m_published;
    QList<PackerEvent> m_events;
};

template<typename Predicate>
bool EventBuffer::waitFor(Predicate predicate, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QMutexLocker locker(&m_mutex);
    for (;;) {
        for (const PackerEvent &event : std::as_const(m_events)) {
            if (predicate(event))
                return true;
        }
        if (!m_published.wait(&m_mutex, deadline))
            return false;
    }
}

} // namespace Prometeu
