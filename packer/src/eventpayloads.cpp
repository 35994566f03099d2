#include "packer/eventpayloads.h"

#include <algorithm>
#include <vector>

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

#include "packer/wirenames.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// A replayed update's warnings, grouped by what they say: the same warning
// over hundreds of files (a game's data files of a type Prometeu does not
// convert) is one entry naming its assets, not hundreds of objects that
// every no-op build would serialize, stamp, stream and record.
struct ReplayGroup {
    Diagnostic first; // severity, code, message, line, column
    QString folder;   // each asset's file is folder + asset
    QJsonArray assets;
};

bool sameWarning(const Diagnostic &a, const Diagnostic &b)
{
    return a.severity == b.severity && a.line == b.line && a.column == b.column && a.code == b.code
        && a.message == b.message;
}

} // namespace

QJsonObject DiagnosticsUpdate::toJson() const
{
    QJsonArray list;
    DiagnosticCounts counts;
    std::vector<ReplayGroup> groups;
    for (const Diagnostic &d : diagnostics) {
        counts.add(d);
        if (replayed && !d.asset.isEmpty() && d.file.endsWith(d.asset)) {
            const QString folder = d.file.left(d.file.size() - d.asset.size());
            // Few distinct warnings: a linear look beats hashing each one.
            auto group = std::find_if(groups.begin(), groups.end(), [&](const ReplayGroup &g) {
                return g.folder == folder && sameWarning(g.first, d);
            });
            if (group == groups.end())
                group = groups.insert(groups.end(), ReplayGroup{d, folder, {}});
            group->assets.append(d.asset);
            continue;
        }
        list.append(d.toJson());
    }
    QJsonObject payload{{u"diagnostics"_s, list}, {u"counts"_s, counts.toJson()}};
    if (!asset.isEmpty())
        payload.insert(u"asset"_s, asset);
    if (complete)
        payload.insert(u"complete"_s, true);
    if (replayed) {
        payload.insert(u"replayed"_s, true);
        QJsonArray grouped;
        for (const ReplayGroup &group : groups) {
            QJsonObject entry = group.first.toJson();
            entry.remove(u"asset"_s);
            entry.remove(u"file"_s);
            entry.insert(u"folder"_s, group.folder);
            entry.insert(u"assets"_s, group.assets);
            grouped.append(entry);
        }
        payload.insert(u"groups"_s, grouped);
    }
    return payload;
}

DiagnosticsUpdate DiagnosticsUpdate::fromJson(const QJsonObject &payload)
{
    DiagnosticsUpdate update;
    update.asset = payload.value(u"asset"_s).toString();
    update.complete = payload.value(u"complete"_s).toBool();
    update.replayed = payload.value(u"replayed"_s).toBool();
    for (const QJsonValue &value : payload.value(u"diagnostics"_s).toArray()) {
        if (const auto diagnostic = Diagnostic::fromJson(value.toObject()))
            update.diagnostics.append(*diagnostic);
    }
    for (const QJsonValue &value : payload.value(u"groups"_s).toArray()) {
        QJsonObject entry = value.toObject();
        const QString folder = entry.value(u"folder"_s).toString();
        const QJsonArray assets = entry.value(u"assets"_s).toArray();
        auto diagnostic = Diagnostic::fromJson(entry);
        if (!diagnostic)
            continue;
        for (const QJsonValue &asset : assets) {
            const QString path = asset.toString();
            if (path.isEmpty())
                continue;
            diagnostic->asset = path;
            diagnostic->file = folder + path;
            update.diagnostics.append(*diagnostic);
        }
    }
    return update;
}

namespace {
class PayloadText
{
    Q_DECLARE_TR_FUNCTIONS(BuildReason)
};

constexpr std::pair<BuildReason, const char16_t *> reasonNames[] = {
    {BuildReason::Forced, u"forced"},
    {BuildReason::New, u"new"},
    {BuildReason::FailedBefore, u"failed_before"},
    {BuildReason::SourceChanged, u"source_changed"},
    {BuildReason::ConverterChanged, u"converter_changed"},
    {BuildReason::DependencyChanged, u"dependency_changed"},
    {BuildReason::OptionsChanged, u"options_changed"},
    {BuildReason::NotInCartridge, u"not_in_cartridge"},
    {BuildReason::CacheEvicted, u"cache_evicted"},
    {BuildReason::CacheCorrupt, u"cache_corrupt"},
};
} // namespace

