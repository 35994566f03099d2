#include "hub/eventhistory.h"

#include "hub/sseformat.h"

#include "writeaheadlogcheck.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <sqlite3.h>

#include <dlfcn.h>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// SQLite's own words first ("database or disk is full"), then what the
// driver was doing, in parentheses.
QString describe(const QSqlError &error)
{
    const QString database = error.databaseText();
    const QString driver = error.driverText();
    if (database.isEmpty() || driver.isEmpty())
        return database + driver;
    return u"%1 (%2)"_s.arg(database, driver);
}

HubFrame frameFromRow(const QSqlQuery &query)
{
    HubFrame frame;
    frame.seq = query.value(0).toULongLong();
    frame.channel = query.value(1).toString();
    frame.kind = query.value(2).toString();
    frame.source = query.value(3).toString();
    frame.operationId = query.value(4).toString();
    frame.droppable = query.value(5).toBool();
    frame.body = std::make_shared<HubFrameBody>(frame.seq, frame.kind, query.value(6).toByteArray());
    return frame;
}

const auto frameColumns = "seq, channel, kind, source, operation_id, droppable, envelope"_L1;
const auto streamColumns = "id, type, kind, started_ms, finished_ms, outcome, summary, dropped"_L1;

QJsonObject streamFromRow(const QSqlQuery &query)
{
    return QJsonObject{
        {u"id"_s, query.value(0).toString()},
        {u"type"_s, query.value(1).toString()},
        {u"kind"_s, query.value(2).toString()},
        {u"started_ms"_s, query.value(3).toLongLong()},
        {u"finished_ms"_s, query.value(4).isNull() ? QJsonValue() : QJsonValue(query.value(4).toLongLong())},
        {u"outcome"_s, query.value(5).isNull() ? QJsonValue() : QJsonValue(query.value(5).toString())},
        {u"summary"_s, query.value(6).toString()},
        {u"dropped"_s, query.value(7).toLongLong()},
    };
}

bool isFinalRunState(const QString &state)
{
    return state == u"prepare_failed"_s || state == u"runtime_failed"_s || state == u"stopped"_s;
}

} // namespace

EventHistory::EventHistory()
    : m_connection(u"history-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

EventHistory::~EventHistory()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QString EventHistory::defaultPath(const QString &projectRoot)
{
    return QDir(projectRoot).filePath(u".prometeu/history.db"_s);
}

bool EventHistory::exec(const QString &sql, QString *error) const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(sql))
        return true;
    if (error)
        *error = describe(query.lastError());
    return false;
}

bool EventHistory::isOpen() const
{
    return QSqlDatabase::database(m_connection, false).isOpen();
}

bool EventHistory::open(const QString &path, bool writer, QString *error)
{
    m_path = path;
    m_writer = writer;
    if (writer && !QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = u"Cannot create the folder for %1."_s.arg(QDir::toNativeSeparators(path));
        return false;
    }
    // Before SQLite rebuilds the log's index from the log.
    const WriteAheadLogCheck logCheck(path);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(path);
    // Readers wait for a writer's transaction instead of failing at once.
    db.setConnectOptions(writer ? u"QSQLITE_BUSY_TIMEOUT=5000"_s
                                : u"QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_READONLY"_s);
    if (!db.open()) {
        if (error)
            *error = u"Cannot open the history %1: %2"_s.arg(QDir::toNativeSeparators(path), describe(db.lastError()));
        return false;
    }
    if (!writer)
        return true;
    QString why;
    if (!prepareForWriting(logCheck, &why)) {
        if (error)
            *error = u"The history %1 cannot be used: %2"_s.arg(QDir::toNativeSeparators(path), why);
        return false;
    }
    QSqlQuery interrupted(db);
    // run:0 holds the lines logged outside any Play: it never ends, so it
    // is never interrupted.
    interrupted.prepare(u"UPDATE streams SET outcome = 'interrupted', finished_ms = ? "
                        "WHERE finished_ms IS NULL AND id != 'run:0'"_s);
    interrupted.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (interrupted.exec())
        m_interrupted = interrupted.numRowsAffected();
    return true;
}

