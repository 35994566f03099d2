#pragma once

#include <QString>
#include <optional>

namespace Prometeu {

// The kinds of work the packer performs. Each operation has its own
// operation_id and its own per-operation sequence.
// HotReload: a build while the game runs, whose changes go into it (issue #14).
enum class OperationKind { Scan, Doctor, Build, Action, Preview, HotReload };

// The seed's eleven structured events plus the lifecycle spine
// (OperationStarted opens every operation, OperationFinished closes it).
enum class EventKind {
    OperationStarted,
    OperationFinished,
    AssetDiscovered,
    AssetChanged,
    DiagnosticsUpdated,
    BuildStarted,
    BuildFinished,
    CacheHit,
    CacheMiss,
    PreviewReady,
    ActionApplied,
    ActionFailed,
    ProgressUpdated,
};

// Final state of an operation, carried in operation_finished's payload.
enum class OperationOutcome { Succeeded, Failed, Cancelled };

QString wireName(OperationKind kind);
QString wireName(EventKind kind);
QString wireName(OperationOutcome outcome);

std::optional<OperationKind> operationKindFromString(const QString &text);
std::optional<EventKind> eventKindFromString(const QString &text);
std::optional<OperationOutcome> outcomeFromString(const QString &text);

// Progress-like events may be coalesced by consumers; every other kind is
// individually meaningful and must be delivered as published.
bool isProgressLike(EventKind kind);

} // namespace Prometeu
