// The hub's cost per frame (issue #18): making a runtime log line's
// envelope (canonical JSON with seq and hash) and its SSE message, written
// straight from the fields (HubFrameBody, today's path) against the
// QJsonObject + QJsonDocument + QCryptographicHash path it replaced,
// rebuilt here from the same public pieces and measured in the same run.
// Then SHA-256 alone (Nettle against QCryptographicHash), and the
// hub end to end: 1,000,000 lines published from one thread in batches of
// 4,096 (as SessionForwarder does), stamped, and taken with their SSE
// message by a subscriber that streams them, the publisher holding back
// while the reader is more than most of its queue behind: the rate the hub
// and one stream sustain without losing a line. Last, the history's cost
// per converted asset of a cold build (its cache_miss frame's envelope,
// then its rows), against plain inserts of the same envelopes: a cold
// build's command waits for the history at its end.
//
//   bench_hub [--frames N] [--flood N] [--assets N]

#include <hub/canonicaljson.h>
#include <hub/eventhistory.h>
#include <hub/envelopewriter.h>
#include <hub/eventhub.h>
#include <hub/hubframe.h>
#include <hub/sseformat.h>
#include <packer/operationpublisher.h>
#include <session/logentry.h>
#include <support/sha256.h>

#include <QCoreApplication>
#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>


#include <cstdio>
#include <vector>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

LogEntry lineNumber(quint64 n)
{
    LogEntry entry;
    entry.sequence = n;
    entry.timestampMs = 1'764'763'200'000 + qint64(n);
    entry.run = 1;
    entry.source = LogSource::Runtime;
    entry.severity = LogSeverity::Info;
    entry.message = u"frame %1: player at (%2, %3), 14 sprites drawn, 2 sounds playing, input idle, camera following"_s
                        .arg(n)
                        .arg(n % 320)
                        .arg(n % 180);
    return entry;
}

// What HubFrameBody did before: the envelope as a QJsonObject, hashed over
// its canonical form with QCryptographicHash, written by QJsonDocument.
QByteArray oldPath(const LogEntry &entry, const QString &projectId, quint64 seq)
{
    QJsonObject envelope = entry.toJson();
    envelope.insert(u"project_id"_s, projectId);
    envelope.insert(u"kind"_s, u"log"_s);
    envelope.insert(u"channel"_s, u"log"_s);
    envelope.insert(u"hash"_s, QString::fromLatin1(envelopeHash(envelope)));
    envelope.insert(u"seq"_s, qint64(seq));
    const QByteArray json = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    return sseMessage(seq, "log", json);
}

