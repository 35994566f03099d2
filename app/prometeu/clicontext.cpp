#include "clicontext.h"

#include <QCoreApplication>
#include <QHash>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <support/backgroundpriority.h>
#include <support/largepageheap.h>
#include <support/unixsignalnotifier.h>

#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

namespace {

bool wantsColour(FILE *stream)
{
    return ::isatty(::fileno(stream)) == 1 && qEnvironmentVariableIsEmpty("NO_COLOR");
}

constexpr int defaultDiagnosticsPerCode = 10;

} // namespace

void CliContext::addCommonOptions(QCommandLineParser &parser)
{
    parser.addPositionalArgument(u"project"_s,
                                 QCoreApplication::translate("Cli", "Project folder (contains prometeu.json)."));
    parser.addOption({u"events"_s,
                      QCoreApplication::translate(
                          "Cli", "Write every packer event to stdout in <format>; 'jsonl' is one "
                                 "JSON envelope per line. Human output then goes to stderr."),
                      u"format"_s});
    parser.addOption({{u"j"_s, u"jobs"_s},
                      QCoreApplication::translate("Cli", "Worker threads (default: number of cores)."),
                      u"N"_s});
    parser.addOption({u"remote-cache"_s,
                      QCoreApplication::translate(
                          "Cli", "Share converted assets through the team cache at <url> (an HTTP cache: nginx "
                                 "WebDAV, bazel-remote); overrides prometeu.json and your settings. A token is read "
                                 "from PROMETEU_REMOTE_CACHE_TOKEN. See docs/remote-cache.md."),
                      u"url"_s});
    parser.addOption({u"no-remote-cache"_s,
                      QCoreApplication::translate("Cli", "Use only this machine's cache, whatever is configured.")});
    parser.addOption({u"in-process-converters"_s,
                      QCoreApplication::translate(
                          "Cli", "Convert assets in this process instead of in prometeu-worker processes (for "
                                 "debugging a converter; a crash then ends the command). Also "
                                 "PROMETEU_IN_PROCESS_CONVERTERS=1.")});
    parser.addOption({u"verbose"_s,
                      QCoreApplication::translate(
                          "Cli", "List every warning and note; by default a code that repeats over many "
                                 "files is listed %1 times, then counted.").arg(defaultDiagnosticsPerCode)});
    parser.addHelpOption();
}

