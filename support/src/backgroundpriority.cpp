#include "support/backgroundpriority.h"

#include <algorithm>
#include <cerrno>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace Prometeu {

namespace {
constexpr int backgroundSteps = 5;
}

int currentThreadNice()
{
#if defined(__linux__)
    // On Linux a nice value belongs to a thread, addressed by its id.
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)));
    return errno == 0 ? nice : 0;
#else
    return 0;
#endif
}

void lowerCurrentThreadPriority()
{
#if defined(__linux__)
    const int nice = std::min(19, currentThreadNice() + backgroundSteps);
    // Failing leaves it as it was: only the GUI's latency depends on it.
    setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), nice);
#endif
}

} // namespace Prometeu
