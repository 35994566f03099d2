#include "runtime/gamewindow.h"

#include <QKeyEvent>
#include <QOpenGLContext>
#include <QOpenGLWindow>
#include <QPainter>
#include <QRasterWindow>
#include <QSurfaceFormat>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// The keys and the close button, the same over either surface; only how
// a frame is painted and reaches the display differs.
template <class Surface>
class ScreenWindow : public Surface
{
public:
    ScreenWindow(const QImage *screen, int scale, GameWindow::Handlers handlers)
        : m_screen(screen), m_handlers(std::move(handlers))
    {
        this->resize(screen->size() * qMax(1, scale));
        this->setMinimumSize(screen->size());
    }

protected:
    void keyPressEvent(QKeyEvent *event) override
    {
        if (!key(event, true))
            Surface::keyPressEvent(event);
    }
    void keyReleaseEvent(QKeyEvent *event) override
    {
        if (!key(event, false))
            Surface::keyReleaseEvent(event);
    }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::Close) {
            if (m_handlers.closeRequested)
                m_handlers.closeRequested();
            event->ignore();
            return true;
        }
        return Surface::event(event);
    }

    const QImage *m_screen;

private:
    bool key(QKeyEvent *event, bool down)
    {
        const QString name = GameWindow::gameKey(event->key());
        if (name.isEmpty() || event->isAutoRepeat())
            return false;
        if (m_handlers.keyChanged)
            m_handlers.keyChanged(name, down);
        return true;
    }

    GameWindow::Handlers m_handlers;
};

class RasterScreenWindow : public ScreenWindow<QRasterWindow>
{
public:
    using ScreenWindow::ScreenWindow;

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        GameWindow::paint(painter, size(), *m_screen);
    }
};

class GlScreenWindow : public ScreenWindow<QOpenGLWindow>
{
public:
    using ScreenWindow::ScreenWindow;

protected:
    void paintGL() override
    {
        QPainter painter(this);
        GameWindow::paint(painter, size(), *m_screen);
    }
};

QSurfaceFormat vsyncFormat()
{
    QSurfaceFormat format = QSurfaceFormat::defaultFormat();
    format.setSwapInterval(1);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    return format;
}

bool openGlWorks()
{
    QOpenGLContext probe;
    probe.setFormat(vsyncFormat());
    return probe.create() && probe.isValid();
}

} // namespace

std::unique_ptr<QPaintDeviceWindow> GameWindow::create(const QImage *screen, int scale, Handlers handlers,
                                                       Presentation presentation, Presentation *used)
{
    if (presentation == Presentation::OpenGL && openGlWorks()) {
        auto window = std::make_unique<GlScreenWindow>(screen, scale, std::move(handlers));
        window->setFormat(vsyncFormat());
        *used = Presentation::OpenGL;
        return window;
    }
    *used = Presentation::Raster;
    return std::make_unique<RasterScreenWindow>(screen, scale, std::move(handlers));
}

QString GameWindow::describe(Presentation presentation)
{
    return presentation == Presentation::OpenGL ? u"OpenGL, vsync requested (swap interval 1)"_s
                                                : u"raster (no OpenGL context here: frames are not synced to the display)"_s;
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

void GameWindow::paint(QPainter &painter, QSize size, const QImage &screen)
{
    const QSize game = screen.size();
    const int scale = qMax(1, qMin(size.width() / game.width(), size.height() / game.height()));
    const QSize shown = game * scale;
    const QRect target(QPoint((size.width() - shown.width()) / 2, (size.height() - shown.height()) / 2), shown);
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::black);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(target, screen);
}

} // namespace Prometeu
