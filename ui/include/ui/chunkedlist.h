#pragma once

#include <support/largepages.h>

#include <QtGlobal>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

namespace Prometeu {

// A list that grows by fixed chunks of 2^ChunkBits items: appending never
// moves or copies what it already holds. A log view's row index reaches
// millions of rows; grown as one array, each doubling copied the whole
// index into fresh memory (16 MB at a million rows) in one GUI-thread
// event, and on a virtual machine, where every first touch of a page is a
// costly fault, that event took 20-40 ms. Here each chunk's pages are
// touched as rows are appended, a few at a time; the first chunk in 4 KiB
// pages (a short log costs only what it touches), the next ones, for a
// log that keeps growing, on huge pages (one fault per 2 MiB).
//
// For plain values only (trivially copyable and destructible).
template<typename T, int ChunkBits = 15>
class ChunkedList
{
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
    static constexpr qsizetype chunkSize = qsizetype(1) << ChunkBits;
    static constexpr qsizetype mask = chunkSize - 1;
    static constexpr std::size_t chunkBytes = std::size_t(chunkSize) * sizeof(T);
    static constexpr std::size_t hugePage = std::size_t(2) << 20;
    struct Free {
        void operator()(std::byte *chunk) const { std::free(chunk); }
    };

public:
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    const T &operator[](qsizetype i) const { return item(i); }
    T &operator[](qsizetype i) { return item(i); }
    T &last() { return item(m_size - 1); }

    void append(const T &value)
    {
        if ((m_size >> ChunkBits) == qsizetype(m_chunks.size()))
            addChunk();
        std::construct_at(slot(m_size), value);
        ++m_size;
    }

    // Gives back every chunk.
    void clear()
    {
        m_chunks.clear();
        m_chunks.shrink_to_fit();
        m_size = 0;
    }

private:
    // Not zeroed: its pages are first touched by the appends.
    void addChunk()
    {
        const bool large = !m_chunks.empty() && chunkBytes % hugePage == 0;
        void *chunk = large ? std::aligned_alloc(hugePage, chunkBytes) : std::malloc(chunkBytes);
        if (!chunk)
            throw std::bad_alloc();
        if (large)
            adviseLargePages(chunk, chunkBytes);
        m_chunks.emplace_back(static_cast<std::byte *>(chunk));
    }

    T *slot(qsizetype i) const
    {
        return reinterpret_cast<T *>(m_chunks[std::size_t(i >> ChunkBits)].get()) + (i & mask);
    }
    T &item(qsizetype i) const
    {
        Q_ASSERT(i >= 0 && i < m_size);
        return *std::launder(slot(i));
    }

    std::vector<std::unique_ptr<std::byte, Free>> m_chunks;
    qsizetype m_size = 0;
};

} // namespace Prometeu
