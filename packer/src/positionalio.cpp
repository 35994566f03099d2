#include "packer/positionalio.h"

#include <cerrno>

#include <unistd.h>

namespace Prometeu {

bool readFullyAt(int fd, char *into, qint64 size, qint64 offset)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t got = ::pread(fd, into + done, size_t(size - done), off_t(offset + done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        done += got;
    }
    return true;
}

bool writeFullyAt(int fd, const char *from, qint64 size, qint64 offset)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t written = ::pwrite(fd, from + done, size_t(size - done), off_t(offset + done));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        done += written;
    }
    return true;
}

bool writeFully(int fd, const char *from, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t written = ::write(fd, from + done, size_t(size - done));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        done += written;
    }
    return true;
}

} // namespace Prometeu
