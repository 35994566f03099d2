#pragma once

#include <QObject>
#include <QStringList>
#include <memory>

class QSettings;
class QThreadPool;

namespace Prometeu {

class ProjectServices;
class SettingsSaver;

// The application-level context the executable wires and passes in: the
// worker pool, the settings store, the runtime to start, and the open
// project's services. Windows and workspaces come and go; this stays.
class StudioContext : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxRecentProjects = 10;

    StudioContext(QSettings *settings, QString runtimePath, QObject *parent = nullptr);
    ~StudioContext() override;

    QThreadPool *pool() const { return m_pool.get(); }
    QSettings *settings() const { return m_settings; }
    // Writes the settings now, here (a save under way on the pool first):
    // for the window's close. Otherwise they are saved off the GUI thread.
    void saveSettingsNow();
    ProjectServices *project() const { return m_project.get(); }

    // Loads the project, replacing the open one; on failure the open one
    // stays and *error explains (compiler-style lines naming the file).
    bool openProject(const QString &path, QString *error);
    void closeProject();

    QStringList recentProjects() const;

Q_SIGNALS:
    void projectOpened(Prometeu::ProjectServices *project);
    void projectClosing(Prometeu::ProjectServices *project);

private:
    void rememberRecent(const QString &path);

    QSettings *m_settings;
    QString m_runtimePath;
    std::unique_ptr<QThreadPool> m_pool;
    std::unique_ptr<SettingsSaver> m_settingsSaver;
    std::unique_ptr<ProjectServices> m_project;
};

} // namespace Prometeu
