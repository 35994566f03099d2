#include "ui/activitymodel.h"

#include <core/projectcore.h>
#include <packer/eventpayloads.h>

#include <QJsonObject>

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QIcon>
#include <QLocale>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

QString formatElapsed(qint64 ms)
{
    if (ms < 1000)
        return ActivityModel::tr("%1 ms").arg(ms);
    if (ms < 60'000)
        return ActivityModel::tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', 1));
    return ActivityModel::tr("%1 min %2 s").arg(ms / 60'000).arg((ms / 1000) % 60);
}

} // namespace

ActivityModel::ActivityModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_tick(new QTimer(this))
{
    m_tick->setInterval(500);
    connect(m_tick, &QTimer::timeout, this, &ActivityModel::tick);
}

ActivityModel::~ActivityModel() = default;

QString ActivityModel::operationLabel(OperationKind kind) { return ProjectCore::operationLabel(kind); }

QColor ActivityModel::stateColor(State state)
{
    switch (state) {
    case State::Running: return QColor(0x60, 0xa5, 0xfa);
    case State::Succeeded: return QColor(0x4a, 0xde, 0x80);
    case State::Failed: return QColor(0xf8, 0x71, 0x71);
    case State::Cancelled: return QColor(0xa1, 0xa1, 0xaa);
    }
    return {};
}

QString ActivityModel::stateLabel(State state)
{
    switch (state) {
    case State::Running: return tr("Running");
    case State::Succeeded: return tr("Succeeded");
    case State::Failed: return tr("Failed");
    case State::Cancelled: return tr("Cancelled");
    }
    return {};
}

void ActivityModel::addEarlier(const QJsonArray &operations)
{
    std::vector<std::unique_ptr<Operation>> rows;
    for (qsizetype i = operations.size() - 1; i >= 0; --i) {
        const QJsonObject row = operations[i].toObject();
        const QString id = row.value(u"id"_s).toString();
        const auto kind = operationKindFromString(row.value(u"kind"_s).toString());
        if (id.isEmpty() || !kind || m_byId.contains(id))
            continue;
        auto operation = std::make_unique<Operation>();
        operation->id = id;
        operation->kind = *kind;
        operation->startedMs = row.value(u"started_ms"_s).toInteger();
        operation->finishedMs = row.value(u"finished_ms"_s).toInteger();
        const QString outcome = row.value(u"outcome"_s).toString();
        operation->state = outcome == u"succeeded"_s ? State::Succeeded
            : outcome == u"cancelled"_s              ? State::Cancelled
                                                     : State::Failed;
        operation->summary = outcome == u"interrupted"_s
            ? tr("Interrupted: the Studio or the packer stopped before it finished.")
            : tr("Earlier session: %1").arg(row.value(u"summary"_s).toString());
        rows.push_back(std::move(operation));
    }
    if (rows.empty())
        return;
    // Earlier sessions go above this session's rows.
    beginInsertRows({}, 0, int(rows.size()) - 1);
    for (auto &row : rows)
        m_byId.insert(row->id, row.get());
    m_operations.insert(m_operations.begin(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    endInsertRows();
    Q_EMIT activityChanged();
}

void ActivityModel::apply(const QList<PackerEvent> &events)
{
    // New operations first, all in one insertion.
    QList<const PackerEvent *> fresh;
    QSet<QString> freshIds;
    for (const PackerEvent &event : events) {
        if (!m_byId.contains(event.operationId) && !freshIds.contains(event.operationId)) {
            freshIds.insert(event.operationId);
            fresh.append(&event);
        }
    }
    if (!fresh.isEmpty()) {
        const int first = int(m_operations.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (const PackerEvent *event : fresh) {
            auto operation = std::make_unique<Operation>();
            operation->id = event->operationId;
            operation->kind = event->operation;
            operation->startedMs = event->timestamp.toMSecsSinceEpoch();
            m_byId.insert(operation->id, operation.get());
            m_operations.push_back(std::move(operation));
        }
        endInsertRows();
    }

    // Then the events, grouped per operation so each gets one child insertion.
    QHash<Operation *, QList<const PackerEvent *>> perOperation;
    QList<Operation *> order;
    for (const PackerEvent &event : events) {
        Operation *operation = m_byId.value(event.operationId);
        auto &list = perOperation[operation];
        if (list.isEmpty())
            order.append(operation);
        list.append(&event);
    }
    for (Operation *operation : order) {
        const QList<const PackerEvent *> &list = perOperation[operation];
        const int row = rowOf(operation);
        const QModelIndex parent = index(row, 0);
        const qsizetype room = qMax<qsizetype>(0, maxEventsPerOperation - qsizetype(operation->events.size()));
        const qsizetype kept = qMin(room, list.size());
        if (kept > 0) {
            const int first = int(operation->events.size());
            beginInsertRows(parent, first, first + int(kept) - 1);
            for (qsizetype i = 0; i < kept; ++i)
                operation->events.push_back(*list[i]);
            endInsertRows();
        }
        operation->eventsNotKept += list.size() - kept;
        for (const PackerEvent *event : list) {
            operation->kind = event->operation;
            if (event->progress)
                operation->progress = *event->progress;
            switch (event->kind) {
            case EventKind::OperationStarted:
                operation->startedMs = event->timestamp.toMSecsSinceEpoch();
                operation->startSummary = event->summary;
                operation->summary = event->summary;
                break;
            case EventKind::OperationFinished: {
                operation->finishedMs = event->timestamp.toMSecsSinceEpoch();
                operation->summary = event->summary;
                operation->cancellable = false;
                const auto outcome = event->outcome();
                operation->state = !outcome                                  ? State::Failed
                    : *outcome == OperationOutcome::Succeeded               ? State::Succeeded
                    : *outcome == OperationOutcome::Cancelled               ? State::Cancelled
                                                                            : State::Failed;
                break;
            }
            case EventKind::BuildStarted:
            case EventKind::BuildFinished:
            case EventKind::ActionApplied:
            case EventKind::ActionFailed:
            case EventKind::PreviewReady:
            case EventKind::ProgressUpdated:
                operation->summary = event->summary;
                break;
            default:
                break; // per-asset events: visible when expanded
            }
        }
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    pruneFinished();
    const bool anyRunning = std::any_of(m_operations.begin(), m_operations.end(),
                                        [](const auto &operation) { return operation->state == State::Running; });
    if (anyRunning && !m_tick->isActive())
        m_tick->start();
    else if (!anyRunning)
        m_tick->stop();
    Q_EMIT activityChanged();
}

void ActivityModel::tick()
{
    for (int row = 0; row < int(m_operations.size()); ++row) {
        if (m_operations[row]->state == State::Running)
            Q_EMIT dataChanged(index(row, ElapsedColumn), index(row, ElapsedColumn));
    }
    Q_EMIT activityChanged();
}

void ActivityModel::setCancellable(const QString &operationId, bool cancellable)
{
    Operation *operation = m_byId.value(operationId);
    if (!operation) {
        // The adapter may not have delivered operation_started yet: the row
        // picks this up when it appears.
        if (cancellable) {
            beginInsertRows({}, int(m_operations.size()), int(m_operations.size()));
            auto placeholder = std::make_unique<Operation>();
            placeholder->id = operationId;
            placeholder->cancellable = true;
            placeholder->startedMs = QDateTime::currentMSecsSinceEpoch();
            m_byId.insert(operationId, placeholder.get());
            m_operations.push_back(std::move(placeholder));
            endInsertRows();
        }
        return;
    }
    if (operation->state != State::Running)
        return;
    operation->cancellable = cancellable;
    const int row = rowOf(operation);
    Q_EMIT dataChanged(index(row, ActionColumn), index(row, ActionColumn));
}

void ActivityModel::dismiss(const QString &operationId)
{
    Operation *operation = m_byId.value(operationId);
    if (operation && operation->state != State::Running) {
        removeRow(rowOf(operation));
        Q_EMIT activityChanged();
    }
}

void ActivityModel::dismissFinished()
{
    for (int row = int(m_operations.size()) - 1; row >= 0; --row) {
        if (m_operations[row]->state != State::Running)
            removeRow(row);
    }
    Q_EMIT activityChanged();
}

void ActivityModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_byId.remove(m_operations[row]->id);
    m_operations.erase(m_operations.begin() + row);
    endRemoveRows();
}

void ActivityModel::pruneFinished()
{
    int finished = 0;
    for (const auto &operation : m_operations)
        finished += (operation->state == State::Succeeded || operation->state == State::Cancelled) ? 1 : 0;
    for (int row = 0; finished > keepFinished && row < int(m_operations.size());) {
        const State state = m_operations[row]->state;
        if (state == State::Succeeded || state == State::Cancelled) {
            removeRow(row);
            --finished;
        } else {
            ++row;
        }
    }
}

int ActivityModel::rowOf(const Operation *operation) const
{
    for (int row = 0; row < int(m_operations.size()); ++row) {
        if (m_operations[row].get() == operation)
            return row;
    }
    return -1;
}

ActivityModel::Summary ActivityModel::summary() const
{
    Summary summary;
    for (const auto &operation : m_operations) {
        if (operation->state == State::Failed)
            ++summary.failed;
        if (operation->state != State::Running)
            continue;
        if (summary.running++ == 0) {
            summary.headline = operation->summary;
            summary.headlineKind = operation->kind;
        }
        summary.done += operation->progress.done;
        summary.total += operation->progress.total;
    }
    return summary;
}

QModelIndex ActivityModel::indexOf(const QString &operationId, int column) const
{
    const Operation *operation = m_byId.value(operationId);
    return operation ? index(rowOf(operation), column) : QModelIndex();
}

ActivityModel::State ActivityModel::state(const QString &operationId) const
{
    const Operation *operation = m_byId.value(operationId);
    return operation ? operation->state : State::Running;
}

qsizetype ActivityModel::eventCount(const QString &operationId) const
{
    const Operation *operation = m_byId.value(operationId);
    return operation ? qsizetype(operation->events.size()) + operation->eventsNotKept : 0;
}

QModelIndex ActivityModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < int(m_operations.size()) ? createIndex(row, column, nullptr) : QModelIndex();
    if (parent.internalPointer() || parent.row() >= int(m_operations.size()))
        return {}; // events have no children
    Operation *operation = m_operations[parent.row()].get();
    return row < int(operation->events.size()) ? createIndex(row, column, operation) : QModelIndex();
}

QModelIndex ActivityModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    return index(rowOf(static_cast<const Operation *>(child.internalPointer())), 0);
}

int ActivityModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_operations.size());
    if (parent.internalPointer() || parent.column() != 0 || parent.row() >= int(m_operations.size()))
        return 0;
    return int(m_operations[parent.row()]->events.size());
}

