#include "support/largepages.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace Prometeu {

namespace {
constexpr std::size_t smallest = 4 * 1024 * 1024;
constexpr std::uintptr_t hugePage = std::uintptr_t(2) << 20;
} // namespace

void adviseLargePages(void *data, std::size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!data || size < smallest)
        return;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + hugePage - 1) & ~(hugePage - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + size) & ~(hugePage - 1);
    // Advice: refused (an old kernel, a sanitizer's allocator), it changes
    // nothing but the speed.
    if (end > begin)
        (void)madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data;
    (void)size;
#endif
}

} // namespace Prometeu