std::unique_ptr<CliContext> CliContext::create(QCommandLineParser &parser, const QStringList &arguments,
                                               int *exitCode, int minArguments, int maxArguments)
{
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << u"\n"_s;
        *exitCode = ExitUsage;
        return nullptr;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        *exitCode = ExitClean;
        return nullptr;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < minArguments || positional.size() > maxArguments) {
        err << (minArguments == 1 && maxArguments == 1
                    ? QCoreApplication::translate("Cli", "Expected exactly one project folder.\n\n")
                    : QCoreApplication::translate("Cli", "Wrong number of arguments.\n\n"))
            << parser.helpText();
        *exitCode = ExitUsage;
        return nullptr;
    }

    std::unique_ptr<CliContext> context(new CliContext);
    const QString events = parser.value(u"events"_s);
    if (parser.isSet(u"events"_s) && events != u"jsonl"_s) {
        err << QCoreApplication::translate("Cli", "Unknown --events format '%1'; use 'jsonl'.\n").arg(events);
        *exitCode = ExitUsage;
        return nullptr;
    }
    if (parser.isSet(u"jobs"_s)) {
        bool ok = false;
        const int jobs = parser.value(u"jobs"_s).toInt(&ok);
        if (!ok || jobs < 1 || jobs > 256) {
            err << QCoreApplication::translate("Cli", "--jobs must be a number from 1 to 256.\n");
            *exitCode = ExitUsage;
            return nullptr;
        }
        context->m_pool.setMaxThreadCount(jobs);
    }
    if (parser.isSet(u"remote-cache"_s) && parser.isSet(u"no-remote-cache"_s)) {
        err << QCoreApplication::translate("Cli", "--remote-cache and --no-remote-cache cannot be used together.\n");
        *exitCode = ExitUsage;
        return nullptr;
    }
    context->m_coreOptions.noRemoteCache = parser.isSet(u"no-remote-cache"_s);
    context->m_coreOptions.remoteCacheUrl = parser.value(u"remote-cache"_s);
    context->m_coreOptions.inProcessConverters = parser.isSet(u"in-process-converters"_s);
    // Each of the pool's threads allocates from a heap of its own, on
    // huge pages too (main() set the process up).
    prepareEveryPoolThread(&context->m_pool, useLargePagesForThreadHeap);

    const ProjectLoadResult loaded = ProjectLoader::load(positional.first());
    printDiagnostics(err, loaded.diagnostics, wantsColour(stderr));
    if (!loaded.ok()) {
        *exitCode = ExitUsage;
        return nullptr;
    }
    context->m_project = loaded.project;

    if (parser.isSet(u"events"_s)) {
        auto device = std::make_unique<QFile>();
        if (!device->open(stdout, QIODevice::WriteOnly)) {
            err << QCoreApplication::translate("Cli", "Cannot write events to stdout.\n");
            *exitCode = ExitUsage;
            return nullptr;
        }
        context->m_jsonLines = std::make_unique<JsonLinesSink>(std::move(device));
        context->m_fanOut.addSink(context->m_jsonLines.get());
    }
    context->m_out = std::make_unique<QTextStream>(parser.isSet(u"events"_s) ? stderr : stdout);
    context->m_diagnosticsPerCode = parser.isSet(u"verbose"_s) ? -1 : defaultDiagnosticsPerCode;
    context->m_colour = wantsColour(parser.isSet(u"events"_s) ? stderr : stdout);
    context->m_progress = std::make_unique<ProgressRenderer>(stderr);
    context->m_fanOut.addSink(context->m_progress.get());
    return context;
}

ProjectCore *CliContext::core()
{
    if (!m_core) {
        if (!m_serving)
            m_coreOptions.recentFrames = 1'000; // no client will ask to resume
        m_coreOptions.earlierOperations = 0; // a second connection to the history, for nothing
        m_coreOptions.servicePriority = ServicePriority::AsCaller; // no GUI to make way for
        if (m_coreOptions.runtimePath.isEmpty())
            m_coreOptions.runtimePath = QCoreApplication::applicationDirPath() + u"/prometeu-runtime"_s;
        if (m_coreOptions.workerPath.isEmpty())
            m_coreOptions.workerPath = QCoreApplication::applicationDirPath() + u"/prometeu-worker"_s;
        m_core = std::make_unique<ProjectCore>(*m_project, &m_pool, m_coreOptions);
        m_core->addEventSink(&m_fanOut);
        QObject::connect(m_core.get(), &ProjectCore::historyTrouble, m_core.get(), [this](const QString &sentence) {
            m_err << sentence << u'\n' << Qt::flush;
        });
        if (!m_core->remoteCacheProblem().isEmpty())
            m_err << m_core->remoteCacheProblem() << u'\n';
        m_err.flush();
        // Said when the history has opened (on its own thread, while the
        // command already works).
        ProjectCore *core = m_core.get(); // also when the core settles it while it ends
        QObject::connect(core, &ProjectCore::historyOpened, core, [this, core] {
            if (!core->historyProblem().isEmpty())
                m_err << QCoreApplication::translate("Cli", "Going on without history: %1\n").arg(core->historyProblem());
            if (!core->historyLoss().isEmpty())
                m_err << core->historyLoss() << u'\n';
            if (core->interruptedOnOpen() > 0)
                m_err << QCoreApplication::translate("Cli", "%n operation(s) of an earlier run never finished; marked interrupted.\n",
                                                     nullptr, core->interruptedOnOpen());
            m_err.flush();
        });
    }
    return m_core.get();
}

CliContext::~CliContext()
{
    // Ends the core's operations (their last events still reach this
    // context's sinks, which outlive it) and writes the last of the history.
    // A command that ended before its history opened still says what the
    // opening found (the core is silent while it is destroyed); its
    // destructor would wait for the opening anyway.
    if (m_core)
        m_core->historyProblem();
    m_core.reset();
    m_pool.waitForDone();
    if (m_jsonLines)
        m_jsonLines->flush();
    if (m_out)
        m_out->flush();
    m_err.flush();
}

