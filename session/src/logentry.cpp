#include "session/logentry.h"

#include <packer/wirenames.h>

#include <array>
#include <utility>

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

constexpr std::array sourceNames{
    std::pair{LogSource::Build, u"build"},
    std::pair{LogSource::PackValidation, u"pack-validation"},
    std::pair{LogSource::Pack, u"pack"},
    std::pair{LogSource::Runtime, u"runtime"},
    std::pair{LogSource::Studio, u"studio"},
};

constexpr std::array severityNames{
    std::pair{LogSeverity::Debug, u"debug"},
    std::pair{LogSeverity::Info, u"info"},
    std::pair{LogSeverity::Warning, u"warning"},
    std::pair{LogSeverity::Error, u"error"},
};

} // namespace

QString wireName(LogSource source) { return wireNameIn(sourceNames, source); }
QString wireName(LogSeverity severity) { return wireNameIn(severityNames, severity); }

std::optional<LogSource> logSourceFromString(const QString &text)
{
    return wireValueIn<LogSource>(sourceNames, text);
}

std::optional<LogSeverity> logSeverityFromString(const QString &text)
{
    return wireValueIn<LogSeverity>(severityNames, text);
}

void LogEntry::setLocation(const QString &asset, int line)
{
    if (asset.isEmpty())
        location.reset();
    else
        location = QExplicitlySharedDataPointer<LogLocation>(new LogLocation(asset, line));
}

LogEntry LogEntry::fromDiagnostic(const Diagnostic &diagnostic, LogSource source)
{
    LogEntry entry;
    entry.source = source;
    entry.severity = diagnostic.severity == Severity::Error ? LogSeverity::Error
        : diagnostic.severity == Severity::Warning          ? LogSeverity::Warning
                                                            : LogSeverity::Info;
    entry.message = diagnostic.message + u" ["_s + diagnostic.code + u']';
    entry.setLocation(diagnostic.asset, diagnostic.line);
    return entry;
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
