#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

namespace Prometeu {

// Measures how late the event loop runs a timer: it asks for a tick every
// `interval` ms and records, per tick, how much later than asked it came.
// Lateness is what a user feels as a frozen window.
class LatencyProbe : public QObject
{
    Q_OBJECT
public:
    explicit LatencyProbe(int intervalMs = 5, QObject *parent = nullptr);

    void start();
    void stop();
    void reset();

    qsizetype sampleCount() const { return qsizetype(m_samplesUs.size()); }
    // Lateness in milliseconds; 0 with no samples.
    double percentileMs(double percentile) const;
    double maxMs() const;
    QString report() const; // "p50 0.1 ms, p99 3.2 ms, max 9.8 ms (12000 ticks)"

private:
    void tick();

    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_expectedUs = 0;
    std::vector<qint64> m_samplesUs;
    // PROMETEU_PROBE_TRACE_MS=N: each tick later than N ms is printed to
    // stderr with its time on CLOCK_MONOTONIC, which `perf record -k
    // CLOCK_MONOTONIC` shares: `perf report --time` then shows the stall.
    qint64 m_traceUs = -1;
};

} // namespace Prometeu
