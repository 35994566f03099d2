#pragma once

#include "packer/packereventsink.h"

#include <QList>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

class QIODevice;

namespace Prometeu {

// Writes one JSON envelope per line to a device (stdout, a file). Publishers
// only enqueue; a writer thread of the sink's own serialises and writes, so a
// slow or stalled reader on the other end never blocks the packer.
class JsonLinesSink final : public PackerEventSink
{
public:
    // Takes ownership of an open, writable device. From now on only the
    // writer thread touches it.
    explicit JsonLinesSink(std::unique_ptr<QIODevice> device);
    ~JsonLinesSink() override; // flushes what is queued, then stops

    void publish(const PackerEvent &event) override;

    // Blocks until every event published before the call has been written.
    // Returns false if the device reported a write error.
    bool flush();

private:
    void writeLoop();

    std::unique_ptr<QIODevice> m_device;
    std::thread m_writer; // joined, so ThreadSanitizer sees the hand-back
    // Standard primitives: ThreadSanitizer sees them (see EventBuffer).
    std::mutex m_mutex;
    std::condition_variable m_queued;
    std::condition_variable m_drained;
    QList<PackerEvent> m_queue;
    quint64 m_enqueued = 0;
    quint64 m_written = 0;
    bool m_stopping = false;
    bool m_writeFailed = false;
};

} // namespace Prometeu