int ActivityModel::columnCount(const QModelIndex &) const { return ColumnCount; }

QVariant ActivityModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (auto *owner = static_cast<const Operation *>(index.internalPointer())) {
        if (index.row() >= int(owner->events.size()))
            return {};
        const PackerEvent &event = owner->events[size_t(index.row())];
        if (role == IsEventRole)
            return true;
        if (role == EventKindRole)
            return int(event.kind);
        if (role == Qt::DisplayRole) {
            switch (index.column()) {
            case OperationColumn: return u"#%1  %2"_s.arg(event.sequence).arg(wireName(event.kind));
            case ProgressColumn: {
                if (!event.progress)
                    return QVariant();
                if (event.progress->total <= 0) // a count without a total (the walk)
                    return QString::number(event.progress->done);
                return u"%1 / %2"_s.arg(event.progress->done).arg(event.progress->total);
            }
            case ElapsedColumn: return event.timestamp.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
            case SummaryColumn: return event.summary;
            default: return {};
            }
        }
        if (role == Qt::ForegroundRole && (event.kind == EventKind::ActionFailed
                                           || (event.kind == EventKind::OperationFinished && event.outcome() == OperationOutcome::Failed)
                                           || (event.kind == EventKind::BuildFinished && !BuildStats::fromJson(event.payload).succeeded)))
            return stateColor(State::Failed);
        if (role == Qt::ToolTipRole && index.column() == SummaryColumn)
            return event.affectedAssets.join(u'\n');
        return {};
    }

    if (index.row() >= int(m_operations.size()))
        return {};
    const Operation &operation = *m_operations[size_t(index.row())];
    const qint64 end = operation.state == State::Running ? QDateTime::currentMSecsSinceEpoch() : operation.finishedMs;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case OperationColumn: return operationLabel(operation.kind);
        case StateColumn: return stateLabel(operation.state);
        case ProgressColumn:
            if (operation.progress.total > 0)
                return u"%1%"_s.arg(operation.progress.done * 100 / operation.progress.total);
            return {};
        case ElapsedColumn: return formatElapsed(qMax<qint64>(0, end - operation.startedMs));
        case SummaryColumn:
            return operation.eventsNotKept > 0
                ? tr("%1 (%2 more events not listed)").arg(operation.summary).arg(operation.eventsNotKept)
                : operation.summary;
        case ActionColumn:
            if (operation.state == State::Running)
                return operation.cancellable ? tr("Cancel") : QVariant();
            return tr("Dismiss");
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StateColumn || (operation.state == State::Failed && index.column() != ActionColumn))
            return stateColor(operation.state);
        return {};
    case Qt::FontRole:
        if (operation.state == State::Failed || index.column() == StateColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SummaryColumn)
            return operation.startSummary + u'\n' + operation.summary;
        return {};
    case OperationIdRole: return operation.id;
    case StateRole: return int(operation.state);
    case ProgressDoneRole: return operation.progress.done;
    case ProgressTotalRole: return operation.progress.total;
    case CancellableRole: return operation.state == State::Running && operation.cancellable;
    case DismissableRole: return operation.state != State::Running;
    case IsEventRole: return false;
    }
    return {};
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OperationColumn: return tr("Operation");
    case StateColumn: return tr("State");
    case ProgressColumn: return tr("Progress");
    case ElapsedColumn: return tr("Elapsed");
    case SummaryColumn: return tr("Summary");
    case ActionColumn: return QString();
    }
    return {};
}

} // namespace Prometeu
