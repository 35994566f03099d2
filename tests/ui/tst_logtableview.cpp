#include "testsupport.h"

#include <ui/logtableview.h>
#include <ui/textcelldelegate.h>

#include <QHeaderView>
#include <QImage>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

constexpr int rowHeight = 20;

// A log-shaped model: five columns, `rows` rows.
std::unique_ptr<QStandardItemModel> logOf(int rows)
{
    auto model = std::make_unique<QStandardItemModel>(rows, 5);
    for (int row = 0; row < rows; ++row)
        model->setItem(row, 4, new QStandardItem(u"line %1"_s.arg(row)));
    return model;
}

struct Table {
    std::unique_ptr<QStandardItemModel> model;
    LogTableView view;
    explicit Table(int rows)
        : model(logOf(rows))
    {
        view.setModel(model.get());
        view.setSelectionBehavior(QAbstractItemView::SelectRows);
        view.setSelectionMode(QAbstractItemView::ExtendedSelection);
        view.setRowHeight(rowHeight);
        view.horizontalHeader()->setStretchLastSection(true);
        view.resize(600, 400);
        view.show();
    }
    QPoint centreOf(int row, int column) const { return view.visualRect(model->index(row, column)).center(); }
    QList<int> selectedRows() const
    {
        QList<int> rows;
        for (const QModelIndex &index : view.selectionModel()->selectedRows())
            rows.append(index.row());
        std::sort(rows.begin(), rows.end());
        return rows;
    }
};

} // namespace

