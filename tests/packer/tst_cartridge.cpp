#include "testsupport.h"

#include <packer/cartridge.h>
#include <packer/contenthash.h>

#include <QRandomGenerator>
#include <QtEndian>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestCartridge : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    QByteArray m_valid;

    static CartridgeBlob blob(const QString &name, const QByteArray &content)
    {
        CartridgeBlob b;
        b.name = name;
        b.kind = AssetKind::Data;
        b.stored = content;
        b.originalSize = quint64(content.size());
        b.originalHash = QByteArray::fromHex(ContentHash::ofBytes(content).toLatin1());
        return b;
    }

    // Re-seals a modified file so the checksum passes and the structural
    // checks behind it are what gets exercised.
    static QByteArray reseal(QByteArray bytes)
    {
        const QByteArray body = bytes.left(bytes.size() - 16);
        return body + QByteArray::fromHex(ContentHash::ofBytes(body).toLatin1());
    }

    template<typename T>
    static void poke(QByteArray &bytes, qsizetype at, T value)
    {
        const T le = qToLittleEndian(value);
        std::memcpy(bytes.data() + at, &le, sizeof(T));
    }

    QString rejectionOf(const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(u"hostile.pcart"_s);
        TestSupport::writeFile(path, bytes);
        CartridgeReader reader;
        if (reader.open(path)) {
            for (const CartridgeEntry &entry : reader.entries()) {
                if (!reader.read(entry))
                    return reader.errorString();
            }
            return {};
        }
        return reader.errorString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_path = m_dir.filePath(u"valid.pcart"_s);
        QString error;
        QVERIFY(CartridgeWriter::write(m_path, {blob(u"a.json"_s, "[1]"), blob(u"dir/b.txt"_s, "hello")}, &error) > 0);
        m_valid = TestSupport::readFile(m_path);
    }

    void roundTrip()
    {
        CartridgeReader reader;
        QVERIFY2(reader.open(m_path), qPrintable(reader.errorString()));
        QCOMPARE(reader.entries().size(), 2);
        QCOMPARE(reader.entries().at(1).name, u"dir/b.txt"_s);
        QCOMPARE(reader.read(reader.entries().at(0)), std::optional<QByteArray>("[1]"));
        QCOMPARE(reader.read(reader.entries().at(1)), std::optional<QByteArray>("hello"));
        QCOMPARE(reader.fileSize(), m_valid.size());
    }

    void emptyCartridgeIsValid()
    {
        const QString path = m_dir.filePath(u"empty.pcart"_s);
        QString error;
        QVERIFY(CartridgeWriter::write(path, {}, &error) > 0);
        CartridgeReader reader;
        QVERIFY(reader.open(path));
        QVERIFY(reader.entries().isEmpty());
    }

    void writeFailureLeavesTheOldFile()
    {
        QString error;
        QCOMPARE(CartridgeWriter::write(m_dir.filePath(u"no/such/dir/x.pcart"_s), {}, &error), -1);
        QVERIFY(error.contains(u"x.pcart"_s));
    }

    // A build streams entries in as they are converted: the file must be
    // the one CartridgeWriter makes of the same entries, byte for byte
    // (machines sharing a cache compare cartridges), over slices of
    // early writeback (several MiB) and with an empty entry.
    void aStreamWritesTheSameBytesAsTheWriter()
    {
        QList<CartridgeBlob> blobs;
        QByteArray large(40 << 20, Qt::Uninitialized);
        for (qsizetype i = 0; i < large.size(); ++i)
            large[i] = char(i * 7 + i / 4099);
        blobs << blob(u"a.json"_s, "[1]") << blob(u"big/music.ogg"_s, large) << blob(u"empty.txt"_s, QByteArray())
              << blob(u"z/\u00e9t\u00e9.txt"_s, "summer");
        QString error;
        const QString written = m_dir.filePath(u"written.pcart"_s);
        const qint64 size = CartridgeWriter::write(written, blobs, &error);
        QVERIFY2(size > 0, qPrintable(error));

        const QString streamed = m_dir.filePath(u"streamed.pcart"_s);
        TestSupport::writeFile(streamed, "what was there before");
        {
            CartridgeStream stream(streamed);
            QStringList names;
            for (const CartridgeBlob &b : std::as_const(blobs))
                names << b.name;
            QVERIFY2(stream.open(names, &error), qPrintable(error));
            for (CartridgeBlob b : std::as_const(blobs)) {
                b.storedSize = quint64(b.stored.size());
                if (b.stored.size() < (1 << 20)) {
                    QVERIFY2(stream.append(b, b.stored, &error), qPrintable(error));
                    continue;
                }
                // A large one a MiB at a time.
                QVERIFY2(stream.appendInPieces(b,
                                               [&b](const PieceSink &take) {
                                                   for (qsizetype at = 0; at < b.stored.size(); at += 1 << 20) {
                                                       const QByteArray piece = b.stored.mid(at, 1 << 20);
                                                       if (!take(piece.constData(), piece.size()))
                                                           return false;
                                                   }
                                                   return true;
                                               },
                                               &error),
                         qPrintable(error));
            }
            QCOMPARE(TestSupport::readFile(streamed), QByteArray("what was there before")); // not before commit
            QCOMPARE(stream.commit(&error), size);
        }
        QCOMPARE(TestSupport::readFile(streamed), TestSupport::readFile(written));
        CartridgeReader reader;
        QVERIFY2(reader.open(streamed), qPrintable(reader.errorString()));
        QCOMPARE(reader.read(reader.entries().at(1)), std::optional<QByteArray>(large));
    }

    void aStreamLeftUnfinishedLeavesTheOldFile()
    {
        const QString path = m_dir.filePath(u"unfinished.pcart"_s);
        TestSupport::writeFile(path, m_valid);
        CartridgeBlob first = blob(u"a.json"_s, "[1]");
        first.storedSize = 3;
        CartridgeBlob second = blob(u"b.json"_s, "[2]");
        second.storedSize = 3;
        QString error;
        {
            // Dropped with an entry still to come (a cancelled build).
            CartridgeStream stream(path);
            QVERIFY(stream.open({u"a.json"_s, u"b.json"_s}, &error));
            QVERIFY(stream.append(first, first.stored, &error));
        }
        QCOMPARE(TestSupport::readFile(path), m_valid);
        {
            CartridgeStream stream(path);
            QVERIFY(stream.open({u"a.json"_s, u"b.json"_s}, &error));
            QVERIFY(stream.append(first, first.stored, &error));
            QCOMPARE(stream.commit(&error), -1);
            QVERIFY2(error.contains(u"unfinished.pcart"_s), qPrintable(error));
        }
        QCOMPARE(TestSupport::readFile(path), m_valid);
        {
            // Out of order, or not the size it says: refused, nothing written.
            CartridgeStream stream(path);
            QVERIFY(stream.open({u"a.json"_s, u"b.json"_s}, &error));
            QVERIFY(!stream.append(second, second.stored, &error));
            CartridgeStream sized(path);
            QVERIFY(sized.open({u"a.json"_s, u"b.json"_s}, &error));
            QVERIFY(!sized.append(first, "[10]", &error));
            QVERIFY2(error.contains(u"a.json"_s), qPrintable(error));
            QVERIFY(!sized.append(second, second.stored, &error)); // stays refused
            QCOMPARE(sized.commit(&error), -1);
            // Pieces short of the size said, or a producer that gives up.
            CartridgeStream pieces(path);
            QVERIFY(pieces.open({u"a.json"_s, u"b.json"_s}, &error));
            QVERIFY(!pieces.appendInPieces(first, [](const PieceSink &take) { return take("[1", 2); }, &error));
            CartridgeStream given(path);
            QVERIFY(given.open({u"a.json"_s, u"b.json"_s}, &error));
            QVERIFY(!given.appendInPieces(first, [](const PieceSink &take) { return take("[1]", 3) && false; }, &error));
            QCOMPARE(given.appended(), 0);
        }
        QCOMPARE(TestSupport::readFile(path), m_valid);
        CartridgeStream nowhere(m_dir.filePath(u"no/such/dir/x.pcart"_s));
        QVERIFY(!nowhere.open({u"a.json"_s}, &error));
        QVERIFY(error.contains(u"x.pcart"_s));
    }

    void hostileFilesAreRejected_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero bytes") << QByteArray() << u"too short"_s;
        QTest::newRow("truncated") << m_valid.left(m_valid.size() - 5) << u"truncated"_s;
        QTest::newRow("header only") << m_valid.left(70) << u"too short"_s;
        QTest::newRow("half") << m_valid.left(100) << u"truncated"_s;
        QTest::newRow("trailing junk") << m_valid + "junk" << u"trailing"_s;
        QByteArray magic = m_valid;
        magic[0] = 'X';
        QTest::newRow("bad magic") << magic << u"signature"_s;
        QByteArray flipped = m_valid;
        flipped[m_valid.size() - 20] = char(flipped.at(m_valid.size() - 20) ^ 1);
        QTest::newRow("bit flip") << flipped << u"checksum"_s;
        QByteArray version = m_valid;
        poke<quint32>(version, 8, 99);
        QTest::newRow("future version") << reseal(version) << u"version 99"_s;
        QByteArray count = m_valid;
        poke<quint32>(count, 12, 0xFFFFFFFF);
        QTest::newRow("huge count") << reseal(count) << u"entries"_s;
        QByteArray tocSize = m_valid;
        poke<quint64>(tocSize, 24, Q_UINT64_C(0xFFFFFFFFFFFF));
        QTest::newRow("toc past end") << reseal(tocSize) << u"table of contents"_s;
        QByteArray offset = m_valid;
        poke<quint64>(offset, 64 + 8, Q_UINT64_C(0xFFFFFFFFFFFFFF00));
        QTest::newRow("entry offset wraps") << reseal(offset) << u"outside"_s;
        QByteArray stored = m_valid;
        poke<quint64>(stored, 64 + 16, Q_UINT64_C(1) << 40);
        QTest::newRow("entry size past end") << reseal(stored) << u"outside"_s;
        QByteArray original = m_valid;
        poke<quint64>(original, 64 + 24, Q_UINT64_C(1) << 50);
        QTest::newRow("decompression bomb") << reseal(original) << u"impossible size"_s;
        QByteArray name = m_valid;
        poke<quint16>(name, 64, 60000);
        QTest::newRow("name past toc") << reseal(name) << u"name length"_s;
        QByteArray kind = m_valid;
        kind[64 + 2] = char(200);
        QTest::newRow("unknown kind") << reseal(kind) << u"kind"_s;
        QByteArray content = m_valid;
        content[content.size() - 17] = 'X'; // last payload byte
        QTest::newRow("entry hash mismatch") << reseal(content) << u"does not match its hash"_s;
    }

    void hostileFilesAreRejected()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString error = rejectionOf(bytes);
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void randomDamageNeverCrashes()
    {
        // Regression-style sweep: thousands of random edits, each re-sealed
        // half of the time so the checks past the checksum run too.
        QRandomGenerator random(20261123);
        int accepted = 0;
        for (int round = 0; round < 3000; ++round) {
            QByteArray bytes = m_valid;
            const int edits = 1 + random.bounded(4);
            for (int e = 0; e < edits; ++e)
                bytes[random.bounded(int(bytes.size()))] = char(random.bounded(256));
            if (round % 2)
                bytes = reseal(bytes);
            accepted += rejectionOf(bytes).isEmpty();
        }
        // Only edits that left the bytes as they were can be accepted.
        QVERIFY(accepted < 3000);
    }
};

QTEST_GUILESS_MAIN(TestCartridge)
#include "tst_cartridge.moc"
