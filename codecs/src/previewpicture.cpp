#include "codecs.h"

#include "imagereaderlimit.h"

#include <packer/previewoperation.h>

#include <support/writeall.h>

#include <QCoreApplication>
#include <QImage>
#include <QImageReader>
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

PreviewPicture Codecs::writePreview(const AssetContext &asset, const QByteArray &input, const QString &target)
{
    PreviewPicture picture;
    QImage preview;
    if (QImageReader(target).canRead()) {
        picture.size = QImageReader(target).size(); // same content, same preview
        return picture;
    }
    if (asset.record.kind == AssetKind::Image) {
        QImageReader reader(asset.absolutePath());
        const QSize size = reader.size();
        const CartridgeLimits &limits = asset.project.manifest().cartridge;
        if (!size.isValid() || size.width() > limits.maxImageWidth || size.height() > limits.maxImageHeight) {
            picture.error = PreviewText::tr("%1 cannot be previewed: it is not a readable image within the project's size limit.")
                                .arg(asset.record.path);
            return picture;
        }
        allowDecodingWithinProjectLimits(reader, size);
        const QImage image = reader.read();
        if (image.isNull()) {
            picture.error = PreviewText::tr("%1 cannot be decoded: %2.")
                                .arg(asset.record.path, embeddableReason(reader.errorString()));
            return picture;
        }
        preview = thumbnail(image);
    } else {
        const ConversionResult pcm = convertAudio(
            asset, input, AssetConverter::settings(AssetKind::Audio, {}, asset.project.manifest()));
        if (!pcm.ok) {
            picture.error = pcm.diagnostics.value(0).message;
            return picture;
        }
        preview = waveform(pcm.payload);
    }
    QSaveFile out(target);
    if (!out.open(QIODevice::WriteOnly) || !preview.save(&out, "PNG") || !commitWhole(out)) {
        picture.error = PreviewText::tr("Cannot write the preview %1: %2.").arg(target, out.errorString());
        return picture;
    }
    picture.size = preview.size();
    return picture;
}

} // namespace Prometeu
