#include "ui/sessionstatebadge.h"

#include <session/executionsession.h>

#include <QDateTime>
#include <QPainter>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Prometeu {

SessionStateBadge::SessionStateBadge(ExecutionSession *session, QWidget *parent)
    : QLabel(parent)
    , m_session(session)
    , m_timer(new QTimer(this))
{
    setObjectName(u"sessionStateBadge"_s);
    // A pill: bold text in the state's colour, a rounded border of the
    // same colour (painted in paintEvent). Not a style sheet: that gave the
    // label a QStyleSheetStyle, polished again on each change of colour and
    // slower in every paint, on the GUI thread a project's opening uses.
    QFont bold = font();
    bold.setBold(true);
    setFont(bold);
    setContentsMargins(11, 2, 11, 2);
    // Its own role: in a toolbar a label would take the toolbar's (ButtonText).
    setForegroundRole(QPalette::WindowText);
    setMinimumWidth(fontMetrics().horizontalAdvance(u"\u25cf prepare failed  00:00:00"_s) + 16);
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, &SessionStateBadge::refresh);
    connect(session, &ExecutionSession::stateChanged, this, &SessionStateBadge::refresh);
    refresh();
}

QString SessionStateBadge::stateLabel(SessionState state)
{
    switch (state) {
    case SessionState::Idle: return tr("idle");
    case SessionState::Preparing: return tr("preparing");
    case SessionState::PrepareFailed: return tr("prepare failed");
    case SessionState::Connecting: return tr("connecting");
    case SessionState::Running: return tr("running");
    case SessionState::RuntimeFailed: return tr("runtime failed");
    case SessionState::Stopped: return tr("stopped");
    }
    return {};
}

QColor SessionStateBadge::stateColor(SessionState state)
{
    switch (state) {
    case SessionState::Idle: return QColor(0x94, 0xa3, 0xb8);
    case SessionState::Preparing:
    case SessionState::Connecting: return QColor(0xfb, 0xbf, 0x24);
    case SessionState::Running: return QColor(0x4a, 0xde, 0x80);
    case SessionState::PrepareFailed:
    case SessionState::RuntimeFailed: return QColor(0xf8, 0x71, 0x71);
    case SessionState::Stopped: return QColor(0x60, 0xa5, 0xfa);
    }
    return {};
}

void SessionStateBadge::refresh()
{
    const SessionState state = m_session->state();
    const qint64 started = m_session->runStartedMs();
    const qint64 ended = m_session->runEndedMs();
    QString text = u"\u25cf "_s + stateLabel(state);
    if (started > 0) {
        const qint64 seconds = ((ended > 0 ? ended : QDateTime::currentMSecsSinceEpoch()) - started) / 1000;
        text += u"  %1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }
    setText(text);
    // The clock ticks four times a second through a whole run (while the
    // log takes a flood on the same thread): the palette is set only when
    // the colour changes.
    const QColor color = stateColor(state);
    if (color != palette().color(QPalette::WindowText)) {
        QPalette colours = palette();
        colours.setColor(QPalette::WindowText, color);
        setPalette(colours);
    }
    setToolTip(m_session->lastReason());
    if (isActive(state))
        m_timer->start();
    else
        m_timer->stop();
}

void SessionStateBadge::paintEvent(QPaintEvent *event)
{
    QLabel::paintEvent(event);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(palette().color(QPalette::WindowText), 1));
    const QRectF pill = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    const qreal radius = qMin(9.0, pill.height() / 2);
    painter.drawRoundedRect(pill, radius, radius);
}

} // namespace Prometeu