QString wireName(BuildReason reason) { return wireNameIn(reasonNames, reason); }

std::optional<BuildReason> buildReasonFromString(const QString &text)
{
    return wireValueIn<BuildReason>(reasonNames, text);
}

QString describe(BuildReason reason, const QString &detail)
{
    switch (reason) {
    case BuildReason::None: return {};
    case BuildReason::Forced: return PayloadText::tr("a rebuild was asked for");
    case BuildReason::New: return PayloadText::tr("it is new");
    case BuildReason::FailedBefore: return PayloadText::tr("it failed last time");
    case BuildReason::SourceChanged: return PayloadText::tr("its file changed");
    case BuildReason::ConverterChanged: return PayloadText::tr("its converter was updated");
    case BuildReason::DependencyChanged:
        return detail.isEmpty() ? PayloadText::tr("something it uses changed")
                                : PayloadText::tr("%1, which it uses, changed").arg(detail);
    case BuildReason::OptionsChanged: return PayloadText::tr("its options changed");
    case BuildReason::NotInCartridge: return PayloadText::tr("the cartridge did not hold it yet");
    case BuildReason::CacheEvicted: return PayloadText::tr("the cache no longer had it");
    case BuildReason::CacheCorrupt: return PayloadText::tr("its cached conversion was damaged");
    }
    return {};
}

QJsonObject CacheOutcome::toJson() const
{
    QJsonObject payload{{u"path"_s, path}, {u"kind"_s, wireName(kind)}};
    if (!key.isEmpty())
        payload.insert(u"key"_s, key);
    if (result != Result::None)
        payload.insert(u"result"_s, result == Result::Failed ? u"failed"_s : u"converted"_s);
    else
        payload.insert(u"source"_s, source == Source::Remote ? u"remote"_s : u"local"_s);
    if (!corruptEntry.isEmpty())
        payload.insert(u"corrupt_entry"_s, corruptEntry);
    if (bytes)
        payload.insert(u"bytes"_s, *bytes);
    if (reason != BuildReason::None)
        payload.insert(u"reason"_s, wireName(reason));
    if (!reasonDetail.isEmpty())
        payload.insert(u"reason_detail"_s, reasonDetail);
    payload.insert(u"duration_ms"_s, std::round(durationMs * 100) / 100);
    payload.insert(u"input_bytes"_s, inputBytes);
    if (storedBytes > 0)
        payload.insert(u"stored_bytes"_s, storedBytes);
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
    outcome.source = payload.value(u"source"_s).toString() == u"remote"_s ? Source::Remote : Source::Local;
    outcome.corruptEntry = payload.value(u"corrupt_entry"_s).toString();
    if (payload.contains(u"bytes"_s))
        outcome.bytes = payload.value(u"bytes"_s).toInteger();
    outcome.reason = buildReasonFromString(payload.value(u"reason"_s).toString()).value_or(BuildReason::None);
    outcome.reasonDetail = payload.value(u"reason_detail"_s).toString();
    outcome.durationMs = payload.value(u"duration_ms"_s).toDouble();
    outcome.inputBytes = payload.value(u"input_bytes"_s).toInteger();
    outcome.storedBytes = payload.value(u"stored_bytes"_s).toInteger();
    return outcome;
}

QJsonObject RemoteCacheStats::toJson() const
{
    QJsonArray list;
    for (const Diagnostic &warning : warnings)
        list.append(warning.toJson());
    return QJsonObject{
        {u"url"_s, url},
        {u"hits"_s, hits},
        {u"misses"_s, misses},
        {u"bytes_down"_s, bytesDown},
        {u"uploaded"_s, uploaded},
        {u"bytes_up"_s, bytesUp},
        {u"uploads_unfinished"_s, uploadsUnfinished},
        {u"uploads_dropped"_s, uploadsDropped},
        {u"errors"_s, errors},
        {u"kept_local"_s, keptLocal},
        {u"skipped"_s, skipped},
        {u"warnings"_s, list},
    };
}

