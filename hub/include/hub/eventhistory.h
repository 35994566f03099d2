#pragma once

#include "hub/hubframe.h"

#include <QHash>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSet>
#include <QString>

#include <support/headtailwindow.h>

#include <deque>
#include <memory>

namespace Prometeu {

// A project's event history in SQLite (<project>/.prometeu/history.db, WAL):
// operations and session runs ("streams") and their frames.
//
// Retention per stream keeps the lifecycle spine: every frame that is not
// droppable (all packer events but progress; state changes, warnings and
// errors in the log), and of the droppable ones a head and a tail, with one
// `history_gap` marker frame counting what was left out. The whole file is
// kept under a size bound by pruning the oldest finished streams.
//
// Every cache_hit and cache_miss also leaves a row in `asset_builds`
// (provenance: why, how long, how big), the last keptPerAsset per asset,
// so "why was this rebuilt" outlives the thinning of a long build.
//
// One connection per object and thread (QtSql's rule): the recorder writes
// through one, each reader opens its own.
class EventHistory
{
public:
    struct Limits {
        qsizetype droppableHead = 50;
        qsizetype droppableTail = 200;
        // Per stream, for warnings (HubFrame::thinnedApart): a run that
        // warns less than this keeps every warning.
        qsizetype warningHead = 2'000;
        qsizetype warningTail = 8'000;
        qint64 maxBytes = 64ll * 1024 * 1024;
    };

    EventHistory();
    ~EventHistory();
    EventHistory(const EventHistory &) = delete;
    EventHistory &operator=(const EventHistory &) = delete;

    static QString defaultPath(const QString &projectRoot);
    // PRAGMA user_version of a history this code made (1: the tables as
    // they were when the version was first kept; 2: asset_builds in seq
    // order, indexed by asset).
    static constexpr int schemaVersion = 2;
    // A writer that opens the history with its write-ahead log longer than
    // this many pages empties it into the database: writers no longer
    // checkpoint when they close, and every opener reads the log back.
    static constexpr int longLogPages = 128;

    // Opens (creating if needed). As a writer, also marks streams that never
    // finished — their process was killed — as "interrupted".
    bool open(const QString &path, bool writer, QString *error = nullptr);
    bool isOpen() const;
    QString path() const { return m_path; }
    void setLimits(const Limits &limits) { m_limits = limits; }

    // Highest seq stored (0 when empty): a new hub continues after it.
    quint64 maxSeq() const;
    // The highest Play run recorded: a new process numbers its runs after
    // it, so "run:N" names one run across restarts.
    quint32 maxRun() const;
    // How many streams open() marked interrupted.
    int interruptedOnOpen() const { return m_interrupted; }
    // As a writer: what open() found lost since the last writer closed (its
    // write-ahead log cut short, damaged or removed), in a sentence naming
    // the file and where a copy of it was kept; empty when nothing was.
    QString lossOnOpen() const { return m_lossOnOpen; }

    // Writer: stores a batch in one transaction, applying retention.
    bool record(const QList<HubFrame> &frames, QString *error = nullptr);
    // Frames lost before they reached the history (a recorder that fell behind).
    bool noteLost(quint64 count, QString *error = nullptr);

    // Readers.
    QList<HubFrame> framesAfter(quint64 after, qsizetype limit, const FrameFilter &filter = {}) const;
    QList<HubFrame> operationFrames(const QString &operationId) const;
    // Newest first: {id, type, kind, started_ms, finished_ms, outcome, summary, dropped}.
    QJsonArray streams(const QString &type, qsizetype limit) const;
    QJsonObject stream(const QString &id) const;
    // Provenance: an asset's last builds that loaded or converted it,
    // newest first: {seq, operation_id, time_ms, outcome ("hit",
    // "converted", "failed"), reason, reason_detail, source, duration_ms,
    // input_bytes, stored_bytes, key}. At most `keptPerAsset` are kept.
    QJsonArray assetBuilds(const QString &asset, qsizetype limit) const;
    static constexpr int keptPerAsset = 20;
    qint64 usedBytes() const;
    // Frames the recorder could not write and counted (noteLost).
    qint64 lostFrames() const;

private:
    // A stream's droppable frames (by seq): head and tail kept, the gap
    // between them deleted and counted.
    struct StreamState {
        HeadTailWindow<quint64> window;
        RetentionGap gap;
        HeadTailWindow<quint64> warnings; // thinned apart
        RetentionGap warningGap;
    };
    bool exec(const QString &sql, QString *error = nullptr) const;
    bool prepareForWriting(const class WriteAheadLogCheck &logCheck, QString *error);
    bool makeAssetBuildsTable(QString *error);
    void keepDamagedLog(quint32 pagesLost);
    void keepWriteAheadLogOnClose();
    void pruneIfNeeded();
    QString streamOf(const HubFrame &frame) const;

    QString m_connection;
    QString m_path;
    bool m_writer = false;
    Limits m_limits;
    int m_interrupted = 0;
    QString m_lossOnOpen;
    int m_batchesSincePrune = 0;
    QHash<QString, StreamState> m_states;
    QSet<QString> m_knownStreams; // streams this object has made sure exist
    class Batch;
};

} // namespace Prometeu
