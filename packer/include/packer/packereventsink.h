#pragma once

#include "packer/packerevent.h"

namespace Prometeu {

// Where the packer publishes its events. The packer knows nothing about who
// consumes them: the Studio, the CLI, a log file or a test.
//
// Contract for implementations:
//  - publish() is called from any thread, concurrently;
//  - publish() must not block on a slow consumer (queue and return);
//  - events of one operation arrive in sequence order, because the
//    OperationPublisher hands them over under its own lock.
class PackerEventSink
{
public:
    virtual ~PackerEventSink() = default;
    virtual void publish(const PackerEvent &event) = 0;
};

} // namespace Prometeu
