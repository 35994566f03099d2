#pragma once

#include "progressrenderer.h"

#include <packer/fanoutsink.h>
#include <packer/jsonlinessink.h>
#include <packer/project.h>
#include <core/projectcore.h>

#include <QCommandLineParser>
#include <QFuture>
#include <QFutureWatcher>
#include <QEventLoop>
#include <QThreadPool>
#include <QTextStream>
#include <memory>

namespace Prometeu::Cli {

enum ExitCode { ExitClean = 0, ExitDiagnostics = 1, ExitUsage = 2, ExitCancelled = 130 };

// Everything a subcommand needs: parsed options, the opened project, the
// event sinks (JSON lines on stdout and/or the progress line), a thread
// pool, and where human-readable text goes.
class CliContext
{
public:
    // Adds the options every project command shares: <project>, --events, --jobs.
    static void addCommonOptions(QCommandLineParser &parser);

    // Parses, opens the project and wires the sinks. On failure prints the
    // reason and returns nullptr with *exitCode set.
    // `minArguments`/`maxArguments` count positional arguments including
    // the project folder, which is always the first.
    static std::unique_ptr<CliContext> create(QCommandLineParser &parser, const QStringList &arguments,
                                              int *exitCode, int minArguments = 1, int maxArguments = 1);
    ~CliContext();

    const Project &project() const { return *m_project; }
    // The project's core, opened once per command: every operation goes
    // through it (and so into the project's history), as in the Studio.
    ProjectCore *core();
    // Before the first core(): history off, or a size bound for it.
    void setCoreOptions(const ProjectCore::Options &options, bool serving = false)
    {
        m_coreOptions = options;
        m_serving = serving;
    }
    PackerEventSink *sink() { return &m_fanOut; }
    QThreadPool *pool() { return &m_pool; }
    // Human output: stdout normally, stderr when stdout carries JSON lines.
    QTextStream &out() { return *m_out; }
    QTextStream &err() { return m_err; }
    bool colour() const { return m_colour; }
    // How many warnings or notes of one code a report lists (-1: all, with
    // --verbose); see printDiagnostics.
    int diagnosticsPerCode() const { return m_diagnosticsPerCode; }

    // Runs the event loop until the future finishes, drawing progress and
    // cancelling it on Ctrl-C. Returns false if it was cancelled.
    template<typename T>
    bool wait(QFuture<T> future);

    // wait(), then the result; when there is none, prints why (cancelled,
    // or the packer's failure summary) and sets *exitCode.
    template<typename T>
    std::optional<T> await(QFuture<T> future, int *exitCode);

    // An asset named on the command line, as a path inside the assets
    // folder: it may also be given as the diagnostics print it (from the
    // project folder, "assets/maps/a.tmx") or as a file path the shell
    // completed (relative to the working folder, or absolute).
    QString assetPath(const QString &argument) const;

    // A scan, then the doctor over it (what doctor and deps both need).
    std::optional<DoctorReport> scanAndCheck(int *exitCode);

    // Runs `loop` with progress drawing and Ctrl-C handling (which calls
    // `onInterrupt`) until the loop is quit.
    void runLoop(QEventLoop &loop, const std::function<void()> &onInterrupt, bool alreadyFinished,
                 const QString &interruptMessage = {});

private:
    CliContext() = default;
    void reportNoResult(bool cancelled, int *exitCode);

    std::optional<Project> m_project;
    FanOutSink m_fanOut;
    std::unique_ptr<JsonLinesSink> m_jsonLines;
    std::unique_ptr<ProgressRenderer> m_progress;
    QThreadPool m_pool;
    std::unique_ptr<QTextStream> m_out;
    QTextStream m_err{stderr};
    bool m_colour = false;
    int m_diagnosticsPerCode = -1;
    ProjectCore::Options m_coreOptions;
    bool m_serving = false;
    std::unique_ptr<ProjectCore> m_core; // last: gone before the sinks it publishes to
};

template<typename T>
bool CliContext::wait(QFuture<T> future)
{
    QEventLoop loop;
    QFutureWatcher<T> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(future);
    runLoop(loop, [&future] { future.cancel(); }, future.isFinished());
    future.waitForFinished();
    return !future.isCanceled();
}

template<typename T>
std::optional<T> CliContext::await(QFuture<T> future, int *exitCode)
{
    const bool finished = wait(future);
    if (!finished || future.resultCount() == 0) {
        reportNoResult(!finished, exitCode);
        return std::nullopt;
    }
    return future.result();
}

// Prints diagnostics compiler-style to `stream`. With `perCode` >= 0, at
// most that many warnings or notes of one code are listed and the rest
// counted in one line each; errors are always all listed.
void printDiagnostics(QTextStream &stream, const QList<Diagnostic> &diagnostics, bool colour, int perCode = -1);

} // namespace Prometeu::Cli
