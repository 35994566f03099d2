#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace Prometeu {

class ActivityModel;

// The status bar's summary of running packer operations: the first one's
// summary, how many more, and their combined progress. Failed operations
// that were not dismissed show as a red count. A click opens Activity.
class OperationProgressIndicator : public QWidget
{
    Q_OBJECT
public:
    explicit OperationProgressIndicator(ActivityModel *model, QWidget *parent = nullptr);

    QString text() const;
    int progressValue() const; // per mille, -1 when nothing runs

Q_SIGNALS:
    void clicked();

protected:
    void mouseReleaseEvent(class QMouseEvent *event) override;

private:
    void update();

    ActivityModel *m_model;
    QLabel *m_label;
    QProgressBar *m_bar;
    QLabel *m_failures;
};

} // namespace Prometeu
