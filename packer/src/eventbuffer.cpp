#include "packer/eventbuffer.h"

namespace Prometeu {

void EventBuffer::publish(const PackerEvent &event)
{
    {
        const std::lock_guard locker(m_mutex);
        m_events.append(event);
    }
    m_published.notify_all();
}

QList<PackerEvent> EventBuffer::takeAll()
{
    const std::lock_guard locker(m_mutex);
    return std::exchange(m_events, {});
}

QList<PackerEvent> EventBuffer::events() const
{
    const std::lock_guard locker(m_mutex);
    return m_events;
}

} // namespace Prometeu
