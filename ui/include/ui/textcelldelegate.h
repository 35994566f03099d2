#pragma once

#include <QCache>
#include <QFont>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace Prometeu {

// Paints a cell as an optional icon and one line of text: the model's
// display text in its foreground colour and font, elided as the view
// says, over the selection. For the views that repaint often over many
// rows (the log under a flood, the asset tree while a scan fills it).
//
// QStyledItemDelegate asks the model for a dozen roles per cell and lays
// its text out twice (once to measure, once to draw); shaping that text
// was most of those views' paints. Here a cell asks for four roles and
// shapes its text at most once, and texts drawn again (the same rows
// repainted, times within a millisecond, sources, kinds) are shaped once
// and kept (QStaticText). A column whose text is new on every row (a log's
// messages) can be marked unshared: drawn directly, it never churns the
// cache. Not painted: check boxes, BackgroundRole, multi-line text.
class TextCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit TextCellDelegate(QObject *parent = nullptr);

    void setUnsharedColumn(int column) { m_unsharedColumn = column; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    // `text` in `font` elided to `width`, shaped once for as long as it
    // keeps being drawn.
    const QStaticText &shaped(const QString &text, const QFont &font, int width, Qt::TextElideMode elide) const;

    int m_unsharedColumn = -1;
    mutable QCache<QString, QStaticText> m_shaped; // keyed by width, font and text
    mutable QFont m_shapedFont;                    // the view's font they were shaped for
};

} // namespace Prometeu