bool EventHistory::prepareForWriting(const WriteAheadLogCheck &logCheck, QString *error)
{
    // Committed transactions survive a killed process; a power cut may lose
    // the last few, never the file. (Per connection, so on every open.)
    if (!exec(u"PRAGMA synchronous=NORMAL"_s, error))
        return false;
    int version = 0;
    {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
            if (error)
                *error = describe(query.lastError());
            return false;
        }
        version = query.value(0).toInt();
    } // finished: the journal mode cannot change under an open statement
    // That first read recovered the log; the first write would overwrite
    // what SQLite could not read of it.
    if (const quint32 lost = logCheck.pagesLost())
        keepDamagedLog(lost);
    // A short command (a no-op build) opens the history once: parsing the
    // schema again each time cost more than its whole write.
    if (version < schemaVersion) {
        const QStringList schema{
            u"PRAGMA journal_mode=WAL"_s, // kept in the file
            u"PRAGMA auto_vacuum=INCREMENTAL"_s,
            u"CREATE TABLE IF NOT EXISTS streams(id TEXT PRIMARY KEY, type TEXT NOT NULL, kind TEXT, "
            "started_ms INTEGER, finished_ms INTEGER, outcome TEXT, summary TEXT, "
            "dropped INTEGER NOT NULL DEFAULT 0)"_s,
            u"CREATE TABLE IF NOT EXISTS frames(seq INTEGER PRIMARY KEY, stream TEXT NOT NULL, "
            "channel TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL, operation_id TEXT, "
            "droppable INTEGER NOT NULL, envelope BLOB NOT NULL)"_s,
            u"CREATE INDEX IF NOT EXISTS frames_by_stream ON frames(stream, seq)"_s,
            u"CREATE INDEX IF NOT EXISTS streams_by_start ON streams(type, started_ms)"_s,
            u"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)"_s,
        };
        for (const QString &statement : schema) {
            if (!exec(statement, error))
                return false;
        }
        if (!makeAssetBuildsTable(error) || !exec(u"PRAGMA user_version=%1"_s.arg(schemaVersion), error))
            return false;
    }
    keepWriteAheadLogOnClose();
    return true;
}

// Rows in seq order, appended at the end of the table, and an index by
// asset for the newest-first reads. Version 1 kept them keyed by (asset,
// seq) WITHOUT ROWID, each insert a walk down a tree of paths, with the
// row's fields read out of its JSON by SQLite: 12.5 us an asset, most of
// the history's work in a cold build. Its rows are carried over.
bool EventHistory::makeAssetBuildsTable(QString *error)
{
    const auto columns = "seq, asset, stream, time_ms, outcome, reason, detail, source, duration_ms, input_bytes, "
                         "stored_bytes, key"_L1;
    QString existing;
    {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        if (query.exec(u"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'asset_builds'"_s)
            && query.next())
            existing = query.value(0).toString();
    }
    const bool carryOver = existing.contains(u"WITHOUT ROWID"_s, Qt::CaseInsensitive);
    QStringList steps;
    if (carryOver)
        steps << u"ALTER TABLE asset_builds RENAME TO asset_builds_1"_s;
    steps << u"CREATE TABLE IF NOT EXISTS asset_builds(seq INTEGER PRIMARY KEY, asset TEXT NOT NULL, "
             "stream TEXT NOT NULL, time_ms INTEGER, outcome TEXT NOT NULL, reason TEXT, detail TEXT, source TEXT, "
             "duration_ms REAL, input_bytes INTEGER, stored_bytes INTEGER, key TEXT)"_s;
    if (carryOver) {
        // Its index goes with it: the names are free for the new ones.
        steps << u"INSERT OR REPLACE INTO asset_builds(%1) SELECT %1 FROM asset_builds_1"_s.arg(columns)
              << u"DROP TABLE asset_builds_1"_s;
    }
    steps << u"CREATE INDEX IF NOT EXISTS asset_builds_by_asset ON asset_builds(asset, seq)"_s
          << u"CREATE INDEX IF NOT EXISTS asset_builds_by_stream ON asset_builds(stream)"_s;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction()) {
        if (error)
            *error = describe(db.lastError());
        return false;
    }
    for (const QString &step : std::as_const(steps)) {
        if (!exec(step, error)) {
            db.rollback();
            return false;
        }
    }
    if (db.commit())
        return true;
    if (error)
        *error = describe(db.lastError());
    db.rollback();
    return false;
}

