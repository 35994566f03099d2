#include "packer/jsonlinessink.h"

#include <support/writeall.h>

#include <QFileDevice>

namespace Prometeu {

JsonLinesSink::JsonLinesSink(std::unique_ptr<QIODevice> device)
    : m_device(std::move(device))
{
    m_writer = std::thread([this] { writeLoop(); });
}

JsonLinesSink::~JsonLinesSink()
{
    flush();
    {
        const std::lock_guard locker(m_mutex);
        m_stopping = true;
    }
    m_queued.notify_all();
    m_writer.join();
}

void JsonLinesSink::publish(const PackerEvent &event)
{
    {
        const std::lock_guard locker(m_mutex);
        m_queue.append(event);
        ++m_enqueued;
    }
    m_queued.notify_one();
}

bool JsonLinesSink::flush()
{
    std::unique_lock locker(m_mutex);
    const quint64 target = m_enqueued;
    m_drained.wait(locker, [&] { return m_written >= target || m_writeFailed; });
    return !m_writeFailed;
}

void JsonLinesSink::writeLoop()
{
    for (;;) {
        QList<PackerEvent> batch;
        {
            std::unique_lock locker(m_mutex);
            m_queued.wait(locker, [&] { return !m_queue.isEmpty() || m_stopping; });
            if (m_queue.isEmpty() && m_stopping)
                return;
            batch.swap(m_queue);
        }

        // Serialise outside the lock so publishers are never held up by it.
        QByteArray chunk;
        for (const PackerEvent &event : std::as_const(batch)) {
            chunk += event.toJsonLine();
            chunk += '\n';
        }
        bool ok = writeAll(*m_device, chunk);
        // A consumer reading the stream live (a pipe to `jq`, a test) must see
        // each batch as soon as it is written, not when QFile's buffer fills.
        if (auto *file = qobject_cast<QFileDevice *>(m_device.get()))
            ok = file->flush() && ok;

        {
            const std::lock_guard locker(m_mutex);
            m_written += static_cast<quint64>(batch.size());
            if (!ok)
                m_writeFailed = true;
        }
        m_drained.notify_all();
    }
}

} // namespace Prometeu
