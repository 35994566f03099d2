#include "ui/logtableview.h"

#include <QHeaderView>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <climits>

namespace Prometeu {

LogTableView::LogTableView(QWidget *parent)
    : QAbstractItemView(parent)
    , m_header(new QHeaderView(Qt::Horizontal, this))
{
    m_header->setHighlightSections(false);
    m_header->setSectionsClickable(false);
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollMode(ScrollPerPixel);
    connect(m_header, &QHeaderView::sectionResized, this, [this] {
        updateGeometries();
        viewport()->update();
    });
    connect(m_header, &QHeaderView::geometriesChanged, this, &LogTableView::updateGeometries);
}

LogTableView::~LogTableView()
{
    // QWidget's destructor deletes the header, which still signals while
    // this is no longer a LogTableView.
    disconnect(m_header, nullptr, this, nullptr);
    disconnect(m_rowsRemoved);
}

void LogTableView::setModel(QAbstractItemModel *model)
{
    disconnect(m_rowsRemoved);
    QAbstractItemView::setModel(model);
    m_header->setModel(model);
    if (model) {
        // Resets and inserts lay out through QAbstractItemView; a removal
        // only shortens the scroll range.
        m_rowsRemoved = connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
            updateGeometries();
            viewport()->update();
        });
    }
    updateGeometries();
}

void LogTableView::setRowHeight(int height)
{
    m_rowHeight = qMax(1, height);
    updateGeometries();
    viewport()->update();
}

int LogTableView::rowCount() const
{
    return model() ? model()->rowCount(rootIndex()) : 0;
}

qint64 LogTableView::rowTop(int row) const
{
    return qint64(row) * m_rowHeight - verticalOffset();
}

int LogTableView::rowAt(int y) const
{
    const qint64 row = (qint64(y) + verticalOffset()) / m_rowHeight;
    return y >= 0 && row < rowCount() ? int(row) : -1;
}

QRect LogTableView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid() || index.parent() != rootIndex() || m_header->isSectionHidden(index.column()))
        return {};
    const qint64 top = std::clamp<qint64>(rowTop(index.row()), INT_MIN / 2, INT_MAX / 2);
    return QRect(m_header->sectionViewportPosition(index.column()), int(top), m_header->sectionSize(index.column()),
                 m_rowHeight);
}

void LogTableView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (!index.isValid() || index.parent() != rootIndex())
        return;
    const qint64 top = qint64(index.row()) * m_rowHeight;
    const int height = viewport()->height();
    qint64 value = verticalScrollBar()->value();
    switch (hint) {
    case PositionAtTop: value = top; break;
    case PositionAtBottom: value = top + m_rowHeight - height; break;
    case PositionAtCenter: value = top - (height - m_rowHeight) / 2; break;
    case EnsureVisible:
        if (top < value)
            value = top;
        else if (top + m_rowHeight > value + height)
            value = top + m_rowHeight - height;
        break;
    }
    verticalScrollBar()->setValue(int(std::clamp<qint64>(value, 0, verticalScrollBar()->maximum())));

    // The column into view too, unless it is wider than the view.
    const int left = m_header->sectionPosition(index.column());
    const int width = m_header->sectionSize(index.column());
    int x = horizontalScrollBar()->value();
    if (left < x || width > viewport()->width())
        x = left;
    else if (left + width > x + viewport()->width())
        x = left + width - viewport()->width();
    horizontalScrollBar()->setValue(x);
}

QModelIndex LogTableView::indexAt(const QPoint &point) const
{
    const int row = rowAt(point.y());
    const int column = m_header->logicalIndexAt(point.x());
    if (row < 0 || column < 0)
        return {};
    return model()->index(row, column, rootIndex());
}

QModelIndex LogTableView::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    Q_UNUSED(modifiers);
    const int rows = rowCount();
    const int columns = model() ? model()->columnCount(rootIndex()) : 0;
    if (rows == 0 || columns == 0)
        return {};
    const QModelIndex current = currentIndex();
    if (!current.isValid())
        return model()->index(action == MoveEnd ? rows - 1 : 0, m_header->logicalIndex(0), rootIndex());
    int row = current.row();
    int column = current.column();
    const int page = qMax(1, viewport()->height() / m_rowHeight - 1);
    switch (action) {
    case MoveUp:
    case MovePrevious: --row; break;
    case MoveDown:
    case MoveNext: ++row; break;
    case MovePageUp: row -= page; break;
    case MovePageDown: row += page; break;
    case MoveHome: row = 0; break;
    case MoveEnd: row = rows - 1; break;
    case MoveLeft: column = m_header->logicalIndex(qMax(0, m_header->visualIndex(column) - 1)); break;
    case MoveRight: column = m_header->logicalIndex(qMin(columns - 1, m_header->visualIndex(column) + 1)); break;
    }
    return model()->index(std::clamp(row, 0, rows - 1), column, rootIndex());
}

int LogTableView::horizontalOffset() const
{
    return horizontalScrollBar()->value();
}

int LogTableView::verticalOffset() const
{
    return verticalScrollBar()->value();
}

bool LogTableView::isIndexHidden(const QModelIndex &index) const
{
    return m_header->isSectionHidden(index.column());
}

