#include "ui/studiocontext.h"

#include "ui/naturalorder.h"
#include "ui/projectservices.h"
#include "ui/settingssaver.h"

#include <packer/project.h>
#include <support/backgroundpriority.h>

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Prometeu {

StudioContext::StudioContext(QSettings *settings, QString runtimePath, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_runtimePath(std::move(runtimePath))
    , m_pool(std::make_unique<QThreadPool>())
{
    // One thread stays free for the GUI's own work and the runtime.
    m_pool->setMaxThreadCount(qMax(1, QThread::idealThreadCount() - 1));
    // Scans, doctors and builds run below the GUI thread (and their
    // converter processes, started from those threads, inherit it).
    keepPoolThreadsBelowCaller(m_pool.get());
    prepareNaturalOrder(m_pool.get());
    m_settingsSaver = std::make_unique<SettingsSaver>(m_settings);
}

void StudioContext::saveSettingsNow() { m_settingsSaver->saveNow(); }

StudioContext::~StudioContext()
{
    closeProject();
    m_settingsSaver.reset(); // its save, if one is under way, ends first
    m_pool->waitForDone();
}

bool StudioContext::openProject(const QString &path, QString *error)
{
    const ProjectLoadResult loaded = ProjectLoader::load(path);
    if (!loaded.project) {
        if (error)
            *error = loaded.errorText();
        return false;
    }
    closeProject();
    m_project = std::make_unique<ProjectServices>(*loaded.project, m_pool.get(), m_runtimePath);
    rememberRecent(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
    Q_EMIT projectOpened(m_project.get());
    return true;
}

void StudioContext::closeProject()
{
    if (!m_project)
        return;
    Q_EMIT projectClosing(m_project.get());
    m_project.reset();
}

QStringList StudioContext::recentProjects() const
{
    QStringList recent = m_settings->value(u"recentProjects"_s).toStringList();
    recent.removeIf([](const QString &path) { return !QFileInfo::exists(path); });
    return recent;
}

void StudioContext::rememberRecent(const QString &path)
{
    QStringList recent = m_settings->value(u"recentProjects"_s).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > maxRecentProjects)
        recent.removeLast();
    m_settings->setValue(u"recentProjects"_s, recent);
}

} // namespace Prometeu
