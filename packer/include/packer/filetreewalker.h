#pragma once

#include "packer/assetrecord.h"

#include <QList>
#include <QSet>
#include <functional>

namespace Prometeu {

// Lists the files under a root folder without ever hanging or escaping it.
//
// Symbolic links are followed only while they stay inside `boundary` (the
// project folder) and do not lead back into a folder already being walked;
// everything else becomes an entry with an EntryProblem instead of an error,
// so the doctor can explain it. Hidden files (".name"), editor backups
// ("name~") and OS clutter (Thumbs.db, desktop.ini) are skipped.
class FileTreeWalker
{
public:
    static constexpr int maxDepth = 64;

    FileTreeWalker(QString root, QString boundary);

    // Entries sorted by path. Stops early (returning what it has) when
    // `cancelled` returns true.
    QList<AssetRecord> walk(const std::function<bool()> &cancelled = {});

    static bool isIgnoredName(const QString &name);

private:
    void walkFolder(const QString &absolutePath, const QString &relativePath, int depth,
                    QSet<QString> ancestors, const std::function<bool()> &cancelled);
    bool isInsideBoundary(const QString &canonicalPath) const;

    QString m_root;
    QString m_boundary; // canonical
    QList<AssetRecord> m_entries;
};

} // namespace Prometeu
