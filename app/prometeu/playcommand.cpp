#include "clicontext.h"
#include "commands.h"

#include <session/executionsession.h>
#include <session/playcontroller.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

namespace {

// Prints log entries as they arrive: "[source] severity  message", or one
// JSON object per line with --events jsonl.
class LogPrinter
{
public:
    LogPrinter(const MergedLog &log, bool json, bool colour, bool debug)
        : m_log(log), m_json(json), m_colour(colour), m_debug(debug) {}

    void printNew()
    {
        const QList<LogEntry> entries = m_log.entriesAfter(m_last);
        for (const LogEntry &entry : entries) {
            m_last = qMax(m_last, entry.sequence);
            if (entry.severity == LogSeverity::Debug && !m_debug)
                continue;
            if (m_json) {
                std::fputs(QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
                continue;
            }
            const QString location = entry.location
                ? entry.asset() + (entry.line() > 0 ? u":%1"_s.arg(entry.line()) : QString()) + u": "_s
                : QString();
            QString line = u"[%1] %2 %3%4\n"_s.arg(wireName(entry.source).leftJustified(15), wireName(entry.severity).leftJustified(7),
                                                   location, entry.message);
            if (m_colour && entry.severity == LogSeverity::Error)
                line = u"\x1b[31m"_s + line.chopped(1) + u"\x1b[0m\n"_s;
            else if (m_colour && entry.isStateChange)
                line = u"\x1b[1m"_s + line.chopped(1) + u"\x1b[0m\n"_s;
            std::fputs(line.toUtf8().constData(), stdout);
        }
        std::fflush(stdout);
    }

private:
    const MergedLog &m_log;
    bool m_json;
    bool m_colour;
    bool m_debug;
    quint64 m_last = 0;
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
    parser.addOption({u"headless"_s, QCoreApplication::translate("Cli", "Never open a window (the reference runtime has none yet).")});
    parser.addOption({u"debug"_s, QCoreApplication::translate("Cli", "Show debug lines too (cache hits, frames).")});
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode);
    if (!context)
        return exitCode;

    ExecutionSession session;
    PlayController controller(context->project(), &session, context->pool(),
                              QCoreApplication::applicationDirPath() + u"/prometeu-runtime"_s);
    const bool json = parser.value(u"events"_s) == u"jsonl"_s;
    LogPrinter printer(session.log(), json, context->colour() && !json, parser.isSet(u"debug"_s));

    QEventLoop loop;
    SessionState finalState = SessionState::Idle;
    QObject::connect(&controller, &PlayController::runEnded, &loop, [&](SessionState state) {
        finalState = state;
        loop.quit();
    });
    QTimer printTimer;
    printTimer.setInterval(50);
    QObject::connect(&printTimer, &QTimer::timeout, [&] { printer.printNew(); });
    printTimer.start();
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
