#pragma once

#include "packer/assetrecord.h"

#include <QHash>
#include <QList>

namespace Prometeu {

// What the last successful scan saw, kept in <project>/.prometeu/scan-index.bin
// so a rescan can tell exactly what changed, and can skip re-hashing files
// whose size and mtime did not move (like ninja's stat check).
class ScanIndex
{
public:
    static constexpr int formatVersion = 2; // 1 was JSON (scan-index.json)

    bool isEmpty() const { return m_records.isEmpty(); }
    qsizetype size() const { return m_records.size(); }
    const AssetRecord *find(const QString &path) const;
    QList<AssetRecord> records() const { return m_records.values(); }
    void setRecords(const QList<AssetRecord> &records);

    // A missing file gives an empty index and no error; an unreadable or
    // corrupt one gives an empty index and sets *error (the next scan then
    // rebuilds it).
    static ScanIndex load(const QString &path, QString *error = nullptr);
    // Atomic (QSaveFile): a crash mid-write leaves the old index.
    bool save(const QString &path, QString *error = nullptr) const;

private:
    QHash<QString, AssetRecord> m_records;
};

} // namespace Prometeu
