#include "ui/textcelldelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QIcon>
#include <QPainter>
#include <QStyle>

namespace Prometeu {

namespace {

// Enough for every text a view shows at once, several times over.
constexpr int shapedTextsKept = 2048;

QStyle *styleOf(const QStyleOptionViewItem &option)
{
    return option.widget ? option.widget->style() : QApplication::style();
}

// The font's differences from the view's that change a text's shape.
QChar fontBits(const QFont &font)
{
    return QChar(0x40 | int(font.bold()) | int(font.italic()) << 1 | int(font.underline()) << 2
                 | int(font.strikeOut()) << 3);
}

} // namespace

TextCellDelegate::TextCellDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_shaped(shapedTextsKept)
{
}

const QStaticText &TextCellDelegate::shaped(const QString &text, const QFont &font, int width,
                                            Qt::TextElideMode elide) const
{
    const QString key = QString::number(width) + fontBits(font) + QChar(u'0' + int(elide)) + text;
    if (QStaticText *kept = m_shaped.object(key))
        return *kept;
    const QFontMetrics metrics(font);
    const bool elided = elide != Qt::ElideNone && metrics.horizontalAdvance(text) > width;
    auto *made = new QStaticText(elided ? metrics.elidedText(text, elide, width) : text);
    made->setTextFormat(Qt::PlainText);
    made->setPerformanceHint(QStaticText::AggressiveCaching);
    made->prepare(QTransform(), font);
    m_shaped.insert(key, made);
    return *made;
}

void TextCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyle *style = styleOf(option);
    const bool selected = option.state & QStyle::State_Selected;
    // The selection's (and hover's) panel as the style draws it; a plain
    // cell has nothing under its text but the row's background.
    if (selected || (option.state & QStyle::State_MouseOver))
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &option, painter, option.widget);

    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, option.widget) + 1;
    QRect area = option.rect.adjusted(margin, 0, -margin, 0);
    if (const QVariant decoration = index.data(Qt::DecorationRole); decoration.isValid()) {
        const QIcon icon = qvariant_cast<QIcon>(decoration);
        const QSize size = option.decorationSize;
        const QRect iconRect(area.left(), area.top() + (area.height() - size.height()) / 2, size.width(),
                             size.height());
        const QIcon::Mode mode = !(option.state & QStyle::State_Enabled) ? QIcon::Disabled
            : selected                                                  ? QIcon::Selected
                                                                        : QIcon::Normal;
        icon.paint(painter, iconRect, Qt::AlignCenter, mode);
        area.setLeft(iconRect.right() + 1 + 2 * margin);
    }

    const QString text = index.data(Qt::DisplayRole).toString();
    if (!text.isEmpty() && area.width() > 0) {
        QFont font = option.font;
        if (const QVariant fontData = index.data(Qt::FontRole); fontData.isValid())
            font = qvariant_cast<QFont>(fontData).resolve(option.font);
        QColor color;
        if (selected) {
            color = option.palette.color(option.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive,
                                         QPalette::HighlightedText);
        } else if (const QVariant foreground = index.data(Qt::ForegroundRole); foreground.isValid()) {
            color = qvariant_cast<QBrush>(foreground).color(); // a QColor or a QBrush
        } else {
            color = option.palette.color(QPalette::Text);
        }

        painter->save();
        painter->setPen(color);
        painter->setFont(font);
        if (index.column() == m_unsharedColumn) {
            // A new text on every row: shaped where it is drawn, and only
            // measured for elision when it could be too wide.
            const QFontMetrics metrics(font);
            QString line = text;
            line.replace(QChar(u'\n'), QChar(u' '));
            if (option.textElideMode != Qt::ElideNone && qsizetype(metrics.maxWidth()) * line.size() > area.width())
                line = metrics.elidedText(line, option.textElideMode, area.width());
            painter->drawText(area, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, line);
        } else {
            if (m_shapedFont != option.font) {
                // The view's font changed (a style or zoom change): what
                // was shaped for the old one is dropped.
                m_shaped.clear();
                m_shapedFont = option.font;
            }
            const QStaticText &line = shaped(text, font, area.width(), option.textElideMode);
            const int height = QFontMetrics(font).height();
            painter->drawStaticText(QPointF(area.left(), area.top() + (area.height() - height) / 2.0), line);
        }
        painter->restore();
    }

    if ((option.state & QStyle::State_HasFocus) && index.column() == 0) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.backgroundColor = option.palette.color(selected ? QPalette::Highlight : QPalette::Window);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, option.widget);
    }
}

} // namespace Prometeu
