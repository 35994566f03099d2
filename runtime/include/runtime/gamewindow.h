#pragma once

#include <QRasterWindow>

#include <functional>

namespace Prometeu {

// Shows a game's screen at the largest whole-number scale that fits,
// nearest-neighbour (pixels stay square and sharp), centred on black; and
// turns key presses into the game's key names.
class GameWindow : public QRasterWindow
{
    Q_OBJECT
public:
    GameWindow(const QImage *screen, int scale);

    // The game name of a Qt key (arrows and WASD, Z/X/Space, Enter...), or empty.
    static QString gameKey(int qtKey);

Q_SIGNALS:
    void keyChanged(const QString &key, bool down);
    void closeRequested();

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    const QImage *m_screen;
};

} // namespace Prometeu