double perFrameUs(qint64 nanoseconds, int frames)
{
    return double(nanoseconds) / 1e3 / frames;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Hub frame cost and throughput"_s);
    parser.addHelpOption();
    const QCommandLineOption framesOption(u"frames"_s, u"Frames per measurement (default 200000)."_s, u"n"_s,
                                          u"200000"_s);
    const QCommandLineOption floodOption(u"flood"_s, u"Lines through the hub end to end (default 1000000)."_s,
                                         u"n"_s, u"1000000"_s);
    const QCommandLineOption assetsOption(u"assets"_s, u"Converted assets recorded in the history (default 10000)."_s,
                                          u"n"_s, u"10000"_s);
    parser.addOptions({framesOption, floodOption, assetsOption});
    parser.process(app);
    const int frames = qMax(1000, parser.value(framesOption).toInt());
    const int flood = qMax(1000, parser.value(floodOption).toInt());
    const QString projectId = u"bench"_s;

    std::vector<LogEntry> entries;
    entries.reserve(size_t(frames));
    for (int i = 0; i < frames; ++i)
        entries.push_back(lineNumber(quint64(i)));

    // Typical size, as streamed.
    qsizetype bytes = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < frames; ++i) {
        HubFrameBody body(u"log"_s, entries[size_t(i)], projectId);
        body.setSeq(quint64(i) + 1);
        bytes += body.sse().size();
    }
    const qint64 fast = timer.nsecsElapsed();
    // The writer alone (no frame body around it, no SSE framing).
    timer.start();
    qsizetype written = 0;
    for (int i = 0; i < frames; ++i)
        written += encodeEnvelope(entries[size_t(i)], projectId, quint64(i) + 1).text.size();
    const qint64 writerOnly = timer.nsecsElapsed();
    qsizetype oldBytes = 0;
    timer.start();
    for (int i = 0; i < frames; ++i)
        oldBytes += oldPath(entries[size_t(i)], projectId, quint64(i) + 1).size();
    const qint64 slow = timer.nsecsElapsed();

    std::printf("== hub frame cost: %d runtime log lines, %.0f bytes each as JSON + SSE\n", frames,
                double(bytes) / frames);
    std::printf("frame, written from fields       %.2f us/frame, %.0f frames/s on one core\n",
                perFrameUs(fast, frames), frames / (fast / 1e9));
    std::printf("of which the envelope writer     %.2f us/frame (%.0f bytes of JSON each)\n", perFrameUs(writerOnly, frames),
                double(written) / frames);
    std::printf("reference: QJsonDocument path    %.2f us/frame, %.0f frames/s (%.0f bytes each)\n",
                perFrameUs(slow, frames), frames / (slow / 1e9), double(oldBytes) / frames);
    std::printf("ratio old / new                  %.1f\n", double(slow) / double(fast));

    // SHA-256 of one frame's worth of bytes.
    const QByteArray sample = HubFrameBody(u"log"_s, entries[0], projectId).json();
    timer.start();
    for (int i = 0; i < frames; ++i)
        (void)Sha256::digest(sample); // what the hub uses (support/sha256.h)
    const qint64 nettle = timer.nsecsElapsed();
    timer.start();
    for (int i = 0; i < frames; ++i)
        (void)QCryptographicHash::hash(sample, QCryptographicHash::Sha256);
    const qint64 qt = timer.nsecsElapsed();
    std::printf("SHA-256 of %lld bytes, Nettle     %.2f us\n", static_cast<long long>(sample.size()),
                perFrameUs(nettle, frames));
    std::printf("reference: QCryptographicHash    %.2f us (ratio %.1f)\n", perFrameUs(qt, frames),
                double(qt) / double(nettle));

    // End to end through the hub: published by one thread, stamped, taken
    // with its SSE message by a reader (a stream's work without a socket).
    {
        EventHub hub(projectId);
        // As a stream subscribes (the server's default queue).
        constexpr qsizetype queue = 50'000;
        auto subscription = hub.subscribe({}, queue);
        std::atomic<qint64> taken = 0;
        std::atomic<quint64> lost = 0;
        QThread *reader = QThread::create([&] {
            qint64 seen = 0;
            quint64 missed = 0;
            while (seen + qint64(missed) < flood) {
                quint64 lostNow = 0;
                const QList<HubFrame> got = subscription->takeStamped(nullptr, &lostNow);
                for (const HubFrame &frame : got)
                    bytes += frame.sse().size();
                seen += got.size();
                missed += lostNow;
                taken.store(seen, std::memory_order_relaxed);
                lost.store(missed, std::memory_order_relaxed);
                if (got.isEmpty() && lostNow == 0)
                    QThread::usleep(200);
            }
        });
        QElapsedTimer wall;
        wall.start();
        reader->start();
        QList<LogEntry> batch;
        for (int i = 0; i < flood;) {
            batch.clear();
            for (int j = 0; j < 4096 && i < flood; ++j, ++i)
                batch.append(lineNumber(quint64(i)));
            hub.publishLogs(batch);
            while (i - taken.load(std::memory_order_relaxed) > queue - 8192)
                QThread::usleep(100);
        }
        const double publishedS = wall.nsecsElapsed() / 1e9;
        reader->wait();
        const double allS = wall.nsecsElapsed() / 1e9;
        delete reader;
        std::printf("== hub end to end: %d lines published in batches of 4096, stamped, taken with SSE\n", flood);
        std::printf("published in                     %.2f s\n", publishedS);
        std::printf("all taken by the subscriber in   %.2f s: %.0f lines/s, %lld taken, %llu lost\n", allS,
                    flood / allS, static_cast<long long>(taken.load()), static_cast<unsigned long long>(lost.load()));
    }
    {
        const int assets = qMax(100, parser.value(assetsOption).toInt());
        EventHub hub(projectId);
        auto subscription = hub.subscribe({}, assets + 16);
        OperationPublisher build(&hub, projectId, OperationKind::Build);
        build.start(u"Building."_s);
        for (int i = 0; i < assets; ++i) {
            const QString path = u"g%1/image%2.png"_s.arg(i % 10).arg(i);
            build.publish(EventKind::CacheMiss, u"Converted %1: it is new."_s.arg(path),
                          QJsonObject{{u"bytes"_s, 4096 + i},
                                      {u"duration_ms"_s, 0.69},
                                      {u"input_bytes"_s, 5000 + i},
                                      {u"key"_s, QString::fromLatin1(Sha256::hex(path.toUtf8()).left(32))},
                                      {u"kind"_s, u"image"_s},
                                      {u"path"_s, path},
                                      {u"reason"_s, u"new"_s},
                                      {u"result"_s, u"converted"_s},
                                      {u"stored_bytes"_s, 4096 + i}},
                          {path});
        }
        build.finish(OperationOutcome::Succeeded, u"Built."_s);
        QList<HubFrame> frames;
        while (frames.size() < assets + 2) { // the stamper's thread numbers them
            frames += subscription->take();
            QThread::yieldCurrentThread();
        }
        QElapsedTimer timer;
        timer.start();
        qsizetype envelopeBytes = 0;
        for (const HubFrame &frame : std::as_const(frames))
            envelopeBytes += frame.json().size();
        const qint64 envelopes = timer.nsecsElapsed();
        // In batches as the recorder takes them (one every 100 ms of a
        // build converting ~7,000 assets a second).
        const qsizetype batch = 700;
        QTemporaryDir dir;
        qint64 recorded = 0;
        {
            EventHistory history;
            if (!history.open(dir.filePath(u"history.db"_s), true)) {
                std::fprintf(stderr, "cannot open a history in %s\n", qPrintable(dir.path()));
                return 1;
            }
            timer.start();
            for (qsizetype at = 0; at < frames.size(); at += batch)
                history.record(frames.mid(at, batch));
            recorded = timer.nsecsElapsed();
        }
        qint64 plain = 0;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"plain"_s);
            db.setDatabaseName(dir.filePath(u"plain.db"_s));
            db.open();
            QSqlQuery(db).exec(u"PRAGMA journal_mode=WAL"_s);
            QSqlQuery(db).exec(u"PRAGMA synchronous=NORMAL"_s);
            QSqlQuery(db).exec(u"CREATE TABLE frames(seq INTEGER PRIMARY KEY, envelope BLOB NOT NULL)"_s);
            timer.start();
            for (qsizetype at = 0; at < frames.size(); at += batch) {
                db.transaction();
                QSqlQuery insert(db);
                insert.prepare(u"INSERT INTO frames(seq, envelope) VALUES (?, ?)"_s);
                for (qsizetype i = at; i < qMin(frames.size(), at + batch); ++i) {
                    insert.addBindValue(qint64(frames[i].seq));
                    insert.addBindValue(frames[i].json());
                    insert.exec();
                }
                db.commit();
            }
            plain = timer.nsecsElapsed();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"plain"_s);
        std::printf("== history: a cold build's %d converted assets, in batches of %lld\n", assets,
                    static_cast<long long>(batch));
        std::printf("envelope of each cache_miss      %.2f us/asset (%.0f bytes each)\n", perFrameUs(envelopes, assets),
                    double(envelopeBytes) / frames.size());
        std::printf("recorded (frames, provenance)    %.2f us/asset\n", perFrameUs(recorded, assets));
        std::printf("reference: plain insert          %.2f us/asset (the envelope alone, one table)\n",
                    perFrameUs(plain, assets));
        std::printf("ratio recorded / plain insert    %.2f\n", plain > 0 ? double(recorded) / double(plain) : 0);
    }
    return 0;
}
