// LocalCacheStore: small objects go into packs, large ones into files of
// their own; both load back exactly, from any thread and from another
// store over the same folder (another process); damage of either kind
// (a torn index record, a pack cut short, a flipped byte) is never loaded
// as good, and the next store repairs it.

#include "testsupport.h"

#include <packer/contenthash.h>
#include <packer/localcachestore.h>

#include <QDirIterator>
#include <QtConcurrent>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

QString keyOf(int i) { return QString::fromLatin1(ContentHash::digest(QByteArray::number(i)).toHex()); }

CartridgeBlob blobOf(int i, qsizetype size)
{
    CartridgeBlob blob;
    blob.stored = QByteArray(size, char('a' + i % 26));
    blob.stored.replace(0, 8, QByteArray::number(i).leftJustified(8, '.'));
    blob.storedSize = quint64(blob.stored.size());
    blob.originalSize = blob.storedSize * 2;
    blob.originalHash = ContentHash::digest(blob.stored);
    blob.converterWarnings = i % 3 == 0 ? QByteArray("[{\"code\": \"w\"}]") : QByteArray();
    return blob;
}

bool loadsAs(const LocalCacheStore &cache, int i, qsizetype size)
{
    CartridgeBlob loaded;
    if (cache.load(keyOf(i), &loaded) != CacheStore::Lookup::Hit)
        return false;
    const CartridgeBlob expected = blobOf(i, size);
    return loaded.stored == expected.stored && loaded.originalSize == expected.originalSize
        && loaded.originalHash == expected.originalHash && loaded.converterWarnings == expected.converterWarnings;
}

CacheStore::Lookup lookup(const LocalCacheStore &cache, const QString &key, QString *why = nullptr)
{
    CartridgeBlob blob;
    const CacheStore::Lookup result = cache.load(key, &blob, why);
    if (result != CacheStore::Lookup::Hit && !blob.stored.isEmpty())
        return CacheStore::Lookup::Hit; // bytes handed out with a failure: the test fails on it
    return result;
}

int filesUnder(const QString &folder)
{
    int files = 0;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++files;
    }
    return files;
}

} // namespace

class TestLocalCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void smallObjectsArePackedLargeOnesHaveAFile()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"cache"_s);
        const LocalCacheStore cache(folder);
        QCOMPARE(lookup(cache, keyOf(1)), CacheStore::Lookup::Missing); // no folder yet: just empty
        QVERIFY(!QDir(folder).exists());

        // 2,000 small objects from the pool's threads at once, and one of 3 MiB.
        QList<int> indexes(2'000);
        std::iota(indexes.begin(), indexes.end(), 0);
        std::atomic<int> failed = 0;
        QtConcurrent::blockingMap(indexes, [&](int i) {
            QString error;
            if (!cache.store(keyOf(i), blobOf(i, 100 + i % 900), &error))
                ++failed;
        });
        QCOMPARE(failed.load(), 0);
        QString error;
        QVERIFY(cache.store(keyOf(-1), blobOf(-1, 3 * 1024 * 1024), &error));

        QCOMPARE(filesUnder(folder), 3); // one pack, its index, the large object's file
        QVERIFY(QFileInfo::exists(cache.objectPath(keyOf(-1))));
        QVERIFY(!QFileInfo::exists(cache.objectPath(keyOf(7))));
        for (int i : std::as_const(indexes))
            QVERIFY2(loadsAs(cache, i, 100 + i % 900), qPrintable(QString::number(i)));
        QVERIFY(loadsAs(cache, -1, 3 * 1024 * 1024));
        QVERIFY(cache.contains(keyOf(5)) && cache.contains(keyOf(-1)) && !cache.contains(keyOf(5'000)));
        QCOMPARE(cache.objectLocations().size(), 2'001);

        // Another store over the folder (another process): it sees them,
        // and what the first stores after it has looked.
        const LocalCacheStore other(folder);
        QVERIFY(loadsAs(other, 1'999, 100 + 1'999 % 900));
        QCOMPARE(lookup(other, keyOf(5'000)), CacheStore::Lookup::Missing);
        QVERIFY(cache.store(keyOf(5'000), blobOf(5'000, 64), &error));
        QVERIFY(loadsAs(other, 5'000, 64));
    }

    // The build's cartridge follower copies large objects a piece at a
    // time; the pieces are checked as they go, and damage is Corrupt.
    void aLargeObjectLoadsInPiecesAndDamageIsCaught()
    {
        QTemporaryDir dir;
        const LocalCacheStore cache(dir.filePath(u"cache"_s));
        const qsizetype large = 9 * 1024 * 1024 + 17;
        QString error;
        QVERIFY(cache.store(keyOf(1), blobOf(1, large), &error));
        QVERIFY(cache.store(keyOf(2), blobOf(2, 300), &error)); // packed
        for (int i : {1, 2}) {
            const CartridgeBlob expected = blobOf(i, i == 1 ? large : 300);
            QByteArray joined;
            qint64 largestPiece = 0;
            CartridgeBlob described;
            QCOMPARE(cache.loadInPieces(keyOf(i), &described,
                                        [&](const char *bytes, qint64 size) {
                                            joined.append(bytes, size);
                                            largestPiece = std::max(largestPiece, size);
                                            return true;
                                        }),
                     CacheStore::Lookup::Hit);
            QCOMPARE(joined, expected.stored);
            QVERIFY(described.stored.isNull());
            QCOMPARE(described.storedSize, expected.storedSize);
            QCOMPARE(described.originalHash, expected.originalHash);
            QCOMPARE(described.converterWarnings, expected.converterWarnings);
            if (i == 1)
                QVERIFY2(largestPiece <= 4 * 1024 * 1024, qPrintable(QString::number(largestPiece)));
        }
        // A stop from the taker ends the load.
        int pieces = 0;
        CartridgeBlob described;
        QVERIFY(cache.loadInPieces(keyOf(1), &described, [&](const char *, qint64) { return ++pieces < 1; })
                != CacheStore::Lookup::Hit);
        QCOMPARE(pieces, 1);
        QCOMPARE(cache.loadInPieces(keyOf(3), &described, [](const char *, qint64) { return true; }),
                 CacheStore::Lookup::Missing);
        // A byte flipped near the end: every piece went out, then Corrupt.
        QFile file(cache.objectPath(keyOf(1)));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(file.size() - 40));
        QVERIFY(file.write("X") == 1);
        file.close();
        QString why;
        QCOMPARE(cache.loadInPieces(keyOf(1), &described, [](const char *, qint64) { return true; }, &why),
                 CacheStore::Lookup::Corrupt);
        QVERIFY2(why.contains(u"checksum"_s), qPrintable(why));
        // Cut short: Corrupt too.
        QVERIFY(QFile(cache.objectPath(keyOf(1))).resize(5 * 1024 * 1024));
        QCOMPARE(cache.loadInPieces(keyOf(1), &described, [](const char *, qint64) { return true; }),
                 CacheStore::Lookup::Corrupt);
    }

    void damageIsCaughtAndTheNextStoreRepairsIt()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"p/.prometeu/cache"_s);
        QString error;
        {
            const LocalCacheStore cache(folder);
            for (int i = 0; i < 10; ++i)
                QVERIFY(cache.store(keyOf(i), blobOf(i, 500), &error));
        }
        const QString index = folder + u"/packs/index"_s;
        const QString pack = folder + u"/packs/0.pack"_s;

        // A record torn by a crash at the index's end: what came before
        // still loads; the next writer cuts it off, so its own records
        // (after it) are read by everyone.
        QFile indexFile(index);
        QVERIFY(indexFile.open(QIODevice::Append));
        indexFile.write(QByteArray(17, '\x7f'));
        indexFile.close();
        {
            const LocalCacheStore cache(folder);
            QVERIFY(loadsAs(cache, 9, 500));
            QVERIFY(cache.store(keyOf(10), blobOf(10, 500), &error));
        }
        QCOMPARE(QFileInfo(index).size() % 40, 0);
        QVERIFY(loadsAs(LocalCacheStore(folder), 10, 500));

        // The pack cut short (its last object half gone): corrupt, not a hit.
        QVERIFY(QFile(pack).resize(QFileInfo(pack).size() - 100));
        {
            const LocalCacheStore cache(folder);
            QString why;
            QCOMPARE(lookup(cache, keyOf(10), &why), CacheStore::Lookup::Corrupt);
            QVERIFY(!why.isEmpty());
            QVERIFY(loadsAs(cache, 9, 500));
            QVERIFY(cache.store(keyOf(10), blobOf(10, 500), &error)); // converted again: a new copy
            QVERIFY(loadsAs(cache, 10, 500));
        }
        QVERIFY(loadsAs(LocalCacheStore(folder), 10, 500));

        // A flipped byte in every object: none loads.
        QCOMPARE(TestSupport::damageEveryCacheObject(dir.filePath(u"p"_s)), 11);
        const LocalCacheStore damaged(folder);
        for (int i = 0; i <= 10; ++i)
            QCOMPARE(lookup(damaged, keyOf(i)), CacheStore::Lookup::Corrupt);
    }

    // What the cartridge's table of contents is made from (compression,
    // original size and hash) and the converter's warnings are checked
    // too: a flipped byte there is damage, not a hit with a wrong hash.
    // An object of the first format (no such check) is converted again.
    void aDamagedHeaderOrWarningIsCaughtAndTheFirstFormatIsConvertedAgain_data()
    {
        QTest::addColumn<qsizetype>("size"); // packed, or a file of its own
        QTest::addColumn<qint64>("at");      // the byte flipped, from the object's start
        QTest::addColumn<int>("expected");
        const auto corrupt = int(CacheStore::Lookup::Corrupt);
        for (const qsizetype size : {qsizetype(500), qsizetype(3 << 20)}) {
            const QByteArray where = size < 1000 ? "packed" : "own file";
            QTest::addRow("%s: compression", where.constData()) << size << qint64(8) << corrupt;
            QTest::addRow("%s: original size", where.constData()) << size << qint64(17) << corrupt;
            QTest::addRow("%s: original hash", where.constData()) << size << qint64(30) << corrupt;
            QTest::addRow("%s: the check itself", where.constData()) << size << qint64(70) << corrupt;
            QTest::addRow("%s: a warning", where.constData())
                << size << qint64(LocalCacheStore::objectHeaderSize + size + 3) << corrupt;
            QTest::addRow("%s: first format", where.constData())
                << size << qint64(-7) << int(CacheStore::Lookup::Missing);
        }
    }

    void aDamagedHeaderOrWarningIsCaughtAndTheFirstFormatIsConvertedAgain()
    {
        QFETCH(qsizetype, size);
        QFETCH(qint64, at);
        QFETCH(int, expected);
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"p/.prometeu/cache"_s);
        const LocalCacheStore cache(folder);
        QString error;
        QVERIFY(cache.store(keyOf(3), blobOf(3, size), &error)); // 3: with a warning
        QVERIFY(loadsAs(cache, 3, size));
        const QList<LocalCacheStore::ObjectLocation> objects = cache.objectLocations();
        QCOMPARE(objects.size(), 1);
        QFile file(objects.first().path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        if (at == -7) { // the magic's last byte, '2' -> '1'
            QVERIFY(file.seek(objects.first().offset + 7) && file.putChar('1'));
        } else {
            char byte = 0;
            QVERIFY(file.seek(objects.first().offset + at) && file.getChar(&byte));
            QVERIFY(file.seek(objects.first().offset + at) && file.putChar(char(byte ^ 0x01)));
        }
        file.close();
        QCOMPARE(int(lookup(LocalCacheStore(folder), keyOf(3))), expected);
        QVERIFY(cache.store(keyOf(3), blobOf(3, size), &error)); // converted again: a good copy
        QVERIFY(loadsAs(LocalCacheStore(folder), 3, size));
    }

    void aCacheThatCannotBeWrittenSaysSo()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"cache"_s);
        QVERIFY(TestSupport::writeFile(folder, "not a folder"));
        const LocalCacheStore cache(folder);
        QString error;
        QVERIFY(!cache.store(keyOf(1), blobOf(1, 10), &error));
        QVERIFY2(error.contains(folder), qPrintable(error));
        QCOMPARE(lookup(cache, keyOf(1)), CacheStore::Lookup::Missing);
    }
};

QTEST_GUILESS_MAIN(TestLocalCache)
#include "tst_localcache.moc"
