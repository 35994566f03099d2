#pragma once

#include <packer/assetinspection.h>

#include <QByteArray>
#include <QString>

namespace Prometeu {

// A PNG's chunk structure, checked before libpng sees it: a critical chunk
// with a wrong checksum or a chunk of no valid type makes libpng print
// "libpng error: IHDR: CRC error" on stderr, naming no file, and Qt's
// reader then says only "Unable to read image data". This says which chunk.
// A file cut short (a chunk running past the end, or no IEND) is said
// too: libpng prints "libpng error: Read Error" for it, and Qt's reader may
// return the rows it got. Ancillary chunks' checksums are not checked:
// libpng drops those chunks and decodes the image.
struct PngChunkProblem {
    QString description; // a sentence naming the chunk; empty when none was found
    bool truncated = false; // image.truncated rather than image.corrupt
    bool isEmpty() const { return description.isEmpty(); }
};
PngChunkProblem checkPngChunks(const QByteArray &bytes);
// The problem as `asset`'s diagnostic: image.truncated or image.corrupt.
Diagnostic pngChunkDiagnostic(const AssetContext &asset, const PngChunkProblem &problem);
bool hasPngSignature(const QByteArray &bytes);

} // namespace Prometeu
