#include "session/logentry.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Prometeu {

QString wireName(LogSource source)
{
    switch (source) {
    case LogSource::Build: return u"build"_s;
    case LogSource::PackValidation: return u"pack-validation"_s;
    case LogSource::Pack: return u"pack"_s;
    case LogSource::Runtime: return u"runtime"_s;
    case LogSource::Studio: return u"studio"_s;
    }
    return {};
}

QString wireName(LogSeverity severity)
{
    switch (severity) {
    case LogSeverity::Debug: return u"debug"_s;
    case LogSeverity::Info: return u"info"_s;
    case LogSeverity::Warning: return u"warning"_s;
    case LogSeverity::Error: return u"error"_s;
    }
    return {};
}

std::optional<LogSource> logSourceFromString(const QString &text)
{
    for (LogSource s : {LogSource::Build, LogSource::PackValidation, LogSource::Pack, LogSource::Runtime,
                        LogSource::Studio}) {
        if (wireName(s) == text)
            return s;
    }
    return std::nullopt;
}

std::optional<LogSeverity> logSeverityFromString(const QString &text)
{
    for (LogSeverity s : {LogSeverity::Debug, LogSeverity::Info, LogSeverity::Warning, LogSeverity::Error}) {
        if (wireName(s) == text)
            return s;
    }
    return std::nullopt;
}

void LogEntry::setLocation(const QString &asset, int line)
{
    if (asset.isEmpty())
        location.reset();
    else
        location = QExplicitlySharedDataPointer<LogLocation>(new LogLocation(asset, line));
}

QJsonObject LogEntry::toJson() const
{
    QJsonObject object{
        {u"sequence"_s, qint64(sequence)},
        {u"timestamp"_s, QDateTime::fromMSecsSinceEpoch(timestampMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {u"run"_s, qint64(run)},
        {u"source"_s, wireName(source)},
        {u"severity"_s, wireName(severity)},
        {u"message"_s, message},
    };
    if (location) {
        QJsonObject json{{u"asset"_s, location->asset}};
        if (location->line > 0)
            json.insert(u"line"_s, location->line);
        object.insert(u"location"_s, json);
    }
    if (isStateChange)
        object.insert(u"state_change"_s, true);
    if (isDropMarker)
        object.insert(u"dropped_marker"_s, true);
    return object;
}

} // namespace Prometeu
