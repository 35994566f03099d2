#include "packer/converterworkerpool.h"
#include "packer/positionalio.h"
#include "packer/scratchfolder.h"

#include "packer/assetinspection.h"
#include "packer/workerprotocol.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QMetaObject>
#include <QProcess>
#include <QThread>

#include <support/largepageheap.h>
#include <QTimer>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <deque>
#include <mutex>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class WorkerText
{
    Q_DECLARE_TR_FUNCTIONS(ConverterWorkerPool)
};

// What the host answers before the diagnostic (which needs the project) is made.
struct Answer {
    StoredConversion result;
    QString detail; // crashed: how; no worker: why
};

struct Job {
    quint64 id = 0;
    qint64 sourceBytes = 0;
    QByteArray request;
    QByteArray input; // for the slot's input window (null: the worker reads the file)
    int timeoutMs = 0;
    std::function<void(Answer)> answered; // called once, on the host's thread
};

} // namespace

// Owns the worker processes, on the pool's thread. Each worker has jobs
// written to it ahead (it works through them in order), topped up in one
// write once half are done, so it never waits for this thread between two
// jobs and this thread wakes for it seldom (its answers come several at a
// time). How far ahead is counted in jobs and in source bytes: a game's
// many small sprites go `depth` at a time (each costs less than a wake-up),
// large assets two at a time (so that a job given to a worker does not sit
// behind a long queue there, out of the build's reach: AssetPriority
// reorders only what is not given yet). Which job a worker is on is read
// from the area it shares with this process: the watchdog times that one
// out, and a worker that dies died of that one.
class ConverterWorkerPool::Host : public QObject
{
public:
    static constexpr int depth = WorkerProtocol::slots;
    static constexpr int ahead = 2;                     // always given, whatever their size
    static constexpr qint64 aheadBytes = 1024 * 1024;   // source given past those
    static constexpr int watchdogMs = 50; // converters.timeout_ms is at least 100

    explicit Host(const Options &options) : m_options(options)
    {
        // A child: it moves to the pool's thread with this.
        m_watchdog = new QTimer(this);
        m_watchdog->setInterval(watchdogMs);
        QObject::connect(m_watchdog, &QTimer::timeout, this, [this] { watch(); });
    }

    // Any thread: the job waits in the inbox. This thread is woken for it
    // only when it has nothing left to give the workers; otherwise it takes
    // the inbox when it next wakes for their answers (a wake-up a job was
    // most of this thread's cost).
    void post(Job job)
    {
        {
            std::lock_guard lock(m_inboxMutex);
            m_inbox.push_back(std::move(job));
        }
        if (m_wantsWork.exchange(false))
            QMetaObject::invokeMethod(this, [this] { dispatch(); }, Qt::QueuedConnection);
    }

    void shutDown()
    {
        m_closing = true;
        for (auto &worker : m_workers) {
            // Their ends are handled here, not by ended() (which would
            // change m_workers while this walks it).
            QObject::disconnect(&worker->process, nullptr, this, nullptr);
            // End of input is the worker's signal to exit; one that does not
            // (busy in a hung converter) is killed.
            worker->process.closeWriteChannel();
        }
        for (auto &worker : m_workers) {
            if (!worker->process.waitForFinished(2000)) {
                worker->process.kill();
                worker->process.waitForFinished(2000);
            }
            for (Given &given : worker->given)
                fail(given.job, StoredConversion::Failure::Crashed, WorkerText::tr("the build ended"));
            removeOutputs(*worker);
        }
        m_workers.clear();
        m_watchdog->stop();
        failWaiting(WorkerText::tr("the build ended"));
    }

