#include "ui/operationprogressindicator.h"

#include "ui/activitymodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QProgressBar>

namespace Prometeu {

OperationProgressIndicator::OperationProgressIndicator(ActivityModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_failures(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_failures);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    m_bar->setFixedWidth(160);
    m_bar->setMaximumHeight(14);
    m_bar->setTextVisible(false);
    // A palette and a font, not a style sheet (its own style for the label:
    // more of the GUI thread's work when a project opens).
    QPalette failed = m_failures->palette();
    failed.setColor(QPalette::WindowText, QColor(0xf8, 0x71, 0x71));
    m_failures->setPalette(failed);
    QFont bold = m_failures->font();
    bold.setBold(true);
    m_failures->setFont(bold);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Show the Activity panel"));
    connect(model, &ActivityModel::activityChanged, this, &OperationProgressIndicator::update);
    update();
}

void OperationProgressIndicator::update()
{
    const ActivityModel::Summary summary = m_model->summary();
    m_failures->setVisible(summary.failed > 0);
    m_failures->setText(tr("%n failed", nullptr, summary.failed));
    if (summary.running == 0) {
        m_label->setText(tr("Ready"));
        m_bar->setVisible(false);
        return;
    }
    QString text = summary.headline.isEmpty() ? ActivityModel::operationLabel(summary.headlineKind) : summary.headline;
    if (summary.running > 1)
        text += tr(" (+%n more)", nullptr, summary.running - 1);
    m_label->setText(text);
    m_bar->setVisible(true);
    if (summary.total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(summary.done * 1000 / summary.total));
    } else {
        m_bar->setRange(0, 0); // busy
    }
}

QString OperationProgressIndicator::text() const { return m_label->text(); }

int OperationProgressIndicator::progressValue() const
{
    return m_bar->isVisibleTo(this) ? m_bar->value() : -1;
}

void OperationProgressIndicator::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT clicked();
    QWidget::mouseReleaseEvent(event);
}

} // namespace Prometeu
