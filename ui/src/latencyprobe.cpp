#include "ui/latencyprobe.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;

namespace Prometeu {

LatencyProbe::LatencyProbe(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
{
    bool traced = false;
    const int traceMs = qEnvironmentVariableIntValue("PROMETEU_PROBE_TRACE_MS", &traced);
    if (traced)
        m_traceUs = qint64(traceMs) * 1000;
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LatencyProbe::tick);
}

void LatencyProbe::start()
{
    m_clock.start();
    m_expectedUs = qint64(m_intervalMs) * 1000;
    m_timer.start(m_intervalMs);
}

void LatencyProbe::stop() { m_timer.stop(); }

void LatencyProbe::reset() { m_samplesUs.clear(); }

void LatencyProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed() / 1000;
    m_samplesUs.push_back(qMax<qint64>(0, now - m_expectedUs));
    if (m_traceUs >= 0 && m_samplesUs.back() > m_traceUs) {
        timespec monotonic{};
        clock_gettime(CLOCK_MONOTONIC, &monotonic);
        std::fprintf(stderr, "latency probe: %.2f ms late at %ld.%06ld (%.1f ms after start)\n",
                     double(m_samplesUs.back()) / 1000.0, long(monotonic.tv_sec), monotonic.tv_nsec / 1000,
                     double(now) / 1000.0);
    }
    // Re-arm from now: one long stall counts once, not as a backlog of ticks.
    m_expectedUs = now + qint64(m_intervalMs) * 1000;
    m_timer.start(m_intervalMs);
}

double LatencyProbe::percentileMs(double percentile) const
{
    if (m_samplesUs.empty())
        return 0;
    std::vector<qint64> sorted = m_samplesUs;
    const size_t rank = std::min(sorted.size() - 1, size_t(percentile / 100.0 * double(sorted.size())));
    std::nth_element(sorted.begin(), sorted.begin() + qsizetype(rank), sorted.end());
    return double(sorted[rank]) / 1000.0;
}

double LatencyProbe::maxMs() const
{
    return m_samplesUs.empty() ? 0 : double(*std::max_element(m_samplesUs.begin(), m_samplesUs.end())) / 1000.0;
}

QString LatencyProbe::report() const
{
    return u"p50 %1 ms, p99 %2 ms, max %3 ms (%4 ticks)"_s.arg(percentileMs(50), 0, 'f', 2)
        .arg(percentileMs(99), 0, 'f', 2)
        .arg(maxMs(), 0, 'f', 2)
        .arg(m_samplesUs.size());
}

} // namespace Prometeu
