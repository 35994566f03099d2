#pragma once

#include "packer/diagnostic.h"
#include "packer/assetrecord.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace Prometeu {

// The payloads of the events the Studio and the shipper read, as values.
// JSON stays at the edges: the packer builds these and calls toJson() when
// it publishes; a consumer calls fromJson() once and reads fields (the wire
// names are documented in docs/events.md).

// diagnostics_updated for one asset (doctor or build), or the doctor's
// closing totals (complete = true, no asset).
struct DiagnosticsUpdate {
    QString asset;
    QList<Diagnostic> diagnostics;
    bool complete = false;

    QJsonObject toJson() const;
    // Entries that do not parse as diagnostics are skipped.
    static DiagnosticsUpdate fromJson(const QJsonObject &payload);
};

// cache_hit (result None) or cache_miss (result Converted or Failed).
struct CacheOutcome {
    enum class Result { None, Converted, Failed };
    QString path;
    AssetKind kind = AssetKind::Unknown;
    QString key;
    Result result = Result::None;
    QString corruptEntry; // why a cached object was refused, when one was
    std::optional<qint64> bytes; // converted size

    QJsonObject toJson() const;
    static CacheOutcome fromJson(const QJsonObject &payload);
};

// build_finished (and the build's operation_finished) payload.
struct BuildStats {
    bool succeeded = false;
    int built = 0;
    int cached = 0;
    int failed = 0;
    int excluded = 0;
    QString cartridge;
    qint64 bytes = 0;
    bool written = false;
    qint64 durationMs = 0;

    QJsonObject toJson() const;
    static BuildStats fromJson(const QJsonObject &payload);
};

} // namespace Prometeu
