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
            // Drawn by hand: a style's progress bar does not fit a list row.
            QStyleOptionViewItem background = option;
            background.text.clear();
            QApplication::style()->drawPrimitive(QStyle::PE_PanelItemViewItem, &background, painter, option.widget);
            const qint64 total = index.data(ActivityModel::ProgressTotalRole).toLongLong();
            const qint64 done = index.data(ActivityModel::ProgressDoneRole).toLongLong();
            const auto state = ActivityModel::State(index.data(ActivityModel::StateRole).toInt());
            double fraction = total > 0 ? double(done) / double(total) : 0.0;
            if (state == ActivityModel::State::Succeeded)
                fraction = 1.0;
            const QRect track = option.rect.adjusted(4, 4, -4, -4);
            painter->save();
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setPen(Qt::NoPen);
            painter->setBrush(option.palette.color(QPalette::Mid));
            painter->drawRoundedRect(track, 3, 3);
            painter->setBrush(ActivityModel::stateColor(state));
            if (fraction > 0)
                painter->drawRoundedRect(QRectF(track).adjusted(0, 0, -(1.0 - fraction) * track.width(), 0), 3, 3);
            const QString text = state == ActivityModel::State::Running ? index.data().toString() : QString();
            if (!text.isEmpty()) {
                painter->setPen(option.palette.color(QPalette::BrightText).lightness() > 0 ? Qt::white : Qt::black);
                QFont font = option.font;
                font.setPointSizeF(font.pointSizeF() * 0.85);
                painter->setFont(font);
                painter->drawText(track, Qt::AlignCenter, text);
            }
            painter->restore();
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
    header->resizeSection(ActivityModel::OperationColumn, 210);
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
