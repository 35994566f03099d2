#include "ui/studiostyle.h"

#include <QApplication>
#include <QIcon>
#include <QMainWindow>
#include <QPainter>
#include <QPalette>
#include <QStyleFactory>
#include <QStyleOption>

#include <algorithm>

namespace Prometeu {

namespace {

// Fusion's outline: the window colour, darker.
QColor outlineColor(const QPalette &palette)
{
    return palette.window().color().darker(140);
}

// A one-pixel frame in four opaque fills (a pen's rectangle goes pixel by
// pixel through the span path).
void fillFrame(QPainter *painter, const QRect &rect, const QColor &color)
{
    if (rect.isEmpty())
        return;
    painter->fillRect(QRect(rect.left(), rect.top(), rect.width(), 1), color);
    painter->fillRect(QRect(rect.left(), rect.bottom(), rect.width(), 1), color);
    painter->fillRect(QRect(rect.left(), rect.top(), 1, rect.height()), color);
    painter->fillRect(QRect(rect.right(), rect.top(), 1, rect.height()), color);
}

} // namespace

void applyStudioStyle(QApplication &application, bool dark)
{
    application.setStyle(new StudioStyle); // the application owns it
    if (!dark)
        return;
    QPalette palette;
    const QColor window(0x25, 0x28, 0x2e);
    const QColor base(0x1b, 0x1d, 0x22);
    const QColor text(0xe2, 0xe5, 0xea);
    const QColor dim(0x7c, 0x82, 0x8d);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x21, 0x24, 0x29));
    palette.setColor(QPalette::ToolTipBase, QColor(0x30, 0x34, 0x3b));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, dim);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x2e, 0x32, 0x39));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Link, QColor(0x7a, 0xb7, 0xff));
    palette.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd1));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Mid, QColor(0x3a, 0x3f, 0x47));
    palette.setColor(QPalette::Dark, QColor(0x17, 0x19, 0x1d));
    palette.setColor(QPalette::Light, QColor(0x3a, 0x3f, 0x47));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, dim);
    application.setPalette(palette);
}

StudioStyle::StudioStyle()
    : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion")))
{
}

void StudioStyle::drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter,
                                     const QWidget *widget) const
{
    if (control == CC_ScrollBar) {
        if (const auto *bar = qstyleoption_cast<const QStyleOptionSlider *>(option)) {
            drawScrollBar(*bar, painter, widget);
            return;
        }
    }
    QProxyStyle::drawComplexControl(control, option, painter, widget);
}

// Fusion's geometry (subControlRect is Fusion's), flat: a groove with a
// line toward the content, a handle with an outline, Fusion's arrows.
void StudioStyle::drawScrollBar(const QStyleOptionSlider &bar, QPainter *painter, const QWidget *widget) const
{
    const QPalette &palette = bar.palette;
    const bool horizontal = bar.orientation == Qt::Horizontal;
    const QColor outline = outlineColor(palette);
    painter->fillRect(bar.rect, palette.window().color().darker(112));
    const QRect edge = horizontal ? QRect(bar.rect.left(), bar.rect.top(), bar.rect.width(), 1)
                                  : QRect(bar.rect.left(), bar.rect.top(), 1, bar.rect.height());
    painter->fillRect(edge, outline);

    const bool enabled = bar.state & State_Enabled;
    if (bar.subControls & SC_ScrollBarSlider && enabled && bar.maximum > bar.minimum) {
        QRect handle = proxy()->subControlRect(CC_ScrollBar, &bar, SC_ScrollBarSlider, widget);
        handle = horizontal ? handle.adjusted(0, 3, 0, -2) : handle.adjusted(3, 0, -2, 0);
        const bool active = bar.activeSubControls & SC_ScrollBarSlider;
        QColor fill = palette.button().color().lighter(150);
        if (active && bar.state & State_Sunken)
            fill = palette.highlight().color();
        else if (active && bar.state & State_MouseOver)
            fill = fill.lighter(120);
        painter->fillRect(handle.adjusted(1, 1, -1, -1), fill);
        fillFrame(painter, handle, outline);
    }

    const struct {
        SubControl control;
        PrimitiveElement arrow;
    } buttons[] = {
        {SC_ScrollBarSubLine, horizontal ? PE_IndicatorArrowLeft : PE_IndicatorArrowUp},
        {SC_ScrollBarAddLine, horizontal ? PE_IndicatorArrowRight : PE_IndicatorArrowDown},
    };
    for (const auto &button : buttons) {
        if (!(bar.subControls & button.control))
            continue;
        const QRect rect = proxy()->subControlRect(CC_ScrollBar, &bar, button.control, widget);
        if (rect.isEmpty())
            continue;
        if (bar.activeSubControls & button.control && bar.state & State_Sunken)
            painter->fillRect(rect.adjusted(1, 1, 0, 0), palette.button().color());
        QStyleOption arrow = bar;
        arrow.rect = rect.adjusted(3, 3, -2, -2);
        arrow.state = enabled ? State_Enabled : State_None;
        proxy()->drawPrimitive(button.arrow, &arrow, painter, widget);
    }
}

