#include "packer/doctoroperation.h"

#include "packer/eventpayloads.h"

#include "packer/assetinspection.h"
#include "packer/operationscope.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include "packer/parallelmap.h"

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
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool diagnosticLess(const Diagnostic &a, const Diagnostic &b)
{
    return std::tie(a.file, a.line, a.column, a.code) < std::tie(b.file, b.line, b.column, b.code);
}

QString countsSentence(const DiagnosticCounts &counts)
{
    return DoctorOperationText::tr("%1 error(s), %2 warning(s), %3 note(s)").arg(counts.errors).arg(counts.warnings).arg(counts.infos);
}

} // namespace

DoctorOperation::DoctorOperation(Project project, QList<AssetRecord> assets, QThreadPool *pool)
    : m_project(std::move(project))
    , m_assets(std::move(assets))
    , m_pool(pool)
{
}

QList<Diagnostic> DoctorOperation::inspectAsset(const Project &project, const AssetRecord &record)
{
    const AssetContext asset{project, record};
    QList<Diagnostic> out;
    if (!AssetInspection::inspectFile(asset, &out))
        return out;

    switch (record.kind) {
    case AssetKind::Image:
        out += AssetInspection::inspectImage(asset);
        break;
    case AssetKind::Audio:
        out += AssetInspection::inspectAudio(asset);
        break;
    case AssetKind::Data:
        out += AssetInspection::inspectJson(asset, readContent(asset.absolutePath()));
        break;
    case AssetKind::Text:
    case AssetKind::Script:
        out += AssetInspection::inspectText(asset, readContent(asset.absolutePath()));
        break;
    case AssetKind::TileMap:
        out += AssetInspection::inspectTileMap(asset, readContent(asset.absolutePath()));
        break;
    case AssetKind::Unknown:
        out.append(asset.diagnostic(Severity::Info, u"asset.unknown_type"_s,
                                    DoctorOperationText::tr("Prometeu does not know this file type; it will be stored "
                                       "in the cartridge as it is.")));
        break;
    }
    return out;
}

DoctorReport DoctorOperation::run(OperationScope &scope)
{
    DoctorReport report;
    const QHash<QString, QList<Diagnostic>> nameDiagnostics =
        AssetInspection::inspectNames(m_project, m_assets);

    QList<QList<Diagnostic>> perAsset(m_assets.size());
    QList<qsizetype> indexes(m_assets.size());
    std::iota(indexes.begin(), indexes.end(), 0);

    scope.beginProgress(u"checking"_s, m_assets.size());
    parallelMap(m_pool, indexes, [&](qsizetype i) {
        if (scope.isCancelled())
            return;
        const AssetRecord &record = m_assets.at(i);
        QList<Diagnostic> found = nameDiagnostics.value(record.path);
        found += inspectAsset(m_project, record);
        if (!found.isEmpty()) {
            std::sort(found.begin(), found.end(), diagnosticLess);
            DiagnosticCounts counts;
            for (const Diagnostic &d : std::as_const(found))
                counts.add(d);
            const QString summary = found.size() == 1
                ? u"%1: %2"_s.arg(record.path, found.first().message)
                : DoctorOperationText::tr("%1: %2.").arg(record.path, countsSentence(counts));
            scope.events().publish(EventKind::DiagnosticsUpdated, summary,
                                   DiagnosticsUpdate{record.path, found}.toJson(), {record.path});
        }
        perAsset[i] = std::move(found);
        scope.advance();
    });
    if (scope.isCancelled())
        return report;

    for (const QList<Diagnostic> &found : std::as_const(perAsset)) {
        report.diagnostics += found;
        for (const Diagnostic &d : found)
            report.counts.add(d);
    }
    std::sort(report.diagnostics.begin(), report.diagnostics.end(), diagnosticLess);
    report.assetsChecked = static_cast<int>(m_assets.size());

    const QJsonObject totals{{u"complete"_s, true},
                             {u"assets_checked"_s, report.assetsChecked},
                             {u"counts"_s, report.counts.toJson()}};
    const QString summary = report.diagnostics.isEmpty()
        ? DoctorOperationText::tr("Checked %n asset(s): no problems found.", nullptr, report.assetsChecked)
        : DoctorOperationText::tr("Checked %1 assets: %2.").arg(report.assetsChecked).arg(countsSentence(report.counts));
    scope.events().publish(EventKind::DiagnosticsUpdated, summary, totals);
    scope.setFinishSummary(summary);
    scope.setFinishPayload(totals);
    return report;
}

} // namespace Prometeu
