#pragma once

#include <packer/assetaction.h>
#include <packer/diagnostic.h>
#include <packer/packerevent.h>

#include <QAbstractItemModel>
#include <QHash>
#include <QIcon>
#include <QSet>

#include <memory>
#include <unordered_map>
#include <vector>

namespace Prometeu {

// The project's assets as a folder tree, kept up to date in place from the
// packer's events: asset_discovered and asset_changed from scans,
// diagnostics_updated from doctor and build, action_applied from actions.
// Owned by the project's services, so closing the Assets workspace loses
// nothing.
//
// A batch of events costs the views one rowsInserted per folder that
// gained assets and one dataChanged per folder whose assets changed: a
// 10,000-asset scan arrives as a few dozen signals, not tens of thousands.
class AssetTreeModel : public QAbstractItemModel
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
        BadgeRole,    // "error", "warning" or empty
    };

    explicit AssetTreeModel(QObject *parent = nullptr);
    ~AssetTreeModel() override;

    void apply(const QList<PackerEvent> &events);
    // Excluded assets from prometeu.assets.json (the scan does not report them).
    void setExcluded(const QSet<QString> &assets);

    QModelIndex indexOfAsset(const QString &path) const;
    bool contains(const QString &path) const { return m_assets.contains(path); }
    qsizetype assetCount() const { return m_assets.size(); }
    QStringList assetPaths() const { return m_assets.keys(); }
    QStringList folderPaths() const { return m_folders.keys(); } // relative, no trailing '/'
    // Doctor's and the last build's diagnostics for one asset; what both
    // say alike (same code, severity and place) once, as the doctor said it.
    QList<Diagnostic> diagnostics(const QString &path) const;
    // Over the assets in the tree; kept as rows change, so asking is free.
    DiagnosticCounts totals() const { return m_totals; }

    static QIcon kindIcon(const QString &kind);
    // The wire kind ("image", "tilemap") in the reader's language.
    static QString kindLabel(const QString &kind);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void assetUpdated(const QString &path);
    void assetRemoved(const QString &path);
    // totals() or assetCount() differ after a batch of events (the status bar's figures).
    void totalsChanged();

private:
    struct Node;
    struct AssetFacts {
        QString kind;
        qint64 size = -1;
        QString hash;
        QString toolTip;
    };

    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(const Node *node, int column = 0) const;
    Node *ensureAsset(const QString &path, const AssetFacts &facts);
    Node *ensureFolder(const QString &folder);
    void attach(Node *parent, std::unique_ptr<Node> node);
    void attachPending();
    bool setFacts(Node *node, const AssetFacts &facts);
    bool updateStatus(Node *node);
    // Adds an asset's change (its diagnostics, whether it is there) to
    // every folder above it.
    void addToFolders(Node *node, const DiagnosticCounts &delta, int assets);
    void markChanged(Node *node);
    void emitChanged();
    void removeAsset(const QString &path);
    void renameAsset(const QString &from, const QString &to);
    void refreshStatus(const QString &path);
    void finishOperation(const PackerEvent &event);
    QString statusText(const Node &node) const;

    std::unique_ptr<Node> m_root;
    QHash<QString, Node *> m_assets;  // includes rows still waiting to be attached
    QHash<QString, Node *> m_folders;
    // New rows under folders the views already know, inserted together at
    // the end of a batch.
    std::unordered_map<Node *, std::vector<std::unique_ptr<Node>>> m_pending;
    QSet<Node *> m_changed; // attached rows whose data changed in this batch
    QHash<QString, QList<Diagnostic>> m_doctorDiagnostics;
    QHash<QString, QList<Diagnostic>> m_buildDiagnostics;
    QSet<QString> m_excluded;
    DiagnosticCounts m_totals;
    // What each running scan / doctor / build reported, so that on success
    // anything it did not mention can be cleared.
    QHash<QString, QSet<QString>> m_seenByOperation;
};

} // namespace Prometeu
