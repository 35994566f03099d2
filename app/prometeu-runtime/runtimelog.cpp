#include "runtimelog.h"

#include <cstdio>

void RuntimeLog::write(const char *level, const QString &text)
{
    // Lines, flushed at once: the Studio reads a pipe and shows them live.
    std::fprintf(stdout, "%s %s\n", level, qPrintable(QString(text).replace(u'\n', u' ')));
    std::fflush(stdout);
}
