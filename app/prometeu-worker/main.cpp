// prometeu-worker: one asset conversion at a time for ConverterWorkerPool.
// Requests come as frames on stdin, answers go as frames to stdout;
// sources and converted bytes, and the job it is on, are in the area it
// shares with the host, large results in the --output files
// (packer/workerprotocol.h). It ends
// at the end of its input, or when the process that started it dies.

#include <packer/assetconversion.h>
#include <packer/positionalio.h>
#include <packer/workerprotocol.h>
#include <support/translations.h>

#include <QCoreApplication>
#include <QFile>
#include <QHash>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <mutex>
#include <new>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

// Tests make a converter misbehave on purpose (tests/packer/tst_isolation):
// with PROMETEU_WORKER_TEST_FAULTS=1, a file named fault-crash.*,
// fault-hang.* or fault-allocate.* crashes, hangs or allocates without
// bound, as a broken decoder would, and fault-garble.* writes what is not
// a frame to the host (a stray print to stdout would). Never enabled
// otherwise.
void misbehaveIfAsked(const QString &asset)
{
    static const bool enabled = qEnvironmentVariableIntValue("PROMETEU_WORKER_TEST_FAULTS") == 1;
    if (!enabled)
        return;
    const QString name = asset.section(u'/', -1);
    if (name.startsWith(u"fault-crash."_s)) {
        std::raise(SIGSEGV);
    } else if (name.startsWith(u"fault-hang."_s)) {
        for (;;)
            std::this_thread::sleep_for(std::chrono::hours(1));
    } else if (name.startsWith(u"fault-garble."_s)) {
        const char noise[] = "\xff\xff\xff\xffnot a frame";
        (void)!::write(STDOUT_FILENO, noise, sizeof noise);
        for (;;)
            std::this_thread::sleep_for(std::chrono::hours(1));
    } else if (name.startsWith(u"fault-allocate."_s)) {
        std::vector<char *> blocks;
        for (;;) {
            char *block = new char[64 * 1024 * 1024];
            std::fill_n(block, 64 * 1024 * 1024, char(1)); // really used, not just reserved
            blocks.push_back(block);
        }
    }
}

// Converted bytes too large for a window, at the start of the slot's file:
// opened once, never truncated below 4 MiB (the answer says how many bytes
// are this job's). A large conversion is written here a piece at a time as
// it is compressed (convertAsset's StoredWriter).
class OutputSlots
{
public:
    explicit OutputSlots(QString prefix) : m_prefix(std::move(prefix)) {}
    ~OutputSlots()
    {
        for (int fd : std::as_const(m_files))
            ::close(fd);
    }

    bool write(int slot, const QByteArray &bytes)
    {
        if (!writeAt(slot, 0, bytes))
            return false;
        settle(slot, bytes.size());
        return true;
    }

    bool writeAt(int slot, qint64 offset, QByteArrayView bytes)
    {
        const int fd = descriptor(slot);
        return fd >= 0 && writeFullyAt(fd, bytes.constData(), bytes.size(), offset);
    }

    // This job's bytes are the first `size`: the slots live in memory
    // (/dev/shm), and one big asset must not keep its size there for every
    // small one after it.
    void settle(int slot, qint64 size)
    {
        qint64 &held = m_sizes[slot];
        held = qMax(held, size); // what writeAt() may have grown it to
        if (held > qMax<qint64>(size, keptBytes) && ::ftruncate(descriptor(slot), off_t(size)) == 0)
            held = size;
    }

    // A result written here that turned out to fit a window, read back.
    bool readBack(int slot, char *into, qint64 size)
    {
        const int fd = descriptor(slot);
        return fd >= 0 && readFullyAt(fd, into, size, 0);
    }

private:
    int descriptor(int slot)
    {
        int fd = m_files.value(slot, -1);
        if (fd < 0) {
            // Made by the host, never here: a worker that outlived its
            // host must not put files back into a folder being removed.
            fd = ::open(QFile::encodeName(m_prefix + u'.' + QString::number(slot)).constData(), O_RDWR | O_CLOEXEC);
            if (fd >= 0)
                m_files.insert(slot, fd);
        }
        return fd;
    }

    static constexpr qint64 keptBytes = 4 * 1024 * 1024;
    QString m_prefix;
    QHash<int, int> m_files;
    QHash<int, qint64> m_sizes; // how large each slot's file is
};

