#pragma once

#include <QByteArray>
#include <QString>

#include <array>

namespace Prometeu {

struct PackerEvent;
struct LogEntry;
struct SessionStateChange;

// A frame's envelope as the stream sends it and the history keeps it: the
// canonical JSON (hub/canonicaljson.h) of every field, "hash" and "seq"
// included, and the hash itself: SHA-256 of the same text without those
// two members. Written straight from the frame's fields into one buffer
// (keys in their canonical order, known per kind of frame), hashed in place
// with Nettle's SHA-256: no QJsonObject, no QJsonDocument, no second copy.
// A runtime flood makes hundreds of thousands of these a second.
struct EncodedEnvelope {
    // The JSON, or (when asked for with an SSE prefix) the whole SSE
    // message: prefix, JSON, blank line, in one buffer.
    QByteArray text;
    qsizetype jsonOffset = 0;
    qsizetype jsonSize = 0;
    std::array<char, 64> hashHex{}; // lowercase hex

    QByteArray json() const { return text.mid(jsonOffset, jsonSize); }
    QByteArray hash() const { return QByteArray(hashHex.data(), qsizetype(hashHex.size())); }
};

// `ssePrefix` empty: text is the JSON. Otherwise text is that prefix
// ("id: ...\nevent: ...\ndata: "), the JSON (one line: canonical JSON
// escapes every line break) and "\n\n": the stream's message, made once.
EncodedEnvelope encodeEnvelope(const PackerEvent &event, quint64 seq, QByteArrayView ssePrefix = {});
EncodedEnvelope encodeEnvelope(const LogEntry &entry, const QString &projectId, quint64 seq,
                               QByteArrayView ssePrefix = {});
EncodedEnvelope encodeEnvelope(const SessionStateChange &change, const QString &projectId, quint64 seq,
                               QByteArrayView ssePrefix = {});

// "2026-12-03T12:00:00.123Z", as QDateTime's Qt::ISODateWithMs writes it in
// UTC, without making a QDateTime (a tenth of a log line's cost).
void appendIsoTimestamp(QByteArray &out, qint64 msecsSinceEpoch);

} // namespace Prometeu
