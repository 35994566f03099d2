#pragma once

#include <QAbstractItemView>

class QHeaderView;

namespace Prometeu {

// A table for a log of millions of rows: every row the same height, the
// columns from a horizontal header, nothing kept per row. QTableView keeps
// one section per row in its (even hidden) vertical header: an array of a
// million entries, copied into fresh memory whenever it doubles, whose
// positions it walks again after every insert. Appending to a log view of
// a million rows cost more in that header than everything else a refresh
// did. Here an insert costs the view a scroll bar range; a paint, the
// visible rows.
//
// Selection, the current index, keyboard and mouse handling are
// QAbstractItemView's; this class says where rows and columns are.
class LogTableView : public QAbstractItemView
{
    Q_OBJECT
public:
    explicit LogTableView(QWidget *parent = nullptr);
    ~LogTableView() override;

    void setModel(QAbstractItemModel *model) override;
    QHeaderView *horizontalHeader() const { return m_header; }
    void setRowHeight(int height);
    int rowHeight() const { return m_rowHeight; }
    // The row under a viewport y, or -1.
    int rowAt(int y) const;

    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    QModelIndex indexAt(const QPoint &point) const override;

protected:
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override;
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &index) const override;
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;
    void paintEvent(QPaintEvent *event) override;
    void updateGeometries() override;
    void scrollContentsBy(int dx, int dy) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    QSize viewportSizeHint() const override;

private:
    int rowCount() const;
    // Where a row's top is in the viewport (64-bit: rows times height).
    qint64 rowTop(int row) const;

    QHeaderView *m_header;
    int m_rowHeight = 20;
    bool m_inGeometries = false; // setViewportMargins() resizes, which asks again
    QMetaObject::Connection m_rowsRemoved;
};

} // namespace Prometeu
