#pragma once

#include <QString>

#include <optional>

namespace Prometeu {

// Finds committed history that SQLite silently dropped: a writer leaves its
// write-ahead log (history.db-wal) for the next opener, so between commands
// a small project's recent records live only there. SQLite ignores a log
// whose header or frames no longer check out (cut short, overwritten,
// removed) and reads on without a word; this compares what the shared index
// (history.db-shm) said the log held when the last connection closed with
// what SQLite recovered from it on the first read.
//
// The index's layout is SQLite's documented WAL-index header
// (https://sqlite.org/walformat.html, "The WAL-Index Header"): two equal
// copies of 48 bytes, then the checkpoint info. Anything that does not look
// like one (no index, a damaged index, another SQLite version) is no
// evidence either way and reports nothing.
class WriteAheadLogCheck
{
public:
    // Before the first connection opens the database: the first opener
    // rebuilds the index from the log, which erases what it said.
    explicit WriteAheadLogCheck(const QString &databasePath);

    // After the first read. How many of the log's pages that were not yet
    // copied into the database SQLite could not read back (0: none lost).
    quint32 pagesLost() const;

private:
    struct Index {
        quint32 frames = 0;
        quint32 copied = 0; // backfilled into the database
        quint32 salt[2] = {};
    };
    static std::optional<Index> readIndex(const QString &path);

    QString m_indexPath;
    std::optional<Index> m_before;
};

} // namespace Prometeu
