#include "ui/logmodel.h"

#include <session/logformatter.h>

#include <session/mergedlog.h>

#include <QDateTime>
#include <QDeadlineTimer>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

quint32 bit(LogSource source) { return 1u << int(source); }
quint32 bit(LogSeverity severity) { return 1u << int(severity); }

bool sameLine(const LogEntry &a, const LogEntry &b)
{
    return a.source == b.source && a.severity == b.severity && !a.isStateChange && !b.isStateChange
        && !a.isDropMarker && !b.isDropMarker && a.message == b.message && a.asset() == b.asset()
        && a.line() == b.line();
}

} // namespace

LogModel::LogModel(const MergedLog *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
{
}

QColor LogModel::sourceColor(LogSource source)
{
    switch (source) {
    case LogSource::Build: return QColor(0x4f, 0x8c, 0xf7);
    case LogSource::PackValidation: return QColor(0xb0, 0x7c, 0xf0);
    case LogSource::Pack: return QColor(0x2d, 0xb8, 0xa8);
    case LogSource::Runtime: return QColor(0x5c, 0xc2, 0x5e);
    case LogSource::Studio: return QColor(0x94, 0xa3, 0xb8);
    }
    return {};
}

QString LogModel::sourceLabel(LogSource source)
{
    switch (source) {
    case LogSource::Build: return tr("build");
    case LogSource::PackValidation: return tr("pack-validation");
    case LogSource::Pack: return tr("pack");
    case LogSource::Runtime: return tr("runtime");
    case LogSource::Studio: return tr("studio");
    }
    return {};
}

QString LogModel::severityLabel(LogSeverity severity)
{
    switch (severity) {
    case LogSeverity::Debug: return tr("debug");
    case LogSeverity::Info: return tr("info");
    case LogSeverity::Warning: return tr("warning");
    case LogSeverity::Error: return tr("error");
    }
    return {};
}

void LogModel::setSourceVisible(LogSource source, bool visible)
{
    const quint32 mask = visible ? (m_sourceMask | bit(source)) : (m_sourceMask & ~bit(source));
    if (mask == m_sourceMask)
        return;
    m_sourceMask = mask;
    rebuild();
}

bool LogModel::isSourceVisible(LogSource source) const { return m_sourceMask & bit(source); }

void LogModel::setSeverityVisible(LogSeverity severity, bool visible)
{
    const quint32 mask = visible ? (m_severityMask | bit(severity)) : (m_severityMask & ~bit(severity));
    if (mask == m_severityMask)
        return;
    m_severityMask = mask;
    rebuild();
}

bool LogModel::isSeverityVisible(LogSeverity severity) const { return m_severityMask & bit(severity); }

void LogModel::setCollapseRepeats(bool collapse)
{
    if (collapse == m_collapse)
        return;
    m_collapse = collapse;
    rebuild();
}

bool LogModel::accepts(const LogEntry &entry) const
{
    if (entry.isDropMarker)
        return true; // the gap is part of the story whatever the filters
    return (m_sourceMask & bit(entry.source)) && (m_severityMask & bit(entry.severity));
}

bool LogModel::foldRepeat(const LogEntry &entry)
{
    if (!m_collapse)
        return false;
    if (m_lastRowEntry && sameLine(*m_lastRowEntry, entry))
        return true;
    m_lastRowEntry = entry;
    return false;
}

qsizetype LogModel::refresh()
{
    // Retention dropped entries this view may still list: when enough rows
    // point at nothing, start over (amortised: rarely, under a flood).
    const quint64 dropped = m_log->totalDropped();
    if (dropped != m_droppedSeen && m_rows.size() > m_log->size() + m_log->size() / 4 + 1000) {
        m_droppedSeen = dropped;
        rebuild();
        return m_rows.size();
    }

    // Taken in slices, so a time budget is checked between them; the
    // same list every time, so its memory is touched once.
    constexpr qsizetype slice = 8192;
    const QDeadlineTimer deadline = m_refreshBudget.count() > 0 ? QDeadlineTimer(m_refreshBudget, Qt::PreciseTimer)
                                                                : QDeadlineTimer(QDeadlineTimer::Forever);
    m_fresh.clear();
    quint32 lastRowRepeats = 0;
    qsizetype visited = 0;
    while (visited < m_refreshLimit) {
        const qsizetype wanted = qMin(slice, m_refreshLimit - visited);
        const qsizetype got = collectRows(wanted, &m_fresh, &lastRowRepeats);
        visited += got;
        if (got < wanted || deadline.hasExpired())
            break;
    }
    if (lastRowRepeats > 0 && !m_rows.isEmpty()) {
        m_rows.last().repeat += lastRowRepeats;
        const int row = int(m_rows.size() - 1);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (!m_fresh.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(m_fresh.size()) - 1);
        appendRows(m_fresh);
        endInsertRows();
    }
    // After a flood, a quiet log does not keep a flood's worth of room.
    if (m_fresh.size() < slice && m_fresh.capacity() > 8 * slice)
        m_fresh = QList<Row>();
    return visited;
}

bool LogModel::hasPending() const
{
    return m_log->lastSequence() > m_lastSeen;
}

qsizetype LogModel::collectRows(qsizetype limit, QList<Row> *rows, quint32 *repeatsOfLastRow)
{
    return m_log->visitAfter(m_lastSeen, limit, [&](const LogEntry &entry) {
        m_lastSeen = qMax(m_lastSeen, entry.sequence);
        if (!accepts(entry))
            return;
        if (foldRepeat(entry)) {
            if (rows->isEmpty())
                ++*repeatsOfLastRow; // folds into a row the model already holds
            else
                ++rows->last().repeat;
            return;
        }
        rows->append(Row{entry.sequence, 1, entry.isDropMarker});
    });
}

void LogModel::appendRows(const QList<Row> &rows)
{
    for (const Row &row : rows)
        m_rows.append(row);
}

void LogModel::resetRows()
{
    m_rows.clear();
    m_lastRowEntry.reset();
    m_cachedRow = -1;
    m_cachedEntry.reset();
    m_lastSeen = m_clearedAfter;
}

void LogModel::rebuild()
{
    beginResetModel();
    resetRows();
    m_droppedSeen = m_log->totalDropped();
    quint32 unused = 0; // nothing to fold into: the rows start empty
    QList<Row> rows;
    collectRows(-1, &rows, &unused);
    appendRows(rows);
    endResetModel();
}

void LogModel::clearView()
{
    beginResetModel();
    m_clearedAfter = m_log->lastSequence();
    resetRows();
    endResetModel();
}

std::optional<LogEntry> LogModel::entryAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    if (row != m_cachedRow) {
        m_cachedEntry = m_log->find(m_rows[row].sequence, m_rows[row].dropMarker);
        m_cachedRow = row;
    }
    return m_cachedEntry;
}