RemoteCacheStats RemoteCacheStats::fromJson(const QJsonObject &object)
{
    RemoteCacheStats stats;
    stats.url = object.value(u"url"_s).toString();
    stats.hits = object.value(u"hits"_s).toInt();
    stats.misses = object.value(u"misses"_s).toInt();
    stats.bytesDown = object.value(u"bytes_down"_s).toInteger();
    stats.uploaded = object.value(u"uploaded"_s).toInt();
    stats.bytesUp = object.value(u"bytes_up"_s).toInteger();
    stats.uploadsUnfinished = object.value(u"uploads_unfinished"_s).toInt();
    stats.uploadsDropped = object.value(u"uploads_dropped"_s).toInt();
    stats.errors = object.value(u"errors"_s).toInt();
    stats.keptLocal = object.value(u"kept_local"_s).toInt();
    stats.skipped = object.value(u"skipped"_s).toBool();
    for (const QJsonValue &value : object.value(u"warnings"_s).toArray()) {
        if (const auto warning = Diagnostic::fromJson(value.toObject()))
            stats.warnings.append(*warning);
    }
    return stats;
}

QString RemoteCacheStats::summary() const
{
    const QLocale locale = QLocale::system();
    QStringList parts{
        QCoreApplication::translate("RemoteCacheStats", "%n hit(s) (%1 down)", nullptr, hits)
            .arg(locale.formattedDataSize(bytesDown)),
        QCoreApplication::translate("RemoteCacheStats", "%n miss(es)", nullptr, misses),
        QCoreApplication::translate("RemoteCacheStats", "%n uploaded (%1 up)", nullptr, uploaded)
            .arg(locale.formattedDataSize(bytesUp))};
    if (keptLocal > 0)
        parts << QCoreApplication::translate("RemoteCacheStats", "%n small asset(s) converted here", nullptr, keptLocal);
    if (uploadsUnfinished > 0)
        parts << QCoreApplication::translate("RemoteCacheStats", "%n upload(s) still going", nullptr, uploadsUnfinished);
    if (uploadsDropped > 0)
        parts << QCoreApplication::translate("RemoteCacheStats", "%n not uploaded", nullptr, uploadsDropped);
    if (errors > 0)
        parts << QCoreApplication::translate("RemoteCacheStats", "%n error(s)", nullptr, errors);
    if (skipped)
        parts << QCoreApplication::translate("RemoteCacheStats", "given up on for this build");
    return QCoreApplication::translate("RemoteCacheStats", "team cache %1: %2").arg(url, parts.join(u", "_s));
}

QJsonObject BuildStats::toJson() const
{
    QJsonObject payload{
        {u"outcome"_s, succeeded ? u"succeeded"_s : u"failed"_s},
        {u"built"_s, built},
        {u"cached"_s, cached},
        {u"unchanged"_s, unchanged},
        {u"failed"_s, failed},
        {u"excluded"_s, excluded},
        {u"cartridge"_s, cartridge},
        {u"bytes"_s, bytes},
        {u"written"_s, written},
        {u"duration_ms"_s, durationMs},
    };
    if (remote)
        payload.insert(u"remote_cache"_s, remote->toJson());
    return payload;
}

BuildStats BuildStats::fromJson(const QJsonObject &payload)
{
    BuildStats stats;
    stats.succeeded = payload.value(u"outcome"_s).toString() == u"succeeded"_s;
    stats.built = payload.value(u"built"_s).toInt();
    stats.cached = payload.value(u"cached"_s).toInt();
    stats.unchanged = payload.value(u"unchanged"_s).toInt();
    stats.failed = payload.value(u"failed"_s).toInt();
    stats.excluded = payload.value(u"excluded"_s).toInt();
    stats.cartridge = payload.value(u"cartridge"_s).toString();
    stats.bytes = payload.value(u"bytes"_s).toInteger();
    stats.written = payload.value(u"written"_s).toBool();
    stats.durationMs = payload.value(u"duration_ms"_s).toInteger();
    if (payload.value(u"remote_cache"_s).isObject())
        stats.remote = RemoteCacheStats::fromJson(payload.value(u"remote_cache"_s).toObject());
    return stats;
}

} // namespace Prometeu
