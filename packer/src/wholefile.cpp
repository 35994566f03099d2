#include "wholefile.h"

#include "packer/largebuffer.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Prometeu {

namespace {
class WholeFileText
{
    Q_DECLARE_TR_FUNCTIONS(WholeFile)
};

// Closes on every way out.
class Descriptor
{
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};
} // namespace

bool readWholeFile(const QString &path, QByteArray *bytes, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    // Non-blocking: opening a FIFO for reading would wait for a writer.
    const Descriptor file(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (file.get() < 0)
        return fail(qt_error_string(errno));
    struct stat status {};
    if (::fstat(file.get(), &status) != 0)
        return fail(qt_error_string(errno));
    if (S_ISDIR(status.st_mode))
        return fail(qt_error_string(EISDIR));
    if (!S_ISREG(status.st_mode))
        return fail(WholeFileText::tr("it is not a regular file"));
    // One byte more than its size: a read that fills it says the file grew
    // since, and the rest is read in further pieces.
    QByteArray read = uninitializedLargeBuffer(qsizetype(status.st_size) + 1);
    qsizetype done = 0;
    for (;;) {
        if (done == read.size())
            read.resize(read.size() + qMax<qsizetype>(64 * 1024, read.size() / 2));
        const ssize_t got = ::read(file.get(), read.data() + done, size_t(read.size() - done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return fail(qt_error_string(errno));
        if (got == 0)
            break;
        done += got;
        // A regular file reads short only at its end (or past 2 GiB a
        // call): past its size, that is the end, with no read to see it.
        if (done < read.size() && done >= qsizetype(status.st_size))
            break;
    }
    read.truncate(done);
    *bytes = std::move(read); // never null, even when empty
    return true;
}

} // namespace Prometeu
