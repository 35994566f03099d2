#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace Prometeu {

// One message on the unified channel: a packer event, a session log entry
// or a session state change, stamped with the process-wide `seq`. A value:
// cheap to copy between threads (implicitly shared members).
struct HubFrame {
    quint64 seq = 0;
    QString channel;     // "packer", "log" or "session"
    QString kind;        // packer kind wire name, "log", "state_changed"
    QString source;      // "packer", "session", or the log line's source
    QString operationId; // packer frames only
    bool droppable = false; // progress and ordinary log lines: may be thinned in history
    QJsonObject envelope;   // includes "seq" and "hash"
    QByteArray json;        // compact envelope, as streamed
    QByteArray sse;         // the whole Server-Sent Events message (hub/sseformat.h), encoded once for every client

    QByteArray hash() const { return envelope.value(QLatin1StringView("hash")).toString().toLatin1(); }
};

// What a client subscribes to; empty fields match everything.
struct FrameFilter {
    QString operationId;
    QStringList kinds;
    QStringList sources;

    bool matches(const HubFrame &frame) const;
};

} // namespace Prometeu