class TestLogTableView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapsRowsToPixelsBothWays()
    {
        Table table(10'000);
        QVERIFY(QTest::qWaitForWindowExposed(&table.view));
        const int height = table.view.viewport()->height();
        QCOMPARE(table.view.verticalScrollBar()->maximum(), 10'000 * rowHeight - height);
        table.view.scrollTo(table.model->index(5000, 4), QAbstractItemView::PositionAtTop);
        QCOMPARE(table.view.verticalScrollBar()->value(), 5000 * rowHeight);
        QCOMPARE(table.view.rowAt(0), 5000);
        QCOMPARE(table.view.rowAt(rowHeight * 3 + 1), 5003);
        const QModelIndex cell = table.model->index(5003, 2);
        QCOMPARE(table.view.indexAt(table.view.visualRect(cell).center()), cell);
        QCOMPARE(table.view.visualRect(cell).top(), 3 * rowHeight);
        QCOMPARE(table.view.visualRect(cell).left(), table.view.horizontalHeader()->sectionViewportPosition(2));

        table.view.scrollTo(table.model->index(8000, 4), QAbstractItemView::PositionAtCenter);
        const QRect centred = table.view.visualRect(table.model->index(8000, 4));
        QVERIFY(qAbs(centred.center().y() - height / 2) <= rowHeight);
    }

    void clickSelectsARowAndShiftClickExtendsIt()
    {
        Table table(200);
        QVERIFY(QTest::qWaitForWindowExposed(&table.view));
        QSignalSpy clicked(&table.view, &QAbstractItemView::clicked);
        QTest::mouseClick(table.view.viewport(), Qt::LeftButton, {}, table.centreOf(3, 4));
        QCOMPARE(table.selectedRows(), QList<int>{3});
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.at(0).at(0).value<QModelIndex>(), table.model->index(3, 4));
        QTest::mouseClick(table.view.viewport(), Qt::LeftButton, Qt::ShiftModifier, table.centreOf(6, 1));
        QCOMPARE(table.selectedRows(), (QList<int>{3, 4, 5, 6}));
        QTest::mouseClick(table.view.viewport(), Qt::LeftButton, Qt::ControlModifier, table.centreOf(10, 0));
        QCOMPARE(table.selectedRows(), (QList<int>{3, 4, 5, 6, 10}));
    }

    void theKeyboardMovesTheCurrentRowAndKeepsItInView()
    {
        Table table(10'000);
        QVERIFY(QTest::qWaitForWindowExposed(&table.view));
        table.view.setFocus();
        table.view.setCurrentIndex(table.model->index(0, 4));
        QTest::keyClick(&table.view, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(table.view.currentIndex().row(), 9999);
        QCOMPARE(table.view.verticalScrollBar()->value(), table.view.verticalScrollBar()->maximum());
        QTest::keyClick(&table.view, Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(table.view.currentIndex().row(), 0);
        QCOMPARE(table.view.verticalScrollBar()->value(), 0);
        QTest::keyClick(&table.view, Qt::Key_PageDown);
        const int page = table.view.currentIndex().row();
        QVERIFY2(page > 5, qPrintable(QString::number(page)));
        QVERIFY(table.view.viewport()->rect().contains(table.view.visualRect(table.view.currentIndex())));
        QTest::keyClick(&table.view, Qt::Key_Down);
        QCOMPARE(table.view.currentIndex().row(), page + 1);
        QTest::keyClick(&table.view, Qt::Key_Up, Qt::ShiftModifier);
        QTest::keyClick(&table.view, Qt::Key_Up, Qt::ShiftModifier);
        QCOMPARE(table.selectedRows(), (QList<int>{page - 1, page, page + 1}));
    }

    void theScrollRangeFollowsInsertsAndResets()
    {
        Table table(10);
        QVERIFY(QTest::qWaitForWindowExposed(&table.view));
        QCOMPARE(table.view.verticalScrollBar()->maximum(), 0);
        table.model->insertRows(10, 990);
        const int height = table.view.viewport()->height();
        QCOMPARE(table.view.verticalScrollBar()->maximum(), 1000 * rowHeight - height);
        table.view.scrollToBottom();
        QCOMPARE(table.view.rowAt(height - 1), 999);
        table.model->removeRows(0, 900);
        QCOMPARE(table.view.verticalScrollBar()->maximum(), 100 * rowHeight - height);
        table.model->clear(); // a reset: laid out again once the event loop runs
        QTRY_COMPARE(table.view.verticalScrollBar()->maximum(), 0);
        QCOMPARE(table.view.indexAt(QPoint(5, 5)), QModelIndex());
    }

    // What is painted: a selected row in the highlight colour, across all
    // its columns, and the rows around it not.
    void paintsTheSelectedRowHighlighted()
    {
        Table table(50);
        QVERIFY(QTest::qWaitForWindowExposed(&table.view));
        table.view.selectionModel()->select(table.model->index(2, 0),
                                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const QImage image = table.view.viewport()->grab().toImage();
        const QColor highlight = table.view.palette().color(QPalette::Active, QPalette::Highlight);
        auto near = [](QColor a, QColor b) {
            return qAbs(a.red() - b.red()) < 40 && qAbs(a.green() - b.green()) < 40 && qAbs(a.blue() - b.blue()) < 40;
        };
        const qreal ratio = image.devicePixelRatio();
        auto pixel = [&](int x, int y) { return image.pixelColor(int(x * ratio), int(y * ratio)); };
        const int selectedY = 2 * rowHeight + 2;
        QVERIFY(near(pixel(3, selectedY), highlight)); // first column's edge
        QVERIFY(near(pixel(table.view.viewport()->width() - 3, selectedY), highlight)); // the stretched last one
        QVERIFY(!near(pixel(3, 1 * rowHeight + 2), highlight));
        QVERIFY(!near(pixel(3, 3 * rowHeight + 2), highlight));
    }

    // The log's own delegate: each cell's text in the model's colour, and a
    // text too long for its column elided inside it, never over the next.
    // The short columns' texts are kept shaped; a changed text is redrawn.
    void theLogDelegatePaintsEachTextInItsColourWithinItsCell()
    {
        Table table(50);
        auto *cells = new TextCellDelegate(&table.view);
        cells->setUnsharedColumn(4);
        table.view.setItemDelegate(cells);
        table.view.horizontalHeader()->resizeSection(1, 60);
        const QColor red(220, 0, 0);
        const QColor blue(0, 0, 220);
        auto *error = new QStandardItem(u"MMMM something failed badly"_s);
        error->setForeground(red); // a QBrush in the model
        table.model->setItem(0, 4, error);
        table.model->setItem(1, 1, new QStandardItem(u"WWWW"_s));
        table.model->setData(table.model->index(1, 1), blue, Qt::ForegroundRole); // a QColor
        table.model->setItem(2, 1, new QStandardItem(QString(200, u'W')));
        QVERIFY(QTest::qWaitForWindowExposed(&table.view));

        const qreal ratio = table.view.devicePixelRatioF();
        auto countIn = [&](const QImage &image, const QRect &rect, auto matches) {
            int count = 0;
            const QRect pixels = QRectF(QPointF(rect.topLeft()) * ratio, QSizeF(rect.size()) * ratio).toRect();
            for (int y = pixels.top(); y <= pixels.bottom(); ++y)
                for (int x = pixels.left(); x <= pixels.right(); ++x)
                    count += matches(image.pixelColor(x, y)) ? 1 : 0;
            return count;
        };
        auto reddish = [](QColor c) { return c.red() > 150 && c.green() < 100 && c.blue() < 100; };
        auto bluish = [](QColor c) { return c.blue() > 150 && c.red() < 100 && c.green() < 100; };
        // Text: far from the row's background (light on dark or dark on light).
        const bool lightBase = qGray(table.view.palette().color(QPalette::Base).rgb()) >= 128;
        auto inked = [&](QColor c) { return (qGray(c.rgb()) < 128) == lightBase; };

        QImage image = table.view.viewport()->grab().toImage();
        const QRect message = table.view.visualRect(table.model->index(0, 4));
        QVERIFY(countIn(image, message, reddish) > 10);
        const QRect source = table.view.visualRect(table.model->index(1, 1));
        QVERIFY(countIn(image, source, bluish) > 10);
        const QRect longText = table.view.visualRect(table.model->index(2, 1));
        QVERIFY(countIn(image, longText, inked) > 10);
        const QRect beside = table.view.visualRect(table.model->index(2, 2)); // an empty cell
        QCOMPARE(countIn(image, beside, inked), 0);

        // The kept shape is the text's, not the cell's.
        table.model->setData(table.model->index(1, 1), u"i"_s);
        image = table.view.viewport()->grab().toImage();
        QVERIFY(countIn(image, source, bluish) > 0);
        QVERIFY(countIn(image, source, bluish) < 30);
    }
};

QTEST_MAIN(TestLogTableView)
#include "tst_logtableview.moc"
