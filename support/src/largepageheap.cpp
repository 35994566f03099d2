#include "support/largepageheap.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__linux__) && defined(__GLIBC__)
#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define PROMETEU_LARGE_PAGE_HEAP 1
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 // Linux 6.1; older headers lack it
#endif
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define PROMETEU_SANITIZED_MALLOC 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PROMETEU_SANITIZED_MALLOC 1
#endif

namespace Prometeu {

#if defined(PROMETEU_LARGE_PAGE_HEAP) && !defined(PROMETEU_SANITIZED_MALLOC)
namespace {

constexpr std::uintptr_t hugePage = std::uintptr_t(2) << 20;

// Where the main heap starts once set up (0: not set up): a block from
// there to the break is the main arena's.
std::atomic<std::uintptr_t> mainHeapStart{0};
// Whether the system said "never" (collapsing does not ask), read once.
std::atomic<bool> collapseRefused{false};

bool hugePagesRefused()
{
    const int file = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
    if (file < 0)
        return true;
    char mode[128] = {};
    const ssize_t got = read(file, mode, sizeof mode - 1);
    close(file);
    return got <= 0 || std::strstr(mode, "[never]") != nullptr;
}

} // namespace
#endif

void useLargePagesForHeap(std::size_t bytes, int arenas)
{
#if defined(PROMETEU_LARGE_PAGE_HEAP) && !defined(PROMETEU_SANITIZED_MALLOC)
    if (const char *tunables = std::getenv("GLIBC_TUNABLES"); bytes == 0 || (tunables && *tunables))
        return;
    constexpr int largestFromHeap = 8 << 20;
    mallopt(M_ARENA_MAX, std::max(1, arenas));
    mallopt(M_MMAP_THRESHOLD, largestFromHeap);
    // The heap grows by `bytes` beyond a request and gives memory back to
    // the system past twice that, so the region stays mapped.
    bytes = std::min<std::size_t>(bytes, std::size_t(1) << 30);
    mallopt(M_TOP_PAD, int(bytes));
    mallopt(M_TRIM_THRESHOLD, int(2 * bytes));
    // The heap is filled from its bottom: it must start on a huge page, or
    // the first MiB or two, where every early block goes, are ordinary
    // pages. Moving the break past the gap is allowed: glibc takes a
    // break it did not set as the start of a new stretch of heap.
    const auto current = reinterpret_cast<std::uintptr_t>(sbrk(0));
    if (current == std::uintptr_t(-1))
        return;
    if (const std::uintptr_t gap = ((current + hugePage - 1) & ~(hugePage - 1)) - current; gap != 0)
        sbrk(intptr_t(gap));
    const auto start = reinterpret_cast<std::uintptr_t>(sbrk(0));
    // A request larger than what the heap's top held makes it grow now, by
    // the request and the pad. The block and the headers malloc writes
    // around it stay in the first huge page: a page touched before the
    // advice gives its huge page ordinary ones.
    // (Through a volatile, or the compiler drops the unused pair.)
    void *volatile grow = std::malloc(hugePage / 2);
    std::free(grow);
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    if (start == std::uintptr_t(-1) || end == std::uintptr_t(-1) || end < start + 2 * hugePage)
        return;
    const std::uintptr_t last = end & ~(hugePage - 1);
    // Advice: failing changes nothing but the speed.
    if (madvise(reinterpret_cast<void *>(start), last - start, MADV_HUGEPAGE) != 0)
        return;
    collapseRefused.store(hugePagesRefused(), std::memory_order_relaxed); // before any thread starts
    mainHeapStart.store(start, std::memory_order_relaxed);
    // That first one, which the early blocks fill, is made huge now
    // (Linux 6.1 and later; the few bytes in it are copied), unless the
    // system said never: collapsing does not ask.
    if (!collapseRefused.load(std::memory_order_relaxed))
        madvise(reinterpret_cast<void *>(start), hugePage, MADV_COLLAPSE);
#else
    (void)bytes;
    (void)arenas;
#endif
}

void useLargePagesForThreadHeap()
{
#if defined(PROMETEU_LARGE_PAGE_HEAP) && !defined(PROMETEU_SANITIZED_MALLOC)
    thread_local bool done = false;
    const std::uintptr_t heapStart = mainHeapStart.load(std::memory_order_relaxed);
    if (done || heapStart == 0)
        return;
    done = true;
    void *volatile probe = std::malloc(64);
    const auto block = reinterpret_cast<std::uintptr_t>(probe);
    std::free(probe);
    const auto mainEnd = reinterpret_cast<std::uintptr_t>(sbrk(0));
    if (block == 0 || (block >= heapStart && block < mainEnd))
        return;
    constexpr std::uintptr_t heapMax = std::uintptr_t(64) << 20;
    const auto heap = reinterpret_cast<void *>(block & ~(heapMax - 1));
    // Failing changes nothing but the speed.
    if (madvise(heap, heapMax, MADV_HUGEPAGE) != 0)
        return;
    // Its first huge page holds glibc's header, written before the advice,
    // and would stay in ordinary pages: made huge now, as the main heap's.
    if (!collapseRefused.load(std::memory_order_relaxed))
        madvise(heap, hugePage, MADV_COLLAPSE);
#endif
}

} // namespace Prometeu
