#pragma once

#include <QByteArray>
#include <QString>

namespace Prometeu {

struct PackerEvent;
struct LogEntry;
struct SessionStateChange;

// A frame's envelope as the stream sends it and the history keeps it: the
// canonical JSON (hub/canonicaljson.h) of every field, "hash" and "seq"
// included, and the hash itself: SHA-256 of the same text without those
// two members. Written straight from the frame's fields into one buffer
// (keys in their canonical order, known per kind of frame), hashed in place
// with OpenSSL's SHA-256: no QJsonObject, no QJsonDocument, no second copy.
// A runtime flood makes hundreds of thousands of these a second.
struct EncodedEnvelope {
    QByteArray json;
    QByteArray hash; // 64 lowercase hex digits
};

EncodedEnvelope encodeEnvelope(const PackerEvent &event, quint64 seq);
EncodedEnvelope encodeEnvelope(const LogEntry &entry, const QString &projectId, quint64 seq);
EncodedEnvelope encodeEnvelope(const SessionStateChange &change, const QString &projectId, quint64 seq);

// "2026-12-03T12:00:00.123Z", as QDateTime's Qt::ISODateWithMs writes it in
// UTC, without making a QDateTime (a tenth of a log line's cost).
void appendIsoTimestamp(QByteArray &out, qint64 msecsSinceEpoch);

} // namespace Prometeu