    int started() const { return m_started.load(); }
    QList<qint64> running() const
    {
        std::lock_guard lock(m_pidsMutex);
        return m_pids;
    }

private:
    struct Given {
        Job job;
        int slot = 0;
    };
    struct Worker {
        QProcess process;
        QString output; // prefix: the slots' files are <output>.<n>, the shared area <output>.shared
        WorkerProtocol::SharedArea shared;
        quint64 seenId = 0;      // the job the watchdog last saw it on ...
        QElapsedTimer seenSince; // ... since about then
        std::array<int, depth> outputs; // descriptors, made by give(), read at the start each time
        QString slotPath(int slot) const { return output + u'.' + QString::number(slot); }
        Worker() { outputs.fill(-1); }
        ~Worker() { closeOutputs(); }
        void closeOutputs()
        {
            for (int &fd : outputs) {
                if (fd >= 0)
                    ::close(fd);
                fd = -1;
            }
        }
        std::deque<Given> given; // written to it, in order, not answered yet
        qint64 givenBytes = 0;   // their source
        // Whether it takes another job now (given), or wants more (hungry:
        // half of what it may hold is done). Past its `ahead` jobs only
        // once jobs have been timed: until then, what it holds might sit
        // behind a first job that hangs, where another worker could have
        // taken it.
        bool takes(bool timed) const
        {
            // A slot is free for it: not given, nor held by an answer
            // whose bytes are still being taken from its file.
            return given.size() + size_t(held) < size_t(depth)
                && (given.size() < size_t(ahead) || (timed && givenBytes < aheadBytes));
        }
        bool hungry(bool timed) const
        {
            return given.size() < size_t(ahead)
                || (timed && given.size() <= size_t(depth / 2) && givenBytes <= aheadBytes / 2);
        }
        std::array<bool, depth> slotInUse{};
        int held = 0; // slots of answers given but not taken yet (readAnswers)
        QElapsedTimer startedAt;
        bool answered = false; // its start-up has been timed
        bool timedOut = false;
        bool garbled = false; // it wrote something that is not a frame
        quint64 culpritId = 0; // what it was stopped for or died of
        bool outOfMemory = false;
        QByteArray unsent;    // jobs given, written in one go by flush()
        WorkerProtocol::FrameReader answers; // its stdout
        QByteArray errorTail; // the last of stderr, for a crash's diagnostic
    };

    // Returns whether anything arrived.
    bool takeInbox()
    {
        std::deque<Job> arrived;
        {
            std::lock_guard lock(m_inboxMutex);
            arrived.swap(m_inbox);
        }
        for (Job &job : arrived) {
            m_queuedBytes += job.sourceBytes;
            m_queue.push_back(std::move(job));
        }
        return !arrived.empty();
    }

    // Every job waiting (queued, or still in the inbox) fails for `why`.
    void failWaiting(const QString &why, StoredConversion::Failure failure = StoredConversion::Failure::Crashed)
    {
        takeInbox();
        while (!m_queue.empty()) {
            fail(m_queue.front(), failure, why);
            m_queuedBytes -= m_queue.front().sourceBytes;
            m_queue.pop_front();
        }
    }

    static void fail(Job &job, StoredConversion::Failure failure, const QString &detail)
    {
        Answer answer;
        answer.result.failure = failure;
        answer.detail = detail;
        job.answered(std::move(answer));
    }

    static void removeOutputs(Worker &worker)
    {
        worker.closeOutputs();
        for (int slot = 0; slot < depth; ++slot) {
            QFile::remove(worker.slotPath(slot));
        }
        worker.shared.close();
        QFile::remove(worker.output + u".shared"_s);
    }

    void dispatch()
    {
        do {
            takeInbox();
            giveOut();
            // Nothing left to give: the next submission wakes this thread.
            // Said before looking at the inbox again, so that a job posted
            // in between is either seen here or wakes it.
            if (m_closing || !m_queue.empty())
                return;
            m_wantsWork = true;
        } while (inboxHasJobs() && m_wantsWork.exchange(false));
    }

    bool inboxHasJobs()
    {
        std::lock_guard lock(m_inboxMutex);
        return !m_inbox.empty();
    }