void LogTableView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    const int rows = rowCount();
    const int columns = model() ? model()->columnCount(rootIndex()) : 0;
    if (rows == 0 || columns == 0 || !selectionModel())
        return;
    const qint64 offset = verticalOffset();
    const int top = int(std::clamp<qint64>((rect.top() + offset) / m_rowHeight, 0, rows - 1));
    const int bottom = int(std::clamp<qint64>((rect.bottom() + offset) / m_rowHeight, 0, rows - 1));
    int left = 0;
    int right = columns - 1;
    if (selectionBehavior() == SelectItems) {
        const int first = m_header->logicalIndexAt(rect.left());
        const int last = m_header->logicalIndexAt(rect.right());
        left = first < 0 ? 0 : first;
        right = last < 0 ? columns - 1 : last;
        if (left > right)
            std::swap(left, right);
    }
    const QItemSelection selection(model()->index(top, left, rootIndex()), model()->index(bottom, right, rootIndex()));
    selectionModel()->select(selection, command);
}

QRegion LogTableView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    const QRect visible = viewport()->rect();
    for (const QItemSelectionRange &range : selection) {
        if (range.parent() != rootIndex() || !range.isValid())
            continue;
        const qint64 top = std::max<qint64>(rowTop(range.top()), -1);
        const qint64 bottom = std::min<qint64>(rowTop(range.bottom() + 1), visible.height() + 1);
        if (bottom > top)
            region += QRect(0, int(top), visible.width(), int(bottom - top)) & visible;
    }
    return region;
}

void LogTableView::paintEvent(QPaintEvent *event)
{
    const int rows = rowCount();
    if (rows == 0)
        return;
    QPainter painter(viewport());
    const QRect area = event->rect();
    const qint64 offset = verticalOffset();
    const int first = int(std::clamp<qint64>((area.top() + offset) / m_rowHeight, 0, rows - 1));
    const int last = int(std::clamp<qint64>((area.bottom() + offset) / m_rowHeight, 0, rows - 1));
    int firstColumn = m_header->visualIndexAt(area.left());
    int lastColumn = m_header->visualIndexAt(area.right());
    if (firstColumn < 0)
        firstColumn = 0;
    if (lastColumn < 0)
        lastColumn = m_header->count() - 1;

    QStyleOptionViewItem base;
    initViewItemOption(&base);
    const QModelIndex current = currentIndex();
    const bool focused = hasFocus() && current.isValid();
    const QItemSelectionModel *selection = selectionModel();
    for (int row = first; row <= last; ++row) {
        const int top = int(rowTop(row));
        const bool selected = selection && selection->isRowSelected(row, rootIndex());
        for (int visual = firstColumn; visual <= lastColumn; ++visual) {
            const int column = m_header->logicalIndex(visual);
            if (column < 0 || m_header->isSectionHidden(column))
                continue;
            const QModelIndex index = model()->index(row, column, rootIndex());
            QStyleOptionViewItem option = base;
            option.rect = QRect(m_header->sectionViewportPosition(column), top, m_header->sectionSize(column), m_rowHeight);
            if (alternatingRowColors() && (row & 1))
                option.features |= QStyleOptionViewItem::Alternate;
            if (selected || (selection && selection->isSelected(index)))
                option.state |= QStyle::State_Selected;
            if (focused && index == current)
                option.state |= QStyle::State_HasFocus;
            // The row's background (alternate colours, selection) as
            // QTableView draws it, then the cell.
            style()->drawPrimitive(QStyle::PE_PanelItemViewRow, &option, &painter, this);
            itemDelegateForIndex(index)->paint(&painter, option, index);
        }
    }
}

void LogTableView::updateGeometries()
{
    if (m_inGeometries)
        return;
    m_inGeometries = true;
    const int headerHeight = m_header->isHidden() ? 0 : m_header->sizeHint().height();
    setViewportMargins(0, headerHeight, 0, 0);
    const QRect area = viewport()->geometry();
    m_header->setGeometry(area.left(), area.top() - headerHeight, area.width(), headerHeight);
    m_header->setOffset(horizontalScrollBar()->value());

    const qint64 content = qint64(rowCount()) * m_rowHeight;
    QScrollBar *vertical = verticalScrollBar();
    vertical->setSingleStep(m_rowHeight);
    vertical->setPageStep(area.height());
    vertical->setRange(0, int(std::clamp<qint64>(content - area.height(), 0, INT_MAX)));
    QScrollBar *horizontal = horizontalScrollBar();
    horizontal->setSingleStep(qMax(1, m_rowHeight));
    horizontal->setPageStep(area.width());
    horizontal->setRange(0, qMax(0, m_header->length() - area.width()));
    m_inGeometries = false;
    QAbstractItemView::updateGeometries();
}

void LogTableView::scrollContentsBy(int dx, int dy)
{
    m_header->setOffset(horizontalScrollBar()->value());
    QAbstractItemView::scrollContentsBy(dx, dy);
}

void LogTableView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QAbstractItemView::rowsInserted(parent, start, end);
    if (parent != rootIndex())
        return;
    updateGeometries();
    // Only rows that land in view need painting.
    if (rowTop(start) < viewport()->height())
        viewport()->update();
}

QSize LogTableView::viewportSizeHint() const
{
    return QSize(m_header->length(), int(std::min<qint64>(qint64(rowCount()) * m_rowHeight, INT_MAX)));
}

} // namespace Prometeu