void EventHistory::keepDamagedLog(quint32 pagesLost)
{
    const QString log = m_path + u"-wal"_s;
    const QString copy = log + u".damaged"_s;
    QFile::remove(copy);
    const QString where = QFileInfo(log).size() > 0 && QFile::copy(log, copy)
        ? u" The log as it was found is kept as %1."_s.arg(QDir::toNativeSeparators(copy))
        : QString();
    m_lossOnOpen = u"Recent entries of the event history are lost: its log %1 was cut short, damaged or removed "
                   "since it was last written (%2 page(s) of records could not be read back).%3"_s
                       .arg(QDir::toNativeSeparators(log))
                       .arg(pagesLost)
                       .arg(where);
}

// A writer that closes last no longer checkpoints the write-ahead log into
// the database, syncs both files and deletes the log (4 fdatasyncs, two
// files made and removed, each sync waiting for the disk: 50-100 ms of a
// no-op `prometeu build` while another program wrote). The log stays for
// the next opener, which reads it back; a writer that finds it longer than
// longLogPages empties it, so that read stays short (the whole log,
// unbounded, cost more than the checkpoint it saved). While open, SQLite
// checkpoints as usual (every 1,000 pages: 128 made a cold build's history
// 10-20 % slower, bench_hub). Durability is unchanged: with
// synchronous=NORMAL a commit never waited for the disk, and a crash keeps
// what the log holds.
//
// sqlite3_db_config is looked up in the SQLite that Qt's driver loaded:
// linking it would load it in every process at start (1-1.4 ms measured
// for `prometeu --version`). A driver with its own SQLite inside keeps the
// default (checkpoint on close).
void EventHistory::keepWriteAheadLogOnClose()
{
    using DbConfig = int (*)(sqlite3 *, int, ...);
    static const DbConfig dbConfig = []() -> DbConfig {
        void *library = dlopen("libsqlite3.so.0", RTLD_NOW | RTLD_NOLOAD);
        return library ? reinterpret_cast<DbConfig>(dlsym(library, "sqlite3_db_config")) : nullptr;
    }();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!dbConfig || !handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return;
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
    int kept = 0;
    if (!connection || dbConfig(connection, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &kept) != SQLITE_OK || !kept)
        return;
    // What a checkpoint copied is forgotten when its connection closes (the
    // next opener rebuilds the log's index from the file), so the log would
    // never restart and only grow: the opener that finds it long copies it
    // into the database and empties it. Here, on the recorder's thread,
    // while the command scans.
    if (QFileInfo(m_path + u"-wal"_s).size() > qint64(longLogPages) * 4096)
        exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
}

quint32 EventHistory::maxRun() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(u"SELECT MAX(CAST(substr(id, 5) AS INTEGER)) FROM streams WHERE type = 'run'"_s) && query.next())
        return query.value(0).toUInt();
    return 0;
}

quint64 EventHistory::maxSeq() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(u"SELECT MAX(seq) FROM frames"_s) && query.next())
        return query.value(0).toULongLong();
    return 0;
}

