#include "ui/studiostyle.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace Prometeu {

void applyStudioStyle(QApplication &application, bool dark)
{
    application.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
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

} // namespace Prometeu