void StudioStyle::drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
                              const QWidget *widget) const
{
    if (element == CE_ToolBar) {
        // Fusion bevels only a main window's tool bars (a gradient and two
        // translucent lines); flat here, with the line toward the content.
        if (widget && !qobject_cast<const QMainWindow *>(widget->parentWidget()))
            return;
        const auto *bar = qstyleoption_cast<const QStyleOptionToolBar *>(option);
        const QRect rect = option->rect;
        painter->fillRect(rect, option->palette.window().color());
        const QColor line = outlineColor(option->palette);
        switch (bar ? bar->toolBarArea : Qt::TopToolBarArea) {
        case Qt::BottomToolBarArea:
            painter->fillRect(QRect(rect.left(), rect.top(), rect.width(), 1), line);
            break;
        case Qt::LeftToolBarArea:
            painter->fillRect(QRect(rect.right(), rect.top(), 1, rect.height()), line);
            break;
        case Qt::RightToolBarArea:
            painter->fillRect(QRect(rect.left(), rect.top(), 1, rect.height()), line);
            break;
        default:
            painter->fillRect(QRect(rect.left(), rect.bottom(), rect.width(), 1), line);
            break;
        }
        return;
    }
    if (element == CE_HeaderSection) {
        // Fusion's gradient and translucent lines (made once per section
        // size, again whenever a column is resized); flat here, with the
        // line under the header and between sections.
        const auto *header = qstyleoption_cast<const QStyleOptionHeader *>(option);
        const QRect rect = option->rect;
        const QColor button = option->palette.button().color();
        painter->fillRect(rect, button);
        painter->fillRect(QRect(rect.left(), rect.bottom(), rect.width(), 1), outlineColor(option->palette));
        const bool last =
            header && (header->position == QStyleOptionHeader::End || header->position == QStyleOptionHeader::OnlyOneSection);
        if (header && header->orientation == Qt::Horizontal && !last)
            painter->fillRect(QRect(rect.right(), rect.top(), 1, rect.height() - 1), button.darker(125));
        else if (header && header->orientation == Qt::Vertical)
            painter->fillRect(QRect(rect.right(), rect.top(), 1, rect.height()), outlineColor(option->palette));
        return;
    }
    if (element == CE_ProgressBarGroove) {
        painter->fillRect(option->rect, option->palette.base().color());
        fillFrame(painter, option->rect, outlineColor(option->palette));
        return;
    }
    if (element == CE_ProgressBarContents) {
        const auto *bar = qstyleoption_cast<const QStyleOptionProgressBar *>(option);
        // A busy bar (no range) keeps Fusion's moving chunk, which Fusion
        // animates.
        if (bar && bar->maximum > bar->minimum) {
            drawProgress(*bar, painter);
            return;
        }
    }
    QProxyStyle::drawControl(element, option, painter, widget);
}

// The done part in the highlight colour, from where the bar starts.
void StudioStyle::drawProgress(const QStyleOptionProgressBar &bar, QPainter *painter) const
{
    const QRect inside = bar.rect.adjusted(1, 1, -1, -1);
    const qint64 range = qint64(bar.maximum) - bar.minimum;
    const double done = std::clamp(double(qint64(bar.progress) - bar.minimum) / double(range), 0.0, 1.0);
    QRect chunk = inside;
    if (bar.state & State_Horizontal) {
        const int width = int(inside.width() * done + 0.5);
        const bool fromRight = bar.invertedAppearance != (bar.direction == Qt::RightToLeft);
        chunk.setWidth(width);
        if (fromRight)
            chunk.moveRight(inside.right());
    } else {
        const int height = int(inside.height() * done + 0.5);
        chunk.setHeight(height);
        if (!bar.invertedAppearance) // a vertical bar fills upwards
            chunk.moveBottom(inside.bottom());
    }
    if (!chunk.isEmpty())
        painter->fillRect(chunk, bar.palette.highlight().color());
}

QIcon StudioStyle::standardIcon(StandardPixmap icon, const QStyleOption *option, const QWidget *widget) const
{
    if (icon == SP_LineEditClearButton)
        return QIcon(QStringLiteral(":/icons/clear.svg"));
    return QProxyStyle::standardIcon(icon, option, widget);
}

void StudioStyle::drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                                const QWidget *widget) const
{
    if (element == PE_FrameTabWidget) {
        // Fusion's pane colour inside its outline (and a translucent inner
        // line, left out).
        const QRect rect = option->rect;
        painter->fillRect(rect, option->palette.button().color().lighter(104));
        fillFrame(painter, rect, outlineColor(option->palette));
        return;
    }
    QProxyStyle::drawPrimitive(element, option, painter, widget);
}

} // namespace Prometeu
