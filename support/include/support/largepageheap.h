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
// from the environment before main): the heap grown once by `bytes` and
// that region advised MADV_HUGEPAGE, so it is backed by huge pages where
// the kernel allows them ("madvise" or "always" in
// /sys/kernel/mm/transparent_hugepage/enabled) and by ordinary pages
// where it does not. Blocks under 8 MiB come from the heap, so a build's
// list of its assets is in the region too; larger ones (a decoded image)
// are mapped apart and given back as soon as they are freed.
//
// At most `arenas` arenas: threads beyond the first get heaps of their
// own, mapped apart, which useLargePagesForThreadHeap() advises too. One
// arena for all (as this did before) made a cold build's threads queue on
// its lock: 33,000 futex waits and wakes in a 10,000-asset build, a third
// of its system time.
//
// Call first thing in main(), before any thread starts. Does nothing
// where it does not apply (not glibc, or GLIBC_TUNABLES set by a user who
// tunes malloc themselves) or under a sanitizer that replaces malloc.
void useLargePagesForHeap(std::size_t bytes, int arenas);

// The calling thread's heap, when glibc gave it one of its own, advised
// for huge pages as the main heap is: first thing on a thread that
// allocates much (a pool's, the history's). Once per thread; does nothing
// unless useLargePagesForHeap() set the process up, nor on a thread whose
// blocks come from the main heap.
//
// glibc maps each such heap on a boundary of its largest size (64 MiB on
// 64-bit systems, HEAP_MAX_SIZE: how it finds a block's heap from its
// address), so the heap of a block just allocated starts at the block's
// address rounded down to it. The whole reservation is advised; glibc
// makes its pages usable as the heap grows.
void useLargePagesForThreadHeap();

} // namespace Prometeu
