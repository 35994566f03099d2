#pragma once

#include <session/logentry.h>

#include "ui/chunkedlist.h"

#include <QAbstractTableModel>
#include <QColor>
#include <chrono>
#include <optional>

namespace Prometeu {

class MergedLog;

// A window over the session's MergedLog, not a copy of it: each row is the
// sequence number of a retained entry that passes the filters (16 bytes a
// row), and data() looks the entry up in the store. Filters are therefore
// index lists over the store, rebuilt in one pass when they change.
//
// refresh() pulls what the log gained since the previous call and appends
// it with a single beginInsertRows, so a view that calls it on a timer
// costs the same whether one line or fifty thousand arrived.
//
// Collapsing repeats folds a line identical to the row above it (source,
// severity, location, message) into that row with a count: one comparison
// per line, so it stays fast with any number of distinct lines.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, SourceColumn, SeverityColumn, LocationColumn, MessageColumn, ColumnCount };
    enum Role {
        SequenceRole = Qt::UserRole + 1,
        SourceRole,   // LogSource as int
        SeverityRole, // LogSeverity as int
        AssetRole,
        LineRole,
        RepeatRole,
    };

    static constexpr qsizetype defaultRefreshLimit = 100'000;

    explicit LogModel(const MergedLog *log, QObject *parent = nullptr);

    static QColor sourceColor(LogSource source);
    static QString sourceLabel(LogSource source);
    static QString severityLabel(LogSeverity severity);

    void setSourceVisible(LogSource source, bool visible);
    bool isSourceVisible(LogSource source) const;
    void setSeverityVisible(LogSeverity severity, bool visible);
    bool isSeverityVisible(LogSeverity severity) const;
    void setCollapseRepeats(bool collapse);
    bool collapsesRepeats() const { return m_collapse; }
    // Most entries one refresh() takes from the log; the rest wait for the
    // next call, so one refresh never holds the GUI thread for long.
    void setRefreshLimit(qsizetype entries) { m_refreshLimit = qMax<qsizetype>(1, entries); }
    // Most time one refresh() spends taking entries (0: no bound). Under a
    // flood two views refreshing back to back each took 4-5 ms; bounded,
    // the rest waits for the next call and the event loop runs between.
    void setRefreshBudget(std::chrono::microseconds budget) { m_refreshBudget = budget; }
    // The log holds entries the last refresh() left for the next one.
    bool hasPending() const;

    // Appends what the log gained; returns the number of entries looked at.
    qsizetype refresh();
    // Hides everything logged so far. The session's log keeps it (the CLI,
    // history and other views still see it); this view starts afresh.
    void clearView();

    std::optional<LogEntry> entryAt(int row) const;
    int repeatCount(int row) const;
    // One line of plain text, as copied or saved.
    QString lineText(int row) const;
    // The next row from `from` (exclusive) whose message or location
    // contains `text`, wrapping around; -1 if none.
    int findRow(const QString &text, int from, bool forward) const;
    // The sequences behind the rows, to save them off the GUI thread.
    QList<quint64> rowSequences() const;
    const MergedLog *log() const { return m_log; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        quint64 sequence = 0;
        quint32 repeat = 1;
        bool dropMarker = false;
    };

    bool accepts(const LogEntry &entry) const;
    void rebuild();
    void resetRows();
    void appendRows(const QList<Row> &rows);
    // Pulls up to `limit` entries after m_lastSeen through the filters into
    // `rows`; a repeat of the row before them counts in *repeatsOfLastRow.
    qsizetype collectRows(qsizetype limit, QList<Row> *rows, quint32 *repeatsOfLastRow);
    // Folds `entry` into `rows` (and the model's last row): true if it was
    // a repeat of the row above.
    bool foldRepeat(const LogEntry &entry);

    const MergedLog *m_log;
    ChunkedList<Row, 18> m_rows; // 4 MiB chunks of 262,144 rows
    quint64 m_lastSeen = 0;
    quint64 m_clearedAfter = 0;
    quint64 m_droppedSeen = 0;
    quint32 m_sourceMask = 0xff;
    quint32 m_severityMask = 0xff;
    bool m_collapse = false;
    qsizetype m_refreshLimit = defaultRefreshLimit;
    std::chrono::microseconds m_refreshBudget{0};
    QList<Row> m_fresh; // kept between refreshes: its pages are touched once, not on every refresh
    std::optional<LogEntry> m_lastRowEntry; // for folding repeats
    mutable int m_cachedRow = -1;           // data() asks for one row many times
    mutable std::optional<LogEntry> m_cachedEntry;
};

} // namespace Prometeu
