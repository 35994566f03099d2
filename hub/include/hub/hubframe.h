#pragma once

#include <packer/packerevent.h>
#include <session/logentry.h>
#include <session/sessionstate.h>
#include <support/oncegate.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>
#include <optional>
#include <variant>

namespace Prometeu {

// A session state change as published to the hub.
struct SessionStateChange {
    SessionState previous = SessionState::Idle;
    SessionState current = SessionState::Idle;
    QString reason;
    quint32 run = 0;
    qint64 timestampMs = 0;
};

// What a frame was made from, kept until its envelope is made.
using HubSource = std::variant<PackerEvent, LogEntry, SessionStateChange>;

// The part of a frame that costs to make: its envelope's JSON (with "seq"
// and "hash", hub/envelopewriter.h), and from it the Server-Sent Events
// message and, for the few who read fields, the envelope as an object.
// Each is made once, on first use, by whichever thread needs it first (a
// stream, the history, a snapshot), and shared by every copy of the frame.
// A frame nobody reads in full (a per-asset detail the history thins out,
// with no live client) never pays for it.
class HubFrameBody
{
public:
    // The envelope is made from `source` (log lines and state changes get
    // `projectId`); the seq is set once known (before the body is shared).
    HubFrameBody(QString kind, HubSource source, QString projectId);
    void setSeq(quint64 seq) { m_seq = seq; }
    // A frame read back: its JSON is known.
    HubFrameBody(quint64 seq, QString kind, QByteArray json);

    const QByteArray &json() const;
    QByteArray hash() const; // 64 lowercase hex digits
    const QByteArray &sse() const;
    const QJsonObject &envelope() const; // parsed from json(): for readers of single fields

private:
    // Writes the envelope once: as a whole SSE message when a stream asks
    // first (the JSON is then a slice of it), as JSON otherwise.
    void make(bool asSse) const;

    quint64 m_seq = 0;
    const QString m_kind;
    const QString m_projectId;
    mutable std::optional<HubSource> m_source; // until made
    mutable OnceGate m_once;
    mutable qsizetype m_jsonOffset = 0; // in m_sse, when made as SSE
    mutable qsizetype m_jsonSize = 0;
    mutable std::array<char, 64> m_hash{};
    mutable OnceGate m_jsonOnce;
    mutable QByteArray m_json;
    mutable OnceGate m_sseOnce;
    mutable QByteArray m_sse;
    mutable OnceGate m_envelopeOnce;
    mutable QJsonObject m_envelope;
};

// One message on the unified channel: a packer event, a session log entry
// or a session state change, stamped with the process-wide `seq`. A value:
// cheap to copy between threads. The fields the stores and filters need
// are typed; the envelope is made when somebody reads it.
struct HubFrame {
    quint64 seq = 0;
    QString channel;     // "packer", "log" or "session"
    QString kind;        // packer kind wire name, "log", "state_changed"
    QString source;      // "packer", "session", or the log line's source
    QString operationId; // packer frames only
    bool droppable = false; // progress, per-asset detail, ordinary log lines and warnings: may be thinned in history
    // Warnings: thinned in a window of their own, much wider than ordinary
    // lines' (EventHistory::Limits), so a game flooding stderr keeps its
    // history bounded and its thread idle without losing the warnings of
    // an ordinary run.
    bool thinnedApart = false;
    QString operation;   // packer frames: the operation's wire name
    QString summary;     // packer frames: the summary; state changes: the reason
    QString state;       // state changes: the new state; operation_finished: the outcome
    qint64 run = 0;      // log lines and state changes: the Play run
    qint64 timeMs = 0;   // when it happened (ms since the epoch): the history's times
    // cache_hit and cache_miss: their payload (a CacheOutcome), which the
    // history keeps per asset as provenance even when the frame is thinned.
    QJsonObject assetOutcome;
    std::shared_ptr<const HubFrameBody> body;

    QJsonObject envelope() const { return body ? body->envelope() : QJsonObject(); } // includes "seq" and "hash"
    QByteArray json() const { return body ? body->json() : QByteArray(); }          // compact envelope, as streamed
    QByteArray sse() const { return body ? body->sse() : QByteArray(); } // the whole SSE message (hub/sseformat.h)
    QByteArray hash() const { return body ? body->hash() : QByteArray(); }
};

} // namespace Prometeu

// Moved in memory as a block (implicitly shared strings and a shared
// pointer), so queues of frames grow without copying each one.
Q_DECLARE_TYPEINFO(Prometeu::HubFrame, Q_RELOCATABLE_TYPE);

namespace Prometeu {

// What a client subscribes to; empty fields match everything.
struct FrameFilter {
    QString operationId;
    QStringList kinds;
    QStringList sources;

    bool matches(const HubFrame &frame) const;
};

} // namespace Prometeu