// Requests from stdin, read in large pieces (a job's frame is ~150 bytes;
// a read per byte, as a synchronised std::cin does, cost more than small
// conversions do).
class RequestReader
{
public:
    // The next request's body; nullopt at the end of input, or when what
    // came is not this protocol (broken()).
    std::optional<QByteArray> next()
    {
        for (;;) {
            if (const std::optional<QByteArrayView> body = m_frames.next())
                return body->toByteArray();
            if (m_frames.failed())
                return std::nullopt;
            waitForInput();
            char chunk[64 * 1024];
            const ssize_t got = ::read(STDIN_FILENO, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                return std::nullopt;
            m_frames.append(chunk, qsizetype(got));
        }
    }

    // Whether a whole request is already here (the next() will not wait).
    bool hasRequest() const { return m_frames.hasFrame(); }
    bool broken() const { return m_frames.failed(); }

private:
    // The heap keeps what jobs freed (main() asks malloc to), which is what
    // makes one job after another cheap; a worker with nothing to do gives
    // it back, so that a build's last large asset does not stay counted
    // twice (workers idle while the cartridge is written, and between
    // builds in the Studio).
    static void waitForInput()
    {
        struct pollfd input{STDIN_FILENO, POLLIN, 0};
        int ready;
        do {
            ready = ::poll(&input, 1, idleMs);
        } while (ready < 0 && errno == EINTR);
        if (ready == 0)
            ::malloc_trim(0);
    }

    static constexpr int idleMs = 200;
    WorkerProtocol::FrameReader m_frames;
};

// Answers, written several at a time by a thread of their own: when
// WorkerProtocol::answersPerWrite are waiting, when the first of them has
// waited answerDelayMs, or at once when asked (the worker is about to wait
// for input or to end). The thread is what lets answers already made reach
// the host while the main thread is inside a long (or hung) conversion.
class AnswerWriter
{
public:
    AnswerWriter() : m_thread([this] { run(); }) {}
    ~AnswerWriter() { finish(); }

    void add(const QByteArray &answer)
    {
        std::lock_guard lock(m_mutex);
        if (m_count == 0)
            m_firstAt = std::chrono::steady_clock::now();
        m_pending += answer;
        if (++m_count >= WorkerProtocol::answersPerWrite)
            m_wake.notify_one();
    }
    // Written without waiting for more: the worker has nothing else to do.
    void writeSoon()
    {
        std::lock_guard lock(m_mutex);
        m_soon = true;
        m_wake.notify_one();
    }
    // Writes what is left and stops the thread; false if the host is gone.
    bool finish()
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_ending)
                return !m_hostGone;
            m_ending = true;
            m_wake.notify_one();
        }
        m_thread.join();
        return !m_hostGone;
    }
    bool hostGone() const { return m_hostGone; }

private:
    void run()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            const auto due = m_firstAt + std::chrono::milliseconds(WorkerProtocol::answerDelayMs);
            const bool ready = m_count > 0
                && (m_soon || m_ending || m_count >= WorkerProtocol::answersPerWrite
                    || std::chrono::steady_clock::now() >= due);
            if (ready) {
                QByteArray out;
                out.swap(m_pending);
                m_count = 0;
                m_soon = false;
                lock.unlock();
                const bool written = writeAll(out);
                lock.lock();
                if (!written)
                    m_hostGone = true;
                continue;
            }
            m_soon = false;
            if (m_ending)
                return;
            if (m_count > 0)
                m_wake.wait_until(lock, due);
            else
                m_wake.wait(lock);
        }
    }
    static bool writeAll(const QByteArray &bytes) { return writeFully(STDOUT_FILENO, bytes.constData(), bytes.size()); }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    QByteArray m_pending;
    int m_count = 0;
    std::chrono::steady_clock::time_point m_firstAt; // of the first answer not written yet
    bool m_soon = false;
    bool m_ending = false;
    std::atomic<bool> m_hostGone = false;
    std::thread m_thread; // last: started once the members it uses exist
};

} // namespace

int main(int argc, char *argv[])
{
    // Never outlive the build that started it, even when that one is killed:
    // also when it died before this line (the signal would never come).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--host-pid") == 0 && ::getppid() != pid_t(std::atoll(argv[i + 1])))
            return 6;
    }
    QCoreApplication app(argc, argv);
    // Its diagnostics are shown as it wrote them: in the user's language.
    const Translations translations(QStringLiteral("prometeu"));
    const QStringList arguments = app.arguments();
    const QString output = arguments.value(arguments.indexOf(u"--output"_s) + 1);
    const qint64 memoryMiB = arguments.value(arguments.indexOf(u"--memory-mib"_s) + 1).toLongLong();
    if (!arguments.contains(u"--output"_s) || output.isEmpty()) {
        std::fputs("prometeu-worker converts assets for a build; it is started by prometeu and the Studio.\n"
                   "Usage: prometeu-worker --output PREFIX [--memory-mib N] [--host-pid PID]\n",
                   stderr);
        return 2;
    }
    // AddressSanitizer and ThreadSanitizer reserve terabytes of address
    // space for their shadow: a sanitizer build (CI) runs without the limit.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    constexpr bool sanitized = true;
#else
    constexpr bool sanitized = false;
