#pragma once

#include <QtGlobal>

#include <deque>
#include <optional>
#include <utility>

namespace Prometeu {

// "Keep the head, mark the gap, keep the tail": the retention every bounded
// store of ours uses (the merged log per run, the event history per stream,
// the forwarder per second). The first headLimit items stay; after them
// the newest tailLimit stay; an item pushed out of the tail is handed back
// to the store, which decides what it becomes (dropped and counted in a
// RetentionGap, or kept because it matters).
template<typename T>
class HeadTailWindow
{
public:
    HeadTailWindow(qsizetype headLimit, qsizetype tailLimit)
        : m_headLimit(qMax<qsizetype>(0, headLimit)), m_tailLimit(qMax<qsizetype>(0, tailLimit)) {}

    // Appends `item`; returns the item that left the tail to make room.
    std::optional<T> push(T item)
    {
        if (qsizetype(m_head.size()) < m_headLimit) {
            m_head.push_back(std::move(item));
            return std::nullopt;
        }
        m_tail.push_back(std::move(item));
        if (qsizetype(m_tail.size()) <= m_tailLimit)
            return std::nullopt;
        T leaving = std::move(m_tail.front());
        m_tail.pop_front();
        return leaving;
    }

    const std::deque<T> &head() const { return m_head; }
    const std::deque<T> &tail() const { return m_tail; }
    qsizetype size() const { return qsizetype(m_head.size() + m_tail.size()); }
    void clear()
    {
        m_head.clear();
        m_tail.clear();
    }

private:
    qsizetype m_headLimit;
    qsizetype m_tailLimit;
    std::deque<T> m_head;
    std::deque<T> m_tail;
};

// What left a HeadTailWindow: how many items, and where the gap begins
// (the position, e.g. a sequence number, of the first one), so one marker
// can stand in for all of them.
class RetentionGap
{
public:
    void add(quint64 position)
    {
        if (m_count++ == 0)
            m_start = position;
    }
    bool isEmpty() const { return m_count == 0; }
    quint64 count() const { return m_count; }
    quint64 start() const { return m_start; }
    void clear() { m_count = m_start = 0; }

private:
    quint64 m_count = 0;
    quint64 m_start = 0;
};

} // namespace Prometeu
