#include "session/mergedlog.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>

namespace Prometeu {

namespace {

bool isProtected(const LogEntry &entry)
{
    return entry.isStateChange || entry.severity == LogSeverity::Error || entry.isDropMarker;
}

} // namespace

MergedLog::MergedLog(qsizetype runLimit)
    : m_runLimit(qMax<qsizetype>(4, runLimit))
{
}

quint64 MergedLog::append(LogEntry entry)
{
    QMutexLocker locker(&m_mutex);
    appendLocked(entry);
    return entry.sequence;
}

void MergedLog::append(QList<LogEntry> entries)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QMutexLocker locker(&m_mutex);
    for (LogEntry &entry : entries) {
        if (entry.timestampMs == 0)
            entry.timestampMs = now;
        appendLocked(entry);
    }
}

void MergedLog::appendLocked(LogEntry &entry)
{
    entry.sequence = ++m_sequence;
    if (entry.timestampMs == 0)
        entry.timestampMs = QDateTime::currentMSecsSinceEpoch();
    auto it = m_runs.find(entry.run);
    if (it == m_runs.end()) {
        it = m_runs.insert(entry.run, Run{});
        m_runOrder.append(entry.run);
    }
    Run &run = it.value();
    const qsizetype headLimit = m_runLimit / 2;
    const qsizetype tailLimit = m_runLimit - headLimit;
    ++m_size;
    if (qsizetype(run.head.size()) < headLimit) {
        run.head.push_back(std::move(entry));
        return;
    }
    run.tail.push_back(std::move(entry));
    if (qsizetype(run.tail.size()) <= tailLimit)
        return;

    // The tail is full: its oldest entry leaves, unless it is part of the story.
    LogEntry leaving = std::move(run.tail.front());
    run.tail.pop_front();
    if (run.keptMiddle.empty()) {
        LogEntry marker;
        marker.run = leaving.run;
        marker.source = LogSource::Studio;
        marker.severity = LogSeverity::Warning;
        marker.isDropMarker = true;
        marker.sequence = leaving.sequence; // where the gap begins
        marker.timestampMs = leaving.timestampMs;
        run.keptMiddle.push_back(marker);
        ++m_size;
    }
    if (isProtected(leaving)) {
        run.keptMiddle.push_back(std::move(leaving));
    } else {
        ++run.dropped;
        ++m_totalDropped;
        --m_size;
        run.keptMiddle.front().message =
            QCoreApplication::translate("MergedLog", "%n log entries were dropped here to keep the log bounded; "
                                                      "state changes and errors were kept.",
                                        nullptr, int(qMin<quint64>(run.dropped, INT_MAX)));
    }
}

void MergedLog::collect(const Run &run, QList<LogEntry> *out, quint64 after) const
{
    // head, marker + kept middle, tail: already in story order, and each
    // part sorted by sequence, so a view following the tail finds its new
    // entries by binary search instead of walking a million old ones.
    for (const auto *part : {&run.head, &run.keptMiddle, &run.tail}) {
        auto it = after == 0 ? part->begin()
                             : std::upper_bound(part->begin(), part->end(), after,
                                                [](quint64 value, const LogEntry &entry) {
                                                    return value < entry.sequence;
                                                });
        for (; it != part->end(); ++it) {
            if (after == 0 || !it->isDropMarker)
                out->append(*it);
        }
    }
}

QList<LogEntry> MergedLog::entries() const
{
    QMutexLocker locker(&m_mutex);
    QList<LogEntry> out;
    out.reserve(m_size + m_runs.size());
    for (quint32 run : m_runOrder)
        collect(*m_runs.constFind(run), &out, 0);
    return out;
}

QList<LogEntry> MergedLog::entries(quint32 run) const
{
    QMutexLocker locker(&m_mutex);
    QList<LogEntry> out;
    const auto it = m_runs.constFind(run);
    if (it != m_runs.cend())
        collect(it.value(), &out, 0);
    return out;
}

QList<LogEntry> MergedLog::entriesAfter(quint64 after) const
{
    QMutexLocker locker(&m_mutex);
    QList<LogEntry> out;
    for (quint32 run : m_runOrder)
        collect(*m_runs.constFind(run), &out, after);
    return out;
}

qsizetype MergedLog::visitAfter(quint64 after, qsizetype limit,
                                const std::function<void(const LogEntry &)> &visitor) const
{
    QMutexLocker locker(&m_mutex);
    qsizetype visited = 0;
    for (quint32 runId : m_runOrder) {
        const Run &run = *m_runs.constFind(runId); // operator[] const would copy the run
        for (const auto *part : {&run.head, &run.keptMiddle, &run.tail}) {
            auto it = std::upper_bound(part->begin(), part->end(), after,
                                       [](quint64 value, const LogEntry &entry) { return value < entry.sequence; });
            if (after == 0)
                it = part->begin();
            for (; it != part->end(); ++it) {
                if (after != 0 && it->isDropMarker)
                    continue;
                if (limit >= 0 && visited >= limit)
                    return visited;
                visitor(*it);
                ++visited;
            }
        }
    }
    return visited;
}

std::optional<LogEntry> MergedLog::find(quint64 sequence, bool dropMarker) const
{
    QMutexLocker locker(&m_mutex);
    for (quint32 runId : m_runOrder) {
        const Run &run = *m_runs.constFind(runId); // operator[] const would copy the run
        for (const auto *part : {&run.head, &run.keptMiddle, &run.tail}) {
            if (part->empty() || part->front().sequence > sequence || part->back().sequence < sequence)
                continue;
            auto it = std::lower_bound(part->begin(), part->end(), sequence,
                                       [](const LogEntry &entry, quint64 value) { return entry.sequence < value; });
            for (; it != part->end() && it->sequence == sequence; ++it) {
                if (it->isDropMarker == dropMarker)
                    return *it;
            }
        }
    }
    return std::nullopt;
}

quint64 MergedLog::totalDropped() const
{
    QMutexLocker locker(&m_mutex);
    return m_totalDropped;
}

qsizetype MergedLog::size() const
{
    QMutexLocker locker(&m_mutex);
    return m_size;
}

quint64 MergedLog::lastSequence() const
{
    QMutexLocker locker(&m_mutex);
    return m_sequence;
}

quint64 MergedLog::droppedCount(quint32 run) const
{
    QMutexLocker locker(&m_mutex);
    return m_runs.value(run).dropped;
}

} // namespace Prometeu