#endif
    if (memoryMiB > 0 && !sanitized) {
        const rlim_t bytes = rlim_t(memoryMiB) * 1024 * 1024;
        const struct rlimit limit{bytes, bytes};
        ::setrlimit(RLIMIT_AS, &limit);
    }

    // One conversion after another allocates the same large buffers (a
    // decoded image, a sound's samples): kept in the heap between jobs
    // instead of mapped fresh and given back each time, whose page faults
    // and zeroing on this kind of machine were a third of a real tree's
    // cold build (supertux-data: 19 s -> 13 s, system time halved). The
    // address-space limit above still bounds what a job may take. Only the
    // few very large ones (a long track's samples, a huge mask) are mapped
    // and given back: kept, a 43 MB sound's hole did not fit the 66 MB one
    // after it, and the worker held both (113 MB for one asset of 66).
    ::mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
    ::mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);

    QHash<QString, Project> projects;
    OutputSlots outputs(output);
    WorkerProtocol::SharedArea shared;
    if (!shared.open(output + u".shared"_s)) {
        std::fprintf(stderr, "prometeu-worker: cannot open %s.shared: %s\n", qPrintable(output), std::strerror(errno));
        return 4;
    }
    RequestReader requests;
    WorkerProtocol::RequestDecoder decoder;
    AnswerWriter answers;
    while (const std::optional<QByteArray> body = requests.next()) {
        const std::optional<WorkerProtocol::Request> request = decoder.decode(*body);
        if (!request) {
            std::fprintf(stderr, "prometeu-worker: a request it cannot read (%lld bytes)\n", qlonglong(body->size()));
            continue;
        }
        WorkerProtocol::Response response;
        response.id = request->id;
        ConversionJob job = request->job;
        if (request->inputSize >= 0)
            job.input = QByteArray::fromRawData(shared.input(request->slot), request->inputSize);
        bool exitAfter = false;
        bool writeFailed = false;
        try {
            auto project = projects.constFind(request->projectRoot);
            if (project == projects.cend()) {
                const ProjectLoadResult loaded = ProjectLoader::load(request->projectRoot);
                if (!loaded.project) {
                    std::fprintf(stderr, "prometeu-worker: %s\n", qPrintable(loaded.errorText()));
                    answers.finish();
                    return 3;
                }
                project = projects.insert(request->projectRoot, *loaded.project);
            }
            // Said before it starts: a crash or a hang from here is this job's.
            shared.setCurrent(request->id);
            misbehaveIfAsked(job.asset);
            response.result = convertAsset(*project, job, [&](qint64 offset, QByteArrayView piece) {
                writeFailed = !outputs.writeAt(request->slot, offset, piece);
                return !writeFailed;
            });
        } catch (const std::bad_alloc &) {
            // Its heap may be in pieces now: answer, then let a fresh worker go on.
            response.result = {};
            response.result.failure = StoredConversion::Failure::OutOfMemory;
            exitAfter = true;
        }
        // The result may still point into the input window: copied out
        // before the answer frees the slot.
        const QByteArray &stored = response.result.blob.stored;
        job.input = QByteArray();
        const bool written = response.result.ok() && stored.isNull() && response.result.blob.storedSize > 0;
        if (written) {
            // Already in the slot's file; the host reads a result that fits
            // a window from the window.
            const qint64 size = qint64(response.result.blob.storedSize);
            outputs.settle(request->slot, size);
            if (WorkerProtocol::SharedArea::fits(size) && !outputs.readBack(request->slot, shared.output(request->slot), size)) {
                std::fprintf(stderr, "prometeu-worker: cannot read back %s.%d: %s\n", qPrintable(output),
                             request->slot, std::strerror(errno));
                answers.finish();
                return 4;
            }
        } else if (writeFailed) {
            std::fprintf(stderr, "prometeu-worker: cannot write %s.%d: %s\n", qPrintable(output), request->slot,
                         std::strerror(errno));
            answers.finish();
            return 4;
        } else if (response.result.ok() && WorkerProtocol::SharedArea::fits(stored.size())) {
            std::memcpy(shared.output(request->slot), stored.constData(), size_t(stored.size()));
        } else if (response.result.ok() && !outputs.write(request->slot, stored)) {
            std::fprintf(stderr, "prometeu-worker: cannot write %s.%d: %s\n", qPrintable(output), request->slot,
                         std::strerror(errno));
            answers.finish();
            return 4;
        }
        response.result.blob.stored = QByteArray();
        answers.add(WorkerProtocol::encode(response));
        if (exitAfter)
            return answers.finish() ? 5 : 4;
        if (answers.hostGone())
            return 4;
        if (!requests.hasRequest())
            answers.writeSoon();
    }
    if (requests.broken()) {
        std::fputs("prometeu-worker: its input is not the worker protocol\n", stderr);
        answers.finish();
        return 3;
    }
    return answers.finish() ? 0 : 4;
}