int LogModel::repeatCount(int row) const
{
    return row >= 0 && row < m_rows.size() ? int(m_rows[row].repeat) : 0;
}

QString LogModel::lineText(int row) const
{
    const auto entry = entryAt(row);
    return entry ? LogFormatter().format(*entry, repeatCount(row)) : QString();
}

int LogModel::findRow(const QString &text, int from, bool forward) const
{
    const int count = int(m_rows.size());
    if (text.isEmpty() || count == 0)
        return -1;
    for (int step = 1; step <= count; ++step) {
        int row = forward ? from + step : from - step;
        row = ((row % count) + count) % count;
        const auto entry = m_log->find(m_rows[row].sequence, m_rows[row].dropMarker);
        if (!entry)
            continue;
        if (entry->message.contains(text, Qt::CaseInsensitive)
            || (entry->location && entry->asset().contains(text, Qt::CaseInsensitive)))
            return row;
    }
    return -1;
}

QList<quint64> LogModel::rowSequences() const
{
    QList<quint64> sequences;
    sequences.reserve(m_rows.size());
    for (qsizetype row = 0; row < m_rows.size(); ++row)
        sequences.append(m_rows[row].sequence);
    return sequences;
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const auto entry = entryAt(index.row());
    if (!entry) {
        if (role == Qt::DisplayRole && index.column() == MessageColumn)
            return tr("(this line was dropped to keep the log bounded)");
        return {};
    }
    const int repeat = int(m_rows[index.row()].repeat);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return QDateTime::fromMSecsSinceEpoch(entry->timestampMs).toString(u"HH:mm:ss.zzz"_s);
        case SourceColumn: return sourceLabel(entry->source);
        case SeverityColumn: return severityLabel(entry->severity);
        case LocationColumn: return LogFormatter::locationText(*entry);
        case MessageColumn:
            return repeat > 1 ? tr("%1  (\u00d7%2)").arg(entry->message).arg(repeat) : entry->message;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == LocationColumn && entry->location)
            return tr("Click to show %1 in the Assets workspace").arg(entry->asset());
        if (index.column() == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(entry->timestampMs).toString(Qt::ISODateWithMs);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == SourceColumn)
            return sourceColor(entry->source);
        if (index.column() == LocationColumn)
            return QGuiApplication::palette().color(QPalette::Link);
        if (entry->isDropMarker)
            return QColor(0xf5, 0x9e, 0x0b);
        switch (entry->severity) {
        case LogSeverity::Error: return QColor(0xf8, 0x71, 0x71);
        case LogSeverity::Warning: return QColor(0xfb, 0xbf, 0x24);
        case LogSeverity::Debug: return QGuiApplication::palette().color(QPalette::PlaceholderText);
        case LogSeverity::Info: return {};
        }
        return {};
    case Qt::FontRole:
        if ((entry->isStateChange && index.column() == MessageColumn) || index.column() == LocationColumn) {
            QFont font;
            font.setBold(entry->isStateChange);
            font.setUnderline(index.column() == LocationColumn);
            return font;
        }
        return {};
    case SequenceRole: return entry->sequence;
    case SourceRole: return int(entry->source);
    case SeverityRole: return int(entry->severity);
    case AssetRole: return entry->asset();
    case LineRole: return entry->line();
    case RepeatRole: return repeat;
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case SourceColumn: return tr("Source");
    case SeverityColumn: return tr("Severity");
    case LocationColumn: return tr("Location");
    case MessageColumn: return tr("Message");
    }
    return {};
}

} // namespace Prometeu
