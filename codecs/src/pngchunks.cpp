#include "pngchunks.h"

#include <QCoreApplication>
#include <QtEndian>

#include <zlib.h>

namespace Prometeu {

namespace {

class PngText
{
    Q_DECLARE_TR_FUNCTIONS(AssetInspection)
};

constexpr char signature[] = "\x89PNG\r\n\x1a\n";
constexpr qsizetype signatureSize = 8;

bool isLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

} // namespace

bool hasPngSignature(const QByteArray &bytes)
{
    return bytes.startsWith(QByteArrayView(signature, signatureSize));
}

PngChunkProblem checkPngChunks(const QByteArray &bytes)
{
    PngChunkProblem problem;
    qsizetype at = signatureSize;
    // length (4), type (4), data (length), CRC (4) over type and data.
    while (at + 12 <= bytes.size()) {
        const quint32 length = qFromBigEndian<quint32>(bytes.constData() + at);
        const QByteArray type = bytes.mid(at + 4, 4);
        if (!std::all_of(type.cbegin(), type.cend(), isLetter)) {
            problem.description = PngText::tr("The PNG data is damaged: the chunk at byte %1 has no valid type.").arg(at);
            return problem;
        }
        if (length > 0x7fffffffu || qsizetype(length) > bytes.size() - at - 12)
            break; // runs past the end
        const bool critical = type.at(0) >= 'A' && type.at(0) <= 'Z';
        if (critical) {
            const auto *data = reinterpret_cast<const Bytef *>(bytes.constData() + at + 4);
            const quint32 expected = qFromBigEndian<quint32>(bytes.constData() + at + 8 + length);
            if (quint32(crc32(crc32(0L, Z_NULL, 0), data, uInt(length + 4))) != expected) {
                problem.description = PngText::tr("The PNG data is damaged: its %1 chunk (at byte %2) fails its checksum.")
                                          .arg(QString::fromLatin1(type))
                                          .arg(at);
                return problem;
            }
        }
        if (type == "IEND")
            return problem;
        at += 12 + qsizetype(length);
    }
    problem.truncated = true;
    problem.description = PngText::tr("The PNG file is cut short; its end is missing.");
    return problem;
}

Diagnostic pngChunkDiagnostic(const AssetContext &asset, const PngChunkProblem &problem)
{
    using namespace Qt::StringLiterals;
    return asset.diagnostic(Severity::Error, problem.truncated ? u"image.truncated"_s : u"image.corrupt"_s,
                            problem.description);
}

} // namespace Prometeu
