#include "packer/packerevent.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Prometeu {

QString formatEventTimestamp(const QDateTime &timestamp)
{
    return timestamp.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject PackerEvent::toJson() const
{
    QJsonObject object;
    object.insert(u"project_id"_s, projectId);
    object.insert(u"operation_id"_s, operationId);
    object.insert(u"operation"_s, wireName(operation));
    object.insert(u"sequence"_s, static_cast<qint64>(sequence));
    object.insert(u"kind"_s, wireName(kind));
    object.insert(u"timestamp"_s, formatEventTimestamp(timestamp));
    object.insert(u"summary"_s, summary);
    if (progress) {
        object.insert(u"progress"_s,
                      QJsonObject{{u"done"_s, progress->done}, {u"total"_s, progress->total}});
    } else {
        object.insert(u"progress"_s, QJsonValue::Null);
    }
    object.insert(u"affected_assets"_s, QJsonArray::fromStringList(affectedAssets));
    object.insert(u"payload"_s, payload);
    return object;
}

QByteArray PackerEvent::toJsonLine() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool readString(const QJsonObject &object, const QString &key, QString *out, QString *error)
{
    const QJsonValue value = object.value(key);
    if (!value.isString())
        return fail(error, u"field '%1' must be a string"_s.arg(key));
    *out = value.toString();
    return true;
}

} // namespace

std::optional<PackerEvent> PackerEvent::fromJson(const QJsonObject &object, QString *error)
{
    PackerEvent event;
    QString operationName;
    QString kindName;
    QString timestampText;
    if (!readString(object, u"project_id"_s, &event.projectId, error)
        || !readString(object, u"operation_id"_s, &event.operationId, error)
        || !readString(object, u"operation"_s, &operationName, error)
        || !readString(object, u"kind"_s, &kindName, error)
        || !readString(object, u"timestamp"_s, &timestampText, error)
        || !readString(object, u"summary"_s, &event.summary, error)) {
        return std::nullopt;
    }

    const auto operation = operationKindFromString(operationName);
    if (!operation) {
        fail(error, u"unknown operation '%1'"_s.arg(operationName));
        return std::nullopt;
    }
    event.operation = *operation;

    const auto kind = eventKindFromString(kindName);
    if (!kind) {
        fail(error, u"unknown event kind '%1'"_s.arg(kindName));
        return std::nullopt;
    }
    event.kind = *kind;

    const QJsonValue sequence = object.value(u"sequence"_s);
    if (!sequence.isDouble() || sequence.toDouble() < 1
        || sequence.toDouble() != static_cast<double>(sequence.toInteger())) {
        fail(error, u"field 'sequence' must be a positive integer"_s);
        return std::nullopt;
    }
    event.sequence = static_cast<quint64>(sequence.toInteger());

    event.timestamp = QDateTime::fromString(timestampText, Qt::ISODateWithMs);
    if (!event.timestamp.isValid()) {
        fail(error, u"field 'timestamp' is not an ISO-8601 date: '%1'"_s.arg(timestampText));
        return std::nullopt;
    }
    event.timestamp = event.timestamp.toUTC();

    const QJsonValue progress = object.value(u"progress"_s);
    if (progress.isObject()) {
        const QJsonObject p = progress.toObject();
        if (!p.value(u"done"_s).isDouble() || !p.value(u"total"_s).isDouble()) {
            fail(error, u"field 'progress' must have numeric 'done' and 'total'"_s);
            return std::nullopt;
        }
        event.progress = EventProgress{p.value(u"done"_s).toInteger(), p.value(u"total"_s).toInteger()};
    } else if (!progress.isNull()) {
        fail(error, u"field 'progress' must be an object or null"_s);
        return std::nullopt;
    }

    const QJsonValue assets = object.value(u"affected_assets"_s);
    if (!assets.isArray()) {
        fail(error, u"field 'affected_assets' must be an array"_s);
        return std::nullopt;
    }
    for (const QJsonValue &asset : assets.toArray()) {
        if (!asset.isString()) {
            fail(error, u"field 'affected_assets' must contain only strings"_s);
            return std::nullopt;
        }
        event.affectedAssets.append(asset.toString());
    }

    const QJsonValue payload = object.value(u"payload"_s);
    if (!payload.isObject()) {
        fail(error, u"field 'payload' must be an object"_s);
        return std::nullopt;
    }
    event.payload = payload.toObject();
    return event;
}

std::optional<OperationOutcome> PackerEvent::outcome() const
{
    if (kind != EventKind::OperationFinished)
        return std::nullopt;
    return outcomeFromString(payload.value(u"outcome"_s).toString());
}

} // namespace Prometeu
