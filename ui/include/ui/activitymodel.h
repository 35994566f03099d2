#pragma once

#include <packer/packerevent.h>

#include <QAbstractItemModel>
#include <QJsonArray>
#include <QColor>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <memory>
#include <vector>

class QTimer;

namespace Prometeu {

// The Activity panel's model: one top-level row per packer operation, its
// events as children. Everything shown comes from the packer's events —
// kind, outcome, progress, and the packer's own summaries.
//
// Failed operations stay until dismissed; succeeded and cancelled ones are
// pruned oldest first beyond keepFinished. Each operation keeps at most
// maxEventsPerOperation events for its expanded view (the count of the rest
// is shown).
class ActivityModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { OperationColumn, StateColumn, ProgressColumn, ElapsedColumn, SummaryColumn, ActionColumn, ColumnCount };
    enum class State { Running, Succeeded, Failed, Cancelled };
    Q_ENUM(State)
    enum Role {
        OperationIdRole = Qt::UserRole + 1,
        StateRole,        // State as int (operations only)
        ProgressDoneRole, // qint64
        ProgressTotalRole,
        CancellableRole,
        DismissableRole,
        IsEventRole,
        EventKindRole,
    };

    static constexpr int keepFinished = 50;
    static constexpr int maxEventsPerOperation = 10'000;

    struct Summary {
        int running = 0;
        int failed = 0; // not yet dismissed
        qint64 done = 0;
        qint64 total = 0;      // 0: indeterminate
        QString headline;      // the first running operation's packer summary
        OperationKind headlineKind = OperationKind::Scan;
    };

    explicit ActivityModel(QObject *parent = nullptr);
    ~ActivityModel() override;

    // Applies a batch from the StudioEventAdapter.
    void apply(const QList<PackerEvent> &events);
    // Operations of earlier sessions, from the project's history (newest
    // first, as EventHistory::streams lists them): finished rows without
    // their events.
    void addEarlier(const QJsonArray &operations);
    // Whoever started an operation and can cancel it says so.
    void setCancellable(const QString &operationId, bool cancellable);
    void dismiss(const QString &operationId);
    void dismissFinished();

    Summary summary() const;
    QModelIndex indexOf(const QString &operationId, int column = 0) const;
    State state(const QString &operationId) const;
    qsizetype eventCount(const QString &operationId) const;

    static QString operationLabel(OperationKind kind);
    static QString stateLabel(State state);
    static QColor stateColor(State state);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // Once per applied batch (and per elapsed-time tick while running).
    void activityChanged();

private:
    struct Operation {
        QString id;
        OperationKind kind = OperationKind::Scan;
        State state = State::Running;
        QString summary;
        QString startSummary;
        qint64 startedMs = 0;
        qint64 finishedMs = 0;
        EventProgress progress;
        bool cancellable = false;
        std::vector<PackerEvent> events;
        qsizetype eventsNotKept = 0;
    };

    int rowOf(const Operation *operation) const;
    void removeRow(int row);
    void pruneFinished();
    void tick();

    std::vector<std::unique_ptr<Operation>> m_operations;
    QHash<QString, Operation *> m_byId;
    QTimer *m_tick;
};

} // namespace Prometeu
