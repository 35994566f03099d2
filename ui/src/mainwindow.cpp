#include "ui/mainwindow.h"

#include <hub/eventserver.h>

#include "ui/activitymodel.h"
#include "ui/activitypanel.h"
#include "ui/assetsworkspace.h"
#include "ui/assettreemodel.h"
#include "ui/debugworkspace.h"
#include "ui/logview.h"
#include "ui/operationprogressindicator.h"
#include "ui/projectservices.h"
#include "ui/sessionstatebadge.h"
#include "ui/studiocontext.h"

#include <session/executionsession.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include "ui/preferencesdialog.h"
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>

#include <core/actionhistory.h>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Prometeu {

MainWindow::MainWindow(StudioContext *context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
    , m_tabs(new QTabWidget(this))
    , m_totals(new QLabel(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("Prometeu Studio"));
    setWindowIcon(QIcon(u":/icons/prometeu.svg"_s));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setMovable(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget *page = m_tabs->widget(index);
        if (page == m_assets)
            closeWorkspace(Workspace::Assets);
        else if (page == m_debug)
            closeWorkspace(Workspace::Debug);
    });

    createActions();
    createDocks();
    createMenus();
    statusBar()->addWidget(m_totals, 1);

    connect(context, &StudioContext::projectOpened, this, &MainWindow::onProjectOpened);
    connect(context, &StudioContext::projectClosing, this, &MainWindow::onProjectClosing);

    QSettings *settings = context->settings();
    if (!restoreGeometry(settings->value(u"window/geometry"_s).toByteArray()))
        resize(1360, 860);
    // Again once the docks hold their panels (made after a project opens):
    // restored while they were empty, the docks came back at their
    // smallest (the log three lines high on every start after the first).
    m_stateToRestore = settings->value(u"window/state"_s).toByteArray();
    restoreState(m_stateToRestore);
    if (context->project())
        onProjectOpened(context->project());
    else
        showWelcome();
    updateActions();
}

MainWindow::~MainWindow() = default;

AssetsWorkspace *MainWindow::assetsWorkspace() const { return m_assets; }
DebugWorkspace *MainWindow::debugWorkspace() const { return m_debug; }
ActivityPanel *MainWindow::activityPanel() const { return m_activityPanel; }
LogView *MainWindow::logView() const { return m_logView; }
OperationProgressIndicator *MainWindow::progressIndicator() const { return m_indicator; }
SessionStateBadge *MainWindow::stateBadge() const { return m_badge; }

void MainWindow::createActions()
{
    m_open = new QAction(QIcon(u":/icons/open.svg"_s), tr("&Open Project\u2026"), this);
    m_open->setShortcut(QKeySequence::Open);
    connect(m_open, &QAction::triggered, this, &MainWindow::openProjectDialog);

    m_play = new QAction(QIcon(u":/icons/play.svg"_s), tr("&Play"), this);
    m_play->setObjectName(u"playAction"_s);
    m_play->setShortcut(Qt::Key_F5);
    m_play->setToolTip(tr("Build, validate and pack the cartridge, then run the game (F5)"));
    connect(m_play, &QAction::triggered, this, [this] {
        ProjectServices *project = m_context->project();
        QString refusal;
        if (project && !project->play(&refusal))
            statusBar()->showMessage(refusal, 5000);
    });

    m_stop = new QAction(QIcon(u":/icons/stop.svg"_s), tr("&Stop"), this);
    m_stop->setObjectName(u"stopAction"_s);
    m_stop->setShortcut(Qt::SHIFT | Qt::Key_F5);
    m_stop->setToolTip(tr("Stop the preparation or the running game (Shift+F5)"));
    connect(m_stop, &QAction::triggered, this, [this] {
        if (ProjectServices *project = m_context->project())
            project->stop();
    });

    m_build = new QAction(QIcon(u":/icons/build.svg"_s), tr("&Build Cartridge"), this);
    m_build->setShortcut(Qt::CTRL | Qt::Key_B);
    m_build->setToolTip(tr("Build the cartridge without running it (Ctrl+B)"));
    connect(m_build, &QAction::triggered, this, [this] {
        if (ProjectServices *project = m_context->project())
            project->build();
    });

    m_rescan = new QAction(QIcon(u":/icons/rescan.svg"_s), tr("&Rescan Assets"), this);
    m_rescan->setShortcut(Qt::CTRL | Qt::Key_R);
    m_rescan->setToolTip(tr("Scan the assets folder and check every asset again (Ctrl+R)"));
    connect(m_rescan, &QAction::triggered, this, [this] {
        if (ProjectServices *project = m_context->project())
            project->rescan();
    });

    m_toolBar = addToolBar(tr("Main"));
    m_toolBar->setObjectName(u"mainToolBar"_s);
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_play);
    m_toolBar->addAction(m_stop);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_build);
    m_toolBar->addAction(m_rescan);
    m_toolBar->addSeparator();
}

