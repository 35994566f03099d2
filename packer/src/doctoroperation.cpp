#include "packer/doctoroperation.h"

#include "packer/eventpayloads.h"

#include "packer/assetdependencies.h"
#include "packer/assetinspection.h"
#include "packer/doctormemo.h"
#include "packer/operationscope.h"
#include "wholefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include "packer/parallelmap.h"

#include <atomic>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// Gives lupdate a context for the strings of this file.
class DoctorOperationText
{
    Q_DECLARE_TR_FUNCTIONS(DoctorOperation)
};

QByteArray readContent(const QString &path)
{
    QByteArray bytes;
    return readWholeFile(path, &bytes, nullptr) ? bytes : QByteArray();
}

bool diagnosticLess(const Diagnostic &a, const Diagnostic &b)
{
    return std::tie(a.file, a.line, a.column, a.code) < std::tie(b.file, b.line, b.column, b.code);
}

} // namespace

DoctorOperation::DoctorOperation(Project project, QList<AssetRecord> assets, QThreadPool *pool)
    : m_project(std::move(project))
    , m_assets(std::move(assets))
    , m_pool(pool)
{
}

QList<Diagnostic> DoctorOperation::inspectAsset(const Project &project, const AssetRecord &record,
                                                QList<AssetReference> *references)
{
    const AssetContext asset{project, record};
    QList<Diagnostic> out;
    if (!AssetInspection::inspectFile(asset, &out))
        return out;

    QByteArray content;
    if (record.kind == AssetKind::Data || record.kind == AssetKind::Text || record.kind == AssetKind::Script
        || record.kind == AssetKind::TileMap)
        content = readContent(asset.absolutePath());
    switch (record.kind) {
    case AssetKind::Image:
        out += AssetInspection::inspectImage(asset);
        break;
    case AssetKind::Audio:
        out += AssetInspection::inspectAudio(asset);
        break;
    case AssetKind::Data:
        out += AssetInspection::inspectJson(asset, content);
        break;
    case AssetKind::Text:
    case AssetKind::Script:
        out += AssetInspection::inspectText(asset, content);
        break;
    case AssetKind::TileMap:
        out += AssetInspection::inspectTileMap(asset, content);
        break;
    case AssetKind::Unknown:
        out.append(asset.diagnostic(Severity::Info, u"asset.unknown_type"_s,
                                    DoctorOperationText::tr("Prometeu does not know this file type; it will be stored "
                                       "in the cartridge as it is.")));
        break;
    }
    if (references && AssetDependencies::canReference(record.kind))
        *references = AssetDependencies::referencesIn(record.path, record.kind, content);
    return out;
}

namespace {

Diagnostic missingDiagnostic(const AssetContext &asset, const AssetReference &reference)
{
    // A string in a script that only looks like a file name gets the
    // gentle words whatever it points at (Hedgewars' scripts load
    // "/Scripts/Utils.lua" from their engine's own root).
    if (reference.path.isEmpty() && reference.required) {
        return asset.diagnostic(reference.required ? Severity::Error : Severity::Warning, u"deps.missing"_s,
                                DoctorOperationText::tr("%1 points outside the assets folder; the cartridge cannot "
                                                        "hold it.").arg(reference.written),
                                reference.line, reference.column);
    }
    return asset.diagnostic(reference.required ? Severity::Error : Severity::Warning, u"deps.missing"_s,
                            reference.required
                                ? DoctorOperationText::tr("Uses %1, which is not in the assets folder.").arg(reference.path)
                                : DoctorOperationText::tr("Names %1, which is not in the assets folder (if it is "
                                                          "not an asset, ignore this).")
                                      .arg(reference.path.isEmpty() ? reference.written : reference.path),
                            reference.line, reference.column);
}

} // namespace

