#pragma once

#include <QProxyStyle>

class QApplication;

namespace Prometeu {

// The Studio's look: Fusion with a dark palette, as game developers know
// from their engines' editors. `dark` false keeps the platform's palette.
void applyStudioStyle(QApplication &application, bool dark = true);

// Fusion, with the elements it draws with long one-pixel lines, translucent
// pens and gradients drawn flat instead, in opaque fills: scroll bars, the
// main window's tool bar, the tab widget's frame, header sections and
// progress bars with a range.
//
// Why: Qt 6.4's raster engine hands any fill of more than 96 spans (a line
// of 97 pixels, a gradient 97 rows tall) to QThreadPool::globalInstance()
// and waits for it. On two cores the GUI thread then slept 444-560 times
// while a project opened (perf sched), now and then for several
// milliseconds while the woken pool thread waited for a core behind the
// scan. An opaque rectangle is filled in place on the GUI thread.
class StudioStyle : public QProxyStyle
{
    Q_OBJECT
public:
    StudioStyle();

    void drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter,
                            const QWidget *widget = nullptr) const override;
    void drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
                     const QWidget *widget = nullptr) const override;
    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget = nullptr) const override;
    // The line edits' clear button from the Studio's own icons: Qt looks it
    // up in the desktop's icon theme first, reading the theme's index files
    // (~10 ms of the first workspace's making, on the GUI thread).
    QIcon standardIcon(StandardPixmap icon, const QStyleOption *option = nullptr,
                       const QWidget *widget = nullptr) const override;

private:
    void drawScrollBar(const class QStyleOptionSlider &bar, QPainter *painter, const QWidget *widget) const;
    void drawProgress(const class QStyleOptionProgressBar &bar, QPainter *painter) const;
};

} // namespace Prometeu
