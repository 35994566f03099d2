#pragma once

#include <QImage>
#include <QPaintDeviceWindow>
#include <QString>

#include <functional>
#include <memory>

class QPainter;

namespace Prometeu {

// The window a game is shown in: its screen at the largest whole-number
// scale that fits, nearest-neighbour (pixels stay square and sharp),
// centred on black; key presses become the game's key names.
//
// Presented through OpenGL with a swap interval of 1 where a context can
// be made, so each frame reaches the display on its vertical blank (no
// tearing); through the raster backing store otherwise (no GPU, the
// offscreen platform), where there is no vsync to ask for.
class GameWindow
{
public:
    struct Handlers {
        std::function<void(const QString &key, bool down)> keyChanged;
        std::function<void()> closeRequested; // the user closed it; the runtime decides how to end
    };
    enum class Presentation { OpenGL, Raster };

    // `presentation`: what to try first (OpenGL falls back to Raster).
    static std::unique_ptr<QPaintDeviceWindow> create(const QImage *screen, int scale, Handlers handlers,
                                                      Presentation presentation, Presentation *used);
    static QString describe(Presentation presentation);

    // The game name of a Qt key (arrows and WASD, Z/X/Space, Enter...), or empty.
    static QString gameKey(int qtKey);
    // Paints `screen` into a window of `size` as described above.
    static void paint(QPainter &painter, QSize size, const QImage &screen);
};

} // namespace Prometeu
