#pragma once

#include <QString>

// Structured output the Studio maps to severities: one line per message,
// "<LEVEL> <text>", LEVEL one of DEBUG INFO WARN ERROR (docs/runtime-protocol.md).
class RuntimeLog
{
public:
    void debug(const QString &text) { write("DEBUG", text); }
    void info(const QString &text) { write("INFO", text); }
    void error(const QString &text) { write("ERROR", text); }

private:
    static void write(const char *level, const QString &text);
};