void MainWindow::createDocks()
{
    m_activityDock = new QDockWidget(tr("Activity"), this);
    m_activityDock->setObjectName(u"activityDock"_s);
    addDockWidget(Qt::BottomDockWidgetArea, m_activityDock);
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(u"logDock"_s);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    tabifyDockWidget(m_activityDock, m_logDock);
    m_logDock->raise();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addAction(tr("&Close Project"), this, [this] { m_context->closeProject(); });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    m_editMenu = menuBar()->addMenu(tr("&Edit"));
    m_preferences = new QAction(tr("&Preferences..."), this);
    m_preferences->setObjectName(u"preferencesAction"_s);
    m_preferences->setShortcut(QKeySequence::Preferences);
    m_preferences->setMenuRole(QAction::PreferencesRole);
    connect(m_preferences, &QAction::triggered, this, [this] {
        ProjectServices *project = m_context->project();
        PreferencesDialog dialog(project ? project->core() : nullptr, this);
        dialog.exec();
    });
    m_preferencesSeparator = m_editMenu->addSeparator();
    m_editMenu->addAction(m_preferences);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_play);
    run->addAction(m_stop);
    run->addSeparator();
    run->addAction(m_build);
    run->addAction(m_rescan);
    run->addSeparator();
    m_liveReload = run->addAction(tr("&Live Reload"));
    m_liveReload->setObjectName(u"liveReloadAction"_s);
    m_liveReload->setCheckable(true);
    m_liveReload->setToolTip(tr("While the game runs, rebuild what you save and reload it into the game"));
    connect(m_liveReload, &QAction::triggered, this, [this](bool on) {
        m_context->settings()->setValue(u"run/liveReload"_s, on);
        applyLiveReload();
    });
    run->addSeparator();
    m_serve = run->addAction(tr("Serve Events on &Loopback"));
    m_serve->setCheckable(true);
    m_serve->setToolTip(tr("Let terminals, browsers and CI follow this project live (127.0.0.1 only, with a token)"));
    connect(m_serve, &QAction::triggered, this, [this](bool on) {
        m_context->settings()->setValue(u"server/enabled"_s, on);
        applyServing(true);
    });
    QAction *port = run->addAction(tr("Event Server &Port..."));
    port->setToolTip(tr("The loopback port events are served on; 0 picks a free one each time"));
    connect(port, &QAction::triggered, this, [this] {
        bool ok = false;
        const int chosen = QInputDialog::getInt(this, tr("Event Server Port"),
                                                tr("Port on 127.0.0.1 (0: any free port, shown when serving):"),
                                                m_context->settings()->value(u"server/port"_s, 0).toInt(), 0, 65535, 1, &ok);
        if (!ok)
            return;
        m_context->settings()->setValue(u"server/port"_s, chosen);
        // A running server moves to the new port.
        if (ProjectServices *project = m_context->project(); project && project->server()) {
            project->setServing(false);
            applyServing(true);
        }
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_assetsToggle = view->addAction(tr("&Assets Workspace"));
    m_assetsToggle->setCheckable(true);
    connect(m_assetsToggle, &QAction::triggered, this,
            [this](bool on) { on ? openWorkspace(Workspace::Assets) : closeWorkspace(Workspace::Assets); });
    m_debugToggle = view->addAction(tr("&Debug Workspace"));
    m_debugToggle->setCheckable(true);
    connect(m_debugToggle, &QAction::triggered, this,
            [this](bool on) { on ? openWorkspace(Workspace::Debug) : closeWorkspace(Workspace::Debug); });
    view->addAction(tr("Re&build Workspaces"), this, &MainWindow::rebuildWorkspaces);
    view->addSeparator();
    view->addAction(m_activityDock->toggleViewAction());
    view->addAction(m_logDock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Prometeu Studio"), this, [this] {
        QMessageBox::about(this, tr("About Prometeu Studio"),
                           tr("<h3>Prometeu Studio %1</h3><p>Scan, check, pack and play your game's assets.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::showWelcome()
{
    if (m_welcome)
        return;
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    auto *title = new QLabel(tr("<h2>Welcome to Prometeu Studio</h2><p>Open a game project (a folder with "
                                "<tt>prometeu.json</tt>) to scan, check and play it.</p>"), page);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto *open = new QPushButton(QIcon(u":/icons/open.svg"_s), tr("Open Project\u2026"), page);
    connect(open, &QPushButton::clicked, this, &MainWindow::openProjectDialog);
    layout->addWidget(open, 0, Qt::AlignCenter);
    auto *recent = new QListWidget(page);
    recent->addItems(m_context->recentProjects());
    recent->setMaximumWidth(600);
    recent->setVisible(recent->count() > 0);
    connect(recent, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) { openProjectPath(item->text()); });
    layout->addWidget(recent, 0, Qt::AlignCenter);
    layout->addStretch(2);
    m_welcome = page;
    m_tabs->addTab(page, tr("Welcome"));
    m_tabs->tabBar()->setTabButton(m_tabs->indexOf(page), QTabBar::RightSide, nullptr);
}

void MainWindow::onProjectOpened(ProjectServices *project)
{
    setWindowTitle(tr("%1 \u2014 Prometeu Studio").arg(project->project().manifest().name));

    m_badge = new SessionStateBadge(project->session(), this);
    m_badgeAction = m_toolBar->addWidget(m_badge);
    m_indicator = new OperationProgressIndicator(project->activity(), this);
    statusBar()->addPermanentWidget(m_indicator);
    connect(m_indicator, &OperationProgressIndicator::clicked, this, [this] {
        m_activityDock->show();
        m_activityDock->raise();
    });

    // The stack's actions keep their text and enabled state in step; their
    // work goes through ActionHistory, which moves the stack only when the
    // files did (and says so when they could not).
    ActionHistory *history = project->actions();
    m_undo = project->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    disconnect(m_undo, &QAction::triggered, nullptr, nullptr);
    connect(m_undo, &QAction::triggered, history, [history] { history->undo(); });
    m_redo = project->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setShortcut(QKeySequence::Redo);
    disconnect(m_redo, &QAction::triggered, nullptr, nullptr);
    connect(m_redo, &QAction::triggered, history, [history] { history->redo(); });
    m_editMenu->insertActions(m_preferencesSeparator, {m_undo, m_redo});

    connect(project->session(), &ExecutionSession::stateChanged, this, [this](SessionState, SessionState current) {
        updateActions();
        // A failed run is what the developer needs to read next.
        if ((current == SessionState::PrepareFailed || current == SessionState::RuntimeFailed)) {
            m_logDock->show();
            m_logDock->raise();
        }
    });
    connect(project->activity(), &ActivityModel::activityChanged, this, &MainWindow::updateTotals);
    // The asset model takes each batch after Activity: its figures change then.
    connect(project->assets(), &AssetTreeModel::totalsChanged, this, &MainWindow::updateTotals);
    connect(project, &ProjectServices::statusMessage, this, [this](const QString &text) {
        statusBar()->showMessage(text, 6000);
    });

    applyServing(false);
    applyLiveReload();

    // What the project shows is made on the next turns of the event loop,
    // one part a turn, each after a paint: the workspace in front first
    // (the welcome page stays until it is there), then the docks' panels,
    // then the Debug workspace behind it. Opening 10,000 assets was one
    // stall of 9-14 ms, then (the workspace in front made here) one of 6-8.
    // Each part waits on a timer, not a posted call: Qt delivers the paint
    // a part asked for and a call posted beside it in one pass, back to
    // back, and the timers due in between waited for both.
    const QStringList closed = m_context->settings()->value(u"workspaces/closed"_s).toStringList();
    m_debugPending = !closed.contains(u"debug"_s);
    m_assetsPending = !closed.contains(u"assets"_s) || !m_debugPending; // never no workspace at all
    m_laterParts.clear();
    m_laterParts.append([this] { createFirstWorkspace(); });
    m_laterParts.append([this] { createActivityPanel(); });
    m_laterParts.append([this] { createLogPanel(); });
    m_laterParts.append([this] {
        if (m_debugPending)
            createWorkspace(Workspace::Debug);
    });
    updateActions();
    QTimer::singleShot(1, Qt::PreciseTimer, this, &MainWindow::createNextLaterPart);
    project->rescan();
}

void MainWindow::createFirstWorkspace()
{
    if (m_welcome)
        delete m_welcome;
    if (m_assetsPending)
        createWorkspace(Workspace::Assets);
    else if (m_debugPending)
        createWorkspace(Workspace::Debug);
    m_tabs->setCurrentIndex(0);
}

bool MainWindow::isOpening() const
{
    return !m_laterParts.isEmpty() && m_context->project();
}

void MainWindow::createNextLaterPart()
{
    if (m_laterParts.isEmpty() || !m_context->project())
        return;
    const std::function<void()> part = m_laterParts.takeFirst();
    part();
    updateActions();
    if (!m_laterParts.isEmpty())
        QTimer::singleShot(1, Qt::PreciseTimer, this, &MainWindow::createNextLaterPart);
    else
        Q_EMIT openingFinished();
}

void MainWindow::createActivityPanel()
{
    ProjectServices *project = m_context->project();
    if (!project || m_activityPanel)
        return;
    m_activityPanel = new ActivityPanel(project->activity(), m_activityDock);
    connect(m_activityPanel, &ActivityPanel::cancelRequested, project, &ProjectServices::cancel);
    m_activityDock->setWidget(m_activityPanel);
}

void MainWindow::createLogPanel()
{
    ProjectServices *project = m_context->project();
    if (!project || m_logView)
        return;
    m_logView = new LogView(&project->session()->log(), m_logDock);
    m_logView->restoreSettingsState(m_context->settings()->value(u"log/filters"_s).toStringList());
    connect(m_logView, &LogView::locationActivated, this, &MainWindow::revealAsset);
    connect(m_logView, &LogView::saveFinished, this, [this](bool, const QString &message) {
        statusBar()->showMessage(message, 8000);
    });
    m_logDock->setWidget(m_logView);
    if (m_activityPanel && !m_stateToRestore.isEmpty())
        restoreState(std::exchange(m_stateToRestore, {}));
}

void MainWindow::onProjectClosing()
{
    saveLayout();
    m_laterParts.clear();
    m_assetsPending = false;
    m_debugPending = false;
    delete m_assets;
    delete m_debug;
    delete m_activityPanel;
    delete m_logView;
    delete m_indicator;
    if (m_badgeAction) {
        m_toolBar->removeAction(m_badgeAction);
        delete m_badgeAction;
        m_badgeAction = nullptr;
    }
    delete m_undo;
    delete m_redo;
    setWindowTitle(tr("Prometeu Studio"));
    m_totals->clear();
    showWelcome();
    // The services go after this returns: refresh without them.
    QMetaObject::invokeMethod(this, &MainWindow::updateActions, Qt::QueuedConnection);
}

void MainWindow::createWorkspace(Workspace workspace)
{
    ProjectServices *project = m_context->project();
    if (!project)
        return;
    if (workspace == Workspace::Assets && !m_assets) {
        m_assetsPending = false;
        m_assets = new AssetsWorkspace(project, m_tabs);
        m_tabs->insertTab(0, m_assets, QIcon(u":/icons/kind-image.svg"_s), tr("Assets"));
    } else if (workspace == Workspace::Debug && !m_debug) {
        m_debugPending = false;
        m_debug = new DebugWorkspace(project, m_tabs);
        connect(m_debug, &DebugWorkspace::locationActivated, this, &MainWindow::revealAsset);
        m_tabs->addTab(m_debug, QIcon(u":/icons/play.svg"_s), tr("Debug"));
    }
}

void MainWindow::openWorkspace(Workspace workspace)
{
    if (!m_context->project())
        return;
    createWorkspace(workspace);
    m_tabs->setCurrentWidget(workspace == Workspace::Assets ? static_cast<QWidget *>(m_assets) : m_debug);
    updateActions();
}

void MainWindow::closeWorkspace(Workspace workspace)
{
    // Deleting the view is enough: its models and the log live in the
    // project's services.
    if (workspace == Workspace::Assets) {
        m_assetsPending = false;
        delete m_assets;
    } else {
        m_debugPending = false;
        delete m_debug;
    }
    updateActions();
}

bool MainWindow::isWorkspaceOpen(Workspace workspace) const
{
    return workspace == Workspace::Assets ? !m_assets.isNull() || m_assetsPending : !m_debug.isNull() || m_debugPending;
}

void MainWindow::rebuildWorkspaces()
{
    const bool assets = isWorkspaceOpen(Workspace::Assets) || !isWorkspaceOpen(Workspace::Debug);
    const bool debug = isWorkspaceOpen(Workspace::Debug);
    closeWorkspace(Workspace::Assets);
    closeWorkspace(Workspace::Debug);
    if (assets)
        openWorkspace(Workspace::Assets);
    if (debug)
        openWorkspace(Workspace::Debug);
}

void MainWindow::revealAsset(const QString &asset, int line)
{
    openWorkspace(Workspace::Assets);
    if (!m_assets->selectAsset(asset, line))
        statusBar()->showMessage(tr("%1 is not among the project's assets (anymore).").arg(asset), 5000);
}

void MainWindow::updateActions()
{
    ProjectServices *project = m_context->project();
    const SessionState state = project ? project->session()->state() : SessionState::Idle;
    m_play->setEnabled(project && canPlayFrom(state));
    m_stop->setEnabled(project && isActive(state));
    m_build->setEnabled(project);
    m_rescan->setEnabled(project);
    m_assetsToggle->setEnabled(project);
    m_debugToggle->setEnabled(project);
    m_assetsToggle->setChecked(isWorkspaceOpen(Workspace::Assets));
    m_debugToggle->setChecked(isWorkspaceOpen(Workspace::Debug));
}

void MainWindow::applyLiveReload()
{
    const bool wanted = m_context->settings()->value(u"run/liveReload"_s, true).toBool();
    m_liveReload->setChecked(wanted);
    if (ProjectServices *project = m_context->project())
        project->core()->setLiveReload(wanted);
}

void MainWindow::applyServing(bool announce)
{
    ProjectServices *project = m_context->project();
    const bool wanted = m_context->settings()->value(u"server/enabled"_s, false).toBool();
    m_serve->setChecked(wanted);
    if (!project)
        return;
    QString error;
    const quint16 port = quint16(qBound(0, m_context->settings()->value(u"server/port"_s, 0).toInt(), 65535));
    if (!project->setServing(wanted, &error, port)) {
        m_serve->setChecked(false);
        QMessageBox::warning(this, tr("Cannot serve events"), tr("The event server could not start: %1").arg(error));
        return;
    }
    EventServer *server = project->server();
    m_serve->setStatusTip(server ? tr("Serving at %1").arg(server->url().toString()) : QString());
    if (!server || !announce)
        return;
    // The address and token, selectable, with the line to paste.
    QMessageBox box(QMessageBox::Information, tr("Serving events"),
                    tr("This project's events are served at %1\nToken: %2").arg(server->url().toString(),
                                                                              QString::fromUtf8(server->token())),
                    QMessageBox::Ok, this);
    box.setInformativeText(tr("Follow them with:\nprometeu tail --url %1 --token %2").arg(server->url().toString(),
                                                                                     QString::fromUtf8(server->token())));
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

void MainWindow::updateTotals()
{
    ProjectServices *project = m_context->project();
    if (!project)
        return;
    const DiagnosticCounts counts = project->assets()->totals();
    m_totals->setText(tr("%n asset(s)", nullptr, int(project->assets()->assetCount())) + u" \u00b7 "_s
                      + tr("%n error(s)", nullptr, counts.errors) + u" \u00b7 "_s
                      + tr("%n warning(s)", nullptr, counts.warnings));
}

void MainWindow::openProjectDialog()
{
    const QString start = m_context->recentProjects().value(0, QDir::homePath());
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open game project"), start);
    if (!path.isEmpty())
        openProjectPath(path);
}

void MainWindow::openProjectPath(const QString &path)
{
    QString error;
    if (!m_context->openProject(path, &error)) {
        QMessageBox box(QMessageBox::Warning, tr("Cannot open project"),
                        tr("%1 could not be opened as a Prometeu project.").arg(QDir::toNativeSeparators(path)),
                        QMessageBox::Ok, this);
        box.setDetailedText(error);
        box.setInformativeText(error.section(u'\n', 0, 0));
        box.exec();
    }
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = m_context->recentProjects();
    for (const QString &path : recent)
        m_recentMenu->addAction(QDir::toNativeSeparators(path), this, [this, path] { openProjectPath(path); });
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
}

void MainWindow::saveLayout()
{
    QSettings *settings = m_context->settings();
    settings->setValue(u"window/geometry"_s, saveGeometry());
    settings->setValue(u"window/state"_s, saveState());
    if (m_context->project()) {
        QStringList closed;
        if (!isWorkspaceOpen(Workspace::Assets))
            closed.append(u"assets"_s);
        if (!isWorkspaceOpen(Workspace::Debug))
            closed.append(u"debug"_s);
        settings->setValue(u"workspaces/closed"_s, closed);
    }
    if (m_logView)
        settings->setValue(u"log/filters"_s, m_logView->settingsState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    m_context->saveSettingsNow();
    event->accept();
}

} // namespace Prometeu
