#include "packer/eventkind.h"

#include "packer/wirenames.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace Prometeu {
namespace {

// One table per enum keeps the wire names in a single place; both directions
// of the conversion read from it.
constexpr std::array operationNames{
    std::pair{OperationKind::Scan, u"scan"},
    std::pair{OperationKind::Doctor, u"doctor"},
    std::pair{OperationKind::Build, u"build"},
    std::pair{OperationKind::Action, u"action"},
    std::pair{OperationKind::Preview, u"preview"},
    std::pair{OperationKind::HotReload, u"hot_reload"},
};

constexpr std::array eventNames{
    std::pair{EventKind::OperationStarted, u"operation_started"},
    std::pair{EventKind::OperationFinished, u"operation_finished"},
    std::pair{EventKind::AssetDiscovered, u"asset_discovered"},
    std::pair{EventKind::AssetChanged, u"asset_changed"},
    std::pair{EventKind::DiagnosticsUpdated, u"diagnostics_updated"},
    std::pair{EventKind::BuildStarted, u"build_started"},
    std::pair{EventKind::BuildFinished, u"build_finished"},
    std::pair{EventKind::CacheHit, u"cache_hit"},
    std::pair{EventKind::CacheMiss, u"cache_miss"},
    std::pair{EventKind::PreviewReady, u"preview_ready"},
    std::pair{EventKind::ActionApplied, u"action_applied"},
    std::pair{EventKind::ActionFailed, u"action_failed"},
    std::pair{EventKind::ProgressUpdated, u"progress_updated"},
};

constexpr std::array outcomeNames{
    std::pair{OperationOutcome::Succeeded, u"succeeded"},
    std::pair{OperationOutcome::Failed, u"failed"},
    std::pair{OperationOutcome::Cancelled, u"cancelled"},
};

} // namespace

QString wireName(OperationKind kind) { return wireNameIn(operationNames, kind); }
QString wireName(EventKind kind) { return wireNameIn(eventNames, kind); }
QString wireName(OperationOutcome outcome) { return wireNameIn(outcomeNames, outcome); }

std::optional<OperationKind> operationKindFromString(const QString &text)
{
    return wireValueIn<OperationKind>(operationNames, text);
}

std::optional<EventKind> eventKindFromString(const QString &text)
{
    return wireValueIn<EventKind>(eventNames, text);
}

std::optional<OperationOutcome> outcomeFromString(const QString &text)
{
    return wireValueIn<OperationOutcome>(outcomeNames, text);
}

bool isProgressLike(EventKind kind)
{
    return kind == EventKind::ProgressUpdated;
}

} // namespace Prometeu