void CliContext::runLoop(QEventLoop &loop, const std::function<void()> &cancel, bool alreadyFinished,
                         const QString &interruptMessage)
{
    // Ctrl-C, and a service manager's stop (SIGTERM), are a cancel: finish cleanly.
    UnixSignalNotifier interrupts({SIGINT, SIGTERM});
    QObject::connect(&interrupts, &UnixSignalNotifier::activated, &loop, [&] {
        m_err << u'\n'
              << (interruptMessage.isEmpty() ? QCoreApplication::translate("Cli", "Cancelling...") : interruptMessage)
              << u'\n' << Qt::flush;
        cancel();
    });
    m_progress->start();
    if (!alreadyFinished)
        loop.exec();
    m_progress->finish();
}

void CliContext::reportNoResult(bool cancelled, int *exitCode)
{
    if (cancelled) {
        m_err << QCoreApplication::translate("Cli", "Cancelled; nothing was changed.\n");
        *exitCode = ExitCancelled;
        return;
    }
    const QString reason = m_progress->lastFailure();
    m_err << (reason.isEmpty() ? QCoreApplication::translate("Cli", "The operation failed.") : reason) << u'\n';
    *exitCode = ExitUsage;
}

void printDiagnostics(QTextStream &stream, const QList<Diagnostic> &diagnostics, bool colour, int perCode)
{
    // Errors are always listed whole: each is something to fix. A warning
    // or note repeated over hundreds of files (a game's data files of a
    // type Prometeu does not convert) is shown a few times, then counted,
    // so the figures and the errors are not scrolled away.
    QHash<QString, int> seen;  // warnings and notes of each code
    QStringList hidden;        // codes past the limit, in the order first hidden
    for (const Diagnostic &d : diagnostics) {
        if (perCode >= 0 && d.severity != Severity::Error) {
            const int count = ++seen[d.code];
            if (count == perCode + 1)
                hidden.append(d.code);
            if (count > perCode)
                continue;
        }
        QString line = d.toCompilerStyle();
        if (colour) {
            const QString severity = wireName(d.severity);
            const char *code = d.severity == Severity::Error ? "31" : d.severity == Severity::Warning ? "33" : "36";
            line.replace(u": "_s + severity + u": "_s,
                         u": \x1b[1;%1m%2\x1b[0m: "_s.arg(QLatin1StringView(code), severity));
        }
        stream << line << u'\n';
    }
    for (const QString &code : std::as_const(hidden)) {
        stream << QCoreApplication::translate("Cli", "... and %n more [%1] like these (--verbose lists every one)\n",
                                              nullptr, seen.value(code) - perCode)
                      .arg(code);
    }
    stream.flush();
}

QString CliContext::assetPath(const QString &argument) const
{
    const QString clean = QDir::cleanPath(QDir::fromNativeSeparators(argument));
    const QDir assets(m_project->assetsPath());
    if (QDir::isRelativePath(clean) && QFileInfo::exists(assets.filePath(clean)))
        return clean;
    const QFileInfo file(argument);
    if (file.exists()) {
        const QString inside = assets.relativeFilePath(file.absoluteFilePath());
        if (!inside.startsWith(u"../"_s) && inside != u".."_s && !QDir::isAbsolutePath(inside))
            return inside;
    }
    // Also for an asset that is gone (explain reads its history).
    const QString prefix = QDir::cleanPath(m_project->manifest().assetsFolder) + u'/';
    return clean.startsWith(prefix) ? clean.mid(prefix.size()) : clean;
}

std::optional<DoctorReport> CliContext::scanAndCheck(int *exitCode)
{
    const auto scan = await(core()->scan(), exitCode);
    if (!scan)
        return std::nullopt;
    if (!scan->indexWarning.isEmpty())
        err() << scan->indexWarning << u'\n';
    return await(core()->doctor(*scan), exitCode);
}

} // namespace Prometeu::Cli
