#pragma once

#include <QByteArrayView>

#include <sndfile.h>

namespace Prometeu {

// Whether libsndfile noticed, while opening or reading, that the file holds
// less than its header says (it clamps the frame count and only says so in
// its log): the doctor's audio.truncated and the converter's warning.
bool sndfileReportsShortData(SNDFILE *file);

// The same, from the text of libsndfile's log (SFC_GET_LOG_INFO).
bool sndfileLogReportsShortData(QByteArrayView log);

} // namespace Prometeu
