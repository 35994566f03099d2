#include "runtime/gamewindow.h"

#include <QKeyEvent>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace Prometeu {

GameWindow::GameWindow(const QImage *screen, int scale)
    : m_screen(screen)
{
    resize(screen->size() * qMax(1, scale));
    setMinimumSize(screen->size());
}

QString GameWindow::gameKey(int qtKey)
{
    switch (qtKey) {
    case Qt::Key_Left: case Qt::Key_A: return u"left"_s;
    case Qt::Key_Right: case Qt::Key_D: return u"right"_s;
    case Qt::Key_Up: case Qt::Key_W: return u"up"_s;
    case Qt::Key_Down: case Qt::Key_S: return u"down"_s;
    case Qt::Key_Z: case Qt::Key_Space: case Qt::Key_J: return u"a"_s;
    case Qt::Key_X: case Qt::Key_K: return u"b"_s;
    case Qt::Key_Return: case Qt::Key_Enter: return u"start"_s;
    case Qt::Key_Backspace: case Qt::Key_Shift: return u"select"_s;
    default: return {};
    }
}

void GameWindow::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QSize game = m_screen->size();
    const int scale = qMax(1, qMin(width() / game.width(), height() / game.height()));
    const QSize shown = game * scale;
    const QRect target(QPoint((width() - shown.width()) / 2, (height() - shown.height()) / 2), shown);
    painter.fillRect(QRect(QPoint(0, 0), size()), Qt::black);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(target, *m_screen);
}

void GameWindow::keyPressEvent(QKeyEvent *event)
{
    const QString key = gameKey(event->key());
    if (key.isEmpty() || event->isAutoRepeat())
        return QRasterWindow::keyPressEvent(event);
    Q_EMIT keyChanged(key, true);
}

void GameWindow::keyReleaseEvent(QKeyEvent *event)
{
    const QString key = gameKey(event->key());
    if (key.isEmpty() || event->isAutoRepeat())
        return QRasterWindow::keyReleaseEvent(event);
    Q_EMIT keyChanged(key, false);
}

bool GameWindow::event(QEvent *event)
{
    if (event->type() == QEvent::Close) {
        // The runtime decides how to end (it tells the Studio first).
        Q_EMIT closeRequested();
        event->ignore();
        return true;
    }
    return QRasterWindow::event(event);
}

} // namespace Prometeu
