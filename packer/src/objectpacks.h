#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <optional>

namespace Prometeu {

// The local cache's small objects, appended to a few pack files instead
// of one file each. A cold build of 10,000 small assets made 10,000 files,
// and creating a file is the expensive part of storing a small one: on a
// file system that reuses inodes with care (ext4 without a journal after
// many deletions) a cold build of 1,000 JSON files spent 1.2 s in the
// kernel for 0.1 s of its own work.
//
// <cache>/packs/<n>.pack holds objects back to back, each exactly as its
// own file would; <cache>/packs/index says where each key's latest copy is
// (fixed records, each with its own check). Appends are single O_APPEND
// writes, so readers in other processes (a Studio beside a CLI build) never
// see a half-written index record, and a record torn by a crash is
// dropped, with everything after it, by the next writer. Nothing is
// synced: an object lost with its index record, or present in the index
// but not in its pack, reads as corrupt and is converted again (the
// object's own checksum catches it), never as good.
//
// Thread-safe. The index is read on first use, so a build that never
// touches the cache (a no-op) never reads it.
class ObjectPacks
{
public:
    explicit ObjectPacks(QString folder);
    ~ObjectPacks();
    ObjectPacks(const ObjectPacks &) = delete;
    ObjectPacks &operator=(const ObjectPacks &) = delete;

    struct Entry {
        quint32 pack = 0;
        qint64 offset = 0;
        qint64 size = 0;
    };
    // Where the latest copy of `key` (32 hex digits) is, if any (this
    // process's appends and, re-read when asked for a key it lacks, other
    // processes').
    std::optional<Entry> find(const QString &key);
    // Reads `size` bytes of an entry from `offset` within it; false when
    // the pack does not hold them (truncated) or cannot be read.
    bool read(const Entry &entry, qint64 offset, char *into, qint64 size);
    // The entry's bytes are all in its pack (checked before its size is
    // believed: a damaged index must not make a load allocate 4 GiB).
    bool holds(const Entry &entry);
    // Appends an object's bytes under `key`; false with *error on failure.
    bool append(const QString &key, const QByteArray &object, QString *error);

    QString packPath(quint32 pack) const;
    // Every key's latest entry (for tools and tests).
    QList<std::pair<QString, Entry>> entries();

private:
    bool ensureOpen(QString *error);
    void readNewIndexRecords();
    int packFd(quint32 pack); // for reading; -1 when it cannot be opened
    int lockedPackFd(quint32 pack); // the same, taking the lock

    QString m_folder;
    QMutex m_mutex;
    bool m_opened = false;
    int m_indexFd = -1;
    qint64 m_indexRead = 0; // bytes of the index taken in
    QHash<QByteArray, Entry> m_entries; // binary key (16 bytes) -> latest copy
    QHash<quint32, int> m_readFds;
    quint32 m_appendPack = 0;
    int m_appendFd = -1;
    qint64 m_appendSize = 0; // of m_appendPack, as this process last knew it
};

} // namespace Prometeu
