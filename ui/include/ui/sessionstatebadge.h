#pragma once

#include <session/sessionstate.h>

#include <QColor>
#include <QLabel>

class QTimer;

namespace Prometeu {

class ExecutionSession;

// The session's state in words and colour, with the run's elapsed time:
// "● running  0:42". Reads everything from the session, so a badge made
// mid-run (a reopened workspace) shows the same as one that saw it start.
class SessionStateBadge : public QLabel
{
    Q_OBJECT
public:
    explicit SessionStateBadge(ExecutionSession *session, QWidget *parent = nullptr);

    static QString stateLabel(SessionState state);
    static QColor stateColor(SessionState state);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void refresh();

    ExecutionSession *m_session;
    QTimer *m_timer;
};

} // namespace Prometeu
