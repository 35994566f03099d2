// The hub's envelope writer (hub/envelopewriter.h) on arbitrary text: what
// it writes straight from a frame's fields must be exactly the canonical
// form of the envelope QJsonObject would hold, with the same hash, for any
// message, reason, summary or payload (control characters, lone
// surrogates, anything). The first byte picks the frame type; the rest is
// read as UTF-16 text (so unpaired surrogates happen) or, for a packer
// event, also as a JSON payload.
#include "fuzzsupport.h"

#include <hub/canonicaljson.h>
#include <hub/envelopewriter.h>
#include <hub/hubframe.h>
#include <packer/packerevent.h>
#include <session/logentry.h>

#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace Prometeu;

namespace {

void expectCanonical(const EncodedEnvelope &encoded, QJsonObject expected, quint64 seq)
{
    const QByteArray hash = envelopeHash(expected);
    expected.insert(u"hash"_s, QString::fromLatin1(hash));
    expected.insert(u"seq"_s, qint64(seq));
    if (encoded.hash() != hash || encoded.json() != canonicalJson(expected))
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzSupport::ensureApplication();
    if (size < 9)
        return 0;
    const uint8_t selector = data[0];
    qint64 when = 0;
    std::memcpy(&when, data + 1, sizeof when);
    when %= 253'402'300'800'000; // within years 0..9999 either way of 1970, and beyond Qt's
    const QByteArray rest = FuzzSupport::bytes(data + 9, size - 9);
    const QString text(reinterpret_cast<const QChar *>(rest.constData()), rest.size() / 2);
    const quint64 seq = quint64(size) * 7919;
    switch (selector % 3) {
    case 0: {
        LogEntry entry;
        entry.sequence = seq;
        entry.timestampMs = when;
        entry.run = selector;
        entry.source = LogSource(selector % 5);
        entry.severity = LogSeverity((selector >> 3) % 4);
        entry.message = text;
        if (selector & 0x40)
            entry.setLocation(text.left(20), selector & 0x20 ? 0 : int(size));
        entry.isStateChange = selector & 0x80;
        entry.isDropMarker = selector & 0x10;
        QJsonObject expected = entry.toJson();
        expected.insert(u"project_id"_s, text.right(8));
        expected.insert(u"kind"_s, u"log"_s);
        expected.insert(u"channel"_s, u"log"_s);
        expectCanonical(encodeEnvelope(entry, text.right(8), seq), expected, seq);
        break;
    }
    case 1: {
        const SessionStateChange change{SessionState(selector % 7), SessionState((selector >> 3) % 7), text,
                                        quint32(selector), when};
        expectCanonical(encodeEnvelope(change, u"p"_s, seq),
                        QJsonObject{{u"project_id"_s, u"p"_s},
                                    {u"kind"_s, u"state_changed"_s},
                                    {u"previous"_s, wireName(change.previous)},
                                    {u"state"_s, wireName(change.current)},
                                    {u"reason"_s, text},
                                    {u"run"_s, qint64(change.run)},
                                    {u"timestamp"_s, QDateTime::fromMSecsSinceEpoch(when, Qt::UTC).toString(Qt::ISODateWithMs)},
                                    {u"channel"_s, u"session"_s}},
                        seq);
        break;
    }
    default: {
        PackerEvent event;
        event.projectId = u"p"_s;
        event.operationId = text.left(10);
        event.operation = OperationKind::Build;
        event.kind = EventKind::CacheMiss;
        event.sequence = seq;
        event.timestamp = QDateTime::fromMSecsSinceEpoch(when, Qt::UTC);
        event.summary = text;
        event.affectedAssets = {text.left(5), text.right(5)};
        event.payload = QJsonDocument::fromJson(rest).object();
        if (selector & 0x40)
            event.progress = EventProgress{qint64(selector), qint64(size)};
        QJsonObject expected = event.toJson();
        expected.insert(u"channel"_s, u"packer"_s);
        expectCanonical(encodeEnvelope(event, seq), expected, seq);
        break;
    }
    }
    return 0;
}
