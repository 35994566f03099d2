// Widget tests of the Studio on the real demo project, offscreen: the
// window, its workspaces and docks, driven the way a user drives them.
#include "testsupport.h"

#include <packer/packer.h>
#include <session/executionsession.h>
#include <ui/activitymodel.h>
#include <ui/activitypanel.h>
#include <ui/assetsworkspace.h>
#include <ui/assettreemodel.h>
#include <ui/debugworkspace.h>
#include <ui/logmodel.h>
#include <ui/logtableview.h>
#include <ui/logview.h>
#include <ui/mainwindow.h>
#include <ui/operationprogressindicator.h>
#include <ui/projectservices.h>
#include <ui/sessionstatebadge.h>
#include <ui/settingsformat.h>
#include <ui/settingssaver.h>
#include <ui/studiocontext.h>

#include <QAction>
#include <QTcpServer>
#include <QDockWidget>
#include <QLabel>
#include <QTreeWidget>
#include <QSemaphore>
#include <QSettings>

#include <csignal>
#include <sys/resource.h>
#include <QSignalSpy>
#include <QTableView>
#include <hub/eventserver.h>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QSpinBox>
#include <QStatusBar>
#include <QScopeGuard>
#include <remotecache/remotecacheconfig.h>
#include <ui/preferencesdialog.h>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QImage>
#include <QSortFilterProxyModel>
#include <QUndoStack>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

// One Studio on a private copy of a project, with private settings.
struct Studio {
    explicit Studio(const QString &fixture = u"examples/demo"_s)
        : settings(dir.filePath(u"studio.settings"_s), SettingsFormat::format()) // as the Studio keeps them
        , context(&settings, TestSupport::binaryPath(u"prometeu-runtime"_s))
    {
        projectPath = dir.filePath(u"project"_s);
        QDir().mkpath(projectPath);
        copied = TestSupport::copyFixture(fixture, projectPath);
        window = std::make_unique<MainWindow>(&context);
    }

    // Opens the project and waits for its first scan and check.
    bool openAndWaitUntilChecked()
    {
        QString error;
        if (!copied || !context.openProject(projectPath, &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        window->show();
        QSignalSpy doctored(services(), &ProjectServices::doctorFinished);
        // The docks' panels and the Debug workspace are made a frame apart
        // after the opening: not necessarily before the first check.
        return doctored.wait(20'000)
            && QTest::qWaitFor([this] { return window->logView() && window->debugWorkspace(); }, 5'000);
    }

    ProjectServices *services() const { return context.project(); }
    ActivityModel *activity() const { return services()->activity(); }

    QString operationOf(OperationKind kind) const
    {
        for (int row = activity()->rowCount() - 1; row >= 0; --row) {
            const QModelIndex index = activity()->index(row, 0);
            if (index.data().toString() == ActivityModel::operationLabel(kind))
                return index.data(ActivityModel::OperationIdRole).toString();
        }
        return {};
    }

    QTemporaryDir dir;
    QSettings settings;
    StudioContext context;
    std::unique_ptr<MainWindow> window;
    QString projectPath;
    bool copied = false;
};

QToolButton *toggleNamed(QWidget *view, const QString &text)
{
    for (QToolButton *button : view->findChildren<QToolButton *>()) {
        if (button->text() == text)
            return button;
    }
    return nullptr;
}

} // namespace

class TestStudio : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensScansAndChecksTheProject()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        AssetTreeModel *assets = studio.services()->assets();
        QVERIFY(assets->assetCount() >= 20);
        QVERIFY(assets->indexOfAsset(u"sprites/hero.png"_s).isValid());
        QVERIFY(studio.window->windowTitle().contains(u"Slime Meadow"_s));
        QVERIFY(studio.window->isWorkspaceOpen(MainWindow::Workspace::Assets));
        QVERIFY(studio.window->isWorkspaceOpen(MainWindow::Workspace::Debug));
        QTRY_VERIFY(!studio.operationOf(OperationKind::Doctor).isEmpty());
        QTRY_COMPARE(studio.activity()->state(studio.operationOf(OperationKind::Scan)), ActivityModel::State::Succeeded);
        QTRY_COMPARE(studio.window->progressIndicator()->text(), u"Ready"_s);
        QVERIFY(studio.window->playAction()->isEnabled());
        QVERIFY(!studio.window->stopAction()->isEnabled());
    }

    void activityPanelFollowsARealBuild()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        QStringList indicatorTexts;
        connect(studio.activity(), &ActivityModel::activityChanged, this, [&] {
            indicatorTexts.append(studio.window->progressIndicator()->text());
        });
        QSignalSpy built(studio.services(), &ProjectServices::buildFinished);
        studio.services()->build();
        QVERIFY(built.wait(30'000));
        QVERIFY(built.first().first().toBool());
        QTRY_VERIFY(!studio.operationOf(OperationKind::Build).isEmpty());
        const QString build = studio.operationOf(OperationKind::Build);
        QTRY_COMPARE(studio.activity()->state(build), ActivityModel::State::Succeeded);
        // The row expands to the packer's own events: start, build_started,
        // one cache event per asset, build_finished, the end.
        const QModelIndex row = studio.activity()->indexOf(build);
        const int events = studio.activity()->rowCount(row);
        QVERIFY2(events >= int(studio.services()->assets()->assetCount()) + 4, qPrintable(QString::number(events)));
        QStringList kinds;
        for (int i = 0; i < events; ++i)
            kinds.append(studio.activity()->index(i, 0, row).data().toString().section(u' ', -1));
        QCOMPARE(kinds.first(), u"operation_started"_s);
        QVERIFY(kinds.contains(u"build_started"_s));
        QVERIFY(kinds.contains(u"cache_miss"_s));
        QCOMPARE(kinds.last(), u"operation_finished"_s);
        QCOMPARE(kinds.indexOf(u"build_finished"_s), events - 2);
        QVERIFY(studio.activity()->indexOf(build, ActivityModel::SummaryColumn).data().toString().contains(u"Built"_s));
        QVERIFY(studio.window->activityPanel()->view()->model() == studio.activity());
        // The status bar told the story while it ran, then went quiet.
        QVERIFY2(std::any_of(indicatorTexts.cbegin(), indicatorTexts.cend(),
                             [](const QString &text) { return text != u"Ready"_s; }),
                 qPrintable(indicatorTexts.join(u" | "_s)));
        QTRY_COMPARE(studio.window->progressIndicator()->text(), u"Ready"_s);
        // Clicking it shows the Activity panel.
        studio.window->activityDock()->hide();
        QTest::mouseClick(studio.window->progressIndicator(), Qt::LeftButton);
        QVERIFY(studio.window->activityDock()->isVisible());
    }

    void cancelFromTheActivityRow()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        // Hold every pool thread so the build waits in the queue, then
        // cancel it from its row: deterministic, whatever the machine speed.
        QSemaphore release;
        QThreadPool *pool = studio.context.pool();
        const int threads = pool->maxThreadCount();
        for (int i = 0; i < threads; ++i)
            pool->start([&release] { release.acquire(); });
        studio.services()->build();
        QTRY_VERIFY(!studio.operationOf(OperationKind::Build).isEmpty());
        const QString build = studio.operationOf(OperationKind::Build);
        QTreeView *view = studio.window->activityPanel()->view();
        studio.window->activityDock()->show();
        studio.window->activityDock()->raise();
        const QModelIndex action = studio.activity()->indexOf(build, ActivityModel::ActionColumn);
        QTRY_COMPARE(action.data().toString(), u"Cancel"_s);
        view->scrollTo(action);
        QTRY_VERIFY(view->visualRect(action).isValid());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(action).center());
        release.release(threads);
        QTRY_COMPARE(studio.activity()->state(build), ActivityModel::State::Cancelled);
        QCOMPARE(action.data().toString(), u"Dismiss"_s);
        QVERIFY(!QFile::exists(studio.projectPath + u"/build/demo.pcart"_s));
        // Dismissing from the same button removes the row.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(action).center());
        QVERIFY(!studio.activity()->indexOf(build).isValid());
    }

