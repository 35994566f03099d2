#include "ui/logcelldelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QStyle>

namespace Prometeu {

namespace {

// Enough for every time, source, severity and location a log view shows
// at once, several times over.
constexpr int shapedTextsKept = 1024;

QStyle *styleOf(const QStyleOptionViewItem &option)
{
    return option.widget ? option.widget->style() : QApplication::style();
}

} // namespace

LogCellDelegate::LogCellDelegate(int messageColumn, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_messageColumn(messageColumn)
    , m_shaped(shapedTextsKept)
{
}

const QStaticText &LogCellDelegate::shaped(const QString &text, const QFont &font, int width) const
{
    const QString key = QString::number(width) + QChar(int(font.bold()) | int(font.underline()) << 1 | 0x20)
        + QChar(u'\x1f') + text;
    if (QStaticText *kept = m_shaped.object(key))
        return *kept;
    const QFontMetrics metrics(font);
    auto *made = new QStaticText(metrics.horizontalAdvance(text) > width ? metrics.elidedText(text, Qt::ElideRight, width)
                                                                          : text);
    made->setTextFormat(Qt::PlainText);
    made->setPerformanceHint(QStaticText::AggressiveCaching);
    made->prepare(QTransform(), font);
    m_shaped.insert(key, made);
    return *made;
}

void LogCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyle *style = styleOf(option);
    const bool selected = option.state & QStyle::State_Selected;
    // The selection's (and hover's) panel as the style draws it; a plain
    // row has nothing under its text but the row's background.
    if (selected || (option.state & QStyle::State_MouseOver))
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &option, painter, option.widget);

    const QString text = index.data(Qt::DisplayRole).toString();
    if (!text.isEmpty()) {
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

        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, option.widget) + 1;
        const QRect area = option.rect.adjusted(margin, 0, -margin, 0);
        painter->save();
        painter->setPen(color);
        painter->setFont(font);
        if (index.column() == m_messageColumn) {
            // A new text on every row: shaped where it is drawn, and only
            // measured for elision when it could be too wide.
            const QFontMetrics metrics(font);
            QString line = text;
            line.replace(QChar(u'\n'), QChar(u' '));
            if (qsizetype(metrics.maxWidth()) * line.size() > area.width())
                line = metrics.elidedText(line, Qt::ElideRight, area.width());
            painter->drawText(area, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, line);
        } else {
            if (m_shapedFont != option.font) {
                // The view's font changed (a style or zoom change): what
                // was shaped for the old one is dropped.
                m_shaped.clear();
                m_shapedFont = option.font;
            }
            const QStaticText &line = shaped(text, font, area.width());
            const int height = QFontMetrics(font).height();
            painter->drawStaticText(QPointF(area.left(), area.top() + (area.height() - height) / 2.0), line);
        }
        painter->restore();
    }

    if ((option.state & QStyle::State_HasFocus) && index.column() == m_messageColumn) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.backgroundColor = option.palette.color(selected ? QPalette::Highlight : QPalette::Window);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, option.widget);
    }
}

} // namespace Prometeu
