#pragma once

#include "session/logentry.h"

#include <QString>

namespace Prometeu {

// Turns merged-log entries into text, the same way wherever they are shown:
// the Studio's log view (copy, save, tooltips), `prometeu play` and
// `prometeu tail`. One class, like Qt Creator's OutputFormatter.
//
//   Document: "2026-12-02 07:01:02.345  [runtime] info: level.lua:3: text (x2)"
//   Terminal: "[runtime        ] info    level.lua:3: text", optionally with
//             ANSI colour (errors red, state changes bold)
class LogFormatter
{
public:
    enum class Style { Document, Terminal };

    explicit LogFormatter(Style style = Style::Document, bool colour = false) : m_style(style), m_colour(colour) {}

    // One line, without a newline. `repeat` > 1 appends " (xN)".
    QString format(const LogEntry &entry, int repeat = 1) const;

    // "asset:line", "asset", or empty: what a view turns into a link.
    static QString locationText(const LogEntry &entry);

    // An entry from its JSON envelope (LogEntry::toJson, the hub's "log"
    // frames); missing fields keep their defaults.
    static LogEntry fromJson(const QJsonObject &object);

private:
    Style m_style;
    bool m_colour;
};

} // namespace Prometeu
