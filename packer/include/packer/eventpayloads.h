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
    // A build's one update for the assets it did not convert again: their
    // converters' warnings, said again. `asset` is empty and each diagnostic
    // names its asset; each asset named gets its complete list from it.
    bool replayed = false;

    QJsonObject toJson() const;
    // Entries that do not parse as diagnostics are skipped.
    static DiagnosticsUpdate fromJson(const QJsonObject &payload);
};

// Why a build looked at an asset again (docs/events.md, "Why an asset was
// rebuilt"): the first of these that holds, in this order.
enum class BuildReason {
    None,
    Forced,            // a rebuild was asked for (build --force, Reimport)
    New,               // no earlier build knew it
    FailedBefore,      // the last build could not convert it
    SourceChanged,     // its content changed
    ConverterChanged,  // its converter's version changed
    DependencyChanged, // something it uses changed (detail: which)
    OptionsChanged,    // its options or the project's settings for it changed
    NotInCartridge,    // unchanged, but the cartridge being replaced does not hold it
    CacheEvicted,      // ... and the cache no longer had it: converted again
    CacheCorrupt,      // the cached conversion was damaged: converted again
};
QString wireName(BuildReason reason);
std::optional<BuildReason> buildReasonFromString(const QString &text);
// "its file changed", "tiles/grass.png, which it uses, changed": for a
// sentence about the asset.
QString describe(BuildReason reason, const QString &detail = {});

// cache_hit (result None) or cache_miss (result Converted or Failed).
struct CacheOutcome {
    enum class Result { None, Converted, Failed };
    // Where a hit came from: this machine, or the team's shared cache.
    enum class Source { Local, Remote };
    QString path;
    AssetKind kind = AssetKind::Unknown;
    QString key;
    Result result = Result::None;
    Source source = Source::Local; // hits only
    QString corruptEntry; // why a cached object was refused, when one was
    std::optional<qint64> bytes; // converted size
    // Provenance: why it was looked at, how long loading or converting
    // took, how big its source and its stored (compressed) form are.
    BuildReason reason = BuildReason::None;
    QString reasonDetail; // DependencyChanged: the asset that changed
    double durationMs = 0;
    qint64 inputBytes = 0;
    qint64 storedBytes = 0;

    QJsonObject toJson() const;
    static CacheOutcome fromJson(const QJsonObject &payload);
};

// What a shared (remote) cache did during one build: build_finished's
// "remote_cache" object, present when a build used one.
struct RemoteCacheStats {
    QString url;         // without credentials
    int hits = 0;        // objects downloaded, verified and used
    int misses = 0;      // asked for, not there
    qint64 bytesDown = 0;
    int uploaded = 0;    // objects stored on the server by this build
    qint64 bytesUp = 0;
    int uploadsUnfinished = 0; // still going when the build finished (they go on)
    int uploadsDropped = 0;    // never sent: over the memory bound, or the server gave up on
    int errors = 0;            // requests that failed, whatever the kind
    int keptLocal = 0;         // small assets converted here, never fetched nor uploaded (min_size)
    bool skipped = false;      // given up on for the rest of the build after repeated failures
    QList<Diagnostic> warnings; // one per kind of fault

    QJsonObject toJson() const;
    static RemoteCacheStats fromJson(const QJsonObject &object);
    // "team cache http://cache:8080/: 1,203 hits (14.2 MiB down), 14 misses,
    // 14 uploaded (2.1 MiB up)" (and errors, unfinished or skipped uploads
    // when there were any): one line for a terminal or an Activity row.
    QString summary() const;
};

// build_finished (and the build's operation_finished) payload.
struct BuildStats {
    bool succeeded = false;
    int built = 0;
    int cached = 0;
    int unchanged = 0;
    int failed = 0;
    int excluded = 0;
    QString cartridge;
    qint64 bytes = 0;
    bool written = false;
    qint64 durationMs = 0;
    std::optional<RemoteCacheStats> remote;

    QJsonObject toJson() const;
    static BuildStats fromJson(const QJsonObject &payload);
};

} // namespace Prometeu
