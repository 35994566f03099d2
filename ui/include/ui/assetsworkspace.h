#pragma once

#include <QJsonArray>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTabWidget;
class QSortFilterProxyModel;
class QTreeView;
class QTreeWidget;

namespace Prometeu {

class ProjectServices;

// The Assets workspace: the project's asset tree with kind icons and
// diagnostic badges, a filter (by path; all, unused or with problems), and
// a details pane with the selected asset's facts, preview, diagnostics,
// what it uses and what uses it (docs/dependencies.md), and its last
// builds with why each happened. Context actions (rename, exclude/include,
// options, rebuild) run as packer actions with Undo/Redo or as a build.
// A view only: the tree and its state belong to ProjectServices.
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
    QTreeWidget *dependenciesList() const { return m_dependencies; }
    QTreeWidget *historyList() const { return m_history; }
    QTabWidget *detailTabs() const { return m_tabs; }
    // Which assets the tree shows besides the path filter.
    enum class Show { All, Unused, WithProblems };
    void setShown(Show show);

private:
    void showDetails(const QString &path);
    void showContextMenu(const QPoint &position);
    void renameSelected();
    void editOptions(const QString &path);
    void showDependencies(const QString &path);
    void requestHistory(const QString &path);
    void showHistory(const QString &path, const QJsonArray &builds);
    void applyShown();
    // Folders open by themselves while the project has at most
    // autoExpandLimit assets. Past that a tree of every asset is a list
    // nobody reads, and laying all of it out again after each batch of a
    // scan held the GUI thread 3 ms at a time (10,000 assets): folders then
    // start closed and open when asked (a click, a filter, a revealed asset).
    static constexpr qsizetype autoExpandLimit = 2000;
    bool expandsEverything() const;
    void applyDefaultExpansion();
    // After the filter or "Show" changed: what matches open, or the default.
    void applyFilteredExpansion();

    ProjectServices *m_services;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_tree;
    QLineEdit *m_filter;
    QComboBox *m_show;
    QTabWidget *m_tabs;
    QTreeWidget *m_dependencies;
    QTreeWidget *m_history;
    QLabel *m_title;
    QLabel *m_facts;
    QTreeWidget *m_diagnostics;
    QLabel *m_preview;
    QString m_shown;
    QString m_shownHash; // its content hash when its preview was asked for
    int m_highlightLine = 0;
    bool m_autoExpanding = true;
};

} // namespace Prometeu
