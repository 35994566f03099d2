#include "commands.h"

#include <hub/eventstreamconnection.h>
#include <hub/sseparser.h>

#include <session/logformatter.h>
#include <support/unixsignalnotifier.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUrlQuery>

#include <csignal>
#include <cstdio>
#include <map>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

namespace {

// Follows a `prometeu serve` (or the Studio's) event stream: progress bars
// for running operations on one status line, lifecycle and log lines above
// it. Reconnects with Last-Event-ID when the connection drops and skips
// anything it already printed.
class Tail : public QObject
{
public:
    Tail(std::unique_ptr<EventStreamConnection> stream, QUrl base, QByteArray token, QString operation, QStringList kinds,
         QStringList sources)
        : m_stream(std::move(stream))
        , m_base(std::move(base))
        , m_token(std::move(token))
        , m_operation(std::move(operation))
        , m_kinds(std::move(kinds))
        , m_sources(std::move(sources))
        , m_interactive(isatty(fileno(stderr)))
    {
        m_retry.setSingleShot(true);
        connect(&m_retry, &QTimer::timeout, this, &Tail::connectStream);
        connect(m_stream.get(), &EventStreamConnection::bytesArrived, this, &Tail::read);
        connect(m_stream.get(), &EventStreamConnection::ended, this, &Tail::dropped);
    }

    int run()
    {
        QEventLoop loop;
        m_loop = &loop;
        UnixSignalNotifier interrupts({SIGINT});
        connect(&interrupts, &UnixSignalNotifier::activated, this, [this] { finish(130); });
        connectStream();
        loop.exec();
        clearStatus();
        return m_exitCode;
    }

private:
    void connectStream()
    {
        QUrl url = m_base.resolved(QUrl(m_operation.isEmpty() ? u"events"_s : u"operations/"_s + m_operation));
        QUrlQuery query;
        if (!m_kinds.isEmpty())
            query.addQueryItem(u"kind"_s, m_kinds.join(u','));
        if (!m_sources.isEmpty())
            query.addQueryItem(u"source"_s, m_sources.join(u','));
        url.setQuery(query);
        EventStreamConnection::Headers headers{{"Accept", "text/event-stream"}, {"Authorization", "Bearer " + m_token}};
        if (m_lastSeq > 0)
            headers.append({"Last-Event-ID", QByteArray::number(m_lastSeq)});
        m_parser = SseParser();
        m_stream->open(url, headers);
    }

    void read(const QByteArray &bytes)
    {
        m_parser.feed(bytes);
        for (const SseParser::Message &message : m_parser.take()) {
            handle(message);
            if (m_done)
                return;
        }
        drawStatus();
    }

