#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace Prometeu {

// Where a merged-log line came from. Source identity is never collapsed:
// a view can always tell a build line from a runtime line.
enum class LogSource : quint8 { Build, PackValidation, Pack, Runtime, Studio };
enum class LogSeverity : quint8 { Debug, Info, Warning, Error };

QString wireName(LogSource source);
QString wireName(LogSeverity severity);
std::optional<LogSource> logSourceFromString(const QString &text);
std::optional<LogSeverity> logSeverityFromString(const QString &text);

// One line of the merged log. Kept compact (the log may hold millions):
// the timestamp is milliseconds since the epoch, enums are one byte each.
struct LogEntry {
    quint64 sequence = 0;  // monotonic across the whole session
    qint64 timestampMs = 0;
    quint32 run = 0;       // which Play it belongs to (0: before any)
    LogSource source = LogSource::Studio;
    LogSeverity severity = LogSeverity::Info;
    bool isStateChange = false; // state changes are never dropped
    bool isDropMarker = false;  // "N entries dropped" placeholder
    int line = 0;               // with `asset`, a location to jump to
    QString message;
    QString asset;

    QJsonObject toJson() const;
};

} // namespace Prometeu
