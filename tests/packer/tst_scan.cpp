#include "testsupport.h"

#include <packer/eventbuffer.h>
#include <packer/fanoutsink.h>
#include <packer/filetreewalker.h>
#include <packer/packer.h>
#include <packer/scanindex.h>

#include <QThreadPool>

#include <sys/stat.h>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestScan : public QObject
{
    Q_OBJECT

private:
    struct Run {
        std::optional<ScanReport> report;
        QList<PackerEvent> events;
        QList<PackerEvent> ofKind(EventKind kind) const
        {
            QList<PackerEvent> out;
            for (const PackerEvent &e : events) {
                if (e.kind == kind)
                    out.append(e);
            }
            return out;
        }
    };

    static Run scan(const QString &root)
    {
        auto finished = TestSupport::runToEnd(TestSupport::loadProject(root), [](Packer &p) { return p.scan(); });
        return Run{finished.result, finished.events};
    }

    static QStringList changesOf(const Run &run)
    {
        QStringList out;
        for (const PackerEvent &e : run.ofKind(EventKind::AssetChanged)) {
            QString line = e.payload.value(u"change"_s).toString() + u' ' + e.payload.value(u"path"_s).toString();
            if (e.payload.contains(u"previous_path"_s))
                line += u" from "_s + e.payload.value(u"previous_path"_s).toString();
            out.append(line);
        }
        out.sort();
        return out;
    }

    QTemporaryDir m_dir;
    QString assets(const QString &name = {}) const { return m_dir.path() + u"/assets/"_s + name; }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(TestSupport::makeProject(m_dir.path()));
    }

    void discoversAndClassifiesEveryAsset()
    {
        const QMap<QString, QString> files{
            {u"a.png"_s, u"image"_s}, {u"b.JPG"_s, u"image"_s}, {u"c.bmp"_s, u"image"_s},
            {u"d.gif"_s, u"image"_s}, {u"sfx/e.wav"_s, u"audio"_s}, {u"sfx/f.ogg"_s, u"audio"_s},
            {u"sfx/g.flac"_s, u"audio"_s}, {u"data/h.json"_s, u"data"_s}, {u"i.txt"_s, u"text"_s},
            {u"scripts/j.lua"_s, u"script"_s}, {u"maps/k.tmx"_s, u"tilemap"_s}, {u"l.bin"_s, u"unknown"_s},
        };
        for (auto it = files.cbegin(); it != files.cend(); ++it)
            QVERIFY(TestSupport::writeFile(assets(it.key()), "content of " + it.key().toUtf8()));
        // Skipped: hidden files, editor backups, OS clutter.
        QVERIFY(TestSupport::writeFile(assets(u".hidden.png"_s), "x"));
        QVERIFY(TestSupport::writeFile(assets(u"a.png~"_s), "x"));
        QVERIFY(TestSupport::writeFile(assets(u"Thumbs.db"_s), "x"));

        const Run run = scan(m_dir.path());
        QVERIFY(run.report);
        QCOMPARE(run.report->assets.size(), files.size());
        QVERIFY(run.report->firstScan);
        const QList<PackerEvent> discovered = run.ofKind(EventKind::AssetDiscovered);
        QCOMPARE(discovered.size(), files.size());
        for (const PackerEvent &e : discovered) {
            const QString path = e.payload.value(u"path"_s).toString();
            QCOMPARE(e.affectedAssets, QStringList{path});
            QCOMPARE(e.payload.value(u"kind"_s).toString(), files.value(path));
            QCOMPARE(e.payload.value(u"hash"_s).toString().size(), 32);
            QVERIFY(!e.summary.isEmpty());
        }
        QVERIFY(run.ofKind(EventKind::AssetChanged).isEmpty()); // first scan: nothing to compare
        QCOMPARE(run.events.first().kind, EventKind::OperationStarted);
        QCOMPARE(run.events.last().outcome(), OperationOutcome::Succeeded);
        QVERIFY(!run.ofKind(EventKind::ProgressUpdated).isEmpty());
        QVERIFY(QFile::exists(m_dir.path() + u"/.prometeu/scan-index.bin"_s));
    }

    void rescanReportsExactlyWhatChanged()
    {
        QVERIFY(TestSupport::writeFile(assets(u"keep.png"_s), "keep"));
        QVERIFY(TestSupport::writeFile(assets(u"edit.json"_s), "{}"));
        QVERIFY(TestSupport::writeFile(assets(u"gone.txt"_s), "bye"));
        QVERIFY(TestSupport::writeFile(assets(u"old/name.lua"_s), "-- unique content"));
        QVERIFY(scan(m_dir.path()).report);

        const Run unchanged = scan(m_dir.path());
        QVERIFY(!unchanged.report->firstScan);
        QCOMPARE(changesOf(unchanged), QStringList());

        QVERIFY(TestSupport::writeFile(assets(u"edit.json"_s), R"({"changed": true})"));
        QVERIFY(QFile::remove(assets(u"gone.txt"_s)));
        QVERIFY(TestSupport::writeFile(assets(u"new.wav"_s), "fresh"));
        QVERIFY(QDir().mkpath(assets(u"new"_s)));
        QVERIFY(QFile::rename(assets(u"old/name.lua"_s), assets(u"new/name.lua"_s)));

        const Run changed = scan(m_dir.path());
        QCOMPARE(changesOf(changed), QStringList({u"added new.wav"_s, u"modified edit.json"_s,
                                                  u"removed gone.txt"_s,
                                                  u"renamed new/name.lua from old/name.lua"_s}));
        const QList<PackerEvent> renamed = changed.ofKind(EventKind::AssetChanged);
        for (const PackerEvent &e : renamed) {
            if (e.payload.value(u"change"_s) == u"renamed"_s)
                QCOMPARE(e.affectedAssets, QStringList({u"new/name.lua"_s, u"old/name.lua"_s}));
        }
        QCOMPARE(changed.events.last().payload.value(u"added"_s).toInt(), 1);

        // And the next scan is quiet again, and leaves the index as it was
        // (nothing to write: it is not rewritten).
        const QString index = m_dir.path() + u"/.prometeu/scan-index.bin"_s;
        // QSaveFile replaces the file: a rewrite would give it a new inode.
        const auto inodeOf = [](const QString &path) {
            struct stat info {};
            return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_ino : ino_t(0);
        };
        const ino_t written = inodeOf(index);
        QVERIFY(written != 0);
        const Run quiet = scan(m_dir.path());
        QVERIFY(quiet.report);
        QCOMPARE(changesOf(quiet), QStringList());
        QCOMPARE(quiet.events.last().outcome(), OperationOutcome::Succeeded);
        QCOMPARE(inodeOf(index), written);
        // A change is written again.
        QVERIFY(TestSupport::writeFile(assets(u"later.txt"_s), "later"));
        QCOMPARE(changesOf(scan(m_dir.path())), QStringList{u"added later.txt"_s});
        QCOMPARE(ScanIndex::load(index).size(), quiet.report->assets.size() + 1);
    }

    void touchWithoutContentChangeIsNotAModification()
    {
        QVERIFY(TestSupport::writeFile(assets(u"a.txt"_s), "same"));
        QVERIFY(scan(m_dir.path()).report);
        QFile file(assets(u"a.txt"_s));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(60), QFileDevice::FileModificationTime));
        file.close();
        QCOMPARE(changesOf(scan(m_dir.path())), QStringList());
    }

    void sameSizeSameMtimeEditIsCaughtWhenContentDiffers()
    {
        // Stat is a shortcut, never the truth: an edit that keeps size but
        // moves mtime must be re-hashed.
        QVERIFY(TestSupport::writeFile(assets(u"a.txt"_s), "aaaa"));
        QVERIFY(scan(m_dir.path()).report);
        QVERIFY(TestSupport::writeFile(assets(u"a.txt"_s), "bbbb"));
        QFile file(assets(u"a.txt"_s));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime));
        file.close();
        QCOMPARE(changesOf(scan(m_dir.path())), QStringList({u"modified a.txt"_s}));
    }

    void corruptIndexIsDiscardedWithAWarning()
    {
        QVERIFY(TestSupport::writeFile(assets(u"a.txt"_s), "a"));
        QVERIFY(scan(m_dir.path()).report);
        QVERIFY(TestSupport::writeFile(m_dir.path() + u"/.prometeu/scan-index.bin"_s, "PRMSCIDX, cut short"));
        const Run run = scan(m_dir.path());
        QVERIFY(run.report);
        QVERIFY(run.report->indexWarning.contains(u"scan-index.bin"_s));
        QVERIFY(run.events.last().payload.value(u"index_warning"_s).isString());
        QCOMPARE(run.events.last().outcome(), OperationOutcome::Succeeded);
        // The rewritten index works again.
        QVERIFY(scan(m_dir.path()).report->indexWarning.isEmpty());
    }

    void cancellationStopsCleanlyAndKeepsTheOldIndex()
    {
        for (int i = 0; i < 200; ++i)
            QVERIFY(TestSupport::writeFile(assets(u"f%1.txt"_s.arg(i)), QByteArray::number(i)));
        QVERIFY(scan(m_dir.path()).report);
        const QByteArray indexBefore = TestSupport::readFile(m_dir.path() + u"/.prometeu/scan-index.bin"_s);
        QVERIFY(TestSupport::writeFile(assets(u"added-later.txt"_s), "new"));

        // Hold the scan at its first discovered asset, cancel, then let it go.
        TestSupport::HoldingSink holder(EventKind::AssetDiscovered);
        QThreadPool pool;
        Packer packer(TestSupport::loadProject(m_dir.path()), &holder, &pool);
        QFuture<ScanReport> future = packer.scan();
        QVERIFY(holder.waitUntilHeld());
        future.cancel();
        holder.release();
        pool.waitForDone();

        QVERIFY(future.isCanceled());
        const QList<PackerEvent> events = holder.recorded.takeAll();
        QCOMPARE(events.last().kind, EventKind::OperationFinished);
        QCOMPARE(events.last().outcome(), OperationOutcome::Cancelled);
        QVERIFY(events.size() < 200); // it really stopped early
        QCOMPARE(TestSupport::readFile(m_dir.path() + u"/.prometeu/scan-index.bin"_s), indexBefore);
        QVERIFY(QDir(m_dir.path() + u"/.prometeu"_s).entryList({u"*.tmp"_s, u"*.new"_s}, QDir::Files).isEmpty());
    }

    void symlinksAreFollowedOnlyInsideTheProject()
    {
        QVERIFY(TestSupport::writeFile(assets(u"real/a.png"_s), "a"));
        QVERIFY(QFile::link(u"real"_s, assets(u"alias"_s)));          // inside: followed
        QVERIFY(QFile::link(u"."_s, assets(u"real/again"_s)));        // loop
        QVERIFY(QFile::link(u"/etc"_s, assets(u"etc"_s)));             // outside
        const Run run = scan(m_dir.path());
        QStringList seen;
        for (const AssetRecord &record : run.report->assets)
            seen.append(record.path + u' ' + wireName(record.problem));
        QCOMPARE(seen, QStringList({u"alias/a.png "_s, u"alias/again link_loop"_s, u"etc link_outside"_s,
                                    u"real/a.png "_s, u"real/again link_loop"_s}));
    }

    // The walk orders siblings git's way instead of sorting the whole list:
    // the result must still be in full-path order, whatever the names, and
    // the same with a pool listing folders in parallel.
    void walkIsInFullPathOrderWithAndWithoutAPool()
    {
        const QStringList files{u"a/x.png"_s,     u"a.b/x.png"_s, u"a-b/x.png"_s, u"a b/c/d.png"_s, u"ab.png"_s,
                                u"A/z.png"_s,     u"a.png"_s,     u"é/ü.png"_s,   u"a/b/c/d/e.png"_s, u"a/b.png"_s,
                                u"a/b-c.png"_s,   u"z/0.png"_s,   u"0/z.png"_s};
        for (const QString &file : files)
            QVERIFY(TestSupport::writeFile(assets(file), "x"));
        QStringList expected = files;
        std::sort(expected.begin(), expected.end());
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        for (QThreadPool *withPool : {static_cast<QThreadPool *>(nullptr), &pool}) {
            QStringList walked;
            qsizetype lastFound = -1;
            const QList<AssetRecord> records = FileTreeWalker(assets(), m_dir.path(), withPool)
                                                   .walk({}, [&](qsizetype found) { lastFound = found; });
            for (const AssetRecord &record : records) {
                QCOMPARE(record.problem, EntryProblem::None);
                QCOMPARE(record.size, 1);
                walked.append(record.path);
            }
            QCOMPARE(walked, expected);
            QCOMPARE(lastFound, files.size());
        }
    }

    void tenThousandFilesScanWithoutTrouble()
    {
        constexpr int count = 10000;
        for (int i = 0; i < count; ++i) {
            QVERIFY(TestSupport::writeFile(assets(u"d%1/file%2.txt"_s.arg(i % 50).arg(i)),
                                           QByteArray::number(i)));
        }
        const Run run = scan(m_dir.path());
        QVERIFY(run.report);
        QCOMPARE(run.report->assets.size(), count);
        QCOMPARE(run.ofKind(EventKind::AssetDiscovered).size(), count);
        QList<PackerEvent> walking;
        QList<PackerEvent> hashing;
        for (const PackerEvent &event : run.ofKind(EventKind::ProgressUpdated))
            (event.payload.value(u"phase"_s).toString() == u"walking"_s ? walking : hashing).append(event);
        // The walk: a count with no total, the last one all of it.
        QVERIFY(!walking.isEmpty());
        QCOMPARE(walking.last().progress->done, count);
        QCOMPARE(walking.last().progress->total, 0);
        QVERIFY(hashing.size() <= 101);
        QCOMPARE(hashing.last().progress->done, count);
        for (qsizetype i = 0; i < run.events.size(); ++i)
            QCOMPARE(run.events.at(i).sequence, quint64(i + 1));
    }
};

QTEST_GUILESS_MAIN(TestScan)
#include "tst_scan.moc"