QString EventHistory::streamOf(const HubFrame &frame) const
{
    if (!frame.operationId.isEmpty())
        return frame.operationId;
    return u"run:%1"_s.arg(frame.run);
}

// One batch of EventHistory::record, step by step, in one transaction.
class EventHistory::Batch
{
public:
    Batch(EventHistory *history, QSqlDatabase db)
        : m_history(history), m_insert(db), m_remove(db), m_startStream(db), m_finishStream(db), m_summarise(db),
          m_dropped(db), m_assetBuild(db), m_trimAsset(db), m_now(QDateTime::currentMSecsSinceEpoch())
    {
        // Each asset of a batch keeps its last keptPerAsset rows, in one
        // statement for the batch (a statement per asset cost 12 us each).
        m_trimAsset.prepare(u"DELETE FROM asset_builds WHERE asset IN (SELECT value FROM json_each(?)) "
                            "AND seq < (SELECT b.seq FROM asset_builds b WHERE b.asset = asset_builds.asset "
                            "ORDER BY b.seq DESC LIMIT 1 OFFSET %1)"_s.arg(keptPerAsset - 1));
        m_assetBuild.prepare(u"INSERT OR REPLACE INTO asset_builds(seq, asset, stream, time_ms, outcome, reason, detail, "
                             "source, duration_ms, input_bytes, stored_bytes, key) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
        m_insert.prepare(u"INSERT OR REPLACE INTO frames(seq, stream, channel, kind, source, operation_id, droppable, "
                         "envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
        m_remove.prepare(u"DELETE FROM frames WHERE seq = ?"_s);
        m_startStream.prepare(u"INSERT OR IGNORE INTO streams(id, type, kind, started_ms, summary) VALUES (?, ?, ?, ?, ?)"_s);
        m_finishStream.prepare(u"UPDATE streams SET finished_ms = ?, outcome = ?, summary = ? WHERE id = ?"_s);
        m_summarise.prepare(u"UPDATE streams SET summary = ? WHERE id = ?"_s);
        m_dropped.prepare(u"UPDATE streams SET dropped = ? WHERE id = ?"_s);
    }

    // Stream bookkeeping for each frame, and which frames stay: a droppable
    // frame that leaves its stream's window within this batch is never
    // written (nor made: its JSON is never asked for).
    void take(const QList<HubFrame> &frames)
    {
        m_kept.reserve(frames.size());
        m_keptSeqs.reserve(size_t(frames.size()));
        for (const HubFrame &frame : frames) {
            const QString stream = streamOf(frame);
            noteStream(frame, stream);
            if (!frame.assetOutcome.isEmpty())
                m_outcomes.append(&frame);
            if (frame.droppable)
                thin(frame, stream);
            m_kept.append(&frame);
            m_keptSeqs.push_back(frame.seq);
        }
    }

    bool writeFrames(QString *error)
    {
        for (const HubFrame *frame : std::as_const(m_kept)) {
            if (!frame)
                continue;
            m_insert.addBindValue(qint64(frame->seq));
            m_insert.addBindValue(streamOf(*frame));
            m_insert.addBindValue(frame->channel);
            m_insert.addBindValue(frame->kind);
            m_insert.addBindValue(frame->source);
            m_insert.addBindValue(frame->operationId.isEmpty() ? QVariant() : QVariant(frame->operationId));
            m_insert.addBindValue(frame->droppable ? 1 : 0);
            m_insert.addBindValue(frame->json());
            if (!m_insert.exec()) {
                if (error)
                    *error = describe(m_insert.lastError());
                return false;
            }
        }
        return true;
    }

    bool writeAssetBuilds(QString *error)
    {
        QJsonArray paths;
        for (const HubFrame *frame : std::as_const(m_outcomes)) {
            // Bound from the payload: SQLite reading them out of the
            // frame's JSON cost more than the insert.
            const QJsonObject &outcome = frame->assetOutcome;
            const QJsonValue path = outcome.value("path"_L1);
            const auto text = [&outcome](QLatin1StringView key) {
                const QJsonValue value = outcome.value(key);
                return value.isString() ? QVariant(value.toString()) : QVariant();
            };
            const auto integer = [&outcome](QLatin1StringView key) {
                const QJsonValue value = outcome.value(key);
                return value.isDouble() ? QVariant(value.toInteger()) : QVariant();
            };
            const QJsonValue duration = outcome.value("duration_ms"_L1);
            const QJsonValue result = outcome.value("result"_L1);
            m_assetBuild.bindValue(0, qint64(frame->seq));
            m_assetBuild.bindValue(1, path.toString());
            m_assetBuild.bindValue(2, streamOf(*frame));
            m_assetBuild.bindValue(3, timeOf(*frame));
            m_assetBuild.bindValue(4, result.isString() ? result.toString() : u"hit"_s);
            m_assetBuild.bindValue(5, text("reason"_L1));
            m_assetBuild.bindValue(6, text("reason_detail"_L1));
            m_assetBuild.bindValue(7, text("source"_L1));
            m_assetBuild.bindValue(8, duration.isDouble() ? QVariant(duration.toDouble()) : QVariant());
            m_assetBuild.bindValue(9, integer("input_bytes"_L1));
            m_assetBuild.bindValue(10, integer("stored_bytes"_L1));
            m_assetBuild.bindValue(11, text("key"_L1));
            if (!m_assetBuild.exec()) {
                if (error)
                    *error = describe(m_assetBuild.lastError());
                return false;
            }
            paths.append(path);
        }
        if (paths.isEmpty())
            return true;
        m_trimAsset.addBindValue(QString::fromUtf8(QJsonDocument(paths).toJson(QJsonDocument::Compact)));
        if (!m_trimAsset.exec()) {
            if (error)
                *error = describe(m_trimAsset.lastError());
            return false;
        }
        return true;
    }

    // One marker per thinned window of a stream (its ordinary frames, its
    // warnings), updated once per batch.
    void writeGapMarkers()
    {
        for (const QString &stream : std::as_const(m_gapsChanged)) {
            const StreamState &state = *m_history->m_states.constFind(stream);
            writeGapMarker(stream, state.gap, u"%1 frames were left out of the history here to keep it bounded."_s);
            writeGapMarker(stream, state.warningGap,
                           u"%1 warnings were left out of the history here to keep it bounded."_s);
            m_dropped.addBindValue(qint64(state.gap.count() + state.warningGap.count()));
            m_dropped.addBindValue(stream);
            m_dropped.exec();
        }
        // Finished streams' retention state goes after their markers.
        for (const QString &stream : std::as_const(m_finished))
            m_history->m_states.remove(stream);
    }

private:
    void writeGapMarker(const QString &stream, const RetentionGap &gap, const QString &summary)
    {
        if (gap.count() == 0)
            return;
        const bool isOperation = !stream.startsWith(u"run:"_s);
        QJsonObject marker{
            {u"channel"_s, u"history"_s},
            {u"kind"_s, u"history_gap"_s},
            {u"seq"_s, qint64(gap.start())},
            {u"dropped"_s, qint64(gap.count())},
            {u"summary"_s, summary.arg(gap.count())},
        };
        if (isOperation)
            marker.insert(u"operation_id"_s, stream);
        else
            marker.insert(u"run"_s, stream.mid(4).toLongLong());
        m_insert.addBindValue(qint64(gap.start()));
        m_insert.addBindValue(stream);
        m_insert.addBindValue(u"history"_s);
        m_insert.addBindValue(u"history_gap"_s);
        m_insert.addBindValue(u"history"_s);
        m_insert.addBindValue(isOperation ? QVariant(stream) : QVariant());
        m_insert.addBindValue(0);
        m_insert.addBindValue(QJsonDocument(marker).toJson(QJsonDocument::Compact));
        m_insert.exec();
    }

    // A flood's lines are all of one run: its name is made once a batch,
    // not once a line.
    QString streamOf(const HubFrame &frame)
    {
        if (!frame.operationId.isEmpty())
            return frame.operationId;
        if (frame.run != m_lastRun || m_lastRunStream.isNull()) {
            m_lastRun = frame.run;
            m_lastRunStream = m_history->streamOf(frame);
        }
        return m_lastRunStream;
    }

    void noteStream(const HubFrame &frame, const QString &stream)
    {
        const bool isOperation = !frame.operationId.isEmpty();
        // Every new stream is made sure to exist (a history may start in
        // the middle of an operation); known ones cost nothing. A flood's
        // frames are all of one stream: checked once for the run of them.
        if (stream != m_lastNotedStream && !m_history->m_knownStreams.contains(stream)) {
            if (m_history->m_knownStreams.size() > 10'000)
                m_history->m_knownStreams.clear();
            m_history->m_knownStreams.insert(stream);
            m_startStream.addBindValue(stream);
            m_startStream.addBindValue(isOperation ? u"operation"_s : u"run"_s);
            m_startStream.addBindValue(isOperation ? frame.operation : u"play"_s);
            m_startStream.addBindValue(timeOf(frame));
            m_startStream.addBindValue(frame.summary);
            m_startStream.exec();
        }
        m_lastNotedStream = stream;
        if (frame.kind == u"operation_finished"_s) {
            finish(stream, timeOf(frame), frame.state, frame.summary);
            m_finished.append(stream);
        } else if (frame.kind == u"state_changed"_s && isFinalRunState(frame.state)) {
            finish(stream, timeOf(frame), frame.state, frame.summary);
        } else if (frame.kind == u"operation_started"_s) {
            m_summarise.addBindValue(frame.summary);
            m_summarise.addBindValue(stream);
            m_summarise.exec();
        }
    }

    // When the frame happened, not when this batch wrote it: the history
    // runs behind a busy build, and a short operation fits in one batch
    // (its start and end were written as the same moment: "0 ms").
    qint64 timeOf(const HubFrame &frame) const { return frame.timeMs > 0 ? frame.timeMs : m_now; }

    void finish(const QString &stream, qint64 timeMs, const QString &outcome, const QString &summary)
    {
        m_finishStream.addBindValue(timeMs);
        m_finishStream.addBindValue(outcome);
        m_finishStream.addBindValue(summary);
        m_finishStream.addBindValue(stream);
        m_finishStream.exec();
    }

    void thin(const HubFrame &frame, const QString &stream)
    {
        // Looked up once for a run of frames of one stream (a flood's lines):
        // hashing the stream's name for each was most of the history's work.
        // Only this function inserts into m_states during a batch, and it
        // replaces the remembered state whenever it does.
        if (!m_thinState || stream != m_thinStream) {
            auto found = m_history->m_states.find(stream);
            if (found == m_history->m_states.end()) {
                const EventHistory::Limits &limits = m_history->m_limits;
                found = m_history->m_states.insert(stream, StreamState{{limits.droppableHead, limits.droppableTail},
                                                                       {},
                                                                       {limits.warningHead, limits.warningTail},
                                                                       {}});
            }
            m_thinState = &*found;
            m_thinStream = stream;
            m_gapNoted = false;
        }
        StreamState *state = m_thinState;
        const std::optional<quint64> leaving =
            frame.thinnedApart ? state->warnings.push(frame.seq) : state->window.push(frame.seq);
        if (!leaving)
            return;
        // Frames of this batch are in seq order: found there, it came and
        // went within the batch and is never written; otherwise it was.
        const auto in = std::lower_bound(m_keptSeqs.cbegin(), m_keptSeqs.cend(), *leaving);
        if (in != m_keptSeqs.cend() && *in == *leaving) {
            m_kept[in - m_keptSeqs.cbegin()] = nullptr;
        } else {
            m_remove.addBindValue(qint64(*leaving));
            m_remove.exec();
        }
        // The gap sits where the first dropped frame was.
        (frame.thinnedApart ? state->warningGap : state->gap).add(*leaving);
        if (!std::exchange(m_gapNoted, true))
            m_gapsChanged.insert(stream);
    }

    EventHistory *m_history;
    QSqlQuery m_insert;
    QSqlQuery m_remove;
    QSqlQuery m_startStream;
    QSqlQuery m_finishStream;
    QSqlQuery m_summarise;
    QSqlQuery m_dropped;
    QSqlQuery m_assetBuild;
    QSqlQuery m_trimAsset;
    const qint64 m_now;
    QList<const HubFrame *> m_outcomes; // cache_hit and cache_miss frames of this batch
    QList<const HubFrame *> m_kept; // this batch in seq order; null: thinned before it was written
    std::vector<quint64> m_keptSeqs; // their seqs, to find one by binary search
    QSet<QString> m_gapsChanged;
    QStringList m_finished;
    qint64 m_lastRun = -1;
    QString m_lastRunStream;
    QString m_lastNotedStream; // made sure to exist
    QString m_thinStream;      // m_thinState's name
    StreamState *m_thinState = nullptr;
    bool m_gapNoted = false;   // m_thinStream is in m_gapsChanged
};

bool EventHistory::record(const QList<HubFrame> &frames, QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!m_writer || !db.isOpen() || frames.isEmpty())
        return frames.isEmpty();
    if (!db.transaction()) {
        if (error)
            *error = describe(db.lastError());
        return false;
    }
    {
        Batch batch(this, db);
        batch.take(frames);
        if (!batch.writeFrames(error) || !batch.writeAssetBuilds(error)) {
            db.rollback();
            m_knownStreams.clear(); // the streams this batch started were rolled back too
            return false;
        }
        batch.writeGapMarkers();
    }
    if (!db.commit()) {
        if (error)
            *error = describe(db.lastError());
        db.rollback();
        m_knownStreams.clear();
        return false;
    }
    if (++m_batchesSincePrune >= 20) {
        m_batchesSincePrune = 0;
        pruneIfNeeded();
    }
    return true;
}

bool EventHistory::noteLost(quint64 count, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"INSERT INTO meta(key, value) VALUES ('lost_frames', ?) "
                  "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value"_s);
    query.addBindValue(qint64(count));
    if (query.exec())
        return true;
    if (error)
        *error = describe(query.lastError());
    return false;
}

qint64 EventHistory::lostFrames() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(u"SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'lost_frames'"_s) && query.next())
        return query.value(0).toLongLong();
    return 0;
}

