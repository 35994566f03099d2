#pragma once

#include <packer/assetaction.h>
#include <packer/diagnostic.h>
#include <packer/packerevent.h>

#include <QHash>
#include <QSet>
#include <QStandardItemModel>

namespace Prometeu {

// The project's assets as a folder tree, kept up to date in place from the
// packer's events: asset_discovered and asset_changed from scans,
// diagnostics_updated from doctor and build, action_applied from actions.
// Owned by the project's services, so closing the Assets workspace loses
// nothing.
class AssetTreeModel : public QStandardItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, SizeColumn, StatusColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, // asset path; folders: folder path + '/'
        IsFolderRole,
        KindRole,     // wire name
        SizeRole,     // bytes
        HashRole,
        ExcludedRole,
        ErrorCountRole,
        WarningCountRole,
    };

    explicit AssetTreeModel(QObject *parent = nullptr);

    void apply(const QList<PackerEvent> &events);
    // Excluded assets from prometeu.assets.json (the scan does not report them).
    void setExcluded(const QSet<QString> &assets);

    QModelIndex indexOfAsset(const QString &path) const;
    bool contains(const QString &path) const { return m_assets.contains(path); }
    qsizetype assetCount() const { return m_assets.size(); }
    QStringList assetPaths() const { return m_assets.keys(); }
    QStringList folderPaths() const { return m_folders.keys(); } // relative, no trailing '/'
    // Doctor's and the last build's diagnostics for one asset.
    QList<Diagnostic> diagnostics(const QString &path) const;
    DiagnosticCounts totals() const;

    static QIcon kindIcon(const QString &kind);

Q_SIGNALS:
    void assetUpdated(const QString &path);
    void assetRemoved(const QString &path);

private:
    struct AssetFacts {
        QString kind;
        qint64 size = -1;
        QString hash;
        QString toolTip;
    };

    QStandardItem *ensureAsset(const QString &path, const AssetFacts &facts);
    QStandardItem *ensureFolder(const QString &folder);
    void attach(QStandardItem *parent, const QList<QStandardItem *> &row);
    void attachPending();
    void setFacts(const QList<QStandardItem *> &row, const AssetFacts &facts);
    void fillStatus(const QList<QStandardItem *> &row, const QString &path);
    void removeAsset(const QString &path);
    void renameAsset(const QString &from, const QString &to);
    void refreshStatus(const QString &path);
    void finishOperation(const PackerEvent &event);

    QHash<QString, QStandardItem *> m_assets;
    QHash<QString, QStandardItem *> m_folders;
    QHash<QString, QList<Diagnostic>> m_doctorDiagnostics;
    QHash<QString, QList<Diagnostic>> m_buildDiagnostics;
    QSet<QString> m_excluded;
    bool m_batching = false;
    QList<std::pair<QStandardItem *, QList<QStandardItem *>>> m_pending;
    // What each running scan / doctor / build reported, so that on success
    // anything it did not mention can be cleared.
    QHash<QString, QSet<QString>> m_seenByOperation;
};

} // namespace Prometeu
