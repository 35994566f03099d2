#pragma once

#include <QByteArrayView>

class QIODevice;

namespace Prometeu {

// Writes all of `bytes`, or fails with the device's errorString() saying
// why. QIODevice::write() may take less than it is given without an error:
// when a disk fills up mid-write, Qt returns the part the kernel took and
// its errorString() is "Unknown error" (seen on a full tmpfs), and a
// QSaveFile checked only for write() < 0 then commits a cut file. Asked
// again for the rest, the write fails with the cause (ENOSPC, EFBIG).
bool writeAll(QIODevice &device, QByteArrayView bytes);

} // namespace Prometeu
