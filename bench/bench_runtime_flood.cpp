// Runtime flood: a child process prints N lines as fast as it can; measure
// how fast they land in the merged log as entries, and the memory each
// retained entry costs beyond its text. Reference in the same run: the same
// child's output drained from the pipe without parsing (raw throughput).

#include <session/executionsession.h>
#include <session/runtimelauncher.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>

#include <cstdio>
#include <unistd.h>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

qint64 residentBytes()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.value(1).toLongLong() * ::sysconf(_SC_PAGESIZE);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr int lines = 2'000'000;
    const QString shell = u"seq 1 %1"_s.arg(lines);

    // Reference: drain the pipe, count newlines, nothing else.
    QElapsedTimer timer;
    qint64 newlines = 0;
    {
        QProcess raw;
        QObject::connect(&raw, &QProcess::readyReadStandardOutput, [&] { newlines += raw.readAllStandardOutput().count('\n'); });
        QEventLoop loop;
        QObject::connect(&raw, &QProcess::finished, &loop, &QEventLoop::quit);
        timer.start();
        raw.start(u"sh"_s, {u"-c"_s, shell});
        loop.exec();
        newlines += raw.readAllStandardOutput().count('\n');
    }
    const double rawSeconds = timer.nsecsElapsed() / 1e9;

    ExecutionSession session(lines + 100); // retain everything, to measure memory per entry
    session.beginRun();
    session.transitionTo(SessionState::Connecting, u"bench"_s);
    RuntimeConfig config;
    config.command = {u"sh"_s, u"-c"_s, shell};
    config.handshake = false;
    RuntimeLauncher launcher(&session, config, {});
    QEventLoop loop;
    QObject::connect(&launcher, &RuntimeLauncher::processEnded, &loop, &QEventLoop::quit);
    const qint64 before = residentBytes();
    timer.restart();
    launcher.start(QString());
    loop.exec();
    const double seconds = timer.nsecsElapsed() / 1e9;
    const qint64 after = residentBytes();

    qint64 textBytes = 0;
    qsizetype runtimeEntries = 0;
    for (const LogEntry &entry : session.log().entries(1)) {
        if (entry.source == LogSource::Runtime) {
            ++runtimeEntries;
            textBytes += entry.message.size() * qsizetype(sizeof(QChar));
        }
    }
    const double perEntry = double(after - before - textBytes) / double(runtimeEntries);

    std::printf("lines                                %d\n", lines);
    std::printf("into the merged log                  %.0f lines/s (%.2f s)\n", runtimeEntries / seconds, seconds);
    std::printf("reference: raw pipe drain            %.0f lines/s (%.2f s)\n", newlines / rawSeconds, rawSeconds);
    std::printf("ratio log/raw                        %.2f\n", rawSeconds / seconds);
    std::printf("memory per entry beyond its text     %.0f bytes (RSS growth %.1f MiB, text %.1f MiB)\n", perEntry,
                (after - before) / 1048576.0, textBytes / 1048576.0);
    return runtimeEntries == lines ? 0 : 1;
}