    void dropped(int status, const QByteArray &answer, const QString &error)
    {
        if (m_done)
            return;
        if (status == 401 || status == 403 || status == 404) {
            clearStatus();
            const QJsonObject body = QJsonDocument::fromJson(answer).object();
            std::fprintf(stderr, "%s\n", qPrintable(QCoreApplication::translate("Cli", "The server refused: %1 (%2).")
                                                        .arg(body.value(u"error"_s).toString(), QString::number(status))));
            finish(2);
            return;
        }
        clearStatus();
        std::fprintf(stderr, "%s\n", qPrintable(QCoreApplication::translate("Cli", "Connection lost (%1); reconnecting after event %2...")
                                                    .arg(error)
                                                    .arg(m_lastSeq)));
        m_backoffMs = qMin(5'000, m_backoffMs == 0 ? 250 : m_backoffMs * 2);
        m_retry.start(m_backoffMs);
    }

    void handle(const SseParser::Message &message)
    {
        const QJsonObject data = QJsonDocument::fromJson(message.data).object();
        if (message.event == "reset") {
            // Never a silent gap: how many the server could not send, so a
            // reader (or a script) knows exactly what is missing.
            clearStatus();
            std::fprintf(stderr, "%s\n", qPrintable(QCoreApplication::translate("Cli", "(fell behind: %1 events not shown; resynchronised at event %2)")
                                                        .arg(data.value(u"missed_frames"_s).toInteger())
                                                        .arg(data.value(u"seq"_s).toInteger())));
            m_lastSeq = quint64(data.value(u"seq"_s).toInteger());
            m_running.clear();
            return;
        }
        if (message.event == "end") {
            clearStatus();
            std::fprintf(stderr, "%s\n", qPrintable(data.value(u"reason"_s).toString()));
            finish(3);
            return;
        }
        const quint64 seq = message.id.toULongLong();
        if (seq != 0 && seq <= m_lastSeq)
            return; // already printed before a reconnect
        m_backoffMs = 0;
        if (seq != 0)
            m_lastSeq = seq;
        const QString kind = QString::fromUtf8(message.event);
        const QString id = data.value(u"operation_id"_s).toString();
        if (kind == u"progress_updated"_s) {
            const QJsonObject progress = data.value(u"progress"_s).toObject();
            m_running[id] = {data.value(u"operation"_s).toString(), progress.value(u"done"_s).toInteger(),
                             progress.value(u"total"_s).toInteger(), data.value(u"summary"_s).toString()};
            return;
        }
        QString line;
        if (kind == u"log"_s) {
            line = LogFormatter(LogFormatter::Style::Terminal).format(LogFormatter::fromJson(data));
        } else if (kind == u"state_changed"_s) {
            line = u"session: %1 -> %2 (%3)"_s.arg(data.value(u"previous"_s).toString(), data.value(u"state"_s).toString(),
                                                  data.value(u"reason"_s).toString());
        } else if (kind == u"operation_started"_s) {
            m_running[id] = {data.value(u"operation"_s).toString(), 0, 0, data.value(u"summary"_s).toString()};
            line = u"%1 %2: %3"_s.arg(data.value(u"operation"_s).toString(), id.left(8), data.value(u"summary"_s).toString());
        } else if (kind == u"operation_finished"_s) {
            m_running.erase(id);
            const QString outcome = data.value(u"payload"_s).toObject().value(u"outcome"_s).toString();
            line = u"%1 %2 %3: %4"_s.arg(data.value(u"operation"_s).toString(), id.left(8), outcome,
                                         data.value(u"summary"_s).toString());
            if (!m_operation.isEmpty() && id == m_operation) {
                clearStatus();
                std::fprintf(stdout, "%s\n", qPrintable(line));
                finish(outcome == u"succeeded"_s ? 0 : outcome == u"cancelled"_s ? 130 : 1);
                return;
            }
        } else if (kind == u"history_gap"_s) {
            line = data.value(u"summary"_s).toString();
        } else if (kind == u"diagnostics_updated"_s || kind == u"asset_discovered"_s || kind == u"cache_hit"_s
                   || kind == u"cache_miss"_s) {
            return; // per-asset detail: the status line summarises it
        } else {
            line = u"%1: %2"_s.arg(kind, data.value(u"summary"_s).toString());
        }
        clearStatus();
        std::fprintf(stdout, "%s\n", qPrintable(line));
        std::fflush(stdout);
    }

    void drawStatus()
    {
        if (!m_interactive || m_running.empty())
            return clearStatus();
        QString status;
        for (const auto &[id, running] : m_running) {
            constexpr int width = 20;
            const int filled = running.total > 0 ? int(running.done * width / running.total) : 0;
            status += u"%1 [%2%3] %4  "_s.arg(running.operation, QString(filled, u'#'), QString(width - filled, u'.'),
                                              running.summary);
        }
        std::fprintf(stderr, "\r\x1b[2K%s", qPrintable(status.left(200)));
        std::fflush(stderr);
        m_statusShown = true;
    }

    void clearStatus()
    {
        if (!m_statusShown)
            return;
        std::fprintf(stderr, "\r\x1b[2K");
        std::fflush(stderr);
        m_statusShown = false;
    }

    void finish(int code)
    {
        m_done = true;
        m_exitCode = code;
        m_stream->abort();
        m_loop->quit();
    }

    struct Running {
        QString operation;
        qint64 done = 0;
        qint64 total = 0;
        QString summary;
    };

    std::unique_ptr<EventStreamConnection> m_stream;
    QUrl m_base;
    QByteArray m_token;
    QString m_operation;
    QStringList m_kinds;
    QStringList m_sources;
    bool m_interactive;
    SseParser m_parser;
    QTimer m_retry;
    int m_backoffMs = 0;
    quint64 m_lastSeq = 0;
    std::map<QString, Running> m_running;
    bool m_statusShown = false;
    bool m_done = false;
    int m_exitCode = 0;
    QEventLoop *m_loop = nullptr;
};

} // namespace

int runTailCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Follow a served project's events: progress bars for running operations, lifecycle and log lines. "
               "Reconnects with Last-Event-ID when the connection drops, without printing anything twice.\n\n"
               "Exit codes: with --operation, 0 succeeded, 1 failed, 130 cancelled, 3 it vanished; "
               "2 usage error or refused; otherwise 130 on Ctrl-C."));
    parser.addHelpOption();
    parser.addOption({u"url"_s, QCoreApplication::translate("Cli", "The server's URL, as `prometeu serve` printed it."), u"url"_s});
    parser.addOption({u"token"_s, QCoreApplication::translate("Cli", "The server's token."), u"token"_s});
    parser.addOption({u"operation"_s, QCoreApplication::translate("Cli", "Follow one operation (its history, then live) and exit with its outcome."),
                      u"id"_s});
    parser.addOption({u"kind"_s, QCoreApplication::translate("Cli", "Only these event kinds (repeatable or comma-separated)."), u"kind"_s});
    parser.addOption({u"source"_s, QCoreApplication::translate("Cli", "Only these sources: packer, session, build, pack-validation, pack, runtime, studio."),
                      u"source"_s});
    parser.process(arguments);
    const QUrl url(parser.value(u"url"_s));
    if (!url.isValid() || url.scheme() != u"http"_s || parser.value(u"token"_s).isEmpty()) {
        std::fprintf(stderr, "%s\n\n%s", qPrintable(QCoreApplication::translate("Cli", "--url http://... and --token are required.")),
                     qPrintable(parser.helpText()));
        return 2;
    }
    QUrl base = url;
    if (!base.path().endsWith(u'/'))
        base.setPath(base.path() + u'/');
    QString why;
    std::unique_ptr<EventStreamConnection> stream = EventStreamConnection::create(&why);
    if (!stream) {
        std::fprintf(stderr, "%s\n", qPrintable(QCoreApplication::translate("Cli", "Cannot follow the stream: %1.").arg(why)));
        return 2;
    }
    Tail tail(std::move(stream), base, parser.value(u"token"_s).toUtf8(), parser.value(u"operation"_s), parser.values(u"kind"_s),
              parser.values(u"source"_s));
    return tail.run();
}

} // namespace Prometeu::Cli
