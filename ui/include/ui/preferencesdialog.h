#pragma once

#include <QDialog>

namespace Prometeu {

class ProjectCore;
class TeamCachePage;

// Edit › Preferences: the Studio's settings that are the user's, not the
// project's. Saved when accepted; the open project picks them up at once.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    // `core`: the open project, or null.
    explicit PreferencesDialog(ProjectCore *core, QWidget *parent = nullptr);

    void accept() override;

private:
    ProjectCore *m_core;
    TeamCachePage *m_teamCache;
};

} // namespace Prometeu
