#include "codecs.h"

#include "packer/largebuffer.h"
#include "packer/littleendian.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QHash>
#include <QImage>
#include <QImageReader>

#include <cstring>
#include <optional>

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

constexpr qsizetype headerSize = 8;

void writeHeader(char *at, QSize size, PixelFormat format, quint16 paletteSize)
{
    QByteArray out;
    LittleEndian::append<quint16>(out, quint16(size.width()));
    LittleEndian::append<quint16>(out, quint16(size.height()));
    out.append(char(format));
    out.append('\0');
    LittleEndian::append<quint16>(out, paletteSize);
    std::memcpy(at, out.constData(), headerSize);
}

// 0xAARRGGBB words (ARGB32, RGB32) to R, G, B, A bytes, where they are.
void swizzleToRgba8888(uchar *bits, qsizetype pixels, bool opaque)
{
    auto *words = reinterpret_cast<quint32 *>(bits);
    const quint32 alpha = opaque ? 0xff000000u : 0u;
    for (qsizetype i = 0; i < pixels; ++i) {
        const quint32 argb = words[i] | alpha;
#if Q_BYTE_ORDER == Q_LITTLE_ENDIAN
        words[i] = (argb & 0xff00ff00u) | ((argb >> 16) & 0xffu) | ((argb & 0xffu) << 16);
#else
        words[i] = (argb << 8) | (argb >> 24);
#endif
    }
}

// The image as a payload: a header's room, then its RGBA8888 pixels. A
// 32-bit PNG or JPEG is decoded straight into the payload and swizzled
// there; other formats are converted a band of rows at a time. Decoding to
// a QImage, converting it, then copying its rows was three images in
// memory for one (a 2048x32768 mask: 549 MB in a worker for 256 MB of
// output), and a converter's peak is what bounds a build's memory.
struct RgbaPixels {
    QByteArray payload;
    QSize size;
};

std::optional<RgbaPixels> readRgba(QImageReader &reader, QSize size)
{
    RgbaPixels rgba;
    QImage decoded;
    const QImage::Format format = reader.imageFormat();
    if (size.isValid() && (format == QImage::Format_ARGB32 || format == QImage::Format_RGB32)) {
        rgba.payload = uninitializedLargeBuffer(headerSize + qsizetype(size.width()) * size.height() * 4);
        uchar *bits = reinterpret_cast<uchar *>(rgba.payload.data()) + headerSize;
        QImage target(bits, size.width(), size.height(), size.width() * 4, format);
        if (!reader.read(&target))
            return std::nullopt;
        if (target.constBits() == bits && target.format() == format && target.size() == size) {
            swizzleToRgba8888(bits, qsizetype(size.width()) * size.height(), format == QImage::Format_RGB32);
            rgba.size = size;
            return rgba;
        }
        // The decoder chose otherwise (its own memory, or another format in
        // ours): converted below from a copy of its own.
        decoded = target.constBits() == bits ? target.copy() : target;
        rgba.payload = QByteArray();
    } else {
        decoded = reader.read();
    }
    if (decoded.isNull())
        return std::nullopt;
    rgba.size = decoded.size();
    const qsizetype rowBytes = qsizetype(decoded.width()) * 4;
    rgba.payload = uninitializedLargeBuffer(headerSize + rowBytes * decoded.height());
    const int band = int(qMax<qsizetype>(1, (1 << 20) / rowBytes));
    char *to = rgba.payload.data() + headerSize;
    for (int y = 0; y < decoded.height(); y += band) {
        const QImage strip = decoded.copy(0, y, decoded.width(), qMin(band, decoded.height() - y))
                                 .convertToFormat(QImage::Format_RGBA8888);
        for (int row = 0; row < strip.height(); ++row, to += rowBytes)
            std::memcpy(to, strip.constScanLine(row), size_t(rowBytes));
    }
    return rgba;
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
    std::optional<RgbaPixels> rgba = readRgba(reader, size);
    if (!rgba) {
        result.diagnostics.append(asset.diagnostic(
            Severity::Error, u"image.corrupt"_s,
            ImageText::tr("The image cannot be decoded (%1).").arg(embeddableReason(reader.errorString()))));
        return result;
    }
    const int width = rgba->size.width();
    const int height = rgba->size.height();

    if (settings.value(u"pixel_format"_s).toString() == u"indexed8"_s) {
        // Exact palette: only when the image really has at most 256 colours,
        // so indexing never changes a pixel.
        QHash<quint32, quint8> palette;
        QByteArray indices;
        indices.reserve(qsizetype(width) * height);
        bool fits = true;
        const auto *pixels = reinterpret_cast<const quint32 *>(rgba->payload.constData() + headerSize);
        for (int y = 0; y < height && fits; ++y) {
            const quint32 *row = pixels + qsizetype(y) * width;
            for (int x = 0; x < width; ++x) {
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
            rgba->payload = QByteArray();
            result.payload = QByteArray(headerSize, Qt::Uninitialized);
            writeHeader(result.payload.data(), rgba->size, PixelFormat::Indexed8, quint16(colours.size()));
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

    writeHeader(rgba->payload.data(), rgba->size, PixelFormat::Rgba8888, 0);
    result.payload = std::move(rgba->payload);
    result.ok = true;
    return result;
}

} // namespace Prometeu
