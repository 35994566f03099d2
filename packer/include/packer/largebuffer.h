#pragma once

#include <support/largepages.h>

#include <QByteArray>

namespace Prometeu {

// Buffers a build fills whole: a converter's output, a worker's answer read
// by the command, a cached object. They are larger than the heap's blocks,
// so each is fresh memory from the system, and on a virtual machine every
// first touch of a 4 KiB page is a fault costing microseconds: a cold
// build of a real tree (Hedgewars, 1.1 GB of converted assets) took
// 370,000 of them, most of its 6 s of system time. Asking for transparent
// huge pages makes that one fault per 2 MiB where the system allows it
// ("madvise" or "always" in /sys/kernel/mm/transparent_hugepage/enabled);
// elsewhere nothing changes.

// A buffer of `size` bytes, not zeroed (its owner writes every byte), on
// huge pages (support/largepages.h).
QByteArray uninitializedLargeBuffer(qsizetype size);

} // namespace Prometeu
