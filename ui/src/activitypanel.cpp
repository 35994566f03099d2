#include "ui/activitypanel.h"

#include "ui/activitymodel.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMouseEvent>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// Paints the progress bar and the row's Cancel / Dismiss button, and turns
// a click on that button into a request.
class ActivityDelegate final : public QStyledItemDelegate
{
public:
    ActivityDelegate(ActivityPanel *panel, ActivityModel *model)
        : QStyledItemDelegate(panel), m_panel(panel), m_model(model) {}

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const bool isOperation = !index.data(ActivityModel::IsEventRole).toBool();
        if (isOperation && index.column() == ActivityModel::ProgressColumn) {
            QStyledItemDelegate::paint(painter, option, QModelIndex()); // background, selection
            QStyleOptionProgressBar bar;
            bar.rect = option.rect.adjusted(3, 3, -3, -3);
            bar.minimum = 0;
            const qint64 total = index.data(ActivityModel::ProgressTotalRole).toLongLong();
            const qint64 done = index.data(ActivityModel::ProgressDoneRole).toLongLong();
            const auto state = ActivityModel::State(index.data(ActivityModel::StateRole).toInt());
            if (state == ActivityModel::State::Succeeded) {
                bar.maximum = 1;
                bar.progress = 1;
            } else {
                bar.maximum = total > 0 ? 1000 : (state == ActivityModel::State::Running ? 0 : 1);
                bar.progress = total > 0 ? int(done * 1000 / total) : 0;
            }
            bar.text = index.data().toString();
            bar.textVisible = !bar.text.isEmpty();
            bar.state = option.state;
            bar.palette = option.palette;
            QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
            return;
        }
        if (isOperation && index.column() == ActivityModel::ActionColumn && !index.data().toString().isEmpty()) {
            QStyledItemDelegate::paint(painter, option, QModelIndex());
            QStyleOptionButton button;
            button.rect = buttonRect(option.rect);
            button.text = index.data().toString();
            button.state = QStyle::State_Enabled | QStyle::State_Raised;
            button.palette = option.palette;
            QApplication::style()->drawControl(QStyle::CE_PushButton, &button, painter);
            return;
        }
        QStyledItemDelegate::paint(painter, option, index);
    }

    bool editorEvent(QEvent *event, QAbstractItemModel *, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override
    {
        if (index.column() != ActivityModel::ActionColumn || event->type() != QEvent::MouseButtonRelease
            || index.data(ActivityModel::IsEventRole).toBool())
            return false;
        if (!buttonRect(option.rect).contains(static_cast<QMouseEvent *>(event)->position().toPoint()))
            return false;
        const QString id = index.data(ActivityModel::OperationIdRole).toString();
        if (index.data(ActivityModel::CancellableRole).toBool())
            Q_EMIT m_panel->cancelRequested(id);
        else if (index.data(ActivityModel::DismissableRole).toBool())
            m_model->dismiss(id);
        return true;
    }

private:
    static QRect buttonRect(const QRect &cell) { return cell.adjusted(2, 1, -2, -1); }

    ActivityPanel *m_panel;
    ActivityModel *m_model;
};

} // namespace

ActivityPanel::ActivityPanel(ActivityModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTreeView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->addStretch(1);
    auto *clear = new QToolButton(this);
    clear->setText(tr("Dismiss finished"));
    clear->setToolTip(tr("Remove every finished operation, failures included"));
    clear->setAutoRaise(true);
    connect(clear, &QToolButton::clicked, model, &ActivityModel::dismissFinished);
    bar->addWidget(clear);
    layout->addLayout(bar);

    m_view->setObjectName(u"activityView"_s);
    m_view->setModel(model);
    m_view->setItemDelegate(new ActivityDelegate(this, model));
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->resizeSection(ActivityModel::OperationColumn, 150);
    header->resizeSection(ActivityModel::StateColumn, 90);
    header->resizeSection(ActivityModel::ProgressColumn, 130);
    header->resizeSection(ActivityModel::ElapsedColumn, 90);
    header->setSectionResizeMode(ActivityModel::SummaryColumn, QHeaderView::Stretch);
    header->resizeSection(ActivityModel::ActionColumn, 80);
    layout->addWidget(m_view, 1);
}

void ActivityPanel::reveal(const QString &operationId)
{
    const QModelIndex index = m_model->indexOf(operationId);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

} // namespace Prometeu
