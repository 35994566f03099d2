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

MergedLog::~MergedLog()
{
    QMutexLocker locker(&m_mutex);
    for (LogFollower *follower : m_followers)
        follower->m_log = nullptr;
}

LogFollower::~LogFollower()
{
    // The log may be going away in another thread: its mutex guards m_log.
    if (!m_log)
        return;
    QMutexLocker locker(&m_log->m_mutex);
    std::erase(m_log->m_followers, this);
}

std::unique_ptr<LogFollower> MergedLog::follow() const
{
    std::unique_ptr<LogFollower> follower(new LogFollower(this));
    QMutexLocker locker(&m_mutex);
    m_followers.push_back(follower.get());
    return follower;
}

void MergedLog::ringFollowers()
{
    for (LogFollower *follower : m_followers) {
        if (follower->m_armed.exchange(false, std::memory_order_acq_rel))
            QMetaObject::invokeMethod(follower, &LogFollower::entriesAppended, Qt::QueuedConnection);
    }
}

quint64 MergedLog::append(LogEntry entry)
{
    QMutexLocker locker(&m_mutex);
    appendLocked(entry);
    ringFollowers();
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
    if (!entries.isEmpty())
        ringFollowers();
}

void MergedLog::appendLocked(LogEntry &entry)
{
    entry.sequence = ++m_sequence;
    if (entry.timestampMs == 0)
        entry.timestampMs = QDateTime::currentMSecsSinceEpoch();
    auto it = m_runs.find(entry.run);
    if (it == m_runs.end()) {
        it = m_runs.insert(entry.run, Run(m_runLimit));
        m_runOrder.append(entry.run);
    }
    Run &run = it.value();
    ++m_size;
    std::optional<LogEntry> leaving = run.window.push(std::move(entry));
    if (!leaving)
        return;

    // The tail is full: its oldest entry leaves, unless it is part of the story.
    if (run.keptMiddle.empty()) {
        LogEntry marker;
        marker.run = leaving->run;
        marker.source = LogSource::Studio;
        marker.severity = LogSeverity::Warning;
        marker.isDropMarker = true;
        marker.sequence = leaving->sequence; // where the gap begins
        marker.timestampMs = leaving->timestampMs;
        run.keptMiddle.push_back(marker);
        ++m_size;
    }
    if (isProtected(*leaving)) {
        run.keptMiddle.push_back(std::move(*leaving));
        return;
    }
    run.gap.add(leaving->sequence);
    ++m_totalDropped;
    --m_size;
    // Computed outside the call: lupdate 6.4 loops forever on a
    // template argument list inside translate()'s arguments.
    const int dropped = int(std::min(run.gap.count(), quint64(INT_MAX)));
    run.keptMiddle.front().message =
        QCoreApplication::translate("MergedLog", "%n log entries were dropped here to keep the log bounded; "
                                                  "state changes and errors were kept.",
                                    nullptr, dropped);
}

bool MergedLog::visitRun(const Run &run, quint64 after, qsizetype limit, qsizetype *visited,
                         const std::function<void(const LogEntry &)> &visitor)
{
    // head, marker + kept middle, tail: already in story order, and each
    // part sorted by sequence, so a view following the tail finds its new
    // entries by binary search instead of walking a million old ones.
    for (const auto *part : {&run.window.head(), &run.keptMiddle, &run.window.tail()}) {
        auto it = after == 0 ? part->begin()
                             : std::upper_bound(part->begin(), part->end(), after,
                                                [](quint64 value, const LogEntry &entry) {
                                                    return value < entry.sequence;
                                                });
        for (; it != part->end(); ++it) {
            if (after != 0 && it->isDropMarker)
                continue;
            if (limit >= 0 && *visited >= limit)
                return false;
            visitor(*it);
            ++*visited;
        }
    }
    return true;
}

QList<LogEntry> MergedLog::entries() const
{
    return entriesAfter(0);
}

QList<LogEntry> MergedLog::entries(quint32 runId) const
{
    QMutexLocker locker(&m_mutex);
    QList<LogEntry> out;
    qsizetype visited = 0;
    if (m_runs.contains(runId))
        visitRun(run(runId), 0, -1, &visited, [&out](const LogEntry &entry) { out.append(entry); });
    return out;
}

QList<LogEntry> MergedLog::entriesAfter(quint64 after) const
{
    QList<LogEntry> out;
    if (after == 0)
        out.reserve(size()); // markers are counted in size()
    visitAfter(after, -1, [&out](const LogEntry &entry) { out.append(entry); });
    return out;
}

qsizetype MergedLog::visitAfter(quint64 after, qsizetype limit,
                                const std::function<void(const LogEntry &)> &visitor) const
{
    QMutexLocker locker(&m_mutex);
    qsizetype visited = 0;
    for (quint32 runId : m_runOrder) {
        if (!visitRun(run(runId), after, limit, &visited, visitor))
            break;
    }
    return visited;
}

std::optional<LogEntry> MergedLog::find(quint64 sequence, bool dropMarker) const
{
    QMutexLocker locker(&m_mutex);
    for (quint32 runId : m_runOrder) {
        const Run &current = run(runId);
        for (const auto *part : {&current.window.head(), &current.keptMiddle, &current.window.tail()}) {
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
    const auto it = m_runs.constFind(run);
    return it == m_runs.cend() ? 0 : it->gap.count();
}

} // namespace Prometeu
