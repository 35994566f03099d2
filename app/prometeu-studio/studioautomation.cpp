#include "studioautomation.h"

#include <ui/activitymodel.h>
#include <ui/activitypanel.h>
#include <ui/assetsworkspace.h>
#include <ui/mainwindow.h>
#include <ui/preferencesdialog.h>
#include <ui/projectservices.h>
#include <ui/studiocontext.h>

#include <QCoreApplication>
#include <QDialog>
#include <QDockWidget>
#include <QTreeView>
#include <QPainter>
#include <QPixmap>
#include <QScreen>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace Prometeu {

StudioAutomation::StudioAutomation(StudioContext *context, MainWindow *window, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_window(window)
{
}

void StudioAutomation::addScreenshot(const QString &spec)
{
    m_screenshots.append(spec);
}

void StudioAutomation::quitAfter(int milliseconds)
{
    QTimer::singleShot(milliseconds, qApp, [] { QCoreApplication::quit(); });
}

void StudioAutomation::arm()
{
    ProjectServices *project = m_context->project();
    if (!project) {
        onReady();
        return;
    }
    // "Ready" is the end of the first check of the project.
    connect(project, &ProjectServices::doctorFinished, this, &StudioAutomation::onReady, Qt::SingleShotConnection);
    connect(project, &ProjectServices::scanFinished, this, [this](bool ok) {
        if (!ok)
            onReady();
    }, Qt::SingleShotConnection);
}

void StudioAutomation::onReady()
{
    if (m_fired)
        return;
    // The panels used below are made one a turn after the project opens:
    // made all at once here, they were a stall of 40-47 ms at start.
    if (m_window->isOpening()) {
        connect(m_window, &MainWindow::openingFinished, this, &StudioAutomation::onReady, Qt::SingleShotConnection);
        return;
    }
    m_fired = true;
    if (m_activity) {
        m_window->activityDock()->show();
        m_window->activityDock()->raise();
        QTreeView *view = m_window->activityPanel()->view();
        connect(view->model(), &QAbstractItemModel::rowsInserted, view, [view](const QModelIndex &parent) {
            if (!parent.isValid())
                view->expand(view->model()->index(view->model()->rowCount() - 1, 0));
        });
    }
    if (!m_select.isEmpty()) {
        // "asset#uses" or "asset#history": that tab of its details.
        const qsizetype hash = m_select.lastIndexOf(u'#');
        m_window->revealAsset(hash < 0 ? m_select : m_select.left(hash));
        const QString tab = hash < 0 ? QString() : m_select.mid(hash + 1);
        if (tab == u"uses"_s)
            m_window->assetsWorkspace()->detailTabs()->setCurrentIndex(1);
        else if (tab == u"history"_s)
            m_window->assetsWorkspace()->detailTabs()->setCurrentIndex(2);
    }
    if (m_preferences) {
        ProjectServices *project = m_context->project();
        auto *dialog = new PreferencesDialog(project ? project->core() : nullptr, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->move(m_window->geometry().center() - QPoint(310, 210));
        dialog->show();
    }
    if (ProjectServices *project = m_context->project()) {
        if (m_build)
            project->build();
        if (m_play)
            project->play();
    }
    m_screenshotsLeft = int(m_screenshots.size());
    for (const QString &spec : std::as_const(m_screenshots)) {
        const qsizetype at = spec.lastIndexOf(u'@');
        const QString file = at < 0 ? spec : spec.left(at);
        const QString when = at < 0 ? QString() : spec.mid(at + 1);
        if (when.endsWith(u'%')) {
            const qsizetype colon = when.lastIndexOf(u':');
            grabAtProgress(file, when.mid(colon + 1).chopped(1).toInt(), colon < 0 ? QString() : when.left(colon));
        }
        else
            QTimer::singleShot(when.toInt(), m_window, [this, file] { grab(file); });
    }
}

void StudioAutomation::grab(const QString &file)
{
    // "screen:FILE": the whole screen, with the game's window beside the Studio.
    const bool wholeScreen = file.startsWith(u"screen:"_s);
    const QString path = wholeScreen ? file.mid(7) : file;
    QPixmap picture = m_window->grab();
    if (wholeScreen) {
        // The screen as X has it (the game's window), with the Studio painted
        // from its own backing store: without a compositor the X copy of it
        // can come back black.
        QPixmap screen = m_window->screen()->grabWindow(0);
        QPainter painter(&screen);
        painter.drawPixmap(m_window->geometry().topLeft(), picture);
        painter.end();
        picture = screen;
    }
    // Open dialogs (--show-preferences) on top, painted from their own
    // backing stores for the same reason.
    const QPoint origin = wholeScreen ? QPoint() : m_window->geometry().topLeft();
    QPainter painter(&picture);
    for (QDialog *dialog : m_window->findChildren<QDialog *>()) {
        if (dialog->isVisible() && dialog->isWindow())
            painter.drawPixmap(dialog->geometry().topLeft() - origin, dialog->grab());
    }
    painter.end();
    if (picture.save(path))
        std::fprintf(stderr, "prometeu-studio: saved %s\n", qPrintable(path));
    else
        std::fprintf(stderr, "prometeu-studio: could not save %s\n", qPrintable(path));
    if (--m_screenshotsLeft == 0 && m_quitWhenDone)
        QTimer::singleShot(0, qApp, [] { QCoreApplication::quit(); });
}

void StudioAutomation::grabAtProgress(const QString &file, int percent, const QString &headline)
{
    // A machine-independent moment: the running operations have reached
    // `percent` of their work (in the phase whose summary contains
    // `headline`, when given), however fast this machine builds.
    ProjectServices *project = m_context->project();
    if (!project)
        return;
    ActivityModel *activity = project->activity();
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(activity, &ActivityModel::activityChanged, this, [this, activity, file, percent, headline, connection] {
        const ActivityModel::Summary summary = activity->summary();
        if (summary.running == 0 || summary.total <= 0 || summary.done * 100 < summary.total * percent
            || !summary.headline.contains(headline))
            return;
        disconnect(*connection);
        // After this batch has been painted.
        QTimer::singleShot(0, m_window, [this, file] { grab(file); });
    });
}

} // namespace Prometeu
