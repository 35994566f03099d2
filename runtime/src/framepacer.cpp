#include "runtime/framepacer.h"

#include <cmath>

namespace Prometeu {

FramePacer::FramePacer(int fps)
    : m_periodNs(qint64(std::llround(1e9 / qBound(1, fps, 1000))))
{
}

int FramePacer::msUntilNext(qint64 nowNs)
{
    if (m_nextNs < 0)
        m_nextNs = nowNs;
    m_nextNs += m_periodNs;
    if (m_nextNs <= nowNs) // late by a period or more: start again from now
        m_nextNs = nowNs + m_periodNs;
    // Rounded to the nearest millisecond: early and late roundings cancel
    // out over the schedule, which stays exact.
    return int((m_nextNs - nowNs + 500'000) / 1'000'000);
}

} // namespace Prometeu
