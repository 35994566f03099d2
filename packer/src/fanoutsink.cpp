#include "packer/fanoutsink.h"

namespace Prometeu {

void FanOutSink::addSink(PackerEventSink *sink)
{
    if (!sink || sink == this)
        return;
    QWriteLocker locker(&m_lock);
    if (!m_sinks.contains(sink))
        m_sinks.append(sink);
}

void FanOutSink::removeSink(PackerEventSink *sink)
{
    // Taking the write lock waits for any publish() still using the sink.
    QWriteLocker locker(&m_lock);
    m_sinks.removeAll(sink);
}

qsizetype FanOutSink::sinkCount() const
{
    QReadLocker locker(&m_lock);
    return m_sinks.size();
}

void FanOutSink::publish(const PackerEvent &event)
{
    QReadLocker locker(&m_lock);
    for (PackerEventSink *sink : std::as_const(m_sinks))
        sink->publish(event);
}

} // namespace Prometeu
