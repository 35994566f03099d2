// StudioStyle: Fusion with scroll bars, the main tool bar, the tab frame,
// header sections and progress bars drawn in opaque fills, so that painting them never
// waits for QThreadPool::globalInstance() (Qt 6.4's raster engine hands
// fills of more than 96 spans to it).
#include <ui/studiostyle.h>

#include <QMainWindow>
#include <QIcon>
#include <QImage>
#include <QProgressBar>
#include <QScrollBar>
#include <QSemaphore>
#include <QHeaderView>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QThreadPool>
#include <QToolBar>

#include <atomic>
#include <memory>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

// Holds the global pool's only thread until released. A paint that hands
// work to the pool cannot finish before the holder gives up, and then the
// holder says it had to.
class PoolHolder
{
public:
    PoolHolder()
    {
        QThreadPool::globalInstance()->setMaxThreadCount(1);
        QThreadPool::globalInstance()->start([this] {
            m_started.release();
            m_gaveUp = !m_release.tryAcquire(1, 20'000);
        });
        m_started.acquire();
    }
    // True when nothing waited for the pool while it was held.
    bool release()
    {
        m_release.release();
        QThreadPool::globalInstance()->waitForDone();
        return !m_gaveUp;
    }

private:
    QSemaphore m_started;
    QSemaphore m_release;
    std::atomic<bool> m_gaveUp = false;
};

QImage paint(QWidget &widget)
{
    QImage image(widget.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::magenta);
    widget.render(&image);
    return image;
}

} // namespace

class TestStudioStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QApplication::setStyle(new StudioStyle); }

    void tallAndWideElementsPaintWithoutThePool_data()
    {
        QTest::addColumn<QString>("element");
        QTest::newRow("scroll bar") << u"scroll bar"_s;
        QTest::newRow("tool bar") << u"tool bar"_s;
        QTest::newRow("tab frame") << u"tab frame"_s;
        QTest::newRow("progress bar") << u"progress bar"_s;
        QTest::newRow("header") << u"header"_s;
    }

    void tallAndWideElementsPaintWithoutThePool()
    {
        QFETCH(QString, element);
        std::unique_ptr<QWidget> widget;
        if (element == u"scroll bar"_s) {
            auto bar = std::make_unique<QScrollBar>(Qt::Vertical);
            bar->setRange(0, 1000);
            bar->setPageStep(200);
            bar->setValue(400);
            bar->resize(16, 800);
            widget = std::move(bar);
        } else if (element == u"tool bar"_s) {
            auto window = std::make_unique<QMainWindow>();
            window->addToolBar(u"Main"_s)->addAction(u"Play"_s);
            window->resize(1400, 300);
            widget = std::move(window);
        } else if (element == u"tab frame"_s) {
            auto tabs = std::make_unique<QTabWidget>();
            tabs->addTab(new QWidget, u"Assets"_s);
            tabs->resize(900, 700);
            widget = std::move(tabs);
        } else if (element == u"header"_s) {
            auto table = std::make_unique<QTableWidget>(3, 2);
            table->horizontalHeader()->resizeSection(0, 600);
            table->horizontalHeader()->resizeSection(1, 600);
            table->resize(1300, 200);
            widget = std::move(table);
        } else {
            auto bar = std::make_unique<QProgressBar>();
            bar->setRange(0, 1000);
            bar->setValue(500);
            bar->resize(800, 200);
            widget = std::move(bar);
        }
        widget->ensurePolished();
        PoolHolder holder;
        paint(*widget);
        QVERIFY2(holder.release(), "painting waited for the global thread pool");
    }

    void theScrollBarsHandleIsWhereTheViewIs()
    {
        QScrollBar bar(Qt::Vertical);
        bar.setRange(0, 1000);
        bar.setPageStep(200); // a handle of about a sixth of its length
        bar.resize(16, 600);
        bar.setValue(0);
        const QImage top = paint(bar);
        bar.setValue(1000);
        const QImage bottom = paint(bar);
        const QColor handle = bar.palette().button().color().lighter(150);
        const int x = 9; // inside the handle, clear of its outline
        QCOMPARE(top.pixelColor(x, 60), handle);
        QVERIFY(bottom.pixelColor(x, 60) != handle);
        QCOMPARE(bottom.pixelColor(x, 600 - 60), handle);
        QVERIFY(top.pixelColor(x, 600 - 60) != handle);
    }

    // Not looked up in the desktop's icon theme (its index files were read
    // on the GUI thread when the first workspace was made).
    void theClearButtonIsTheStudiosOwnIcon()
    {
        const QIcon icon = QApplication::style()->standardIcon(QStyle::SP_LineEditClearButton);
        const QImage image = icon.pixmap(16, 16).toImage();
        QVERIFY(!image.isNull());
        QCOMPARE(image.pixelColor(3, 8), QColor(0x7c, 0x82, 0x8d)); // the circle, left of the cross
        QCOMPARE(image.pixelColor(0, 0).alpha(), 0);
    }

    void aProgressBarFillsWhatIsDone()
    {
        QProgressBar bar;
        bar.setTextVisible(false);
        bar.setRange(0, 100);
        bar.setValue(25);
        bar.resize(400, 20);
        const QImage image = paint(bar);
        const QColor done = bar.palette().highlight().color();
        QCOMPARE(image.pixelColor(50, 10), done);
        QVERIFY(image.pixelColor(300, 10) != done);
        bar.setInvertedAppearance(true); // fills from the other end
        const QImage inverted = paint(bar);
        QCOMPARE(inverted.pixelColor(350, 10), done);
        QVERIFY(inverted.pixelColor(50, 10) != done);
    }
};

QTEST_MAIN(TestStudioStyle)
#include "tst_studiostyle.moc"