    void playShowsTheStatesAndStopEndsTheRun()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        SessionStateBadge *badge = studio.window->stateBadge();
        QVERIFY(badge->text().contains(u"idle"_s));
        QList<SessionState> seen;
        connect(studio.services()->session(), &ExecutionSession::stateChanged, this,
                [&](SessionState, SessionState current) { seen.append(current); });
        studio.window->playAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(badge->text().contains(u"running"_s), 30'000);
        // In the running colour, and without a style sheet (a QStyleSheetStyle
        // made and polished on the GUI thread).
        QCOMPARE(badge->palette().color(QPalette::WindowText), SessionStateBadge::stateColor(SessionState::Running));
        QVERIFY(badge->styleSheet().isEmpty());
        QVERIFY(!studio.window->playAction()->isEnabled());
        QVERIFY(studio.window->stopAction()->isEnabled());
        QCOMPARE(seen, (QList<SessionState>{SessionState::Preparing, SessionState::Connecting, SessionState::Running}));
        // The log tells the whole story: build, validation, pack, runtime.
        LogModel *log = studio.window->logView()->model();
        auto sources = [log] {
            QSet<int> found;
            for (int row = 0; row < log->rowCount(); ++row)
                found.insert(log->index(row, 0).data(LogModel::SourceRole).toInt());
            return found;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sources().contains(int(LogSource::Runtime)), 10'000);
        QVERIFY(sources().contains(int(LogSource::Build)));
        QVERIFY(sources().contains(int(LogSource::PackValidation)));
        QVERIFY(sources().contains(int(LogSource::Pack)));
        // Play's build shows up in Activity too, from the packer's events.
        QTRY_VERIFY(!studio.operationOf(OperationKind::Build).isEmpty());

        studio.window->stopAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(badge->text().contains(u"stopped"_s), 15'000);
        QVERIFY(studio.window->playAction()->isEnabled());
        QVERIFY(!studio.window->stopAction()->isEnabled());
        QCOMPARE(seen.last(), SessionState::Stopped);
    }

    // The runtime misbehaving, with the whole Studio around it (the session
    // tests cover the launcher alone): the window stays responsive, the
    // badge and the log say what happened, Stop always ends the run.
    void runtimeMisbehaviourUnderTheStudio_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<bool>("reachesRunning"); // then the test presses Stop
        QTest::addColumn<QString>("finalState");
        QTest::addColumn<QString>("logSays");
        QTest::newRow("crash") << u"crash"_s << true << u"failed"_s << u"signal 6"_s;
        QTest::newRow("hang") << u"hang"_s << true << u"stopped"_s << u"did not stop within 400 ms"_s;
        QTest::newRow("flood") << u"flood"_s << true << u"stopped"_s << u"fault: flooding line"_s;
        QTest::newRow("ignore SIGTERM") << u"ignore-term"_s << true << u"stopped"_s << u"did not stop within 400 ms"_s;
        QTest::newRow("closes the handshake early") << u"close-early"_s << false << u"failed"_s << u"did not shake hands"_s;
        QTest::newRow("garbage on the handshake") << u"garbage"_s << false << u"failed"_s << u"not the expected JSON line"_s;
    }

    void runtimeMisbehaviourUnderTheStudio()
    {
        QFETCH(QString, fault);
        QFETCH(bool, reachesRunning);
        QFETCH(QString, finalState);
        QFETCH(QString, logSays);
        Studio studio;
        // The reference runtime, told to misbehave; short timeouts.
        QFile manifest(studio.projectPath + u"/prometeu.json"_s);
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(manifest.readAll()).object();
        manifest.close();
        json.insert(u"runtime"_s, QJsonObject{
            {u"command"_s, QJsonArray{TestSupport::binaryPath(u"prometeu-runtime"_s), u"{cartridge}"_s, u"--headless"_s,
                                      u"--fault"_s, fault}},
            {u"handshake_timeout_ms"_s, 1500},
            {u"stop_grace_ms"_s, 400},
        });
        QVERIFY(TestSupport::writeFile(manifest.fileName(), QJsonDocument(json).toJson()));
        QVERIFY(studio.openAndWaitUntilChecked());
        SessionStateBadge *badge = studio.window->stateBadge();
        LogModel *log = studio.window->logView()->model();
        auto logContains = [log](const QString &text) {
            for (int row = log->rowCount() - 1; row >= 0; --row) {
                if (log->index(row, LogModel::MessageColumn).data().toString().contains(text))
                    return true;
            }
            return false;
        };
        studio.window->playAction()->trigger();
        if (reachesRunning) {
            QTRY_VERIFY_WITH_TIMEOUT(badge->text().contains(u"running"_s) || badge->text().contains(u"failed"_s), 30'000);
            if (fault != u"crash"_s) {
                // Let it misbehave for a moment: the GUI thread keeps serving
                // events (a queued call comes back) while it does.
                QTRY_VERIFY_WITH_TIMEOUT(logContains(u"fault:"_s), 10'000);
                bool served = false;
                QMetaObject::invokeMethod(studio.window.get(), [&] { served = true; }, Qt::QueuedConnection);
                QTRY_VERIFY_WITH_TIMEOUT(served, 2'000);
                QVERIFY(studio.window->stopAction()->isEnabled());
                studio.window->stopAction()->trigger();
            }
        }
        QTRY_VERIFY_WITH_TIMEOUT(badge->text().contains(finalState), 30'000);
        QTRY_VERIFY2_WITH_TIMEOUT(logContains(logSays), qPrintable([log] {
            QStringList last;
            for (int row = qMax(0, log->rowCount() - 8); row < log->rowCount(); ++row)
                last.append(log->index(row, LogModel::MessageColumn).data().toString());
            return last.join(u" | "_s);
        }()), 5'000);
        QVERIFY(studio.window->playAction()->isEnabled());
        QVERIFY(!studio.window->stopAction()->isEnabled());
        // No runtime is left behind (its command line names this project's cartridge).
        QTRY_VERIFY_WITH_TIMEOUT(TestSupport::processesMentioning(studio.projectPath).isEmpty(), 5'000);
    }

    void logViewFiltersAndSearches()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        ExecutionSession *session = studio.services()->session();
        session->appendLog(LogSource::Build, LogSeverity::Warning, u"sprite sheet is large"_s, u"sprites/hero.png"_s, 0);
        session->appendLog(LogSource::Runtime, LogSeverity::Info, u"player spawned at 3,4"_s);
        session->appendLog(LogSource::Runtime, LogSeverity::Error, u"script error"_s, u"scripts/main.lua"_s, 12);
        LogView *view = studio.window->logView();
        LogModel *model = view->model();
        auto rowsWith = [model](const QString &text) {
            int count = 0;
            for (int row = 0; row < model->rowCount(); ++row)
                count += model->index(row, LogModel::MessageColumn).data().toString().contains(text) ? 1 : 0;
            return count;
        };
        QTRY_COMPARE(rowsWith(u"player spawned"_s), 1);

        QToolButton *runtime = toggleNamed(view, LogModel::sourceLabel(LogSource::Runtime));
        QVERIFY(runtime);
        QTest::mouseClick(runtime, Qt::LeftButton);
        QCOMPARE(rowsWith(u"player spawned"_s), 0);
        QCOMPARE(rowsWith(u"sprite sheet"_s), 1);
        QTest::mouseClick(runtime, Qt::LeftButton);
        QToolButton *info = toggleNamed(view, LogModel::severityLabel(LogSeverity::Info));
        QTest::mouseClick(info, Qt::LeftButton);
        QCOMPARE(rowsWith(u"player spawned"_s), 0);
        QCOMPARE(rowsWith(u"script error"_s), 1);
        QTest::mouseClick(info, Qt::LeftButton);

        view->setSearchText(u"SPAWNED"_s);
        QVERIFY(view->findNext(true));
        QVERIFY(view->table()->currentIndex().data().toString().contains(u"spawned"_s));
        QVERIFY(!view->isFollowingTail()); // a search result is not scrolled away
        view->setSearchText(u"no such line"_s);
        QVERIFY(!view->findNext(true));

        // A location is a link to the asset.
        const int errorRow = model->findRow(u"script error"_s, -1, true);
        const QModelIndex location = model->index(errorRow, LogModel::LocationColumn);
        QCOMPARE(location.data().toString(), u"scripts/main.lua:12"_s);
        view->table()->scrollTo(location);
        QTest::mouseClick(view->table()->viewport(), Qt::LeftButton, {}, view->table()->visualRect(location).center());
        QCOMPARE(studio.window->assetsWorkspace()->selectedAsset(), u"scripts/main.lua"_s);
    }

    // The docks come back at the size they were left at. (Their layout was
    // restored while they were still empty, and they came back at their
    // smallest: the log three lines high on every start after the first.)
    void theDocksKeepTheirSizeFromOneStartToTheNext()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        auto *log = studio.window->findChild<QDockWidget *>(u"logDock"_s);
        QVERIFY(log);
        const int first = log->height();
        const int wanted = first + 120;
        studio.window->resizeDocks({log}, {wanted}, Qt::Vertical);
        QTRY_VERIFY(log->height() > first + 60);
        const int left = log->height();
        studio.window->close(); // saves the layout
        studio.context.closeProject();

        studio.window = std::make_unique<MainWindow>(&studio.context);
        QVERIFY(studio.openAndWaitUntilChecked());
        log = studio.window->findChild<QDockWidget *>(u"logDock"_s);
        QVERIFY(log);
        QTRY_COMPARE(log->height(), left);
    }

    // Opening a project stalls the GUI thread once per piece: the
    // workspaces and the docks' panels are made on the next turns, and a
    // project closed before the hidden Debug tab was made still remembers
    // it as open.
    void theHiddenDebugWorkspaceIsMadeOnTheNextTurn()
    {
        Studio studio;
        QVERIFY(studio.copied);
        QString error;
        auto *tabs = studio.window->findChild<QTabWidget *>();
        QVERIFY(tabs);
        QCOMPARE(tabs->count(), 1); // the welcome page
        QPointer<QWidget> welcome = tabs->widget(0);
        QSignalSpy opened(studio.window.get(), &MainWindow::openingFinished);
        QVERIFY(studio.context.openProject(studio.projectPath, &error));
        // Nothing of the project's is made yet; the welcome page stays until
        // the workspace in front takes its place.
        QVERIFY(!studio.window->assetsWorkspace());
        QVERIFY(!studio.window->debugWorkspace());
        QVERIFY(studio.window->isWorkspaceOpen(MainWindow::Workspace::Assets));
        QVERIFY(studio.window->isWorkspaceOpen(MainWindow::Workspace::Debug));
        QCOMPARE(tabs->widget(0), welcome.data());
        QVERIFY(opened.wait());
        QVERIFY(!welcome);
        QVERIFY(studio.window->debugWorkspace() && studio.window->activityPanel() && studio.window->logView());
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->currentWidget(), studio.window->assetsWorkspace()); // still in front

        QVERIFY(studio.context.openProject(studio.projectPath, &error));
        studio.context.closeProject(); // before the Debug tab was made
        QVERIFY(!studio.settings.value(u"workspaces/closed"_s).toStringList().contains(u"debug"_s));
        QVERIFY(studio.context.openProject(studio.projectPath, &error));
        QTRY_VERIFY(studio.window->debugWorkspace());
        studio.window->closeWorkspace(MainWindow::Workspace::Debug);
        studio.context.closeProject();
        QVERIFY(studio.settings.value(u"workspaces/closed"_s).toStringList().contains(u"debug"_s));
    }

    // A log view behind another tab costs nothing under a flood: it takes
    // what arrived when it is shown.
    void aHiddenLogViewCatchesUpWhenShown()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        studio.window->openWorkspace(MainWindow::Workspace::Debug);
        LogView *hidden = studio.window->debugWorkspace()->logView();
        studio.window->openWorkspace(MainWindow::Workspace::Assets);
        QVERIFY(!hidden->isVisible());
        const int rows = hidden->model()->rowCount();
        QSignalSpy inserted(hidden->model(), &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 100; ++i)
            studio.services()->session()->appendLog(LogSource::Runtime, LogSeverity::Info, u"while hidden %1"_s.arg(i));
        LogModel *dock = studio.window->logView()->model();
        QTRY_VERIFY(dock->rowCount() > 0 && dock->entryAt(dock->rowCount() - 1)->message == u"while hidden 99"_s);
        QVERIFY(!inserted.wait(3 * LogView::refreshIntervalMs));
        QCOMPARE(hidden->model()->rowCount(), rows);

        studio.window->openWorkspace(MainWindow::Workspace::Debug);
        QCOMPARE(hidden->model()->rowCount(), rows + 100);
        QCOMPARE(hidden->model()->entryAt(rows + 99)->message, u"while hidden 99"_s);
    }

    void closingAndReopeningDebugKeepsTheLog()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        studio.window->openWorkspace(MainWindow::Workspace::Debug); // its log view takes lines while shown
        for (int i = 0; i < 100; ++i)
            studio.services()->session()->appendLog(LogSource::Runtime, LogSeverity::Info, u"line %1"_s.arg(i));
        LogModel *before = studio.window->debugWorkspace()->logView()->model();
        QTRY_VERIFY(before->rowCount() >= 100);
        const int rows = before->rowCount();
        const QString last = before->entryAt(rows - 1)->message;

        studio.window->closeWorkspace(MainWindow::Workspace::Debug);
        QVERIFY(!studio.window->debugWorkspace());
        studio.services()->session()->appendLog(LogSource::Runtime, LogSeverity::Info, u"while closed"_s);
        studio.window->openWorkspace(MainWindow::Workspace::Debug);
        LogModel *after = studio.window->debugWorkspace()->logView()->model();
        QTRY_COMPARE(after->rowCount(), rows + 1);
        QCOMPARE(after->entryAt(rows - 1)->message, last);
        QCOMPARE(after->entryAt(rows)->message, u"while closed"_s);

        studio.window->rebuildWorkspaces();
        QTRY_COMPARE(studio.window->debugWorkspace()->logView()->model()->rowCount(), rows + 1);
        QCOMPARE(studio.services()->session()->state(), SessionState::Idle);
    }

    void assetActionsRunThroughThePackerWithUndo()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        AssetTreeModel *assets = studio.services()->assets();
        const QString coin = u"sprites/coin.png"_s;
        QVERIFY(!assets->indexOfAsset(coin).data(AssetTreeModel::ExcludedRole).toBool());
        AssetAction exclude;
        exclude.type = AssetAction::Type::Exclude;
        exclude.asset = coin;
        studio.services()->applyAction(exclude, u"Exclude coin"_s);
        QTRY_VERIFY(assets->indexOfAsset(coin).data(AssetTreeModel::ExcludedRole).toBool());
        QTRY_COMPARE(studio.services()->undoStack()->count(), 1);
        QVERIFY(TestSupport::readFile(studio.projectPath + u"/prometeu.assets.json"_s).contains("coin.png"));

        studio.services()->undoStack()->undo();
        QTRY_VERIFY(!assets->indexOfAsset(coin).data(AssetTreeModel::ExcludedRole).toBool());
        studio.services()->undoStack()->redo();
        QTRY_VERIFY(assets->indexOfAsset(coin).data(AssetTreeModel::ExcludedRole).toBool());

        AssetAction rename;
        rename.type = AssetAction::Type::Rename;
        rename.asset = u"sprites/hero.png"_s;
        rename.newPath = u"sprites/heroine.png"_s;
        studio.services()->applyAction(rename, u"Rename hero"_s);
        // A rescan started by the watcher (the options file changed above)
        // may list the new name before it drops the old: wait for both.
        QTRY_VERIFY(assets->contains(u"sprites/heroine.png"_s) && !assets->contains(u"sprites/hero.png"_s));
        QVERIFY(QFile::exists(studio.projectPath + u"/assets/sprites/heroine.png"_s));
        // The tree hears of the rename (an event) before the stack gets it
        // (the operation's end): undo once it is there, as a user can.
        QTRY_COMPARE(studio.services()->undoStack()->count(), 2);
        studio.services()->undoStack()->undo();
        QTRY_VERIFY(assets->contains(u"sprites/hero.png"_s));
        QTRY_VERIFY(!assets->contains(u"sprites/heroine.png"_s));
        QVERIFY(QFile::exists(studio.projectPath + u"/assets/sprites/hero.png"_s));
    }

    // Folders open by themselves in a small project; past 2,000 assets
    // they start closed (a tree of every asset is a list nobody reads, and
    // laying it out again after each scan batch stalled the GUI), and open
    // when asked: a revealed asset, a filter.
    void aLargeProjectsFoldersStartClosedAndOpenWhenAsked()
    {
        const auto folderNamed = [](QTreeView *tree, const QString &name, const QModelIndex &parent = {}) {
            QAbstractItemModel *model = tree->model();
            for (int row = 0; row < model->rowCount(parent); ++row) {
                const QModelIndex index = model->index(row, 0, parent);
                if (index.data().toString() == name)
                    return index;
            }
            return QModelIndex();
        };
        {
            Studio small;
            // A folder arrives with its folders in one insertion: they open too.
            QVERIFY(TestSupport::writeFile(small.projectPath + u"/assets/nested/inner/deeper/x.json"_s, "{}"));
            QVERIFY(small.openAndWaitUntilChecked());
            QTreeView *tree = small.window->assetsWorkspace()->tree();
            const QModelIndex sprites = folderNamed(tree, u"sprites"_s);
            QVERIFY(sprites.isValid());
            QVERIFY(tree->isExpanded(sprites));
            const QModelIndex nested = folderNamed(tree, u"nested"_s);
            const QModelIndex inner = folderNamed(tree, u"inner"_s, nested);
            const QModelIndex deeper = folderNamed(tree, u"deeper"_s, inner);
            QVERIFY(deeper.isValid());
            QVERIFY(tree->isExpanded(nested) && tree->isExpanded(inner) && tree->isExpanded(deeper));
        }

        Studio large;
        for (int i = 0; i < 2'100; ++i) {
            const QString folder = large.projectPath + (i < 2'000 ? u"/assets/bulk%1/"_s.arg(i % 4) : u"/assets/deep/er/"_s);
            QVERIFY(QDir().mkpath(folder));
            QFile file(folder + u"item%1.json"_s.arg(i));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray("{\"n\": ") + QByteArray::number(i) + "}");
        }
        QVERIFY(large.openAndWaitUntilChecked());
        AssetsWorkspace *workspace = large.window->assetsWorkspace();
        QTreeView *tree = workspace->tree();
        const QModelIndex bulk = folderNamed(tree, u"bulk0"_s);
        const QModelIndex deep = folderNamed(tree, u"deep"_s);
        const QModelIndex sprites = folderNamed(tree, u"sprites"_s);
        QVERIFY(bulk.isValid() && deep.isValid() && sprites.isValid());
        QCOMPARE(tree->model()->rowCount(bulk), 500);
        QVERIFY(!tree->isExpanded(bulk));
        QVERIFY(!tree->isExpanded(deep));
        QVERIFY(!tree->isExpanded(sprites)); // the folders of the first batches closed too

        // Revealed (as from a log line): the folders down to it open.
        QVERIFY(workspace->selectAsset(u"deep/er/item2050.json"_s));
        QVERIFY(tree->isExpanded(deep));
        QVERIFY(tree->isExpanded(folderNamed(tree, u"er"_s, deep)));
        QCOMPARE(tree->currentIndex().data().toString(), u"item2050.json"_s);
        QVERIFY(!tree->isExpanded(bulk));

        // A filter opens what matches; clearing it closes them again, all
        // but the way to the selected asset.
        auto *filter = workspace->findChild<QLineEdit *>(u"assetFilter"_s);
        QVERIFY(filter);
        filter->setText(u"item1"_s);
        QVERIFY(tree->isExpanded(folderNamed(tree, u"bulk1"_s)));
        filter->clear();
        QVERIFY(!tree->isExpanded(folderNamed(tree, u"bulk1"_s)));
        QVERIFY(tree->isExpanded(folderNamed(tree, u"deep"_s)));
        QCOMPARE(tree->currentIndex().data().toString(), u"item2050.json"_s);
    }

    void selectingAnAssetShowsItsPreview()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        AssetsWorkspace *workspace = studio.window->assetsWorkspace();
        QVERIFY(workspace->selectAsset(u"sprites/slime.png"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!workspace->previewLabel()->pixmap().isNull(), 10'000);
        QVERIFY(workspace->previewLabel()->pixmap().width() >= 16);

        // Saved again from an image editor: the preview shows the new pixels.
        QImage green(QImage(studio.projectPath + u"/assets/sprites/slime.png"_s).size(), QImage::Format_RGBA8888);
        green.fill(QColor(0, 200, 0));
        QVERIFY(green.save(studio.projectPath + u"/assets/sprites/slime.png"_s));
        // (While the new one is made the label shows words, no pixmap.)
        const auto centre = [workspace] {
            const QImage image = workspace->previewLabel()->pixmap().toImage();
            return image.isNull() ? QColor() : image.pixelColor(image.width() / 2, image.height() / 2);
        };
        QVERIFY(centre() != QColor(0, 200, 0));
        QTRY_COMPARE_WITH_TIMEOUT(centre(), QColor(0, 200, 0), 15'000);
    }

    // A project built before the Studio opened: its first build here is up
    // to date and says a cut-short sound's converter warning again, which
    // lands on the asset and in the status bar's figures.
    void anUpToDateBuildSaysItsWarningsAgain()
    {
        Studio studio;
        const QByteArray whole = TestSupport::readFile(studio.projectPath + u"/assets/sounds/jump.wav"_s);
        QVERIFY(!whole.isEmpty());
        QVERIFY(TestSupport::writeFile(studio.projectPath + u"/assets/sounds/cut.wav"_s, whole.left(whole.size() / 2)));
        const auto before = TestSupport::runToEnd(TestSupport::loadProject(studio.projectPath),
                                                  [](Packer &packer) { return packer.build(); }, 2);
        QVERIFY(before.result && before.result->failed == 0);
        QVERIFY(studio.openAndWaitUntilChecked());
        QSignalSpy built(studio.services(), &ProjectServices::buildFinished);
        studio.services()->build();
        QVERIFY(built.wait(30'000));
        AssetTreeModel *assets = studio.services()->assets();
        const auto warned = [&] {
            const QList<Diagnostic> said = assets->diagnostics(u"sounds/cut.wav"_s);
            return std::any_of(said.cbegin(), said.cend(), [](const Diagnostic &d) {
                return d.code == u"audio.truncated"_s && d.severity == Severity::Warning;
            });
        };
        QTRY_VERIFY(warned());
        // The doctor and the build say it alike: one warning, no error.
        QCOMPARE(assets->totals().warnings, 1);
        QCOMPARE(assets->totals().errors, 0);
        const auto statusFigures = [&] {
            for (const QLabel *label : studio.window->statusBar()->findChildren<QLabel *>()) {
                if (label->text().contains(u"asset(s)"_s))
                    return label->text();
            }
            return QString();
        };
        QTRY_VERIFY2(statusFigures().contains(u"1 warning(s)"_s), qPrintable(statusFigures()));
        // And the merged log says it, from the build, as Play's build does,
        // once per Build Cartridge.
        const auto buildWarnings = [&] {
            const QList<LogEntry> entries = studio.services()->session()->log().entries();
            return std::count_if(entries.cbegin(), entries.cend(), [](const LogEntry &entry) {
                return entry.source == LogSource::Build && entry.severity == LogSeverity::Warning
                    && entry.asset() == u"sounds/cut.wav"_s && entry.message.contains(u"[audio.truncated]"_s);
            });
        };
        QCOMPARE(buildWarnings(), 1);
        studio.services()->build();
        QVERIFY(built.wait(30'000));
        QCOMPARE(buildWarnings(), 2);
    }

    void diagnosticsShowAsBadgesAndDetails()
    {
        Studio studio(u"tests/fixtures/broken"_s);
        QVERIFY(studio.openAndWaitUntilChecked());
        AssetTreeModel *assets = studio.services()->assets();
        QTRY_VERIFY(assets->totals().errors > 0);
        const QString broken = u"images/corrupt.png"_s;
        QVERIFY(!broken.isEmpty());
        const QModelIndex index = assets->indexOfAsset(broken);
        QVERIFY(index.data(AssetTreeModel::ErrorCountRole).toInt() > 0);
        QVERIFY(index.siblingAtColumn(AssetTreeModel::StatusColumn).data().toString().contains(u"error"_s));
        AssetsWorkspace *workspace = studio.window->assetsWorkspace();
        QVERIFY(workspace->selectAsset(broken));
        QVERIFY(workspace->diagnosticsList()->topLevelItemCount() >= 1);
        QCOMPARE(workspace->diagnosticsList()->topLevelItem(0)->text(0), assets->diagnostics(broken).first().message);
    }

    // docs/dependencies.md in the details pane: what a map uses and what
    // uses it, why it was rebuilt, and the Unused filter.
    void assetDetailsShowUsesUsedByAndHistory()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        AssetsWorkspace *workspace = studio.window->assetsWorkspace();
        const QString map = u"maps/meadow.tmx"_s;
        QVERIFY(workspace->selectAsset(map));
        QTreeWidget *dependencies = workspace->dependenciesList();
        QCOMPARE(dependencies->topLevelItem(0)->text(0), u"Uses (6)"_s);
        QCOMPARE(dependencies->topLevelItem(0)->child(2)->text(0), u"tiles/grass.png"_s);
        QCOMPARE(dependencies->topLevelItem(0)->child(2)->text(1), u"6"_s); // the line naming it
        QCOMPARE(dependencies->topLevelItem(1)->text(0), u"Used by (2)"_s);
        QCOMPARE(dependencies->topLevelItem(1)->child(0)->text(0), u"data/level1.json"_s);
        // Activating a used asset shows it.
        Q_EMIT dependencies->itemActivated(dependencies->topLevelItem(0)->child(2), 0);
        QCOMPARE(workspace->selectedAsset(), u"tiles/grass.png"_s);
        QCOMPARE(dependencies->topLevelItem(1)->child(0)->text(0), map);

        // Built, then the tile image changed and built again: the map's
        // History says why, newest first.
        QSignalSpy built(studio.services(), &ProjectServices::buildFinished);
        studio.services()->build();
        QVERIFY(built.wait(30'000));
        QImage grass(studio.projectPath + u"/assets/tiles/grass.png"_s);
        grass.setPixel(0, 0, qRgb(255, 0, 255));
        QVERIFY(grass.save(studio.projectPath + u"/assets/tiles/grass.png"_s));
        studio.services()->build();
        QVERIFY(built.wait(30'000));
        QVERIFY(workspace->selectAsset(map));
        QTreeWidget *history = workspace->historyList();
        QTRY_COMPARE(history->topLevelItemCount(), 2);
        QCOMPARE(history->topLevelItem(0)->text(1), u"Converted"_s);
        QCOMPARE(history->topLevelItem(0)->text(4), u"tiles/grass.png, which it uses, changed"_s);
        QCOMPARE(history->topLevelItem(1)->text(4), u"It is new"_s);

        // Unused: what nothing names.
        auto *proxy = qobject_cast<QSortFilterProxyModel *>(workspace->tree()->model());
        QVERIFY(proxy);
        const auto shown = [&](const QString &path) {
            return proxy->mapFromSource(studio.services()->assets()->indexOfAsset(path)).isValid();
        };
        QVERIFY(shown(u"sprites/hero.png"_s));
        workspace->setShown(AssetsWorkspace::Show::Unused);
        QVERIFY(!shown(u"sprites/hero.png"_s));
        QVERIFY(shown(u"ui/font.png"_s));
        QVERIFY(shown(u"credits.txt"_s));
        QVERIFY(!shown(u"scripts/main.lua"_s)); // where the game starts
        workspace->setShown(AssetsWorkspace::Show::All);
        QVERIFY(shown(u"sprites/hero.png"_s));
    }

    // A converter that crashes on a hostile file fails that asset; the
    // Studio, and the rest of the build, go on (converters run in
    // prometeu-worker processes).
    void aConverterCrashDoesNotTakeTheStudioDown()
    {
        qputenv("PROMETEU_WORKER_TEST_FAULTS", "1"); // fault-crash.* crashes its worker
        const auto restore = qScopeGuard([] { qunsetenv("PROMETEU_WORKER_TEST_FAULTS"); });
        Studio studio;
        QImage image(4, 4, QImage::Format_RGBA8888);
        image.fill(Qt::red);
        QVERIFY(image.save(studio.projectPath + u"/assets/sprites/fault-crash.png"_s));
        QVERIFY(studio.openAndWaitUntilChecked());
        QSignalSpy built(studio.services(), &ProjectServices::buildFinished);
        studio.services()->build();
        QVERIFY(built.wait(30'000));
        QCOMPARE(built.first().first().toBool(), false);
        QTRY_VERIFY(!studio.services()->assets()->diagnostics(u"sprites/fault-crash.png"_s).isEmpty());
        bool crashed = false;
        for (const Diagnostic &d : studio.services()->assets()->diagnostics(u"sprites/fault-crash.png"_s))
            crashed = crashed || d.code == u"convert.crashed"_s;
        QVERIFY(crashed);
        QVERIFY(studio.window->isVisible());
        // Still working: removed, the next build succeeds.
        QVERIFY(QFile::remove(studio.projectPath + u"/assets/sprites/fault-crash.png"_s));
        studio.services()->build();
        QVERIFY(built.wait(30'000));
        QCOMPARE(built.last().first().toBool(), true);
    }

    void filesChangedOnDiskUpdateTheTree()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        AssetTreeModel *assets = studio.services()->assets();
        const QString assetsFolder = studio.projectPath + u"/assets/"_s;
        QVERIFY(QFile::copy(assetsFolder + u"sprites/coin.png"_s, assetsFolder + u"sprites/coin2.png"_s));
        QTRY_VERIFY_WITH_TIMEOUT(assets->contains(u"sprites/coin2.png"_s), 10'000);
        QVERIFY(QFile::remove(assetsFolder + u"sprites/coin2.png"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!assets->contains(u"sprites/coin2.png"_s), 10'000);
        // Damaging a file in place is noticed and diagnosed.
        QVERIFY(TestSupport::writeFile(assetsFolder + u"data/items.json"_s, "{ broken"));
        QTRY_VERIFY_WITH_TIMEOUT(assets->indexOfAsset(u"data/items.json"_s).data(AssetTreeModel::ErrorCountRole).toInt() > 0,
                                 10'000);
    }

    void remembersLayoutAndRecentProjects()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        studio.window->closeWorkspace(MainWindow::Workspace::Debug);
        studio.window->close();
        QVERIFY(studio.settings.contains(u"window/geometry"_s));
        QCOMPARE(studio.settings.value(u"workspaces/closed"_s).toStringList(), QStringList{u"debug"_s});
        QCOMPARE(studio.context.recentProjects().value(0), QDir::cleanPath(studio.projectPath));
        // A second window over the same context restores what was closed.
        studio.window = std::make_unique<MainWindow>(&studio.context);
        QVERIFY(studio.window->isWorkspaceOpen(MainWindow::Workspace::Assets));
        QVERIFY(!studio.window->isWorkspaceOpen(MainWindow::Workspace::Debug));
    }

    // QSettings would write itself (QSaveFile, fsync: 50 ms here) on the
    // GUI thread when its save request arrives; the saver writes it on its
    // own thread, and every later change too.
    void settingsAreSavedOffTheGuiThread()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"studio.ini"_s);
        QSettings settings(path, QSettings::IniFormat);
        SettingsSaver saver(&settings);
        QSignalSpy saved(&saver, &SettingsSaver::saved);
        for (const char *key : {"first", "second"}) {
            settings.setValue(QLatin1StringView(key), 1);
            QCoreApplication::processEvents(); // QSettings' own request: not written here
            QVERIFY(!TestSupport::readFile(path).contains(key));
            QVERIFY(saved.wait());
            QVERIFY2(TestSupport::readFile(path).contains(QByteArray(key) + "=1"), key);
        }
        QCOMPARE(saver.savesStarted(), 2);
        settings.setValue(u"third"_s, 3);
        saver.saveNow();
        QVERIFY(TestSupport::readFile(path).contains("third=3"));
    }

    // Qt 6.4's INI save cut a settings file on a full disk and said it had
    // saved (QTBUG-75077): the Studio's format keeps the old file whole.
    void settingsAreSavedWholeOrNotAtAllOnAFullDisk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"studio.settings"_s);
        const QByteArray layout("\x00\x01\xff layout bytes", 17);
        const QStringList recent{u"/home/me/games/slime"_s, u"/home/me/games/ÿ ünïcode"_s};
        {
            QSettings settings(path, SettingsFormat::format());
            settings.setValue(u"window/state"_s, layout);
            settings.setValue(u"recentProjects"_s, recent);
            settings.setValue(u"server/port"_s, 8123);
            settings.setValue(u"run/liveReload"_s, true);
            for (int i = 0; i < 20; ++i)
                settings.setValue(u"padding/key%1"_s.arg(i), u"a value long enough to matter"_s);
            settings.sync();
            QCOMPARE(settings.status(), QSettings::NoError);
        }
        const QByteArray before = TestSupport::readFile(path);
        QVERIFY(before.size() > 600);

        struct rlimit saved{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
        const auto previousAction = ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit limited = saved;
        limited.rlim_cur = rlim_t(before.size() / 2); // the disk fills halfway through the save
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
        QSettings::Status status = QSettings::NoError;
        {
            QSettings settings(path, SettingsFormat::format());
            settings.setValue(u"server/port"_s, 9000);
            settings.sync();
            status = settings.status();
        }
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &saved) == 0);
        ::signal(SIGXFSZ, previousAction);
        QCOMPARE(status, QSettings::AccessError);
        QCOMPARE(TestSupport::readFile(path), before);

        // (QSettings objects over one file share their unsaved changes in
        // the process: the file itself is read here.)
        const QJsonObject kept = QJsonDocument::fromJson(TestSupport::readFile(path)).object().value(u"settings"_s).toObject();
        QCOMPARE(kept.value(u"server/port"_s).toInt(), 8123);
        QCOMPARE(kept.value(u"recentProjects"_s).toArray().size(), 2);
        QSettings reread(path, SettingsFormat::format());
        QCOMPARE(reread.status(), QSettings::NoError);
        QCOMPARE(reread.value(u"window/state"_s).toByteArray(), layout);
        QCOMPARE(reread.value(u"recentProjects"_s).toStringList(), recent);
        QCOMPARE(reread.value(u"run/liveReload"_s).toBool(), true);
        reread.sync(); // with room again, the change is saved
        QCOMPARE(reread.status(), QSettings::NoError);
        QCOMPARE(QJsonDocument::fromJson(TestSupport::readFile(path)).object().value(u"settings"_s).toObject()
                     .value(u"server/port"_s).toInt(), 9000);
    }

    void aDamagedSettingsFileStartsFromDefaults()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"studio.settings"_s);
        QVERIFY(TestSupport::writeFile(path, "{\"settings\": {\"recentProjects\": [\"/a\""));
        QSettings settings(path, SettingsFormat::format());
        QCOMPARE(settings.status(), QSettings::FormatError);
        QVERIFY(settings.value(u"recentProjects"_s).toStringList().isEmpty());
    }

    void anOlderStudiosIniSettingsAreCarriedOver()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"prometeu-studio.conf"_s);
        const QByteArray layout("\x00\x02 geometry", 11);
        {
            QSettings older(ini, QSettings::IniFormat);
            older.setValue(u"window/geometry"_s, layout);
            older.setValue(u"recentProjects"_s, QStringList{u"/games/one"_s, u"/games/two"_s});
            older.setValue(u"server/enabled"_s, true);
        }
        const QByteArray iniBefore = TestSupport::readFile(ini);
        const QString path = dir.filePath(u"prometeu-studio.settings"_s);
        {
            const auto settings = SettingsFormat::openUserSettings(path, ini);
            QCOMPARE(settings->value(u"window/geometry"_s).toByteArray(), layout);
            QCOMPARE(settings->value(u"recentProjects"_s).toStringList(), (QStringList{u"/games/one"_s, u"/games/two"_s}));
            QVERIFY(settings->value(u"server/enabled"_s).toBool());
            settings->setValue(u"server/enabled"_s, false);
        }
        QVERIFY(QFileInfo::exists(path));
        QCOMPARE(TestSupport::readFile(ini), iniBefore); // left for an older Studio
        // Once only: the newer file wins from then on.
        const auto again = SettingsFormat::openUserSettings(path, ini);
        QVERIFY(!again->value(u"server/enabled"_s).toBool());
    }

    void earlierOperationsShowInActivityAfterReopening()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        QSignalSpy built(studio.services(), &ProjectServices::buildFinished);
        studio.services()->build();
        QVERIFY(built.wait(20'000));
        const QString buildId = studio.operationOf(OperationKind::Build);
        QVERIFY(!buildId.isEmpty());
        studio.context.closeProject(); // the history is committed as the project closes

        QVERIFY(studio.openAndWaitUntilChecked());
        const QModelIndex earlier = studio.activity()->indexOf(buildId, ActivityModel::SummaryColumn);
        QVERIFY2(earlier.isValid(), "the build of the earlier session is listed");
        QVERIFY(earlier.data().toString().contains(u"Built 26"_s));
        QCOMPARE(studio.activity()->state(buildId), ActivityModel::State::Succeeded);
    }

    void servesEventsWhenTurnedOn()
    {
        Studio studio;
        studio.settings.setValue(u"server/enabled"_s, true);
        QVERIFY(studio.openAndWaitUntilChecked());
        EventServer *server = studio.services()->server();
        QVERIFY(server);
        QVERIFY(studio.window->serveAction()->isChecked());
        QNetworkAccessManager network;
        QNetworkRequest request(server->url().resolved(QUrl(u"snapshot"_s)));
        request.setRawHeader("Authorization", "Bearer " + server->token());
        QNetworkReply *reply = network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject snapshot = QJsonDocument::fromJson(reply->readAll()).object();
        QVERIFY(snapshot.value(u"seq"_s).toInteger() > 26); // the first scan and check went through the hub
        reply->deleteLater();

        // The server runs on its own thread; a POST reaches the Studio's
        // packer on the GUI thread and its answer comes back.
        QNetworkRequest post(server->url().resolved(QUrl(u"operations"_s)));
        post.setRawHeader("Authorization", "Bearer " + server->token());
        post.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *started = network.post(post, R"({"operation": "scan"})");
        QSignalSpy startedFinished(started, &QNetworkReply::finished);
        QVERIFY(startedFinished.wait(10'000));
        QCOMPARE(started->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
        const QString scanId = QJsonDocument::fromJson(started->readAll()).object().value(u"operation_id"_s).toString();
        QVERIFY(!scanId.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(studio.activity()->state(scanId), ActivityModel::State::Succeeded, 10'000);
        started->deleteLater();

        // Turned off, it stops listening.
        studio.settings.setValue(u"server/enabled"_s, false);
        QVERIFY(studio.services()->setServing(false));
        QVERIFY(!studio.services()->server());

        // On a chosen port (a free one, found by asking the system for one).
        quint16 chosen = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            chosen = probe.serverPort();
        }
        studio.settings.setValue(u"server/enabled"_s, true);
        studio.settings.setValue(u"server/port"_s, chosen);
        studio.context.closeProject();
        QVERIFY(studio.openAndWaitUntilChecked()); // a project opens serving as the settings say
        QVERIFY(studio.services()->server());
        QCOMPARE(studio.services()->server()->port(), chosen);
    }

    void teamCachePreferenceIsSavedAndUsedAtOnce()
    {
        Studio studio;
        QVERIFY(studio.openAndWaitUntilChecked());
        const QByteArray home = qgetenv("XDG_CONFIG_HOME");
        qputenv("XDG_CONFIG_HOME", studio.dir.filePath(u"xdg"_s).toLocal8Bit());
        auto restore = qScopeGuard([&] {
            if (home.isNull())
                qunsetenv("XDG_CONFIG_HOME");
            else
                qputenv("XDG_CONFIG_HOME", home);
        });
        ProjectCore *core = studio.services()->core();
        QVERIFY(!core->remoteCache()); // the demo names none

        {
            PreferencesDialog dialog(core, studio.window.get());
            auto *choice = dialog.findChild<QComboBox *>(u"teamCacheChoice"_s);
            auto *url = dialog.findChild<QLineEdit *>(u"teamCacheUrl"_s);
            QVERIFY(choice && url);
            QVERIFY(!url->isEnabled());
            choice->setCurrentIndex(1); // "Use this team cache:"
            QVERIFY(url->isEnabled());
            url->setText(u"http://127.0.0.1:9/team"_s);
            auto *minSize = dialog.findChild<QSpinBox *>(u"teamCacheMinSize"_s);
            QVERIFY(minSize);
            QCOMPARE(minSize->value(), 16); // KiB, the default
            minSize->setValue(4);
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        QVERIFY(core->remoteCache());
        QCOMPARE(core->remoteCache()->url.toString(), u"http://127.0.0.1:9/team/"_s);
        QCOMPARE(core->remoteCache()->minSize, 4096);
        const auto saved = UserSettings().load();
        QVERIFY(saved);
        QCOMPARE(saved->value(u"remote_cache"_s).toObject().value(u"url"_s).toString(), u"http://127.0.0.1:9/team"_s);
        QVERIFY(UserSettings().path().startsWith(studio.dir.path()));

        {
            PreferencesDialog dialog(core, studio.window.get());
            auto *choice = dialog.findChild<QComboBox *>(u"teamCacheChoice"_s);
            QCOMPARE(choice->currentIndex(), 1); // what was saved
            choice->setCurrentIndex(2); // "Use no team cache"
            dialog.accept();
        }
        QVERIFY(!core->remoteCache());
        QVERIFY(UserSettings().load()->value(u"remote_cache"_s).toObject().contains(u"url"_s));
    }

    void refusesAProjectThatDoesNotLoad()
    {
        Studio studio;
        QVERIFY(TestSupport::writeFile(studio.dir.filePath(u"bad/prometeu.json"_s), "{ \"id\": "));
        QString error;
        QVERIFY(!studio.context.openProject(studio.dir.filePath(u"bad"_s), &error));
        QVERIFY2(error.contains(u"prometeu.json"_s), qPrintable(error));
        QVERIFY(!studio.context.project());
    }
};

QTEST_MAIN(TestStudio)
#include "tst_studio.moc"
