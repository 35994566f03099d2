#pragma once

#include <QWidget>

namespace Prometeu {

class LogView;
class ProjectServices;

// The Debug workspace: the execution session at a glance (state, run,
// elapsed, why it is where it is) over the runtime's side of the merged
// log. A view only: closing it leaves the session and its log untouched.
class DebugWorkspace : public QWidget
{
    Q_OBJECT
public:
    explicit DebugWorkspace(ProjectServices *services, QWidget *parent = nullptr);

    LogView *logView() const { return m_log; }

Q_SIGNALS:
    void locationActivated(const QString &asset, int line);

private:
    LogView *m_log;
};

} // namespace Prometeu
