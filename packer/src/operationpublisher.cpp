#include "packer/operationpublisher.h"

#include "packer/packereventsink.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace Prometeu {

OperationPublisher::OperationPublisher(PackerEventSink *sink, QString projectId,
                                       OperationKind operation, QString operationId,
                                       std::shared_ptr<PackerEventSink> observer)
    : m_sink(sink)
    , m_observer(std::move(observer))
    , m_projectId(std::move(projectId))
    , m_operation(operation)
    , m_operationId(operationId.isEmpty() ? newOperationId(operation) : std::move(operationId))
{
}

QString OperationPublisher::newOperationId(OperationKind operation)
{
    // The kind prefix makes ids readable in logs; the UUID makes them unique
    // across processes (CLI and Studio may write the same history later).
    return wireName(operation) + u'-' + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool OperationPublisher::publish(PackerEvent draft)
{
    if (draft.kind == EventKind::OperationStarted || draft.kind == EventKind::OperationFinished)
        return false;
    QMutexLocker locker(&m_mutex);
    if (m_sequence == 0 || m_finished)
        return false;
    return publishLocked(draft);
}

bool OperationPublisher::publish(EventKind kind, const QString &summary, const QJsonObject &payload,
                                 const QStringList &affectedAssets,
                                 std::optional<EventProgress> progress)
{
    PackerEvent draft;
    draft.kind = kind;
    draft.summary = summary;
    draft.payload = payload;
    draft.affectedAssets = affectedAssets;
    draft.progress = progress;
    return publish(std::move(draft));
}

bool OperationPublisher::start(const QString &summary, const QJsonObject &payload)
{
    QMutexLocker locker(&m_mutex);
    if (m_sequence != 0)
        return false;
    PackerEvent event;
    event.kind = EventKind::OperationStarted;
    event.summary = summary;
    event.payload = payload;
    return publishLocked(event);
}

bool OperationPublisher::finish(OperationOutcome outcome, const QString &summary, QJsonObject payload)
{
    QMutexLocker locker(&m_mutex);
    if (m_finished)
        return false;
    if (m_sequence == 0) {
        // An operation that never announced itself still gets its full spine,
        // so consumers never see a dangling finish.
        PackerEvent started;
        started.kind = EventKind::OperationStarted;
        started.summary = summary;
        publishLocked(started);
    }
    payload.insert(u"outcome"_s, wireName(outcome));
    PackerEvent event;
    event.kind = EventKind::OperationFinished;
    event.summary = summary;
    event.payload = payload;
    publishLocked(event);
    m_finished = true;
    return true;
}

bool OperationPublisher::isStarted() const
{
    QMutexLocker locker(&m_mutex);
    return m_sequence > 0;
}

bool OperationPublisher::isFinished() const
{
    QMutexLocker locker(&m_mutex);
    return m_finished;
}

quint64 OperationPublisher::lastSequence() const
{
    QMutexLocker locker(&m_mutex);
    return m_sequence;
}

bool OperationPublisher::publishLocked(PackerEvent &event)
{
    event.projectId = m_projectId;
    event.operationId = m_operationId;
    event.operation = m_operation;
    event.sequence = ++m_sequence;
    event.timestamp = QDateTime::currentDateTimeUtc();
    // Handing over under the lock is what keeps sink order equal to sequence
    // order; sinks promise not to block, so the lock is held only briefly.
    if (m_sink)
        m_sink->publish(event);
    if (m_observer)
        m_observer->publish(event);
    return true;
}

} // namespace Prometeu
