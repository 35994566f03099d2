#include "codecs.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

#include "imagereaderlimit.h"
#include "pngchunks.h"

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// Gives lupdate a context for the strings of this file.
class AssetInspectionText
{
    Q_DECLARE_TR_FUNCTIONS(AssetInspection)
};

QByteArray readTail(const QString &path, qint64 bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    file.seek(qMax<qint64>(0, file.size() - bytes));
    return file.read(bytes);
}

// Decoders are lenient with a cut-off file (libjpeg pads it with grey, Qt's
// PNG reader may return the rows it got), so check that the container ends
// the way its format says it must.
bool looksTruncated(const QByteArray &format, const QString &path)
{
    const QByteArray tail = readTail(path, 64);
    if (format == "png")
        return !tail.contains("IEND");
    if (format == "jpeg" || format == "jpg")
        return !tail.contains("\xFF\xD9");
    if (format == "gif")
        return !tail.endsWith(';') && !tail.contains(";\0"_ba);
    if (format == "bmp") {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        const QByteArray header = file.read(6);
        if (header.size() < 6)
            return true;
        const quint32 declared = quint8(header[2]) | quint8(header[3]) << 8
            | quint8(header[4]) << 16 | quint32(quint8(header[5])) << 24;
        return declared > file.size();
    }
    return false;
}

QByteArray canonicalFormat(const QString &suffix)
{
    const QByteArray lower = suffix.toLower().toLatin1();
    return lower == "jpg" ? QByteArray("jpeg") : lower;
}

} // namespace

QList<Diagnostic> Codecs::inspectImage(const AssetContext &asset)
{
    QList<Diagnostic> out;
    const QString path = asset.absolutePath();
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    if (!reader.canRead()) {
        out.append(asset.diagnostic(Severity::Error, u"image.corrupt"_s,
                                    AssetInspectionText::tr("This is not a readable image (%1).").arg(embeddableReason(reader.errorString()))));
        return out;
    }
    const QByteArray format = reader.format();
    const QByteArray expected = canonicalFormat(QFileInfo(path).suffix());
    if (!format.isEmpty() && format != expected) {
        out.append(asset.diagnostic(
            Severity::Warning, u"image.format_mismatch"_s,
            AssetInspectionText::tr("The file is named .%1 but contains a %2 image.")
                .arg(QFileInfo(path).suffix(), QString::fromLatin1(format.toUpper()))));
    }

    if (format == "png") {
        QFile file(path);
        const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        if (const PngChunkProblem problem = checkPngChunks(bytes); !problem.isEmpty()) {
            out.append(pngChunkDiagnostic(asset, problem));
            return out;
        }
    }
    // Before the header is read: libpng reading a header cut short prints
    // "libpng error: Read Error" on stderr, naming no file; this names it.
    if (looksTruncated(format, path)) {
        out.append(asset.diagnostic(Severity::Error, u"image.truncated"_s,
                                    AssetInspectionText::tr("The %1 file is cut short; its end is missing.")
                                        .arg(QString::fromLatin1(format.toUpper()))));
        return out;
    }

    const QSize size = reader.size();
    const CartridgeLimits &limits = asset.project.manifest().cartridge;
    if (size.isValid() && (size.width() > limits.maxImageWidth || size.height() > limits.maxImageHeight)) {
        // Checked from the header, before decoding: a 60000x60000 image is
        // rejected without allocating it.
        out.append(asset.diagnostic(
            Severity::Error, u"image.too_large"_s,
            AssetInspectionText::tr("The image is %1x%2 pixels; this project allows at most %3x%4.")
                .arg(size.width())
                .arg(size.height())
                .arg(limits.maxImageWidth)
                .arg(limits.maxImageHeight)));
        return out;
    }

    allowDecodingWithinProjectLimits(reader, size);
    const QImage image = reader.read();
    if (image.isNull()) {
        out.append(asset.diagnostic(Severity::Error, u"image.corrupt"_s,
                                    AssetInspectionText::tr("The image data is corrupt (%1).").arg(embeddableReason(reader.errorString()))));
    }
    return out;
}

} // namespace Prometeu
