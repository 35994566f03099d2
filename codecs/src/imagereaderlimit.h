#pragma once

#include <QImageReader>
#include <QSize>

#include <algorithm>

namespace Prometeu {

// Qt refuses to decode any image over 128 MiB ("Unable to read image
// data"), which rejects real level maps (Hedgewars ships a 2048x32768
// mask). The project's own size limits are the guard against decompression
// bombs: an image already checked against them may use what it needs.
inline void allowDecodingWithinProjectLimits(QImageReader &reader, QSize checkedSize)
{
    if (!checkedSize.isValid())
        return;
    // 8 bytes a pixel: a 16-bit-per-channel PNG decodes to RGBA64.
    const qint64 bytes = qint64(checkedSize.width()) * checkedSize.height() * 8;
    const int megabytes = int(std::min<qint64>(bytes / (1024 * 1024) + 1, 64 * 1024));
    reader.setAllocationLimit(std::max(reader.allocationLimit(), megabytes));
}

} // namespace Prometeu
