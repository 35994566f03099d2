#include "session/logformatter.h"

#include <QDateTime>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Prometeu {

QString LogFormatter::locationText(const LogEntry &entry)
{
    if (!entry.location)
        return {};
    return entry.line() > 0 ? u"%1:%2"_s.arg(entry.asset()).arg(entry.line()) : entry.asset();
}

QString LogFormatter::format(const LogEntry &entry, int repeat) const
{
    QString text;
    if (m_style == Style::Document) {
        text = QDateTime::fromMSecsSinceEpoch(entry.timestampMs).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        text += u"  ["_s + wireName(entry.source) + u"] "_s + wireName(entry.severity) + u": "_s;
    } else {
        text = u"[%1] %2 "_s.arg(wireName(entry.source).leftJustified(15), wireName(entry.severity).leftJustified(7));
    }
    if (entry.location)
        text += locationText(entry) + u": "_s;
    text += entry.message;
    if (repeat > 1)
        text += u" (x%1)"_s.arg(repeat);
    if (m_colour && entry.severity == LogSeverity::Error)
        return u"\x1b[31m"_s + text + u"\x1b[0m"_s;
    if (m_colour && entry.isStateChange)
        return u"\x1b[1m"_s + text + u"\x1b[0m"_s;
    return text;
}

LogEntry LogFormatter::fromJson(const QJsonObject &object)
{
    LogEntry entry;
    entry.sequence = quint64(object.value(u"sequence"_s).toInteger());
    entry.timestampMs = QDateTime::fromString(object.value(u"timestamp"_s).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
    entry.run = quint32(object.value(u"run"_s).toInteger());
    entry.source = logSourceFromString(object.value(u"source"_s).toString()).value_or(LogSource::Studio);
    entry.severity = logSeverityFromString(object.value(u"severity"_s).toString()).value_or(LogSeverity::Info);
    entry.message = object.value(u"message"_s).toString();
    entry.isStateChange = object.value(u"state_change"_s).toBool();
    entry.isDropMarker = object.value(u"dropped_marker"_s).toBool();
    const QJsonObject location = object.value(u"location"_s).toObject();
    if (!location.isEmpty())
        entry.setLocation(location.value(u"asset"_s).toString(), location.value(u"line"_s).toInt());
    return entry;
}

} // namespace Prometeu
