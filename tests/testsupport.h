#pragma once

// Helpers shared by the test suites: temporary projects, fixture copies and
// sinks that let a test stop an operation at a precise point.

#include <packer/packerevent.h>
#include <packer/eventbuffer.h>
#include <packer/packer.h>
#include <packer/packereventsink.h>
#include <packer/project.h>
#include <packer/assetrecord.h>
#include <packer/diagnostic.h>
#include <packer/localcachestore.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <atomic>
#include <functional>

// QTest printers, so QCOMPARE shows "cache_hit" rather than a number.
namespace Prometeu {
// Plain overloads (not templates) so they beat QTest's generic toString.
#define PROMETEU_QTEST_PRINTER(Enum) \
    inline char *toString(const Enum &value) { return qstrdup(qPrintable(wireName(value))); } \
    inline char *toString(const std::optional<Enum> &value) \
    { \
        return value ? toString(*value) : qstrdup("(none)"); \
    }
PROMETEU_QTEST_PRINTER(EventKind)
PROMETEU_QTEST_PRINTER(OperationKind)
PROMETEU_QTEST_PRINTER(OperationOutcome)
PROMETEU_QTEST_PRINTER(Severity)
PROMETEU_QTEST_PRINTER(AssetKind)
#undef PROMETEU_QTEST_PRINTER
} // namespace Prometeu

namespace TestSupport {

inline QString sourcePath(const QString &relative)
{
    return QStringLiteral(PROMETEU_SOURCE_DIR) + u'/' + relative;
}

inline QString binaryPath(const QString &name)
{
    return QStringLiteral(PROMETEU_BIN_DIR) + u'/' + name;
}

inline bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(content) == content.size();
}

