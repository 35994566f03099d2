#pragma once

#include <QtGlobal>

namespace Prometeu {

// When the next frame is due, on a fixed schedule of `fps` frames a second
// from the first: start + n × period, in nanoseconds, so whole-millisecond
// timers average out to the exact rate (a 16 ms interval ran at 62.5 fps).
// A frame late by more than a period moves the schedule on instead of
// rushing frames to catch up.
class FramePacer
{
public:
    explicit FramePacer(int fps);

    qint64 periodNs() const { return m_periodNs; }
    // Called as a frame starts, at `nowNs` (any monotonic clock): the
    // milliseconds to wait from now before the next one.
    int msUntilNext(qint64 nowNs);

private:
    qint64 m_periodNs;
    qint64 m_nextNs = -1;
};

} // namespace Prometeu
