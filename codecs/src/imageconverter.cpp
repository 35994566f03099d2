#include "codecs.h"

#include "packer/littleendian.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QHash>
#include <QImage>
#include <QImageReader>

#include "imagereaderlimit.h"
#include "pngchunks.h"

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class ImageText
{
    Q_DECLARE_TR_FUNCTIONS(AssetConverter)
};

enum class PixelFormat : quint8 { Rgba8888 = 0, Indexed8 = 1 };

QByteArray header(const QImage &image, PixelFormat format, quint16 paletteSize)
{
    QByteArray out;
    LittleEndian::append<quint16>(out, quint16(image.width()));
    LittleEndian::append<quint16>(out, quint16(image.height()));
    out.append(char(format));
    out.append('\0');
    LittleEndian::append<quint16>(out, paletteSize);
    return out;
}

} // namespace

ConversionResult Codecs::convertImage(const AssetContext &asset, const QByteArray &input,
                                      const QJsonObject &settings)
{
    ConversionResult result;
    if (hasPngSignature(input)) {
        if (const PngChunkProblem problem = checkPngChunks(input); !problem.isEmpty()) {
            result.diagnostics.append(pngChunkDiagnostic(asset, problem));
            return result;
        }
    }
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    const int maxWidth = settings.value(u"max_width"_s).toInt();
    const int maxHeight = settings.value(u"max_height"_s).toInt();
    if (size.isValid() && (size.width() > maxWidth || size.height() > maxHeight)) {
        result.diagnostics.append(asset.diagnostic(
            Severity::Error, u"image.too_large"_s,
            ImageText::tr("The image is %1x%2 pixels; this project allows at most %3x%4.")
                .arg(size.width()).arg(size.height()).arg(maxWidth).arg(maxHeight)));
        return result;
    }
    allowDecodingWithinProjectLimits(reader, size);
    QImage rgba = reader.read();
    if (rgba.isNull()) {
        result.diagnostics.append(asset.diagnostic(
            Severity::Error, u"image.corrupt"_s,
            ImageText::tr("The image cannot be decoded (%1).").arg(embeddableReason(reader.errorString()))));
        return result;
    }
    // In place where Qt can (ARGB32 to RGBA8888 is a swizzle): one image in
    // memory, not two. A converter's peak is what bounds a build's memory.
    rgba = std::move(rgba).convertToFormat(QImage::Format_RGBA8888);

    if (settings.value(u"pixel_format"_s).toString() == u"indexed8"_s) {
        // Exact palette: only when the image really has at most 256 colours,
        // so indexing never changes a pixel.
        QHash<quint32, quint8> palette;
        QByteArray indices;
        indices.reserve(qsizetype(rgba.width()) * rgba.height());
        bool fits = true;
        for (int y = 0; y < rgba.height() && fits; ++y) {
            const auto *row = reinterpret_cast<const quint32 *>(rgba.constScanLine(y));
            for (int x = 0; x < rgba.width(); ++x) {
                auto it = palette.constFind(row[x]);
                if (it == palette.cend()) {
                    if (palette.size() == 256) {
                        fits = false;
                        break;
                    }
                    it = palette.insert(row[x], quint8(palette.size()));
                }
                indices.append(char(it.value()));
            }
        }
        if (fits) {
            QList<quint32> colours(palette.size());
            for (auto it = palette.cbegin(); it != palette.cend(); ++it)
                colours[it.value()] = it.key();
            result.payload = header(rgba, PixelFormat::Indexed8, quint16(colours.size()));
            for (quint32 colour : std::as_const(colours))
                result.payload.append(reinterpret_cast<const char *>(&colour), 4); // RGBA bytes as stored
            result.payload.append(indices);
            result.ok = true;
            return result;
        }
        result.diagnostics.append(asset.diagnostic(
            Severity::Warning, u"image.too_many_colours"_s,
            ImageText::tr("The image has more than 256 colours, so it is stored as RGBA8888 "
                          "instead of indexed 8-bit.")));
    }

    result.payload = header(rgba, PixelFormat::Rgba8888, 0);
    result.payload.reserve(result.payload.size() + qsizetype(rgba.width()) * rgba.height() * 4);
    for (int y = 0; y < rgba.height(); ++y)
        result.payload.append(reinterpret_cast<const char *>(rgba.constScanLine(y)), qsizetype(rgba.width()) * 4);
    rgba = QImage(); // before the caller compresses the payload
    result.ok = true;
    return result;
}

} // namespace Prometeu