qint64 EventHistory::usedBytes() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    qint64 pages = 0, free = 0, size = 0;
    if (query.exec(u"PRAGMA page_count"_s) && query.next())
        pages = query.value(0).toLongLong();
    if (query.exec(u"PRAGMA freelist_count"_s) && query.next())
        free = query.value(0).toLongLong();
    if (query.exec(u"PRAGMA page_size"_s) && query.next())
        size = query.value(0).toLongLong();
    return (pages - free) * size;
}

void EventHistory::pruneIfNeeded()
{

    // Oldest finished streams go first, a few at a time, until the history
    // is back under 90 % of its bound.
    while (usedBytes() > m_limits.maxBytes) {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        QSqlQuery oldest(db);
        if (!oldest.exec(u"SELECT id FROM streams WHERE finished_ms IS NOT NULL ORDER BY started_ms LIMIT 16"_s))
            return;
        QStringList ids;
        while (oldest.next())
            ids.append(oldest.value(0).toString());
        if (ids.isEmpty())
            return;
        db.transaction();
        for (const QString &id : std::as_const(ids)) {
            QSqlQuery remove(db);
            remove.prepare(u"DELETE FROM frames WHERE stream = ?"_s);
            remove.addBindValue(id);
            remove.exec();
            remove.prepare(u"DELETE FROM streams WHERE id = ?"_s);
            remove.addBindValue(id);
            remove.exec();
            remove.prepare(u"DELETE FROM asset_builds WHERE stream = ?"_s);
            remove.addBindValue(id);
            remove.exec();
        }
        db.commit();
        if (usedBytes() < m_limits.maxBytes * 9 / 10)
            break;
    }
    exec(u"PRAGMA incremental_vacuum"_s);
}

