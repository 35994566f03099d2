#pragma once

#include "packer/assetrecord.h"
#include "packer/project.h"

#include <QList>

class QThreadPool;

namespace Prometeu {

class OperationScope;

struct AssetChange {
    enum class Type { Added, Modified, Removed, Renamed };
    Type type = Type::Added;
    QString path;         // the asset's path now (for Removed: its last path)
    QString previousPath; // for Renamed

    static QString typeName(Type type);
    // asset_changed's payload, and back (an unknown change reads as Added).
    QJsonObject toJson() const;
    static AssetChange fromJson(const QJsonObject &object);
    friend bool operator==(const AssetChange &, const AssetChange &) = default;
};

struct ScanReport {
    QList<AssetRecord> assets; // sorted by path
    QList<AssetChange> changes;
    bool firstScan = true;
    QString indexWarning; // set when a damaged index was discarded, or none can be kept (a read-only project)
};

// Walks the assets folder, classifies and hashes every file on the thread
// pool, and compares the result with the previous scan's index.
//
// Publishes asset_discovered for every asset found, asset_changed for
// exactly what differs from the previous successful scan (renames are
// recognised by content hash), and progress_updated while hashing. The index
// is replaced only when the scan completes: a cancelled or failed scan
// leaves it as it was.
class ScanOperation
{
public:
    ScanOperation(Project project, QThreadPool *pool);
    ScanReport run(OperationScope &scope);

    static QList<AssetChange> diff(const QList<AssetRecord> &previous,
                                   const QList<AssetRecord> &current);

private:
    void hashAll(QList<AssetRecord> &records, const class ScanIndex &index, OperationScope &scope);

    Project m_project;
    QThreadPool *m_pool;
};

} // namespace Prometeu
