#include "packer/eventbuffer.h"

namespace Prometeu {

void EventBuffer::publish(const PackerEvent &event)
{
    QMutexLocker locker(&m_mutex);
    m_events.append(event);
    m_published.wakeAll();
}

QList<PackerEvent> EventBuffer::takeAll()
{
    QMutexLocker locker(&m_mutex);
    return std::exchange(m_events, {});
}

QList<PackerEvent> EventBuffer::events() const
{
    QMutexLocker locker(&m_mutex);
    return m_events;
}

} // namespace Prometeu
