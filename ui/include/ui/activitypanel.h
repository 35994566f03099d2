#pragma once

#include <QWidget>

class QTreeView;

namespace Prometeu {

class ActivityModel;

// The Activity dock: every packer operation with its state, a progress bar,
// elapsed time and the packer's summary; rows expand to the events. A
// running operation is cancelled, and a finished one dismissed, from the
// button at the end of its row.
class ActivityPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPanel(ActivityModel *model, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    // Selects and reveals the operation (e.g. the first failure).
    void reveal(const QString &operationId);

Q_SIGNALS:
    void cancelRequested(const QString &operationId);

private:
    ActivityModel *m_model;
    QTreeView *m_view;
};

} // namespace Prometeu
