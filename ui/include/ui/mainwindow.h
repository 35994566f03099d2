#pragma once

#include <QMainWindow>
#include <functional>
#include <QPointer>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;

namespace Prometeu {

class ActivityPanel;
class AssetsWorkspace;
class DebugWorkspace;
class LogView;
class OperationProgressIndicator;
class ProjectServices;
class SessionStateBadge;
class StudioContext;

// The Studio's shell: toolbar with Play/Stop and the session's state,
// workspaces as closable tabs (Assets, Debug), docks for Activity and the
// merged log, and a status bar summarising running operations. Everything
// it shows belongs to the StudioContext's ProjectServices, so workspaces and
// docks can be closed, reopened or rebuilt without losing state or log.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(StudioContext *context, QWidget *parent = nullptr);
    ~MainWindow() override;

    enum class Workspace { Assets, Debug };

    void openWorkspace(Workspace workspace);
    void closeWorkspace(Workspace workspace);
    bool isWorkspaceOpen(Workspace workspace) const;
    // Closes and recreates every workspace (e.g. after a layout mess).
    void rebuildWorkspaces();

    QAction *playAction() const { return m_play; }
    QAction *stopAction() const { return m_stop; }
    // Run > Serve Events on Loopback (docs/streaming.md); remembered.
    QAction *serveAction() const { return m_serve; }
    AssetsWorkspace *assetsWorkspace() const;
    DebugWorkspace *debugWorkspace() const;
    ActivityPanel *activityPanel() const;
    LogView *logView() const;
    QDockWidget *activityDock() const { return m_activityDock; }
    OperationProgressIndicator *progressIndicator() const;
    SessionStateBadge *stateBadge() const;
    // Shows the asset in the Assets workspace (opening it if closed).
    void revealAsset(const QString &asset, int line = 0);
    // A project's workspaces and panels are made on the event loop's next
    // turns after it opens, one a turn: true until openingFinished().
    bool isOpening() const;

Q_SIGNALS:
    void openingFinished();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void onProjectOpened(ProjectServices *project);
    void onProjectClosing();
    // Makes a workspace's tab if it is not open, without showing it.
    void createWorkspace(Workspace workspace);
    // The Activity panel and the log view in their docks.
    void createActivityPanel();
    void createLogPanel();
    void createNextLaterPart();
    // The welcome page's place taken by the workspace in front.
    void createFirstWorkspace();
    void updateActions();
    void updateTotals();
    void applyServing(bool announce);
    void applyLiveReload();
    void openProjectDialog();
    void openProjectPath(const QString &path);
    void fillRecentMenu();
    void saveLayout();
    void showWelcome();

    StudioContext *m_context;
    QTabWidget *m_tabs;
    QPointer<AssetsWorkspace> m_assets;
    QPointer<DebugWorkspace> m_debug;
    bool m_assetsPending = false; // open, to be made on a later event-loop turn
    bool m_debugPending = false;
    QList<std::function<void()>> m_laterParts; // the opening's rest, one a turn
    QPointer<QWidget> m_welcome;
    QByteArray m_stateToRestore; // the saved layout, restored again once the docks hold their panels
    QDockWidget *m_activityDock;
    QDockWidget *m_logDock;
    QPointer<ActivityPanel> m_activityPanel;
    QPointer<LogView> m_logView;
    QPointer<SessionStateBadge> m_badge;
    QPointer<OperationProgressIndicator> m_indicator;
    QLabel *m_totals;
    QToolBar *m_toolBar;
    QAction *m_badgeAction = nullptr;
    QMenu *m_recentMenu;
    QMenu *m_editMenu;
    QAction *m_preferences = nullptr;
    QAction *m_preferencesSeparator = nullptr;
    QAction *m_open;
    QAction *m_play;
    QAction *m_stop;
    QAction *m_build;
    QAction *m_rescan;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_assetsToggle;
    QAction *m_debugToggle;
    QAction *m_serve = nullptr;
    QAction *m_liveReload = nullptr;
};

} // namespace Prometeu