DoctorReport DoctorOperation::run(OperationScope &scope)
{
    DoctorReport report;
    const QHash<QString, QList<Diagnostic>> nameDiagnostics =
        AssetInspection::inspectNames(m_project, m_assets);
    QSet<QString> paths;
    paths.reserve(m_assets.size());
    for (const AssetRecord &record : std::as_const(m_assets))
        paths.insert(record.path);

    QList<QList<Diagnostic>> perAsset(m_assets.size());
    // What each asset's content held (its diagnostics, what it names):
    // remembered, or checked now.
    QList<DoctorMemo::Findings> contentFindings(m_assets.size());
    QList<qsizetype> indexes(m_assets.size());
    std::iota(indexes.begin(), indexes.end(), 0);
    // Longest first, so the pool does not end on one thread decoding a
    // game's music while the other has nothing left (SuperTux: 4 s of a
    // 5.7 s check were that tail). A sound costs far more a byte to
    // decode than an image or a text.
    const auto cost = [&](qsizetype i) {
        const AssetRecord &record = m_assets.at(i);
        return record.kind == AssetKind::Audio ? record.size * 8 : record.size;
    };
    std::stable_sort(indexes.begin(), indexes.end(), [&](qsizetype a, qsizetype b) { return cost(a) > cost(b); });

    const auto publish = [&](const AssetRecord &record, QList<Diagnostic> &found) {
        if (found.isEmpty())
            return;
        std::sort(found.begin(), found.end(), diagnosticLess);
        DiagnosticCounts counts;
        for (const Diagnostic &d : std::as_const(found))
            counts.add(d);
        const QString summary = found.size() == 1
            ? u"%1: %2"_s.arg(record.path, found.first().message)
            : DoctorOperationText::tr("%1: %2.").arg(record.path, counts.sentence());
        scope.events().publish(EventKind::DiagnosticsUpdated, summary, DiagnosticsUpdate{record.path, found}.toJson(),
                               {record.path});
    };
    // An asset that uses another may be in a cycle, known only once every
    // asset is read: its one complete list is published then.
    const auto mayBeInCycle = [&](qsizetype i) {
        const QList<AssetReference> &references = contentFindings.at(i).references;
        return std::any_of(references.cbegin(), references.cend(), [&](const AssetReference &r) {
            return !r.path.isEmpty() && r.path != m_assets.at(i).path && paths.contains(r.path);
        });
    };

    // What unchanged content held last time is taken as it was; only the
    // state folder's reader may write the memo back (a read-only project
    // is checked in full, every time).
    const QString memoPath = m_project.statePath(QLatin1StringView(DoctorMemo::fileName));
    const DoctorMemo memo = DoctorMemo::load(memoPath);
    const QByteArray context = DoctorMemo::contextOf(m_project);
    QList<QByteArray> keys(m_assets.size());
    std::atomic<qsizetype> checkedAfresh{0};

    scope.beginProgress(u"checking"_s, m_assets.size());
    parallelMap(m_pool, indexes, [&](qsizetype i) {
        if (scope.isCancelled())
            return;
        const AssetRecord &record = m_assets.at(i);
        QList<Diagnostic> found = nameDiagnostics.value(record.path);
        keys[i] = DoctorMemo::keyOf(context, record);
        if (const DoctorMemo::Findings *known = memo.find(keys[i])) {
            contentFindings[i] = *known;
        } else {
            contentFindings[i].diagnostics = inspectAsset(m_project, record, &contentFindings[i].references);
            ++checkedAfresh;
            // What the file's or the install's state said, not its content
            // (gone for a moment while an editor saved, unreadable until
            // chmod, the decoders missing until installed), is never
            // remembered for that content.
            const auto transient = [](const Diagnostic &d) {
                return d.code == u"file.vanished"_s || d.code == u"file.unreadable"_s
                    || d.code == u"codecs.unavailable"_s;
            };
            if (std::any_of(contentFindings[i].diagnostics.cbegin(), contentFindings[i].diagnostics.cend(), transient))
                keys[i].clear();
        }
        found += contentFindings.at(i).diagnostics;
        const AssetContext asset{m_project, record};
        for (const AssetReference &reference : std::as_const(contentFindings.at(i).references)) {
            if (reference.path.isEmpty() || !paths.contains(reference.path))
                found.append(missingDiagnostic(asset, reference));
        }
        if (!mayBeInCycle(i))
            publish(record, found);
        perAsset[i] = std::move(found);
        scope.advance();
    });
    if (scope.isCancelled())
        return report;
    // This project's assets only, so it never grows past them; written only
    // when something was checked afresh or went away.
    DoctorMemo next;
    for (qsizetype i = 0; i < m_assets.size(); ++i)
        next.insert(keys.at(i), contentFindings.at(i)); // shared, not copied
    if ((checkedAfresh > 0 || next.size() != memo.size()) && QDir(m_project.statePath()).exists())
        next.save(memoPath); // a memo not written is a slower next check, not a wrong one

    QHash<QString, QList<AssetReference>> references;
    QHash<QString, qsizetype> indexOf;
    for (qsizetype i = 0; i < m_assets.size(); ++i) {
        indexOf.insert(m_assets.at(i).path, i);
        if (!contentFindings.at(i).references.isEmpty())
            references.insert(m_assets.at(i).path, contentFindings.at(i).references);
    }
    report.graph = AssetGraph(QStringList(paths.cbegin(), paths.cend()), std::move(references));
    for (const QStringList &cycle : report.graph.cycles()) {
        const QSet<QString> members(cycle.cbegin(), cycle.cend());
        for (const QString &member : cycle) {
            const qsizetype i = indexOf.value(member);
            // Pointed at the line naming the next asset of the cycle.
            AssetReference through;
            for (const AssetReference &reference : report.graph.references(member)) {
                if (members.contains(reference.path)) {
                    through = reference;
                    break;
                }
            }
            const AssetContext asset{m_project, m_assets.at(i)};
            perAsset[i].append(asset.diagnostic(
                Severity::Warning, u"deps.cycle"_s,
                DoctorOperationText::tr("Uses %1, which leads back to this asset (cycle: %2). A change to any of them "
                                        "rebuilds them all.").arg(through.path, cycle.join(u" → "_s)),
                through.line, through.column));
        }
    }
    for (qsizetype i = 0; i < m_assets.size(); ++i) {
        if (mayBeInCycle(i))
            publish(m_assets.at(i), perAsset[i]);
    }

    for (QList<Diagnostic> &found : perAsset) {
        std::sort(found.begin(), found.end(), diagnosticLess);
        report.diagnostics += found;
        for (const Diagnostic &d : std::as_const(found))
            report.counts.add(d);
    }
    std::sort(report.diagnostics.begin(), report.diagnostics.end(), diagnosticLess);
    report.assetsChecked = static_cast<int>(m_assets.size());

    const QJsonObject totals{{u"complete"_s, true},
                             {u"assets_checked"_s, report.assetsChecked},
                             {u"counts"_s, report.counts.toJson()}};
    const QString summary = report.diagnostics.isEmpty()
        ? DoctorOperationText::tr("Checked %n asset(s): no problems found.", nullptr, report.assetsChecked)
        : DoctorOperationText::tr("Checked %n asset(s): %1.", nullptr, report.assetsChecked).arg(report.counts.sentence());
    scope.events().publish(EventKind::DiagnosticsUpdated, summary, totals);
    scope.setFinishSummary(summary);
    scope.setFinishPayload(totals);
    return report;
}

} // namespace Prometeu
