#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;
class QTreeWidget;

namespace Prometeu {

class ProjectServices;

// The Assets workspace: the project's asset tree with kind icons and
// diagnostic badges, a filter, and a details pane with the selected asset's
// facts, diagnostics and preview. Context actions (rename, exclude/include,
// options) run as packer actions with Undo/Redo. A view only: the tree and
// its state belong to ProjectServices.
class AssetsWorkspace : public QWidget
{
    Q_OBJECT
public:
    explicit AssetsWorkspace(ProjectServices *services, QWidget *parent = nullptr);

    // Selects the asset (e.g. from a log location); false if it is unknown.
    bool selectAsset(const QString &path, int line = 0);
    QString selectedAsset() const;
    QTreeView *tree() const { return m_tree; }
    QTreeWidget *diagnosticsList() const { return m_diagnostics; }
    QLabel *previewLabel() const { return m_preview; }

private:
    void showDetails(const QString &path);
    void showContextMenu(const QPoint &position);
    void renameSelected();
    void editOptions(const QString &path);

    ProjectServices *m_services;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_tree;
    QLineEdit *m_filter;
    QLabel *m_title;
    QLabel *m_facts;
    QTreeWidget *m_diagnostics;
    QLabel *m_preview;
    QString m_shown;
    QString m_shownHash; // its content hash when its preview was asked for
    int m_highlightLine = 0;
};

} // namespace Prometeu
