#include "packer/previewoperation.h"

#include "packer/assetconverter.h"
#include "packer/contenthash.h"
#include "packer/operationscope.h"
#include "wholefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

#include "imagereaderlimit.h"
#include <QSaveFile>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class PreviewText
{
    Q_DECLARE_TR_FUNCTIONS(PreviewOperation)
};

QImage thumbnail(const QImage &image)
{
    const int size = PreviewOperation::thumbnailSize;
    if (image.width() <= size && image.height() <= size) {
        // Small pixel art: scale up by a whole factor, never blur it.
        const int factor = qMax(1, size / qMax(image.width(), image.height()));
        return image.scaled(image.size() * factor, Qt::KeepAspectRatio, Qt::FastTransformation);
    }
    return image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

// Min/max per column of the PCM16 payload the audio converter produces, so
// the preview shows exactly what the cartridge will play.
QImage waveform(const QByteArray &pcm)
{
    const int width = PreviewOperation::waveformWidth;
    const int height = PreviewOperation::waveformHeight;
    QImage image(width, height, QImage::Format_ARGB32);
    image.fill(qRgba(24, 20, 37, 255));
    const int channels = qFromLittleEndian<quint16>(pcm.constData() + 4);
    const quint32 frames = qFromLittleEndian<quint32>(pcm.constData() + 8);
    const auto *samples = reinterpret_cast<const qint16 *>(pcm.constData() + 12);
    const int middle = height / 2;
    for (int x = 0; x < width; ++x) {
        const quint64 from = quint64(frames) * quint64(x) / quint64(width);
        const quint64 to = qMax(from + 1, quint64(frames) * quint64(x + 1) / quint64(width));
        int low = 0;
        int high = 0;
        for (quint64 f = from; f < to && f < frames; ++f) {
            const int value = qFromLittleEndian(samples[f * quint64(channels)]);
            low = qMin(low, value);
            high = qMax(high, value);
        }
        const int top = middle - high * middle / 32768;
        const int bottom = middle - low * middle / 32768;
        for (int y = qMax(0, top); y <= qMin(height - 1, bottom); ++y)
            image.setPixel(x, y, qRgba(99, 199, 77, 255));
        image.setPixel(x, middle, qRgba(99, 199, 77, 255));
    }
    return image;
}

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

    QImage preview;
    if (QImageReader(report.path).canRead()) {
        preview = QImage(report.path); // same content, same preview
    } else if (record.kind == AssetKind::Image) {
        QImageReader reader(asset.absolutePath());
        const QSize size = reader.size();
        const CartridgeLimits &limits = m_project.manifest().cartridge;
        if (!size.isValid() || size.width() > limits.maxImageWidth || size.height() > limits.maxImageHeight) {
            return fail(PreviewText::tr("%1 cannot be previewed: it is not a readable image within the project's size limit.")
                           .arg(m_asset));
        }
        allowDecodingWithinProjectLimits(reader, size);
        const QImage image = reader.read();
        if (image.isNull()) {
            return fail(PreviewText::tr("%1 cannot be decoded: %2.").arg(m_asset, embeddableReason(reader.errorString())));
        }
        preview = thumbnail(image);
    } else {
        const ConversionResult pcm = AssetConverter::convertAudio(
            asset, input, AssetConverter::settings(AssetKind::Audio, {}, m_project.manifest()));
        if (!pcm.ok) {
            return fail(pcm.diagnostics.value(0).message);
        }
        preview = waveform(pcm.payload);
    }
    if (scope.isCancelled())
        return report;

    if (!QFileInfo::exists(report.path)) {
        QSaveFile out(report.path);
        if (!out.open(QIODevice::WriteOnly) || !preview.save(&out, "PNG") || !out.commit()) {
            return fail(PreviewText::tr("Cannot write the preview %1: %2.").arg(report.path, out.errorString()));
        }
    }
    report.width = preview.width();
    report.height = preview.height();
    const QString summary = PreviewText::tr("Preview of %1 is ready (%2x%3).").arg(m_asset).arg(report.width).arg(report.height);
    scope.events().publish(EventKind::PreviewReady, summary,
                           QJsonObject{{u"path"_s, report.path}, {u"width"_s, report.width},
                                       {u"height"_s, report.height}, {u"kind"_s, wireName(record.kind)}},
                           {m_asset});
    scope.setFinishSummary(summary);
    return report;
}

} // namespace Prometeu