QList<HubFrame> EventHistory::framesAfter(quint64 after, qsizetype limit, const FrameFilter &filter) const
{
    QList<HubFrame> frames;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    QString sql = u"SELECT %1 FROM frames WHERE seq > ?"_s.arg(frameColumns);
    if (!filter.operationId.isEmpty())
        sql += u" AND operation_id = ?"_s;
    sql += u" ORDER BY seq LIMIT ?"_s;
    query.prepare(sql);
    query.addBindValue(qint64(after));
    if (!filter.operationId.isEmpty())
        query.addBindValue(filter.operationId);
    query.addBindValue(qint64(limit));
    if (!query.exec())
        return frames;
    while (query.next()) {
        HubFrame frame = frameFromRow(query);
        // Gap markers belong to every filter that would have shown the
        // frames they stand for.
        if (frame.kind == u"history_gap"_s || filter.matches(frame))
            frames.append(std::move(frame));
    }
    return frames;
}

QList<HubFrame> EventHistory::operationFrames(const QString &operationId) const
{
    FrameFilter filter;
    filter.operationId = operationId;
    return framesAfter(0, std::numeric_limits<int>::max(), filter);
}

QJsonArray EventHistory::streams(const QString &type, qsizetype limit) const
{
    QJsonArray list;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"SELECT %1 FROM streams WHERE type = ? ORDER BY started_ms DESC, rowid DESC LIMIT ?"_s.arg(streamColumns));
    query.addBindValue(type);
    query.addBindValue(qint64(limit));
    if (!query.exec())
        return list;
    while (query.next())
        list.append(streamFromRow(query));
    return list;
}

