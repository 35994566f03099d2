#pragma once

#include <cstddef>

namespace Prometeu {

// Asks for transparent huge pages under [data, data + size), memory that
// nothing has touched yet (a fresh buffer, a reserve()d capacity). On a
// virtual machine every first touch of a 4 KiB page is a fault costing
// microseconds; under a huge page it is one fault per 2 MiB, where the
// system allows them ("madvise" or "always" in
// /sys/kernel/mm/transparent_hugepage/enabled); elsewhere nothing changes.
// Below 4 MiB, and at unaligned ends, the memory is left alone: at most
// one huge page to gain.
void adviseLargePages(void *data, std::size_t size);

} // namespace Prometeu
