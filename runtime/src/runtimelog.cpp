#include "runtime/runtimelog.h"

#include <cstdio>

namespace Prometeu {

void RuntimeLog::write(Level level, const QString &text)
{
    static constexpr const char *names[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    if (level == Level::Error)
        ++m_errors;
    // One message, one line: a script's multi-line traceback stays one entry.
    QString line = text;
    line.replace(u'\n', u' ');
    std::fprintf(stdout, "%s %s\n", names[int(level)], line.toUtf8().constData());
    std::fflush(stdout);
}

} // namespace Prometeu
