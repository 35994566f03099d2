#include "packer/jsonlinessink.h"

#include <QFileDevice>
#include <QThread>

namespace Prometeu {

JsonLinesSink::JsonLinesSink(std::unique_ptr<QIODevice> device)
    : m_device(std::move(device))
{
    m_writer.reset(QThread::create([this] { writeLoop(); }));
    m_writer->setObjectName(QStringLiteral("JsonLinesSink writer"));
    m_writer->start();
}

JsonLinesSink::~JsonLinesSink()
{
    flush();
    {
        QMutexLocker locker(&m_mutex);
        m_stopping = true;
        m_queued.wakeAll();
    }
    m_writer->wait();
}

void JsonLinesSink::publish(const PackerEvent &event)
{
    QMutexLocker locker(&m_mutex);
    m_queue.append(event);
    ++m_enqueued;
    m_queued.wakeOne();
}

bool JsonLinesSink::flush()
{
    QMutexLocker locker(&m_mutex);
    const quint64 target = m_enqueued;
    while (m_written < target && !m_writeFailed)
        m_drained.wait(&m_mutex);
    return !m_writeFailed;
}

void JsonLinesSink::writeLoop()
{
    for (;;) {
        QList<PackerEvent> batch;
        {
            QMutexLocker locker(&m_mutex);
            while (m_queue.isEmpty() && !m_stopping)
                m_queued.wait(&m_mutex);
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
        bool ok = m_device->write(chunk) == chunk.size();
        // A consumer reading the stream live (a pipe to `jq`, a test) must see
        // each batch as soon as it is written, not when QFile's buffer fills.
        if (auto *file = qobject_cast<QFileDevice *>(m_device.get()))
            ok = file->flush() && ok;

        QMutexLocker locker(&m_mutex);
        m_written += static_cast<quint64>(batch.size());
        if (!ok)
            m_writeFailed = true;
        m_drained.wakeAll();
    }
}

} // namespace Prometeu
