#include "clicontext.h"
#include "commands.h"

#include <session/executionsession.h>
#include <session/playcontroller.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <session/logformatter.h>
#include <session/mergedlog.h>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

namespace {

// Prints log entries as the merged log says it grew: LogFormatter's
// terminal style, or one JSON object per line with --events jsonl.
class LogPrinter
{
public:
    LogPrinter(const MergedLog &log, bool json, bool colour, bool debug)
        : m_log(log), m_follower(log.follow()), m_formatter(LogFormatter::Style::Terminal, colour), m_json(json),
          m_debug(debug)
    {
        QObject::connect(m_follower.get(), &LogFollower::entriesAppended, m_follower.get(), [this] { printNew(); });
    }

    void printNew()
    {
        m_follower->arm(); // before reading: a line appended meanwhile rings again
        m_log.visitAfter(m_last, -1, [this](const LogEntry &entry) {
            m_last = qMax(m_last, entry.sequence);
            if (entry.isDropMarker || (entry.severity == LogSeverity::Debug && !m_debug))
                return;
            m_pending += m_json ? QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact)
                                : m_formatter.format(entry).toUtf8();
            m_pending += '\n';
        });
        // Written outside the log's lock: a slow terminal must not hold it.
        std::fwrite(m_pending.constData(), 1, size_t(m_pending.size()), stdout);
        std::fflush(stdout);
        m_pending.clear();
    }

private:
    const MergedLog &m_log;
    std::unique_ptr<LogFollower> m_follower;
    LogFormatter m_formatter;
    bool m_json;
    bool m_debug;
    quint64 m_last = 0;
    QByteArray m_pending;
};

} // namespace

int runPlayCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Build, validate and pack the cartridge, start the runtime and stream the merged log "
               "(build, pack-validation, pack, runtime, studio) until the game ends. Ctrl-C is Stop.\n\n"
               "Exit codes: 0 stopped, 1 preparation failed, 3 the runtime failed, 2 usage error."));
    CliContext::addCommonOptions(parser);
    parser.addOption({u"headless"_s, QCoreApplication::translate("Cli", "Run the reference runtime without a window "
                                                                      "(it also goes without one when there is no display).")});
    parser.addOption({u"watch"_s, QCoreApplication::translate("Cli", "Live reload: while the game runs, rebuild what changes "
                                                                   "on disk and reload it into the game.")});
    parser.addOption({u"debug"_s, QCoreApplication::translate("Cli", "Show debug lines too (cache hits, frames).")});
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode);
    if (!context)
        return exitCode;

    ProjectCore::Options options;
    options.headlessRuntime = parser.isSet(u"headless"_s);
    options.liveReload = parser.isSet(u"watch"_s);
    context->setCoreOptions(options);
    ProjectCore *core = context->core();
    PlayController &controller = *core->playController();
    const bool json = parser.value(u"events"_s) == u"jsonl"_s;
    LogPrinter printer(core->session()->log(), json, context->colour() && !json, parser.isSet(u"debug"_s));

    QEventLoop loop;
    SessionState finalState = SessionState::Idle;
    QObject::connect(&controller, &PlayController::runEnded, &loop, [&](SessionState state) {
        finalState = state;
        loop.quit();
    });
    printer.printNew(); // what the core logged on opening
    QString refusal;
    if (!controller.play(&refusal)) {
        context->err() << refusal << u'\n';
        return ExitUsage;
    }
    context->runLoop(loop, [&] { controller.stop(); }, false, QCoreApplication::translate("Cli", "Stopping..."));
    printer.printNew();
    switch (finalState) {
    case SessionState::Stopped: return ExitClean;
    case SessionState::PrepareFailed: return ExitDiagnostics;
    default: return 3;
    }
}

} // namespace Prometeu::Cli
