#pragma once

#include "packer/eventkind.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace Prometeu {

struct EventProgress {
    qint64 done = 0;
    qint64 total = 0;
    friend bool operator==(const EventProgress &, const EventProgress &) = default;
};

// The envelope every packer event travels in. A plain value: cheap to copy
// between threads, no identity, no behaviour beyond (de)serialisation.
//
// JSON field names are part of the public contract (docs/events.md):
// project_id, operation_id, operation, sequence, kind, timestamp, summary,
// progress, affected_assets, payload.
struct PackerEvent {
    QString projectId;
    QString operationId;
    OperationKind operation = OperationKind::Scan;
    quint64 sequence = 0;
    EventKind kind = EventKind::ProgressUpdated;
    QDateTime timestamp; // always UTC
    QString summary;     // a sentence for humans, written by the packer
    std::optional<EventProgress> progress;
    QStringList affectedAssets; // relative to the project's assets folder
    QJsonObject payload;        // kind-specific

    QJsonObject toJson() const;
    // One line of JSON without a trailing newline (for JSON-lines output).
    QByteArray toJsonLine() const;

    // Parses an envelope; on failure returns nullopt and, when given, sets
    // *error to a sentence naming the offending field.
    static std::optional<PackerEvent> fromJson(const QJsonObject &object,
                                               QString *error = nullptr);

    // Convenience for operation_finished events.
    std::optional<OperationOutcome> outcome() const;

    friend bool operator==(const PackerEvent &, const PackerEvent &) = default;
};

// ISO-8601 UTC with milliseconds, e.g. 2026-11-23T19:57:00.123Z.
QString formatEventTimestamp(const QDateTime &timestamp);

} // namespace Prometeu
