#include "hub/envelopewriter.h"

#include "hub/canonicaljson.h"
#include "hub/hubframe.h"

#include <packer/packerevent.h>
#include <session/logentry.h>

#include <QDateTime>

#include <support/sha256.h>

#include <charconv>
#include <cstring>

using namespace Qt::StringLiterals;

namespace Prometeu {

void appendIsoTimestamp(QByteArray &out, qint64 ms)
{
    // Days from the civil calendar (H. Hinnant's algorithm), in UTC.
    const qint64 days = (ms >= 0 ? ms : ms - 86'399'999) / 86'400'000;
    const qint64 msOfDay = ms - days * 86'400'000;
    const qint64 z = days + 719'468;
    const qint64 era = (z >= 0 ? z : z - 146'096) / 146'097;
    const qint64 doe = z - era * 146'097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999) {
        // Qt writes these its own way (signs, more digits, and no year 0:
        // its Gregorian calendar goes from 1 BCE, year -1, to 1 CE): leave
        // them to Qt.
        out.append(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1());
        return;
    }
    char text[24];
    const auto put = [&](int at, qint64 value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, year, 4);
    text[4] = '-';
    put(5, month, 2);
    text[7] = '-';
    put(8, day, 2);
    text[10] = 'T';
    put(11, msOfDay / 3'600'000, 2);
    text[13] = ':';
    put(14, msOfDay / 60'000 % 60, 2);
    text[16] = ':';
    put(17, msOfDay / 1000 % 60, 2);
    text[19] = '.';
    put(20, msOfDay % 1000, 3);
    text[23] = 'Z';
    out.append(text, sizeof text);
}

namespace {

// One envelope being written: members in the order the caller gives
// (which must be canonical: keys sorted by UTF-16 code units), with slots
// for "hash" and "seq", which the hash leaves out. Neither is ever first,
// so each slot carries its leading comma and the text around the slots is
// exactly the canonical form without them.
class EnvelopeWriter
{
public:
    EnvelopeWriter(qsizetype estimate, QByteArrayView ssePrefix) : m_sse(!ssePrefix.isEmpty())
    {
        m_out.reserve(estimate + ssePrefix.size() + 128);
        m_out.append(ssePrefix.data(), ssePrefix.size());
        m_jsonStart = m_out.size();
        m_out.append('{');
    }

    void string(const char *name, QStringView value)
    {
        key(name);
        appendCanonicalString(m_out, value);
    }
    // A value known to need no escaping (wire names).
    void latin1(const char *name, QLatin1StringView value)
    {
        key(name);
        m_out.append('"').append(value.data(), value.size()).append('"');
    }
    void integer(const char *name, qint64 value)
    {
        key(name);
        appendInteger(value);
    }
    void boolean(const char *name, bool value)
    {
        key(name);
        m_out.append(value ? "true" : "false");
    }
    void timestamp(const char *name, qint64 ms)
    {
        key(name);
        m_out.append('"');
        appendIsoTimestamp(m_out, ms);
        m_out.append('"');
    }
    void strings(const char *name, const QStringList &values)
    {
        key(name);
        m_out.append('[');
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i > 0)
                m_out.append(',');
            appendCanonicalString(m_out, values[i]);
        }
        m_out.append(']');
    }
    void json(const char *name, const QJsonValue &value)
    {
        key(name);
        appendCanonicalJson(m_out, value);
    }
    // An object of its own, written by `members` with this writer's calls.
    template<typename Members>
    void object(const char *name, Members members)
    {
        key(name);
        m_out.append('{');
        m_first = true;
        members();
        m_out.append('}');
        m_first = false;
    }

    void hashSlot()
    {
        m_hashStart = m_out.size();
        static constexpr char slot[] = ",\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\"";
        m_out.append(slot, sizeof slot - 1);
        m_hashEnd = m_out.size();
    }
    void seqSlot(quint64 seq)
    {
        m_seqStart = m_out.size();
        m_out.append(",\"seq\":");
        appendInteger(qint64(seq));
        m_seqEnd = m_out.size();
    }

    EncodedEnvelope finish()
    {
        m_out.append('}');
        const qsizetype jsonEnd = m_out.size();
        if (m_sse)
            m_out.append("\n\n");
        const char *data = m_out.constData();
        Sha256 sha;
        sha.add(QByteArrayView(data + m_jsonStart, m_hashStart - m_jsonStart));
        sha.add(QByteArrayView(data + m_hashEnd, m_seqStart - m_hashEnd));
        sha.add(QByteArrayView(data + m_seqEnd, jsonEnd - m_seqEnd));
        EncodedEnvelope encoded;
        char *slot = m_out.data() + m_hashStart + 9; // after ,"hash":"
        Sha256::writeHex(sha.finish(), slot);
        std::memcpy(encoded.hashHex.data(), slot, encoded.hashHex.size());
        encoded.jsonOffset = m_jsonStart;
        encoded.jsonSize = jsonEnd - m_jsonStart;
        encoded.text = std::move(m_out);
        return encoded;
    }

private:
    void key(const char *name)
    {
        if (!std::exchange(m_first, false))
            m_out.append(',');
        m_out.append('"').append(name).append("\":");
    }
    void appendInteger(qint64 value)
    {
        char digits[24];
        const auto result = std::to_chars(digits, digits + sizeof digits, value);
        m_out.append(digits, result.ptr - digits);
    }

    QByteArray m_out;
    const bool m_sse;
    qsizetype m_jsonStart = 0;
    bool m_first = true;
    qsizetype m_hashStart = 0, m_hashEnd = 0, m_seqStart = 0, m_seqEnd = 0;
};

} // namespace

