#include "packer/previewoperation.h"

#include "packer/mediacodecs.h"
#include "packer/contenthash.h"
#include "packer/operationscope.h"
#include "wholefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class PreviewText
{
    Q_DECLARE_TR_FUNCTIONS(PreviewOperation)
};

} // namespace

PreviewOperation::PreviewOperation(Project project, QString asset)
    : m_project(std::move(project))
    , m_asset(std::move(asset))
{
}

PreviewReport PreviewOperation::run(OperationScope &scope)
{
    PreviewReport report;
    auto fail = [&](const QString &reason) {
        scope.fail(reason);
        scope.keepResultOnFailure();
        report.error = reason;
        return report;
    };
    AssetRecord record;
    record.path = m_asset;
    record.kind = classifyAsset(m_asset);
    const AssetContext asset{m_project, record};
    if (record.kind != AssetKind::Image && record.kind != AssetKind::Audio) {
        return fail(PreviewText::tr("%1 is a %2 asset; previews are made for images and sounds.")
                        .arg(m_asset, wireName(record.kind)));
    }
    if (!QFileInfo(asset.absolutePath()).isFile())
        return fail(PreviewText::tr("There is no asset %1.").arg(m_asset));
    QByteArray input;
    if (QString why; !readWholeFile(asset.absolutePath(), &input, &why))
        return fail(PreviewText::tr("Cannot read %1: %2.").arg(m_asset, embeddableReason(why)));
    QString error;
    if (!m_project.ensureStateFolder(&error)) {
        return fail(error);
    }
    const QString folder = m_project.statePath(u"cache/previews"_s);
    QDir().mkpath(folder);
    report.path = folder + u'/' + ContentHash::ofBytes(input) + (record.kind == AssetKind::Image ? u"-thumb.png"_s : u"-wave.png"_s);

    QString why;
    const MediaCodecs *codecs = mediaCodecs(&why);
    if (!codecs)
        return fail(PreviewText::tr("%1 cannot be previewed: %2.").arg(m_asset, why));
    const PreviewPicture picture = codecs->writePreview(asset, input, report.path);
    if (!picture.error.isEmpty())
        return fail(picture.error);
    if (scope.isCancelled())
        return report;
    report.width = picture.size.width();
    report.height = picture.size.height();
    const QString summary = PreviewText::tr("Preview of %1 is ready (%2x%3).").arg(m_asset).arg(report.width).arg(report.height);
    scope.events().publish(EventKind::PreviewReady, summary,
                           QJsonObject{{u"path"_s, report.path}, {u"width"_s, report.width},
                                       {u"height"_s, report.height}, {u"kind"_s, wireName(record.kind)}},
                           {m_asset});
    scope.setFinishSummary(summary);
    return report;
}

} // namespace Prometeu
