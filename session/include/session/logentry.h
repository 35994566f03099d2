#pragma once

#include <packer/diagnostic.h>

#include <QJsonObject>
#include <QString>
#include <QExplicitlySharedDataPointer>
#include <QSharedData>
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

// Where a log line points: an asset and, optionally, a line in it.
struct LogLocation : QSharedData {
    LogLocation(QString asset, int line) : asset(std::move(asset)), line(line) {}
    QString asset;
    int line = 0;
};

// One line of the merged log. Kept compact because the log may hold
// millions: the timestamp is milliseconds since the epoch, enums take one
// byte each, and the rarely used location sits behind a pointer that is
// null for most lines.
struct LogEntry {
    quint64 sequence = 0;  // monotonic across the whole session
    qint64 timestampMs = 0;
    quint32 run = 0;       // which Play it belongs to (0: before any)
    LogSource source = LogSource::Studio;
    LogSeverity severity = LogSeverity::Info;
    bool isStateChange = false; // state changes are never dropped
    bool isDropMarker = false;  // "N entries dropped" placeholder
    QString message;
    QExplicitlySharedDataPointer<LogLocation> location; // 8 bytes; never modified once set

    QString asset() const { return location ? location->asset : QString(); }
    int line() const { return location ? location->line : 0; }
    void setLocation(const QString &asset, int line = 0);

    QJsonObject toJson() const;

    // A packer diagnostic as a build line says it: its severity, its
    // words and code, its asset and line.
    static LogEntry fromDiagnostic(const Diagnostic &diagnostic, LogSource source = LogSource::Build);
};

} // namespace Prometeu
