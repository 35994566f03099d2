#pragma once

#include <QCache>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace Prometeu {

// Paints a log cell as one line of text: the model's display text in its
// foreground colour and font, elided on the right, over the selection.
//
// QStyledItemDelegate asks the model for a dozen roles per cell and lays
// its text out twice (once to measure, once to draw); shaping that text
// was most of a log view's paint, and under a flood every frame shows new
// rows. Here a cell asks for three roles and shapes its text at most
// once. Short texts that repeat from row to row (times within a
// millisecond, sources, severities, locations) are shaped once and kept
// (QStaticText); the message column, different on every row, is drawn
// directly and never fills that cache.
class LogCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit LogCellDelegate(int messageColumn, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    // `text` in `font` elided to `width`, shaped once for as long as it
    // keeps being drawn.
    const QStaticText &shaped(const QString &text, const QFont &font, int width) const;

    int m_messageColumn;
    mutable QCache<QString, QStaticText> m_shaped; // keyed by width, font and text
    mutable QFont m_shapedFont;                    // the view's font they were shaped for
};

} // namespace Prometeu