EncodedEnvelope encodeEnvelope(const PackerEvent &event, quint64 seq, QByteArrayView ssePrefix)
{
    EnvelopeWriter writer(256 + event.summary.size() * 3, ssePrefix);
    writer.strings("affected_assets", event.affectedAssets);
    writer.latin1("channel", "packer"_L1);
    writer.hashSlot();
    writer.string("kind", wireName(event.kind));
    writer.string("operation", wireName(event.operation));
    writer.string("operation_id", event.operationId);
    writer.json("payload", event.payload);
    if (event.progress) {
        writer.object("progress", [&] {
            writer.integer("done", event.progress->done);
            writer.integer("total", event.progress->total);
        });
    } else {
        writer.json("progress", QJsonValue::Null);
    }
    writer.string("project_id", event.projectId);
    writer.seqSlot(seq);
    writer.integer("sequence", qint64(event.sequence));
    writer.string("summary", event.summary);
    if (event.timestamp.isValid())
        writer.timestamp("timestamp", event.timestamp.toMSecsSinceEpoch());
    else
        writer.string("timestamp", QString());
    return writer.finish();
}

EncodedEnvelope encodeEnvelope(const LogEntry &entry, const QString &projectId, quint64 seq, QByteArrayView ssePrefix)
{
    EnvelopeWriter writer(224 + entry.message.size() * 3, ssePrefix);
    writer.latin1("channel", "log"_L1);
    if (entry.isDropMarker)
        writer.boolean("dropped_marker", true);
    writer.hashSlot();
    writer.latin1("kind", "log"_L1);
    if (entry.location) {
        writer.object("location", [&] {
            writer.string("asset", entry.location->asset);
            if (entry.location->line > 0)
                writer.integer("line", entry.location->line);
        });
    }
    writer.string("message", entry.message);
    writer.string("project_id", projectId);
    writer.integer("run", qint64(entry.run));
    writer.seqSlot(seq);
    writer.integer("sequence", qint64(entry.sequence));
    writer.string("severity", wireName(entry.severity));
    writer.string("source", wireName(entry.source));
    if (entry.isStateChange)
        writer.boolean("state_change", true);
    writer.timestamp("timestamp", entry.timestampMs);
    return writer.finish();
}

EncodedEnvelope encodeEnvelope(const SessionStateChange &change, const QString &projectId, quint64 seq,
                               QByteArrayView ssePrefix)
{
    EnvelopeWriter writer(256 + change.reason.size() * 3, ssePrefix);
    writer.latin1("channel", "session"_L1);
    writer.hashSlot();
    writer.latin1("kind", "state_changed"_L1);
    writer.string("previous", wireName(change.previous));
    writer.string("project_id", projectId);
    writer.string("reason", change.reason);
    writer.integer("run", qint64(change.run));
    writer.seqSlot(seq);
    writer.string("state", wireName(change.current));
    writer.timestamp("timestamp", change.timestampMs);
    return writer.finish();
}

} // namespace Prometeu
