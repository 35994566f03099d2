#pragma once

#include <remotecache/remotecacheconfig.h>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace Prometeu {

class RemoteCacheProbe;

// Preferences › Team Cache: where this user's builds share converted
// assets (docs/remote-cache.md). Edits the user's settings file, the one
// `prometeu` reads too; the project's own "remote_cache" is shown, not
// edited here (it belongs to the team, in prometeu.json).
class TeamCachePage : public QWidget
{
    Q_OBJECT
public:
    // `inEffect`: what the open project uses now (none: no project, or no cache).
    TeamCachePage(const UserSettings &settings, const RemoteCacheSection &project,
                  std::optional<RemoteCacheConfig> inEffect, QWidget *parent = nullptr);

    // Writes the choice; false with a sentence in *error.
    bool save(QString *error);

private:
    enum Choice { FollowProject, UseThis, UseNone };
    void load();
    void updateEnabled();
    void testConnection();
    std::optional<RemoteCacheConfig> configFromFields(QString *problem) const;
    // The switches as the settings file keeps them (read, write, timeout_ms, min_size).
    QJsonObject switchesFromFields() const;

    UserSettings m_settings;
    RemoteCacheSection m_project;
    QComboBox *m_choice;
    QLineEdit *m_url;
    QCheckBox *m_read;
    QCheckBox *m_write;
    QSpinBox *m_timeout;
    QSpinBox *m_minSize; // KiB
    QPushButton *m_test;
    QLabel *m_testResult;
    RemoteCacheProbe *m_probe;
};

} // namespace Prometeu
