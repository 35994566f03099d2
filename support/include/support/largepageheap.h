#pragma once

#include <cstddef>

namespace Prometeu {

// Lets the first `bytes` of the process heap be backed by transparent huge
// pages, for a command line process that starts, walks thousands of
// assets and ends. Such a run touches a few MiB of fresh heap; on a
// virtual machine each first touch of a 4 KiB page is a fault that costs
// tens of microseconds (a 4,000-asset no-op build took 2,900 faults, a
// third of its time). With 2 MiB pages it takes a few hundred.
//
// It does for the heap what glibc's tunables glibc.malloc.hugetlb=1,
// top_pad and arena_max do, from inside the process (tunables are read
// from the environment before main): one arena, so every thread's
// allocations come from the advised region; the heap grown once by
// `bytes` and that region advised MADV_HUGEPAGE, so it is backed by huge
// pages where the kernel allows them ("madvise" or "always" in
// /sys/kernel/mm/transparent_hugepage/enabled) and by ordinary pages
// where it does not. Blocks under 8 MiB come from the heap, so a build's
// list of its assets is in the region too; larger ones (a decoded image)
// are mapped apart and given back as soon as they are freed.
//
// Call first thing in main(), before any thread starts. Does nothing
// where it does not apply (not glibc, or GLIBC_TUNABLES set by a user who
// tunes malloc themselves) or under a sanitizer that replaces malloc.
void useLargePagesForHeap(std::size_t bytes);

} // namespace Prometeu
