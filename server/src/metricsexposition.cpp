#include "server/metricsexposition.h"

#include <QList>

#include <algorithm>

namespace Prometeu {

namespace {

class Exposition
{
public:
    // A family: its help and type once, then its samples.
    void family(const char *name, const char *type, const char *help)
    {
        m_name = name;
        m_text += "# HELP prometeu_" + m_name + ' ' + help + "\n# TYPE prometeu_" + m_name + ' ' + type + '\n';
    }
    void sample(quint64 value, const QByteArray &labels = {})
    {
        m_text += "prometeu_" + m_name + (labels.isEmpty() ? QByteArray() : '{' + labels + '}') + ' '
            + QByteArray::number(value) + '\n';
    }
    static QByteArray label(const char *name, const QString &value)
    {
        QByteArray escaped = value.toUtf8();
        escaped.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
        return QByteArray(name) + "=\"" + escaped + '"';
    }
    QByteArray text() const { return m_text; }

private:
    QByteArray m_name;
    QByteArray m_text;
};

} // namespace

QByteArray prometheusText(const ServedMetrics &metrics)
{
    Exposition out;
    const EventHub::Metrics &hub = metrics.hub;

    out.family("hub_frames_total", "counter", "Frames stamped on the event hub since it started, by kind.");
    QList<QString> kinds = hub.framesByKind.keys();
    std::sort(kinds.begin(), kinds.end());
    for (const QString &kind : std::as_const(kinds))
        out.sample(hub.framesByKind.value(kind), Exposition::label("kind", kind));
    out.family("hub_last_seq", "gauge", "The seq of the newest frame.");
    out.sample(hub.lastSeq);
    out.family("hub_subscribers", "gauge", "Subscribers to the hub (streams and the history recorder).");
    out.sample(quint64(hub.subscribers));

    out.family("stream_clients", "gauge", "SSE and WebSocket clients connected now.");
    out.sample(quint64(metrics.stream.clients));
    out.family("stream_frames_sent_total", "counter", "Frames sent to stream clients.");
    out.sample(metrics.stream.framesSent);
    out.family("stream_resets_total", "counter", "Resets sent to clients that fell behind.");
    out.sample(metrics.stream.resets);
    out.family("stream_frames_missed_total", "counter", "Frames that reset clients did not receive (each reset says how many).");
    out.sample(metrics.stream.framesMissed);
    out.family("stream_slow_disconnects_total", "counter", "Clients disconnected for not reading.");
    out.sample(metrics.stream.slowDisconnects);
    out.family("stream_refused_total", "counter", "Requests refused (token, origin, host or limits).");
    out.sample(metrics.stream.refused);

    if (metrics.historyBytes >= 0) {
        out.family("history_bytes", "gauge", "Bytes the history database uses.");
        out.sample(quint64(metrics.historyBytes));
        out.family("history_lost_frames_total", "counter",
                   "Frames the history could not write (a full or failing disk), counted in the database.");
        out.sample(quint64(qMax<qint64>(0, metrics.historyLostFrames)));
    }

    out.family("cache_hits_total", "counter", "Assets a build took from a cache, by where from.");
    out.sample(hub.cacheHitsLocal, Exposition::label("source", QStringLiteral("local")));
    out.sample(hub.cacheHitsRemote, Exposition::label("source", QStringLiteral("remote")));
    out.family("cache_misses_total", "counter", "Assets a build converted, by result.");
    out.sample(hub.cacheMissesConverted, Exposition::label("result", QStringLiteral("converted")));
    out.sample(hub.cacheMissesFailed, Exposition::label("result", QStringLiteral("failed")));
    out.family("cache_stored_bytes_total", "counter", "Stored (cartridge) bytes of built assets, by how they were made.");
    out.sample(hub.bytesFromCache, Exposition::label("outcome", QStringLiteral("hit")));
    out.sample(hub.bytesConverted, Exposition::label("outcome", QStringLiteral("converted")));
    out.family("remote_cache_bytes_total", "counter", "Bytes moved to and from the team cache, by direction.");
    out.sample(hub.remoteBytesDown, Exposition::label("direction", QStringLiteral("down")));
    out.sample(hub.remoteBytesUp, Exposition::label("direction", QStringLiteral("up")));
    out.family("remote_cache_errors_total", "counter", "Team cache requests that failed (the builds went on).");
    out.sample(hub.remoteErrors);

    out.family("session_state", "gauge", "The execution session's state: 1 for the current one.");
    using S = SessionState;
    for (const S state : {S::Idle, S::Preparing, S::PrepareFailed, S::Connecting, S::Running, S::RuntimeFailed, S::Stopped})
        out.sample(hub.sessionState == wireName(state) ? 1 : 0, Exposition::label("state", wireName(state)));
    out.family("session_run", "gauge", "The number of the current (or last) Play run.");
    out.sample(hub.run);
    return out.text();
}

} // namespace Prometeu
