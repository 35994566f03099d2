#pragma once

#include <QByteArrayView>

class QIODevice;
class QSaveFile;

namespace Prometeu {

// Writes all of `bytes`, or fails with the device's errorString() saying
// why. QIODevice::write() may take less than it is given without an error:
// when a disk fills up mid-write, Qt returns the part the kernel took and
// its errorString() is "Unknown error" (seen on a full tmpfs), and a
// QSaveFile checked only for write() < 0 then commits a cut file. Asked
// again for the rest, the write fails with the cause (ENOSPC, EFBIG).
bool writeAll(QIODevice &device, QByteArrayView bytes);

// Flushes, then commits only if the flush wrote everything. Qt 6.4's
// QSaveFile::commit() flushes its buffer on close, ignores that flush's
// failure (QTBUG-75077; qBittorrent flushes by hand for the same reason)
// and renames the cut file over the old one, returning true: on a
// full disk a 3,000-byte save became an empty file (tried on a full
// tmpfs), and the build record, the asset options or the team-cache
// settings it replaced were gone. Not committed, the old file stays.
bool commitWhole(QSaveFile &file);

} // namespace Prometeu
