#include "clicontext.h"
#include "commands.h"

#include <hub/eventhub.h>
#include <hub/historyrecorder.h>
#include <hub/sessionforwarder.h>
#include <packer/fanoutsink.h>
#include <packer/packer.h>
#include <server/serveractions.h>
#include <server/streamserverthread.h>
#include <session/executionsession.h>
#include <session/playcontroller.h>

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

namespace {

// What `prometeu serve` lets its clients do: packer operations on the
// served project and Play/Stop of its one execution session.
class ServedProject : public ServerActions
{
public:
    ServedProject(const Project &project, PackerEventSink *sink, QThreadPool *pool, ExecutionSession *session)
        : m_packer(project, sink, pool)
        , m_play(project, session, pool, QCoreApplication::applicationDirPath() + u"/prometeu-runtime"_s)
    {
        m_play.setPackerEventSink(sink);
    }

    QString startOperation(const QString &operation, QString *error) override
    {
        if (operation == u"scan"_s) {
            keepScan(m_packer.scan());
            return m_packer.lastOperationId();
        }
        if (operation == u"build"_s) {
            m_packer.build();
            return m_packer.lastOperationId();
        }
        if (operation == u"doctor"_s) {
            if (!m_lastScan) {
                if (error)
                    *error = u"No scan has finished yet; start a scan first."_s;
                return {};
            }
            m_packer.doctor(*m_lastScan);
            return m_packer.lastOperationId();
        }
        if (error)
            *error = u"Unknown operation %1."_s.arg(operation);
        return {};
    }

    bool play(QString *refusal) override { return m_play.play(refusal); }

    bool stop(QString *refusal) override
    {
        Q_UNUSED(refusal);
        m_play.stop();
        return true;
    }

    void keepScan(QFuture<ScanReport> scan)
    {
        auto *watcher = new QFutureWatcher<ScanReport>;
        QObject::connect(watcher, &QFutureWatcherBase::finished, [this, watcher] {
            if (watcher->future().resultCount() > 0)
                m_lastScan = watcher->future().result();
            watcher->deleteLater();
        });
        watcher->setFuture(scan);
    }

private:
    Packer m_packer;
    PlayController m_play;
    std::optional<ScanReport> m_lastScan;
};

} // namespace

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

    // History first: the hub's seq continues after what it holds.
    HistoryRecorder recorder;
    EventHistory::Limits limits;
    limits.maxBytes = qMax(1ll, parser.value(u"history-limit"_s).toLongLong()) * 1024 * 1024;
    quint64 storedSeq = 0;
    QString error;
    const QString historyPath = EventHistory::defaultPath(context->project().rootPath());
    const bool haveHistory = recorder.open(historyPath, limits, &storedSeq, &error);
    if (!haveHistory)
        context->err() << QCoreApplication::translate("Cli", "Serving without history: %1\n").arg(error);
    else if (recorder.interruptedOnOpen() > 0)
        context->err() << QCoreApplication::translate("Cli", "%n operation(s) of an earlier run never finished; marked interrupted.\n",
                                                      nullptr, recorder.interruptedOnOpen());

    EventHub hub(context->project().manifest().id, storedSeq + 1);
    if (haveHistory)
        recorder.attach(&hub);
    QObject::connect(&recorder, &HistoryRecorder::recordFailed, &recorder, [&](const QString &reason) {
        context->err() << QCoreApplication::translate("Cli", "The history cannot be written (%1); events are kept and retried.\n")
                              .arg(reason);
        context->err().flush();
    });
    QObject::connect(&recorder, &HistoryRecorder::recordResumed, &recorder, [&](quint64 lost) {
        context->err() << QCoreApplication::translate("Cli", "The history is written again; %n event(s) could not be kept.\n",
                                                      nullptr, int(lost));
        context->err().flush();
    });
    FanOutSink sinks;
    sinks.addSink(&hub);
    sinks.addSink(context->sink());
    ExecutionSession session;
    SessionForwarder forwarder(&session, &hub);
    ServedProject served(context->project(), &sinks, context->pool(), &session);

    StreamServer::Options options;
    options.port = quint16(port);
    options.token = parser.value(u"token"_s).toUtf8();
    options.heartbeatMs = qMax(1, int(parser.value(u"heartbeat"_s).toDouble() * 1000));
    StreamServerThread server(&hub, &served, options);
    if (!server.start(haveHistory ? historyPath : QString(), &error)) {
        context->err() << error << u'\n';
        return ExitUsage;
    }
    const QByteArray line = QJsonDocument(QJsonObject{
        {u"url"_s, server.url().toString()},
        {u"token"_s, QString::fromUtf8(server.token())},
    }).toJson(QJsonDocument::Compact);
    std::fprintf(stdout, "%s\n", line.constData());
    std::fflush(stdout);
    context->err() << QCoreApplication::translate("Cli", "Serving %1 at %2 (Ctrl-C stops).\n")
                          .arg(context->project().manifest().name, server.url().toString());
    context->err().flush();

    // A first scan, so clients find the project's assets and doctor has
    // something to check.
    served.startOperation(u"scan"_s, nullptr);

    QEventLoop loop;
    context->runLoop(loop, [&] {
        served.stop(nullptr);
        loop.quit();
    }, false, QCoreApplication::translate("Cli", "Stopping..."));
    context->pool()->waitForDone();
    forwarder.flush();
    if (haveHistory)
        recorder.flush();
    return ExitClean;
}

} // namespace Prometeu::Cli
