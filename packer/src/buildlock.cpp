#include "packer/buildlock.h"

#include <QFile>
#include <QThread>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Prometeu {

BuildLock::~BuildLock()
{
    unlock();
}

BuildLock::Result BuildLock::lock(const QString &path, const std::function<bool()> &cancelled)
{
    unlock();
    const QByteArray name = QFile::encodeName(path);
    for (;;) {
        // Made here (nobody's before) or opened (left by a build that died,
        // or held by a running one).
        bool made = true;
        int fd = ::open(name.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno == EEXIST) {
            made = false;
            fd = ::open(name.constData(), O_RDWR | O_CLOEXEC);
            if (fd < 0 && errno == ENOENT)
                continue; // its owner finished meanwhile
        }
        if (fd < 0)
            return Result::Unavailable;
        while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                ::close(fd);
                return Result::Unavailable;
            }
            if (cancelled && cancelled()) {
                ::close(fd);
                return Result::Cancelled;
            }
            QThread::msleep(100);
        }
        // An owner that finished removed the file it held; whoever waited
        // on that file holds a lock nobody else can see: it tries again.
        struct stat held {};
        struct stat named {};
        if (::fstat(fd, &held) != 0 || ::stat(name.constData(), &named) != 0 || held.st_ino != named.st_ino
            || held.st_dev != named.st_dev) {
            ::close(fd);
            continue;
        }
        m_fd = fd;
        m_path = path;
        m_previousDied = !made;
        // Who holds it, for whoever looks (not synced: nothing depends on it).
        // A file made here is empty already: truncating it anyway made
        // ext4 write it out when it was closed (its "replace by truncate"
        // safeguard, auto_da_alloc), and that close waited 90 ms for the
        // disk while something else wrote.
        const QByteArray owner = QByteArray::number(qint64(::getpid())) + '\n';
        if ((!made && ::ftruncate(fd, 0) != 0) || ::pwrite(fd, owner.constData(), size_t(owner.size()), 0) < 0) {
            // An unwritable pid costs nothing but that note.
        }
        return Result::Locked;
    }
}

void BuildLock::unlock()
{
    if (m_fd < 0)
        return;
    // Removed before it is let go, so the next owner finds no file of a
    // build that ended well.
    ::unlink(QFile::encodeName(m_path).constData());
    ::close(m_fd);
    m_fd = -1;
}

} // namespace Prometeu