    void giveOut()
    {
        if (m_closing)
            return;
        // One that ran out of memory is on its way out: it does not count.
        const auto live = [this] {
            return std::count_if(m_workers.cbegin(), m_workers.cend(), [](const auto &w) { return !w->outOfMemory; });
        };
        const auto running = [](const Worker &worker) {
            return !worker.outOfMemory && worker.process.state() != QProcess::NotRunning;
        };
        std::vector<Worker *> hungry;
        for (auto &worker : m_workers) {
            if (running(*worker) && worker->hungry(m_jobMs >= 0))
                hungry.push_back(worker.get());
        }
        // Fill the least busy first, so that workers share a short queue; a
        // worker is topped up only once it is hungry (half its jobs are
        // done), so that several go down the pipe in one write. Another
        // worker starts once every running one has its `ahead` jobs, and
        // starting it pays off (anotherPaysOff()), within one batch too.
        const auto allBusy = [&] {
            return std::all_of(m_workers.cbegin(), m_workers.cend(), [&](const auto &w) {
                return !running(*w) || w->given.size() >= size_t(ahead);
            });
        };
        bool canStart = true;
        while (!m_queue.empty()) {
            const int workers = int(live());
            if (canStart && workers < m_options.workers && allBusy() && anotherPaysOff(workers)) {
                if (Worker *started = start())
                    hungry.push_back(started);
                else
                    canStart = false;
                m_backlog.invalidate();
                continue;
            }
            Worker *least = nullptr;
            for (Worker *worker : hungry) {
                if (worker->takes(m_jobMs >= 0) && (!least || worker->given.size() < least->given.size()))
                    least = worker;
            }
            if (!least)
                break;
            give(*least);
        }
        for (Worker *worker : hungry)
            flush(*worker);
        // Jobs left waiting: every worker holds all it may.
        if (m_queue.empty())
            m_backlog.invalidate();
        else if (!m_backlog.isValid())
            m_backlog.start();
    }

    // Whether starting one more worker pays for itself. A worker costs
    // its start-up (loading Qt Gui and the decoders: ~25 ms of a core,
    // measured on the first to answer) on cores the build's own threads
    // are using. It pays off when the jobs waiting would keep the running
    // workers busy for longer than that (as a game's many 16 px sprites,
    // each converted in ~40 µs, seldom do: one worker keeps up with them),
    // or when they have been waiting for several start-ups' time (a long
    // or hung conversion ahead of them, or more coming than the workers
    // take). Until a job has been timed, its source size tells.
    bool anotherPaysOff(int workers) const
    {
        if (workers == 0)
            return true;
        if (m_backlog.isValid() && m_backlog.elapsed() > 4 * m_startMs)
            return true;
        if (m_jobMs < 0)
            return m_queuedBytes > aheadBytes;
        return double(m_queue.size()) * m_jobMs / workers > m_startMs;
    }

    // A worker's first job also loads what its converter needs (Qt's
    // image plugins, the decoders): it times the worker's start-up, not
    // the jobs.
    void timeJob(Worker &worker, double durationMs)
    {
        if (!worker.answered) {
            worker.answered = true;
            m_startMs = std::clamp(double(worker.startedAt.elapsed()), 5.0, 500.0);
            return;
        }
        m_jobMs = m_jobMs < 0 ? durationMs : 0.875 * m_jobMs + 0.125 * durationMs;
    }

