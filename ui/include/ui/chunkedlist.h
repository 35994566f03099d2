#pragma once

#include <support/largepages.h>

#include <QtGlobal>

#include <cstddef>
#include <cstdlib>
#include <future>
#include <memory>
#include <system_error>
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
// log that keeps growing, on huge pages (one fault per 2 MiB). Zeroing a
// huge page at its first touch took the appending thread 1-2 ms a page
// here, so when a chunk is half full the next one is allocated and
// touched on a thread of its own; the appends find its pages ready.
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

    ChunkedList() = default;
    ChunkedList(const ChunkedList &) = delete;
    ChunkedList &operator=(const ChunkedList &) = delete;
    ~ChunkedList() { dropSpare(); }

    void append(const T &value)
    {
        if ((m_size >> ChunkBits) == qsizetype(m_chunks.size()))
            addChunk();
        std::construct_at(slot(m_size), value);
        ++m_size;
        if ((m_size & mask) == chunkSize / 2 && !m_spare && chunkBytes % hugePage == 0)
            prepareSpare();
    }

    // Gives back every chunk.
    void clear()
    {
        dropSpare();
        m_chunks.clear();
        m_chunks.shrink_to_fit();
        m_size = 0;
    }

private:
    static std::byte *allocate(bool large)
    {
        void *chunk = large ? std::aligned_alloc(hugePage, chunkBytes) : std::malloc(chunkBytes);
        if (!chunk)
            throw std::bad_alloc();
        if (large)
            adviseLargePages(chunk, chunkBytes);
        return static_cast<std::byte *>(chunk);
    }

    // The first chunk is not zeroed: its pages are first touched by the
    // appends. Later ones come from the spare, touched ahead.
    void addChunk()
    {
        if (m_spare) {
            if (m_spareTouched.valid())
                m_spareTouched.wait(); // long done, unless appends outran the toucher
            m_chunks.push_back(std::move(m_spare));
            return;
        }
        m_chunks.emplace_back(allocate(!m_chunks.empty() && chunkBytes % hugePage == 0));
    }

    void prepareSpare()
    {
        m_spare.reset(allocate(true));
        try {
            m_spareTouched = std::async(std::launch::async, [chunk = m_spare.get()] {
                for (std::size_t at = 0; at < chunkBytes; at += 4096)
                    chunk[at] = std::byte{0};
            });
        } catch (const std::system_error &) {
            m_spareTouched = {}; // no thread to spare: the appends touch it
        }
    }

    void dropSpare()
    {
        if (m_spareTouched.valid())
            m_spareTouched.wait();
        m_spareTouched = {};
        m_spare.reset();
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
    std::unique_ptr<std::byte, Free> m_spare; // the next chunk, being touched
    std::future<void> m_spareTouched;
    qsizetype m_size = 0;
};

} // namespace Prometeu
