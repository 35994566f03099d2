#pragma once

#include <QByteArray>

#include <sndfile.h>

namespace Prometeu {

// Whether libsndfile noticed, while opening or reading, that the file holds
// less than its header says (it clamps the frame count and only says so in
// its log): the doctor's audio.truncated and the converter's warning.
inline bool sndfileReportsShortData(SNDFILE *file)
{
    char log[4096] = {};
    sf_command(file, SFC_GET_LOG_INFO, log, sizeof(log));
    const QByteArray text(log);
    return text.contains("should be") || text.contains("truncated") || text.contains("Truncated");
}

} // namespace Prometeu
