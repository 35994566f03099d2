#include "clicontext.h"
#include "commands.h"

#include <hub/eventserver.h>
#include <session/executionsession.h>

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

int runServeCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Serve a project's events live on 127.0.0.1: Server-Sent Events at /events, a WebSocket at "
               "/ws, the history at /operations, and POST /operations, /session/play, /session/stop. "
               "The first line of stdout is {\"url\": ..., \"token\": ...}. Ctrl-C stops.\n"
               "Wire contract: docs/streaming.md."));
    CliContext::addCommonOptions(parser);
    parser.addOption({u"port"_s, QCoreApplication::translate("Cli", "Port to listen on (0: any free port, printed)."),
                      u"port"_s, u"0"_s});
    parser.addOption({u"token"_s, QCoreApplication::translate("Cli", "Token clients must present (default: a new random one)."),
                      u"token"_s});
    parser.addOption({u"heartbeat"_s, QCoreApplication::translate("Cli", "Seconds between heartbeat comments on idle streams."),
                      u"seconds"_s, u"15"_s});
    parser.addOption({u"history-limit"_s, QCoreApplication::translate("Cli", "Largest size of the history database, in MiB."),
                      u"MiB"_s, u"64"_s});
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode);
    if (!context)
        return exitCode;
    bool portOk = false;
    const uint port = parser.value(u"port"_s).toUInt(&portOk);
    if (!portOk || port > 65535) {
        context->err() << QCoreApplication::translate("Cli", "--port must be a number from 0 to 65535.\n");
        return ExitUsage;
    }

    ProjectCore::Options coreOptions;
    coreOptions.historyLimits.maxBytes = qMax(1ll, parser.value(u"history-limit"_s).toLongLong()) * 1024 * 1024;
    context->setCoreOptions(coreOptions, true);
    ProjectCore *core = context->core();

    ProjectServeOptions options;
    options.port = quint16(port);
    options.token = parser.value(u"token"_s).toUtf8();
    options.heartbeatMs = qMax(1, int(parser.value(u"heartbeat"_s).toDouble() * 1000));
    QString error;
    if (!core->setServing(true, &error, options)) {
        context->err() << error << u'\n';
        return ExitUsage;
    }
    EventServer &server = *core->server();
    const QByteArray line = QJsonDocument(QJsonObject{
        {u"url"_s, server.url().toString()},
        {u"token"_s, QString::fromUtf8(server.token())},
    }).toJson(QJsonDocument::Compact);
    std::fprintf(stdout, "%s\n", line.constData());
    std::fflush(stdout);
    context->err() << QCoreApplication::translate("Cli", "Serving %1 at %2 (Ctrl-C stops).\n")
                          .arg(context->project().manifest().name, server.url().toString());
    context->err().flush();

    // A first scan (and doctor), so clients find the project's assets.
    core->startOperation(u"scan"_s, nullptr);

    QEventLoop loop;
    context->runLoop(loop, [&] {
        core->stop();
        loop.quit();
    }, false, QCoreApplication::translate("Cli", "Stopping..."));
    return ExitClean; // the context's core ends operations and writes the last of the history
}

} // namespace Prometeu::Cli