QJsonObject EventHistory::stream(const QString &id) const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"SELECT %1 FROM streams WHERE id = ?"_s.arg(streamColumns));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return {};
    return streamFromRow(query);
}

QJsonArray EventHistory::assetBuilds(const QString &asset, qsizetype limit) const
{
    QJsonArray list;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"SELECT seq, stream, time_ms, outcome, reason, detail, source, duration_ms, input_bytes, stored_bytes, "
                  "key FROM asset_builds WHERE asset = ? ORDER BY seq DESC LIMIT ?"_s);
    query.addBindValue(asset);
    query.addBindValue(qint64(std::min<qsizetype>(limit, keptPerAsset)));
    if (!query.exec())
        return list;
    while (query.next()) {
        QJsonObject build{{u"seq"_s, query.value(0).toLongLong()},
                          {u"time_ms"_s, query.value(2).toLongLong()},
                          {u"outcome"_s, query.value(3).toString()},
                          {u"duration_ms"_s, query.value(7).toDouble()},
                          {u"input_bytes"_s, query.value(8).toLongLong()},
                          {u"stored_bytes"_s, query.value(9).toLongLong()},
                          {u"key"_s, query.value(10).toString()}};
        const QString stream = query.value(1).toString();
        if (!stream.startsWith(u"run:"_s))
            build.insert(u"operation_id"_s, stream);
        for (const auto &[column, name] : {std::pair{4, u"reason"_s}, {5, u"reason_detail"_s}, {6, u"source"_s}}) {
            if (!query.value(column).toString().isEmpty())
                build.insert(name, query.value(column).toString());
        }
        list.append(build);
    }
    return list;
}

} // namespace Prometeu
