#pragma once

#include <QString>

namespace Prometeu {

// Structured output the Studio maps to severities: one line per message,
// "<LEVEL> <text>", LEVEL one of DEBUG INFO WARN ERROR (docs/runtime-protocol.md).
// Lines are flushed at once: the Studio reads a pipe and shows them live.
class RuntimeLog
{
public:
    enum class Level { Debug, Info, Warning, Error };

    void debug(const QString &text) { write(Level::Debug, text); }
    void info(const QString &text) { write(Level::Info, text); }
    void warning(const QString &text) { write(Level::Warning, text); }
    void error(const QString &text) { write(Level::Error, text); }
    void write(Level level, const QString &text);

    // Lines written at each level so far (tests, the exit summary).
    int errors() const { return m_errors; }

private:
    int m_errors = 0;
};

} // namespace Prometeu
