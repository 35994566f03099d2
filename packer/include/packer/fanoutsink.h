#pragma once

#include "packer/packereventsink.h"

#include <QList>
#include <QReadWriteLock>

namespace Prometeu {

// Forwards each event to every attached sink. Sinks are not owned; after
// removeSink() returns, the removed sink is never called again, so its owner
// may destroy it.
class FanOutSink final : public PackerEventSink
{
public:
    void addSink(PackerEventSink *sink);
    void removeSink(PackerEventSink *sink);
    qsizetype sinkCount() const;

    void publish(const PackerEvent &event) override;

private:
    mutable QReadWriteLock m_lock;
    QList<PackerEventSink *> m_sinks;
};

} // namespace Prometeu
