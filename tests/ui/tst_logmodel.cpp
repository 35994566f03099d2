#include "testsupport.h"

#include <session/mergedlog.h>
#include <ui/chunkedlist.h>
#include <ui/logmodel.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

LogEntry line(LogSource source, LogSeverity severity, const QString &message, const QString &asset = {}, int at = 0)
{
    LogEntry entry;
    entry.source = source;
    entry.severity = severity;
    entry.message = message;
    if (!asset.isEmpty())
        entry.setLocation(asset, at);
    return entry;
}

QStringList messages(const LogModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.entryAt(row)->message);
    return out;
}

} // namespace

class TestLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendsWhatTheLogGainedInOneInsertion()
    {
        MergedLog log;
        LogModel model(&log);
        QAbstractItemModelTester tester(&model);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QList<LogEntry> burst;
        for (int i = 0; i < 5000; ++i)
            burst.append(line(LogSource::Runtime, LogSeverity::Info, u"frame %1"_s.arg(i)));
        log.append(burst);
        QCOMPARE(model.refresh(), 5000);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(model.entryAt(4999)->message, u"frame 4999"_s);
        QCOMPARE(model.refresh(), 0); // nothing new, nothing inserted
        QCOMPARE(inserted.size(), 1);
    }

    // Rows taken in one refresh, and a repeat folded into the last of them,
    // stay in order.
    void manyRowsStayInOrder()
    {
        MergedLog log(200'000);
        LogModel model(&log);
        model.setCollapseRepeats(true);
        QList<LogEntry> burst;
        for (int i = 0; i < 70'000; ++i)
            burst.append(line(LogSource::Runtime, LogSeverity::Info, u"frame %1"_s.arg(i)));
        log.append(burst);
        QCOMPARE(model.refresh(), 70'000);
        for (int row : {0, 1, 32'768, 65'536, 69'998, 69'999})
            QCOMPARE(model.entryAt(row)->message, u"frame %1"_s.arg(row));
        log.append(line(LogSource::Runtime, LogSeverity::Info, u"frame 69999"_s));
        model.refresh();
        QCOMPARE(model.rowCount(), 70'000);
        QCOMPARE(model.repeatCount(69'999), 2);
        QCOMPARE(model.rowSequences().size(), 70'000);
        QCOMPARE(model.rowSequences().at(32'768), model.entryAt(32'768)->sequence);
    }

    // The store under the rows: values on both sides of every chunk's edge,
    // chunks after the first on 2 MiB boundaries (huge pages), and clear()
    // gives everything back.
    void chunkedListKeepsValuesAcrossChunks()
    {
        struct Pair {
            quint64 a;
            quint64 b;
        };
        ChunkedList<Pair, 2> small; // chunks of 4
        for (quint64 i = 0; i < 11; ++i)
            small.append({i, i * 7});
        QCOMPARE(small.size(), 11);
        for (qsizetype i = 0; i < small.size(); ++i) {
            QCOMPARE(small[i].a, quint64(i));
            QCOMPARE(small[i].b, quint64(i) * 7);
        }
        small.last().b = 99;
        QCOMPARE(small[10].b, 99u);
        small.clear();
        QVERIFY(small.isEmpty());
        small.append({5, 5});
        QCOMPARE(small[0].a, 5u);

        ChunkedList<Pair, 17> large; // 2 MiB chunks
        const quint64 count = 3 * 131'072 + 5;
        for (quint64 i = 0; i < count; ++i)
            large.append({i, ~i});
        for (qsizetype i : {qsizetype(0), qsizetype(131'071), qsizetype(131'072), qsizetype(262'144), qsizetype(count - 1)}) {
            QCOMPARE(large[i].a, quint64(i));
            QCOMPARE(large[i].b, ~quint64(i));
        }
        QCOMPARE(reinterpret_cast<quintptr>(&large[131'072]) % (2u << 20), 0u);
        QCOMPARE(reinterpret_cast<quintptr>(&large[262'144]) % (2u << 20), 0u);
    }

    void boundsTheWorkOfOneRefresh()
    {
        MergedLog log;
        LogModel model(&log);
        model.setRefreshLimit(1000);
        for (int i = 0; i < 2500; ++i)
            log.append(line(LogSource::Runtime, LogSeverity::Info, u"l%1"_s.arg(i)));
        QCOMPARE(model.refresh(), 1000);
        QCOMPARE(model.refresh(), 1000);
        QCOMPARE(model.refresh(), 500);
        QCOMPARE(model.rowCount(), 2500);
        QCOMPARE(model.entryAt(2499)->message, u"l2499"_s);
    }

    // A time budget: one refresh takes a slice or a few, the rest waits
    // for the next calls, and nothing is lost or doubled on the way.
    void aRefreshBudgetLeavesTheRestForLaterCalls()
    {
        MergedLog log(200'000);
        LogModel model(&log);
        QList<LogEntry> burst;
        for (int i = 0; i < 100'000; ++i)
            burst.append(line(LogSource::Runtime, LogSeverity::Info, u"b%1"_s.arg(i)));
        log.append(burst);
        model.setRefreshBudget(std::chrono::microseconds(1));
        const qsizetype first = model.refresh();
        QVERIFY(first > 0);
        QVERIFY(first < 100'000);
        QVERIFY(model.hasPending());
        int calls = 1;
        while (model.hasPending()) {
            QVERIFY(model.refresh() > 0);
            QVERIFY(++calls < 100'000);
        }
        QCOMPARE(model.rowCount(), 100'000);
        for (int row : {0, int(first) - 1, int(first), 99'999})
            QCOMPARE(model.entryAt(row)->message, u"b%1"_s.arg(row));
    }

    // Chunks after the first are made and touched ahead on a thread of
    // their own: values stay right across them, a clear() or the end of
    // the list while one is being touched loses nothing and leaks nothing
    // (ASan and TSan run this suite).
    void chunkedListTouchesItsNextChunkAhead()
    {
        constexpr qsizetype perChunk = qsizetype(1) << 18; // 2 MiB of quint64
        {
            ChunkedList<quint64, 18> list;
            for (qsizetype i = 0; i < 3 * perChunk + 7; ++i)
                list.append(quint64(i) * 3);
            for (qsizetype i : {qsizetype(0), perChunk - 1, perChunk, 2 * perChunk + 1, 3 * perChunk + 6})
                QCOMPARE(list[i], quint64(i) * 3);
            list.clear();
            for (qsizetype i = 0; i < perChunk / 2 + 1; ++i) // the spare is being touched now
                list.append(quint64(i));
            list.clear();
            QVERIFY(list.isEmpty());
            for (qsizetype i = 0; i < perChunk + perChunk / 2 + 3; ++i)
                list.append(quint64(i) + 1);
            QCOMPARE(list[perChunk + perChunk / 2 + 2], quint64(perChunk + perChunk / 2 + 3));
        } // destroyed with a spare in flight
    }

    void filtersBySourceAndSeverityAsIndexLists()
    {
        MergedLog log;
        log.append(line(LogSource::Build, LogSeverity::Info, u"built"_s));
        log.append(line(LogSource::Runtime, LogSeverity::Debug, u"tick"_s));
        log.append(line(LogSource::Runtime, LogSeverity::Error, u"crash"_s));
        log.append(line(LogSource::Pack, LogSeverity::Warning, u"big"_s));
        LogModel model(&log);
        QAbstractItemModelTester tester(&model);
        model.refresh();
        QCOMPARE(messages(model), (QStringList{u"built"_s, u"tick"_s, u"crash"_s, u"big"_s}));
        model.setSourceVisible(LogSource::Runtime, false);
        QCOMPARE(messages(model), (QStringList{u"built"_s, u"big"_s}));
        model.setSourceVisible(LogSource::Runtime, true);
        model.setSeverityVisible(LogSeverity::Debug, false);
        model.setSeverityVisible(LogSeverity::Info, false);
        QCOMPARE(messages(model), (QStringList{u"crash"_s, u"big"_s}));
        // New lines go through the same filters.
        log.append(line(LogSource::Runtime, LogSeverity::Debug, u"tick2"_s));
        log.append(line(LogSource::Runtime, LogSeverity::Error, u"crash2"_s));
        model.refresh();
        QCOMPARE(messages(model), (QStringList{u"crash"_s, u"big"_s, u"crash2"_s}));
    }

    void collapsesRepeatsWithACount()
    {
        MergedLog log;
        for (int i = 0; i < 3; ++i)
            log.append(line(LogSource::Runtime, LogSeverity::Warning, u"low fps"_s));
        log.append(line(LogSource::Runtime, LogSeverity::Info, u"other"_s));
        log.append(line(LogSource::Runtime, LogSeverity::Warning, u"low fps"_s));
        LogModel model(&log);
        model.setCollapseRepeats(true);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.repeatCount(0), 3);
        QVERIFY(model.index(0, LogModel::MessageColumn).data().toString().contains(u"\u00d73"_s));
        QCOMPARE(model.repeatCount(2), 1);
        // A repeat arriving later folds into the last row in place.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        log.append(line(LogSource::Runtime, LogSeverity::Warning, u"low fps"_s));
        model.refresh();
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.repeatCount(2), 2);
        QCOMPARE(changed.size(), 1);
        model.setCollapseRepeats(false);
        QCOMPARE(model.rowCount(), 6);
    }

    void searchFindsNextAndPreviousWithWraparound()
    {
        MergedLog log;
        log.append(line(LogSource::Build, LogSeverity::Info, u"alpha"_s));
        log.append(line(LogSource::Build, LogSeverity::Error, u"broken"_s, u"sprites/hero.png"_s, 3));
        log.append(line(LogSource::Runtime, LogSeverity::Info, u"Alpha again"_s));
        LogModel model(&log);
        model.refresh();
        QCOMPARE(model.findRow(u"alpha"_s, -1, true), 0);
        QCOMPARE(model.findRow(u"alpha"_s, 0, true), 2); // case-insensitive
        QCOMPARE(model.findRow(u"alpha"_s, 2, true), 0); // wraps
        QCOMPARE(model.findRow(u"alpha"_s, 0, false), 2);
        QCOMPARE(model.findRow(u"hero.png"_s, -1, true), 1); // locations count
        QCOMPARE(model.findRow(u"nothing"_s, -1, true), -1);
        QCOMPARE(model.index(1, LogModel::LocationColumn).data().toString(), u"sprites/hero.png:3"_s);
        QCOMPARE(model.index(1, LogModel::MessageColumn).data(LogModel::AssetRole).toString(), u"sprites/hero.png"_s);
    }

    void clearHidesTheViewButKeepsTheLog()
    {
        MergedLog log;
        log.append(line(LogSource::Build, LogSeverity::Info, u"old"_s));
        LogModel model(&log);
        model.refresh();
        model.clearView();
        QCOMPARE(model.rowCount(), 0);
        log.append(line(LogSource::Build, LogSeverity::Info, u"new"_s));
        model.refresh();
        QCOMPARE(messages(model), QStringList{u"new"_s});
        model.setSeverityVisible(LogSeverity::Debug, false); // a rebuild respects the clear
        QCOMPARE(messages(model), QStringList{u"new"_s});
        QCOMPARE(log.size(), 2);
    }

    void followsRetentionWithoutShowingGhostRows()
    {
        MergedLog log(100);
        LogModel model(&log);
        for (int i = 0; i < 1000; ++i) {
            log.append(line(LogSource::Runtime, LogSeverity::Info, u"l%1"_s.arg(i)));
            if (i % 10 == 0)
                model.refresh();
        }
        model.refresh();
        // Rows pointing at dropped entries are pruned in amortised rebuilds;
        // every row that remains resolves to an entry or a drop marker.
        QVERIFY(model.rowCount() <= log.size() + log.size() / 4 + 1000);
        QCOMPARE(model.entryAt(model.rowCount() - 1)->message, u"l999"_s);
        model.setCollapseRepeats(true); // forces a rebuild
        QCOMPARE(model.rowCount(), log.size());
        int markers = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const auto entry = model.entryAt(row);
            QVERIFY(entry);
            markers += entry->isDropMarker ? 1 : 0;
        }
        QCOMPARE(markers, 1);
    }
};

QTEST_MAIN(TestLogModel)
#include "tst_logmodel.moc"
