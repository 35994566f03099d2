#pragma once

#include "packer/packerevent.h"

#include <QMutex>
#include <memory>

namespace Prometeu {

class PackerEventSink;

// Stamps and publishes the events of one operation.
//
// Invariants, kept under one lock so they hold with any number of worker
// threads publishing at once:
//  - the first event is operation_started, sequence 1;
//  - sequence rises by exactly one per published event, no gap, no duplicate;
//  - events reach the sink in sequence order;
//  - operation_finished is published exactly once and nothing follows it.
class OperationPublisher
{
public:
    // `observer`, if any, also gets this operation's events, after the
    // sink (e.g. the shipper reading its own build). Shared: an operation
    // cancelled before it ran publishes its end when its task is destroyed,
    // which may be after whoever asked has moved on.
    OperationPublisher(PackerEventSink *sink, QString projectId, OperationKind operation,
                       QString operationId = {}, std::shared_ptr<PackerEventSink> observer = {});

    QString operationId() const { return m_operationId; }
    QString projectId() const { return m_projectId; }
    OperationKind operation() const { return m_operation; }

    // Publishes a draft after filling the envelope (ids, sequence, timestamp).
    // Refused (returns false) before start(), after finish(), and for the
    // lifecycle kinds, which have their own calls.
    bool publish(PackerEvent draft);
    bool publish(EventKind kind, const QString &summary, const QJsonObject &payload = {},
                 const QStringList &affectedAssets = {},
                 std::optional<EventProgress> progress = std::nullopt);

    bool start(const QString &summary, const QJsonObject &payload = {});
    // Publishes operation_finished with payload.outcome set. Only the first
    // call publishes; later ones return false.
    bool finish(OperationOutcome outcome, const QString &summary, QJsonObject payload = {});

    bool isStarted() const;
    bool isFinished() const;
    quint64 lastSequence() const;

    static QString newOperationId(OperationKind operation);

private:
    bool publishLocked(PackerEvent &event);

    PackerEventSink *m_sink;
    std::shared_ptr<PackerEventSink> m_observer;
    const QString m_projectId;
    const OperationKind m_operation;
    const QString m_operationId;

    mutable QMutex m_mutex;
    quint64 m_sequence = 0;
    bool m_finished = false;
};

} // namespace Prometeu
