#include "packer/eventpayloads.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Prometeu {

QJsonObject DiagnosticsUpdate::toJson() const
{
    QJsonArray list;
    DiagnosticCounts counts;
    for (const Diagnostic &d : diagnostics) {
        list.append(d.toJson());
        counts.add(d);
    }
    QJsonObject payload{{u"diagnostics"_s, list}, {u"counts"_s, counts.toJson()}};
    if (!asset.isEmpty())
        payload.insert(u"asset"_s, asset);
    if (complete)
        payload.insert(u"complete"_s, true);
    return payload;
}

DiagnosticsUpdate DiagnosticsUpdate::fromJson(const QJsonObject &payload)
{
    DiagnosticsUpdate update;
    update.asset = payload.value(u"asset"_s).toString();
    update.complete = payload.value(u"complete"_s).toBool();
    for (const QJsonValue &value : payload.value(u"diagnostics"_s).toArray()) {
        if (const auto diagnostic = Diagnostic::fromJson(value.toObject()))
            update.diagnostics.append(*diagnostic);
    }
    return update;
}

QJsonObject CacheOutcome::toJson() const
{
    QJsonObject payload{{u"path"_s, path}, {u"kind"_s, wireName(kind)}};
    if (!key.isEmpty())
        payload.insert(u"key"_s, key);
    if (result != Result::None)
        payload.insert(u"result"_s, result == Result::Failed ? u"failed"_s : u"converted"_s);
    if (!corruptEntry.isEmpty())
        payload.insert(u"corrupt_entry"_s, corruptEntry);
    if (bytes)
        payload.insert(u"bytes"_s, *bytes);
    return payload;
}

CacheOutcome CacheOutcome::fromJson(const QJsonObject &payload)
{
    CacheOutcome outcome;
    outcome.path = payload.value(u"path"_s).toString();
    outcome.kind = assetKindFromString(payload.value(u"kind"_s).toString()).value_or(AssetKind::Unknown);
    outcome.key = payload.value(u"key"_s).toString();
    const QString result = payload.value(u"result"_s).toString();
    outcome.result = result == u"failed"_s ? Result::Failed : result == u"converted"_s ? Result::Converted : Result::None;
    outcome.corruptEntry = payload.value(u"corrupt_entry"_s).toString();
    if (payload.contains(u"bytes"_s))
        outcome.bytes = payload.value(u"bytes"_s).toInteger();
    return outcome;
}

QJsonObject BuildStats::toJson() const
{
    return QJsonObject{
        {u"outcome"_s, succeeded ? u"succeeded"_s : u"failed"_s},
        {u"built"_s, built},
        {u"cached"_s, cached},
        {u"failed"_s, failed},
        {u"excluded"_s, excluded},
        {u"cartridge"_s, cartridge},
        {u"bytes"_s, bytes},
        {u"written"_s, written},
        {u"duration_ms"_s, durationMs},
    };
}

BuildStats BuildStats::fromJson(const QJsonObject &payload)
{
    BuildStats stats;
    stats.succeeded = payload.value(u"outcome"_s).toString() == u"succeeded"_s;
    stats.built = payload.value(u"built"_s).toInt();
    stats.cached = payload.value(u"cached"_s).toInt();
    stats.failed = payload.value(u"failed"_s).toInt();
    stats.excluded = payload.value(u"excluded"_s).toInt();
    stats.cartridge = payload.value(u"cartridge"_s).toString();
    stats.bytes = payload.value(u"bytes"_s).toInteger();
    stats.written = payload.value(u"written"_s).toBool();
    stats.durationMs = payload.value(u"duration_ms"_s).toInteger();
    return stats;
}

} // namespace Prometeu
