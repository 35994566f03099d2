#include "sndfilelog.h"

#include <QByteArray>
#include <QList>

namespace Prometeu {

namespace {

// "data : 21175 (should be 9956)": a size in the header, then what the
// file holds. Only a header that promises more than is there is a cut;
// other remarks ("'data' chunk should be an even number of bytes", found in
// SuperTux's sounds) and sizes smaller than the file are not.
bool promisesMoreThanHeld(QByteArrayView line)
{
    const qsizetype open = line.indexOf("(should be ");
    const qsizetype colon = line.lastIndexOf(':', open);
    if (open < 0 || colon < 0)
        return false;
    bool saidOk = false;
    bool heldOk = false;
    const qint64 said = line.sliced(colon + 1, open - colon - 1).trimmed().toLongLong(&saidOk);
    QByteArrayView rest = line.sliced(open + qsizetype(sizeof("(should be ") - 1));
    const qsizetype close = rest.indexOf(')');
    if (close < 0)
        return false;
    const qint64 held = rest.first(close).trimmed().toLongLong(&heldOk);
    return saidOk && heldOk && held < said;
}

} // namespace

bool sndfileLogReportsShortData(QByteArrayView log)
{
    if (log.contains("truncated") || log.contains("Truncated"))
        return true;
    for (const QByteArrayView line : QByteArray(log.data(), log.size()).split('\n')) {
        if (promisesMoreThanHeld(line))
            return true;
    }
    return false;
}

bool sndfileReportsShortData(SNDFILE *file)
{
    char log[4096] = {};
    sf_command(file, SFC_GET_LOG_INFO, log, sizeof(log));
    return sndfileLogReportsShortData(QByteArrayView(log));
}

} // namespace Prometeu