// A 16-bit PCM WAV file of `frames` frames; `sample(frame, channel)`.
inline QByteArray wavFile(int rate, int channels, qint64 frames, const std::function<qint16(qint64, int)> &sample)
{
    QByteArray wav("RIFF");
    const auto put32 = [&wav](quint32 v) { wav.append(reinterpret_cast<const char *>(&v), 4); };
    const auto put16 = [&wav](quint16 v) { wav.append(reinterpret_cast<const char *>(&v), 2); };
    const auto bytes = quint32(frames * channels * 2);
    put32(36 + bytes);
    wav.append("WAVEfmt ");
    put32(16);
    put16(1);
    put16(quint16(channels));
    put32(quint32(rate));
    put32(quint32(rate * channels * 2));
    put16(quint16(channels * 2));
    put16(16);
    wav.append("data");
    put32(bytes);
    wav.reserve(wav.size() + qsizetype(bytes));
    for (qint64 i = 0; i < frames; ++i) {
        for (int channel = 0; channel < channels; ++channel)
            put16(quint16(sample(i, channel)));
    }
    return wav;
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A minimal project in `root`: manifest plus an empty assets folder.
inline bool makeProject(const QString &root, const QByteArray &manifest = R"({"id": "t", "name": "T"})")
{
    return writeFile(root + QStringLiteral("/prometeu.json"), manifest)
        && QDir().mkpath(root + QStringLiteral("/assets"));
}

// Loads a test project; a test project that does not load is a broken test.
inline Prometeu::Project loadProject(const QString &root)
{
    const Prometeu::ProjectLoadResult result = Prometeu::ProjectLoader::load(root);
    if (!result.ok())
        qFatal("cannot load test project %s: %s", qPrintable(root), qPrintable(result.errorText()));
    return *result.project;
}

// Copies a fixture folder with cp -a, so symbolic links stay links, and
// without the state a developer's own runs left in it (.prometeu, build).
inline bool copyFixture(const QString &fixture, const QString &destination)
{
    if (QProcess::execute(QStringLiteral("cp"),
                          {QStringLiteral("-a"), sourcePath(fixture) + QStringLiteral("/."), destination})
        != 0) {
        return false;
    }
    QDir(destination + QStringLiteral("/.prometeu")).removeRecursively();
    QDir(destination + QStringLiteral("/build")).removeRecursively();
    return true;
}

template<typename Result>
struct FinishedOperation {
    std::optional<Result> result; // absent when cancelled or failed without a report
    QList<Prometeu::PackerEvent> events;
};

template<typename Future>
struct FutureResult;
template<typename T>
struct FutureResult<QFuture<T>> {
    using type = T;
};

// Runs one packer operation (`start` calls a Packer method) on a fresh pool
// of `jobs` threads (0: default) to its end, with every event recorded.
template<typename Start>
auto runToEnd(const Prometeu::Project &project, Start start, int jobs = 0)
{
    using Result = typename FutureResult<decltype(start(std::declval<Prometeu::Packer &>()))>::type;
    Prometeu::EventBuffer sink;
    QThreadPool pool;
    if (jobs > 0)
        pool.setMaxThreadCount(jobs);
    Prometeu::Packer packer(project, &sink, &pool);
    auto future = start(packer);
    future.waitForFinished();
    pool.waitForDone();
    FinishedOperation<Result> finished;
    if (future.resultCount() > 0)
        finished.result = future.result();
    finished.events = sink.takeAll();
    return finished;
}

// Copies examples/demo under `folder`/demo and builds it with the real
// `prometeu` into `folder`/demo.pcart; returns the cartridge path or "".
inline QString buildDemoCartridge(const QString &folder)
{
    const QString project = folder + QStringLiteral("/demo");
    const QString cartridge = folder + QStringLiteral("/demo.pcart");
    if (!QDir().mkpath(project) || !copyFixture(QStringLiteral("examples/demo"), project))
        return {};
    const int code = QProcess::execute(binaryPath(QStringLiteral("prometeu")),
                                       {QStringLiteral("build"), project, QStringLiteral("-o"), cartridge});
    return code == 0 ? cartridge : QString();
}

// Records every event and holds the publishing worker at the first event of
// `holdAt` until release(): a test can then cancel an operation at a known
// point, with no sleep.
class HoldingSink final : public Prometeu::PackerEventSink
{
public:
    explicit HoldingSink(Prometeu::EventKind holdAt) : m_holdAt(holdAt) {}
    void publish(const Prometeu::PackerEvent &event) override
    {
        recorded.publish(event);
        if (event.kind == m_holdAt && !m_held.exchange(true)) {
            m_reached.release();
            m_proceed.acquire();
        }
    }
    bool waitUntilHeld(int timeoutMs = 10000) { return m_reached.tryAcquire(1, timeoutMs); }
    void release() { m_proceed.release(); }

    Prometeu::EventBuffer recorded;

private:
    const Prometeu::EventKind m_holdAt;
    std::atomic<bool> m_held{false};
    QSemaphore m_reached;
    QSemaphore m_proceed;
};

// Flips the first converted byte (after the object's header) of
// every object in a project's local cache, where it is (a file of its own
// or a range of a pack); returns how many.
inline int damageEveryCacheObject(const QString &projectRoot)
{
    const Prometeu::LocalCacheStore cache(projectRoot + QStringLiteral("/.prometeu/cache"));
    int damaged = 0;
    for (const auto &object : cache.objectLocations()) {
        QFile file(object.path);
        const qint64 at = object.offset + Prometeu::LocalCacheStore::objectHeaderSize;
        char byte = 0;
        if (!file.open(QIODevice::ReadWrite) || !file.seek(at) || !file.getChar(&byte) || !file.seek(at)
            || !file.putChar(char(byte ^ 0x5A))) {
            return -1;
        }
        ++damaged;
    }
    return damaged;
}

// Pids of live processes whose command line contains `text` (Linux /proc):
// how a test sees that no child was left running.
inline QList<qint64> processesMentioning(const QString &text)
{
    QList<qint64> found;
    const QByteArray needle = text.toUtf8();
    for (const QString &entry : QDir(u"/proc"_qs).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile cmdline(u"/proc/%1/cmdline"_qs.arg(entry));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        QByteArray line = cmdline.readAll();
        line.replace('\0', ' ');
        QFile stat(u"/proc/%1/stat"_qs.arg(entry));
        const bool zombie = stat.open(QIODevice::ReadOnly) && stat.readAll().contains(") Z ");
        if (!zombie && line.contains(needle))
            found.append(pid);
    }
    return found;
}

} // namespace TestSupport
