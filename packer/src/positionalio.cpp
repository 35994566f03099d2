#include "packer/positionalio.h"

#include <cerrno>

#include <unistd.h>

namespace Prometeu {

namespace {

// Repeats a transfer that may move fewer bytes than asked (or be
// interrupted by a signal) until `size` bytes are done. `step(done)`
// moves some of what is left and says how many, or -1.
template<typename Step>
bool untilDone(qint64 size, Step step)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t moved = step(done);
        if (moved < 0 && errno == EINTR)
            continue;
        if (moved <= 0)
            return false;
        done += moved;
    }
    return true;
}

} // namespace

bool readFullyAt(int fd, char *into, qint64 size, qint64 offset)
{
    return untilDone(size, [&](qint64 done) {
        return ::pread(fd, into + done, size_t(size - done), off_t(offset + done));
    });
}

bool writeFullyAt(int fd, const char *from, qint64 size, qint64 offset)
{
    return untilDone(size, [&](qint64 done) {
        return ::pwrite(fd, from + done, size_t(size - done), off_t(offset + done));
    });
}

bool writeFully(int fd, const char *from, qint64 size)
{
    return untilDone(size, [&](qint64 done) { return ::write(fd, from + done, size_t(size - done)); });
}

} // namespace Prometeu
