#include "studioautomation.h"

#include <ui/activitypanel.h>
#include <ui/mainwindow.h>
#include <ui/projectservices.h>
#include <ui/studiocontext.h>

#include <QCoreApplication>
#include <QDockWidget>
#include <QTreeView>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

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
    if (!m_select.isEmpty())
        m_window->revealAsset(m_select);
    if (ProjectServices *project = m_context->project()) {
        if (m_build)
            project->build();
        if (m_play)
            project->play();
    }
    for (const QString &spec : std::as_const(m_screenshots)) {
        const qsizetype at = spec.lastIndexOf(u'@');
        const QString file = at < 0 ? spec : spec.left(at);
        const int delay = at < 0 ? 0 : spec.mid(at + 1).toInt();
        QTimer::singleShot(delay, m_window, [this, file] {
            if (m_window->grab().save(file))
                std::fprintf(stderr, "prometeu-studio: saved %s\n", qPrintable(file));
            else
                std::fprintf(stderr, "prometeu-studio: could not save %s\n", qPrintable(file));
        });
    }
}

} // namespace Prometeu
