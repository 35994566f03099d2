#pragma once

#include "packer/assetrecord.h"

#include <QList>
#include <functional>

class QThreadPool;

namespace Prometeu {

// Lists the files under a root folder without ever hanging or escaping it.
//
// Symbolic links are followed only while they stay inside `boundary` (the
// project folder) and do not lead back into a folder already being walked;
// everything else becomes an entry with an EntryProblem instead of an error,
// so the doctor can explain it. Hidden files (".name"), editor backups
// ("name~") and OS clutter (Thumbs.db, desktop.ini) are skipped.
//
// With a pool, the folders of each depth are listed in parallel (a walk is
// one stat per file: on 100,000 files that is most of a no-op build). Call
// walk() from an operation running on that pool.
class FileTreeWalker
{
public:
    static constexpr int maxDepth = 64;

    FileTreeWalker(QString root, QString boundary, QThreadPool *pool = nullptr);

    // Called at most every 100 ms while listing, and once at the end, with
    // the entries found so far (from a pool thread, never two at once): a
    // walk of a big tree is long enough to want a sign of life.
    using Progress = std::function<void(qsizetype found)>;

    // Entries sorted by path (QString order). Stops early (returning what it
    // has) when `cancelled` returns true.
    QList<AssetRecord> walk(const std::function<bool()> &cancelled = {}, const Progress &progress = {});

    static bool isIgnoredName(const QString &name);

private:
    QString m_root;
    QString m_boundary; // canonical
    QThreadPool *m_pool;
};

} // namespace Prometeu