    void give(Worker &worker)
    {
        int slot = 0;
        while (worker.slotInUse[size_t(slot)])
            ++slot;
        Q_ASSERT(slot < depth); // takes() said one is free
        // The slot's file is made here (the worker only opens it): a
        // worker that outlives this process cannot leave files behind.
        int &fd = worker.outputs[size_t(slot)];
        if (fd < 0)
            fd = ::open(QFile::encodeName(worker.slotPath(slot)).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        worker.slotInUse[size_t(slot)] = true;
        Given given{std::move(m_queue.front()), slot};
        m_queue.pop_front();
        m_queuedBytes -= given.job.sourceBytes;
        worker.givenBytes += given.job.sourceBytes;
        // Kept until answered: a job given again (its worker died) is put
        // in another worker's window.
        if (!given.job.input.isNull())
            std::memcpy(worker.shared.input(slot), given.job.input.constData(), size_t(given.job.input.size()));
        worker.unsent += WorkerProtocol::frame(slot, given.job.request);
        worker.given.push_back(std::move(given));
        if (!m_watchdog->isActive())
            m_watchdog->start();
    }

    void flush(Worker &worker)
    {
        if (!worker.unsent.isEmpty())
            worker.process.write(std::exchange(worker.unsent, QByteArray()));
    }

    // A job is timed from when the watchdog first sees a worker on it (so
    // up to watchdogMs late, against a timeout of 100 ms at least).
    void watch()
    {
        bool busy = false;
        for (auto &worker : m_workers) {
            if (worker->given.empty() || worker->timedOut)
                continue;
            busy = true;
            const quint64 id = worker->shared.current();
            if (id != worker->seenId) {
                worker->seenId = id;
                worker->seenSince.start();
                continue;
            }
            const auto on = find(*worker, id);
            if (on != worker->given.end() && worker->seenSince.hasExpired(on->job.timeoutMs)) {
                worker->timedOut = true;
                worker->culpritId = id;
                worker->process.kill();
            }
        }
        if (!busy)
            m_watchdog->stop();
        // Jobs that have waited long enough start another worker even
        // when no answer comes to wake this thread (a hung converter).
        if (!m_queue.empty() || inboxHasJobs())
            dispatch();
    }

    static std::deque<Given>::iterator find(Worker &worker, quint64 id)
    {
        return std::find_if(worker.given.begin(), worker.given.end(),
                            [id](const Given &given) { return given.job.id == id; });
    }

    Worker *start()
    {
        auto worker = std::make_unique<Worker>();
        Worker *w = worker.get();
        w->output = QDir(m_options.scratchFolder)
                        .filePath(u"worker-%1-%2.out"_s.arg(QCoreApplication::applicationPid()).arg(++m_serial));
        m_workers.push_back(std::move(worker));
        ++m_started;
        if (!w->shared.create(w->output + u".shared"_s)) {
            // Every worker would fail the same way: say why, once per job.
            const QString why = WorkerText::tr("its shared file %1.shared could not be made: %2")
                                    .arg(QDir::toNativeSeparators(w->output), QString::fromLocal8Bit(std::strerror(errno)));
            m_workers.pop_back();
            failWaiting(why);
            return nullptr;
        }
        QObject::connect(&w->process, &QProcess::readyReadStandardOutput, this, [this, w] { readAnswers(*w); });
        QObject::connect(&w->process, &QProcess::readyReadStandardError, this, [w] {
            w->errorTail = (w->errorTail + w->process.readAllStandardError()).right(2048);
        });
        QObject::connect(&w->process, &QProcess::finished, this,
                         [this, w](int code, QProcess::ExitStatus status) { ended(w, code, status); });
        QObject::connect(&w->process, &QProcess::errorOccurred, this, [this, w](QProcess::ProcessError error) {
            if (error == QProcess::FailedToStart)
                ended(w, -1, QProcess::CrashExit);
        });
        w->process.setProgram(m_options.workerPath);
        w->process.setArguments({u"--output"_s, w->output, u"--memory-mib"_s, QString::number(m_options.memoryMiB),
                                 u"--host-pid"_s, QString::number(QCoreApplication::applicationPid())});
        w->startedAt.start();
        w->process.start();
        if (w->process.state() == QProcess::NotRunning && w->process.error() == QProcess::FailedToStart)
            return nullptr; // ended() answered for it
        noteRunning();
        return w;
    }

    // Whether the slot's file holds `size` bytes. One fstat a large job,
    // on the descriptor give() made the file with (without one the worker
    // had no file to write either).
    static bool holds(const Worker &worker, int slot, qint64 size)
    {
        const int fd = worker.outputs[size_t(slot)];
        struct stat info;
        return fd >= 0 && ::fstat(fd, &info) == 0 && info.st_size >= size;
    }

    void readAnswers(Worker &worker)
    {
        const QByteArray bytes = worker.process.readAllStandardOutput();
        worker.answers.append(bytes.constData(), bytes.size());
        // Answers whose bytes are still in their slot's file: handed over
        // once every worker has its next jobs (taking 60 MB into a cache
        // takes a while, and the workers must not run dry meanwhile), their
        // slots freed after.
        std::vector<std::pair<Given, Answer>> spooled;
        while (const std::optional<QByteArrayView> frame = worker.answers.next()) {
            std::optional<WorkerProtocol::Response> response = WorkerProtocol::decodeResponse(*frame);
            if (!response || worker.given.empty() || response->id != worker.given.front().job.id)
                continue; // not an answer to what it is on: ignored
            Given given = std::move(worker.given.front());
            worker.given.pop_front();
            timeJob(worker, response->result.durationMs);
            worker.givenBytes -= given.job.sourceBytes;
            worker.slotInUse[size_t(given.slot)] = false;
            Answer answer{std::move(response->result), {}};
            if (answer.result.failure == StoredConversion::Failure::OutOfMemory) {
                // It exits; what was queued on it goes to the others.
                worker.outOfMemory = true;
                requeue(worker);
            }
            if (answer.result.ok()) {
                const qint64 size = qint64(answer.result.blob.storedSize);
                if (WorkerProtocol::SharedArea::fits(size)) {
                    answer.result.blob.stored = QByteArray(worker.shared.output(given.slot), size);
                } else if (holds(worker, given.slot, size)) {
                    // Left in the slot's file, which no job overwrites
                    // before answered() returns: the build streams it into
                    // its cache from there instead of holding it whole.
                    answer.result.spooled = [fd = worker.outputs[size_t(given.slot)]](qint64 offset, char *into,
                                                                                       qint64 bytes) {
                        return readFullyAt(fd, into, bytes, offset);
                    };
                    worker.slotInUse[size_t(given.slot)] = true;
                    ++worker.held;
                    spooled.emplace_back(std::move(given), std::move(answer));
                    continue;
                } else {
                    answer.result = {};
                    answer.result.failure = StoredConversion::Failure::Crashed;
                    answer.detail = WorkerText::tr("its output file %1.%2 did not hold the %3 bytes it announced")
                                        .arg(worker.output).arg(given.slot).arg(size);
                }
            }
            given.job.answered(std::move(answer));
        }
        if (worker.answers.failed() && !worker.garbled) {
            // Nothing it says from here can be matched to a job: it is
            // replaced, and the job it is on fails as a crash would.
            worker.garbled = true;
            worker.process.kill();
        }
        dispatch();
        if (spooled.empty())
            return;
        for (auto &[given, answer] : spooled) {
            given.job.answered(std::move(answer));
            worker.slotInUse[size_t(given.slot)] = false;
            --worker.held;
        }
        dispatch();
    }

    // Jobs written to a worker that will not do them: back to the front of
    // the queue, in their order.
    void requeue(Worker &worker)
    {
        while (!worker.given.empty()) {
            m_queuedBytes += worker.given.back().job.sourceBytes;
            m_queue.push_front(std::move(worker.given.back().job));
            worker.given.pop_back();
        }
        worker.givenBytes = 0;
        worker.slotInUse.fill(false);
    }

    void ended(Worker *worker, int code, QProcess::ExitStatus status)
    {
        const bool failedToStart = worker->process.error() == QProcess::FailedToStart;
        const QString cannotStart = WorkerText::tr("the converter process %1 could not be started: %2")
                                        .arg(QDir::toNativeSeparators(m_options.workerPath), worker->process.errorString());
        if (!worker->given.empty()) {
            // The one it was on is what it died of; the rest are given again
            // (never begun, or done with their answers still unwritten).
            const quint64 culpritId = worker->timedOut ? worker->culpritId : worker->shared.current();
            auto on = find(*worker, culpritId);
            if (on == worker->given.end())
                on = worker->given.begin();
            Given culprit = std::move(*on);
            worker->given.erase(on);
            worker->givenBytes -= culprit.job.sourceBytes;
            requeue(*worker);
            if (worker->timedOut) {
                fail(culprit.job, StoredConversion::Failure::TimedOut, {});
            } else if (failedToStart) {
                fail(culprit.job, StoredConversion::Failure::Unavailable, cannotStart);
            } else {
                QString how = worker->garbled ? WorkerText::tr("it wrote answers that could not be read")
                    : status == QProcess::CrashExit
                    ? WorkerText::tr("it was ended by signal %1 (%2)").arg(code).arg(QString::fromLocal8Bit(strsignal(code)))
                    : WorkerText::tr("it exited with code %1").arg(code);
                const QByteArray last = worker->errorTail.trimmed().split('\n').last();
                if (!last.isEmpty())
                    how += u"; "_s + WorkerText::tr("its last words: %1").arg(QString::fromLocal8Bit(last));
                fail(culprit.job, StoredConversion::Failure::Crashed, how);
            }
        }
        removeOutputs(*worker);
        // Deleted once its signals are done with it.
        for (auto it = m_workers.begin(); it != m_workers.end(); ++it) {
            if (it->get() == worker) {
                it->release();
                m_workers.erase(it);
                break;
            }
        }
        QMetaObject::invokeMethod(this, [worker] { delete worker; }, Qt::QueuedConnection);
        noteRunning();
        if (failedToStart) {
            // No worker can start: everything waiting fails the same way,
            // what is still in the inbox too, and what is posted from now
            // on wakes this thread to fail the same way (or to start one,
            // should the executable have come back).
            failWaiting(cannotStart, StoredConversion::Failure::Unavailable);
            m_wantsWork = true;
            if (inboxHasJobs() && m_wantsWork.exchange(false))
                QMetaObject::invokeMethod(this, [this] { dispatch(); }, Qt::QueuedConnection);
            return;
        }
        dispatch();
    }

    void noteRunning()
    {
        std::lock_guard lock(m_pidsMutex);
        m_pids.clear();
        for (const auto &worker : m_workers) {
            if (worker->process.processId() > 0)
                m_pids.append(worker->process.processId());
        }
    }

    const Options &m_options;
    QTimer *m_watchdog = nullptr;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::deque<Job> m_queue;
    qint64 m_queuedBytes = 0; // their source
    QElapsedTimer m_backlog;  // since when jobs have been left waiting
    double m_jobMs = -1;      // a conversion's time, as workers answer (a moving average)
    double m_startMs = 30;    // a worker's start-up, once one has answered
    std::mutex m_inboxMutex;
    std::deque<Job> m_inbox;
    std::atomic<bool> m_wantsWork{true}; // woken by the next post()
    bool m_closing = false;
    int m_serial = 0;
    std::atomic<int> m_started{0};
    mutable std::mutex m_pidsMutex;
    QList<qint64> m_pids;
};

ConverterWorkerPool::ConverterWorkerPool(Options options)
    : m_options(std::move(options))
    , m_thread(std::make_unique<QThread>())
{
    m_options.workers = qMax(1, m_options.workers);
    if (m_options.scratchFolder.isEmpty()) {
        m_scratch = std::make_unique<ScratchFolder>();
        m_options.scratchFolder = m_scratch->path();
    } else {
        QDir().mkpath(m_options.scratchFolder);
    }
    m_thread->setObjectName(u"converter workers"_s);
    m_host = new Host(m_options);
    m_host->moveToThread(m_thread.get());
    m_thread->start();
    QMetaObject::invokeMethod(m_host, [] { useLargePagesForThreadHeap(); });
}

ConverterWorkerPool::~ConverterWorkerPool()
{
    QMetaObject::invokeMethod(m_host, [host = m_host] {
        host->shutDown();
        delete host;
    }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void ConverterWorkerPool::submit(const Project &project, const ConversionJob &job, Done done)
{
    static std::atomic<quint64> nextId{1};
    Job submitted;
    submitted.id = nextId++;
    submitted.sourceBytes = qMax<qint64>(0, job.sourceBytes);
    // A source already read goes in a window, when it fits one; the worker
    // reads larger ones itself.
    if (!job.input.isNull() && WorkerProtocol::SharedArea::fits(job.input.size()))
        submitted.input = job.input;
    submitted.request = WorkerProtocol::encode(
        {submitted.id, 0, submitted.input.isNull() ? -1 : submitted.input.size(), project.rootPath(), job});
    submitted.timeoutMs = project.manifest().converters.timeoutMs;
    // The diagnostic of a failure that is the worker's (not the converter's)
    // is made here, where the project is known.
    submitted.answered = [project, job, done = std::move(done), memoryMiB = m_options.memoryMiB](Answer answer) {
        AssetRecord record;
        record.path = job.asset;
        record.kind = job.kind;
        const AssetContext asset{project, record};
        StoredConversion &result = answer.result;
        switch (result.failure) {
        case StoredConversion::Failure::Crashed:
            result.diagnostics.append(asset.diagnostic(
                Severity::Error, u"convert.crashed"_s,
                WorkerText::tr("The converter crashed on this file (%1). Nothing else was affected: the other "
                               "assets were converted, and its worker was replaced.").arg(answer.detail)));
            break;
        case StoredConversion::Failure::Unavailable:
            // The worker could not be started: the same for every asset,
            // and no fault of this one (tried again by the next build).
            if (!answer.detail.isEmpty()) {
                result.diagnostics.append(asset.diagnostic(
                    Severity::Error, u"convert.no_worker"_s,
                    WorkerText::tr("Not converted: %1. Nothing is wrong with this file. Reinstall Prometeu "
                                   "(the worker is installed beside the prometeu executable), or build with "
                                   "--in-process-converters.").arg(answer.detail)));
            }
            break;
        case StoredConversion::Failure::TimedOut:
            result.diagnostics.append(asset.diagnostic(
                Severity::Error, u"convert.timeout"_s,
                WorkerText::tr("The converter took longer than %1 s on this file and was stopped "
                               "(converters.timeout_ms in prometeu.json).")
                    .arg(project.manifest().converters.timeoutMs / 1000.0)));
            break;
        case StoredConversion::Failure::OutOfMemory:
            result.diagnostics.append(asset.diagnostic(
                Severity::Error, u"convert.out_of_memory"_s,
                WorkerText::tr("The converter needed more than %1 of memory for this file and was stopped "
                               "(converters.memory_mib in prometeu.json).")
                    .arg(QLocale::system().formattedDataSize(qint64(memoryMiB) * 1024 * 1024))));
            break;
        default:
            break;
        }
        done(std::move(result));
    };
    m_host->post(std::move(submitted));
}

ConversionRunner::Capacity ConverterWorkerPool::capacity() const
{
    return {2 * Host::depth * m_options.workers, 2 * Host::aheadBytes * m_options.workers,
            2 * Host::ahead * m_options.workers};
}

int ConverterWorkerPool::workersStarted() const { return m_host->started(); }

QList<qint64> ConverterWorkerPool::runningProcessIds() const { return m_host->running(); }

} // namespace Prometeu
