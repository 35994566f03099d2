#include "packer/largebuffer.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace Prometeu {

namespace {
// Below this the buffer comes from the heap (glibc's threshold, or the
// huge-page heap's 8 MiB), or holds at most one huge page: nothing to gain.
constexpr qsizetype smallest = 4 * 1024 * 1024;
constexpr std::uintptr_t hugePage = std::uintptr_t(2) << 20;
} // namespace

void adviseLargePages(void *data, qsizetype size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!data || size < smallest)
        return;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + hugePage - 1) & ~(hugePage - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + std::uintptr_t(size)) & ~(hugePage - 1);
    // Advice: refused (an old kernel, a sanitizer's allocator), it changes
    // nothing but the speed.
    if (end > begin)
        (void)madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data;
    (void)size;
#endif
}

QByteArray uninitializedLargeBuffer(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    adviseLargePages(bytes.data(), bytes.size());
    return bytes;
}

} // namespace Prometeu
