#include "testsupport.h"

#include <packer/eventbuffer.h>
#include <packer/packer.h>

#include <QJsonArray>
#include <QDataStream>
#include <QRegularExpression>
#include <QThreadPool>

#include <cmath>

#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestDoctor : public QObject
{
    Q_OBJECT

private:
    struct Result {
        DoctorReport report;
        QList<PackerEvent> events;
        QStringList codesFor(const QString &asset) const
        {
            QStringList codes;
            for (const Diagnostic &d : report.diagnostics) {
                if (d.asset == asset)
                    codes.append(d.code);
            }
            return codes;
        }
        const Diagnostic *find(const QString &asset, const QString &code) const
        {
            for (const Diagnostic &d : report.diagnostics) {
                if (d.asset == asset && d.code == code)
                    return &d;
            }
            return nullptr;
        }
    };

    // Scans, lets `between` disturb the files, then runs the doctor.
    static Result doctor(const QString &root, const std::function<void()> &between = {})
    {
        const Project project = TestSupport::loadProject(root);
        const auto scan = TestSupport::runToEnd(project, [](Packer &p) { return p.scan(); });
        if (between)
            between();
        auto doctored = TestSupport::runToEnd(project, [&](Packer &p) { return p.doctor(*scan.result); });
        return Result{*doctored.result, doctored.events};
    }

    QTemporaryDir m_dir;
    QString m_broken;

private Q_SLOTS:
    void initTestCase()
    {
        m_broken = m_dir.filePath(u"broken"_s);
        QVERIFY(QDir().mkpath(m_broken));
        QVERIFY(TestSupport::copyFixture(u"tests/fixtures/broken"_s, m_broken));
    }

    void brokenFixtureYieldsEachDiagnostic_data()
    {
        QTest::addColumn<QString>("asset");
        QTest::addColumn<QString>("code");
        QTest::newRow("zero-byte image") << u"images/empty.png"_s << u"file.empty"_s;
        QTest::newRow("not an image") << u"images/corrupt.png"_s << u"image.corrupt"_s;
        QTest::newRow("truncated image") << u"images/truncated.png"_s << u"image.truncated"_s;
        QTest::newRow("image over limit") << u"images/huge.png"_s << u"image.too_large"_s;
        QTest::newRow("case collision A") << u"images/Hero.png"_s << u"name.collision"_s;
        QTest::newRow("case collision b") << u"images/hero.png"_s << u"name.collision"_s;
        QTest::newRow("garbage audio") << u"audio/noise.wav"_s << u"audio.undecodable"_s;
        QTest::newRow("6 channels") << u"audio/surround.wav"_s << u"audio.unsupported_format"_s;
        QTest::newRow("aiff named wav") << u"audio/aiff-in-disguise.wav"_s << u"audio.unsupported_format"_s;
        QTest::newRow("truncated audio") << u"audio/truncated.wav"_s << u"audio.truncated"_s;
        QTest::newRow("json syntax") << u"data/bad.json"_s << u"json.syntax"_s;
        QTest::newRow("unknown type") << u"data/notes.xyz"_s << u"asset.unknown_type"_s;
        QTest::newRow("latin-1 script") << u"text/latin1.lua"_s << u"text.encoding"_s;
        QTest::newRow("malformed tmx") << u"maps/broken.tmx"_s << u"tilemap.malformed"_s;
        QTest::newRow("question mark") << u"names/what?.txt"_s << u"name.invalid"_s;
        QTest::newRow("trailing dot") << u"names/trailing dot."_s << u"name.invalid"_s;
        QTest::newRow("link loop a") << u"links/loop-a"_s << u"link.loop"_s;
        QTest::newRow("link loop b") << u"links/loop-b"_s << u"link.loop"_s;
        QTest::newRow("link to self") << u"links/self"_s << u"link.loop"_s;
        QTest::newRow("link outside") << u"links/escape.txt"_s << u"link.outside"_s;
        QTest::newRow("dangling link") << u"links/dangling.png"_s << u"link.dangling"_s;
    }

    void brokenFixtureYieldsEachDiagnostic()
    {
        QFETCH(QString, asset);
        QFETCH(QString, code);
        static const Result result = doctor(m_broken);
        QVERIFY2(result.codesFor(asset).contains(code),
                 qPrintable(u"%1 has %2"_s.arg(asset, result.codesFor(asset).join(u", "_s))));
        const Diagnostic *d = result.find(asset, code);
        QVERIFY(!d->message.isEmpty());
        QCOMPARE(d->file, u"assets/"_s + asset);
    }

    void locationsPointAtTheProblem()
    {
        const Result result = doctor(m_broken);
        const Diagnostic *json = result.find(u"data/bad.json"_s, u"json.syntax"_s);
        QCOMPARE(json->line, 3);
        QCOMPARE(json->column, 21); // the second comma
        QCOMPARE(json->toCompilerStyle().left(28), u"assets/data/bad.json:3:21: e"_s);
        const Diagnostic *text = result.find(u"text/latin1.lua"_s, u"text.encoding"_s);
        QCOMPARE(text->line, 1);
        QCOMPARE(text->column, 10);
        QVERIFY(result.find(u"maps/broken.tmx"_s, u"tilemap.malformed"_s)->line == 3);
    }

    // One diagnostic is one line, whatever the file is called.
    void aControlCharacterInANamePrintsAsAnEscape()
    {
        Diagnostic d;
        d.severity = Severity::Error;
        d.code = u"name.invalid"_s;
        d.file = u"assets/bad\nname\x01.png"_s;
        d.message = u"It loops back to bad\nname."_s;
        QCOMPARE(d.toCompilerStyle(), u"assets/bad\\nname\\x01.png: error: It loops back to bad\\nname. [name.invalid]"_s);
        d.file = u"assets/ok.png"_s;
        d.message = u"Fine."_s;
        QCOMPARE(d.toCompilerStyle(), u"assets/ok.png: error: Fine. [name.invalid]"_s);
    }

    void eventsFollowTheDiagnosticsContract()
    {
        const Result result = doctor(m_broken);
        QCOMPARE(result.events.first().kind, EventKind::OperationStarted);
        QCOMPARE(result.events.last().kind, EventKind::OperationFinished);
        QCOMPARE(result.events.last().outcome(), OperationOutcome::Succeeded);

        QSet<QString> assetsWithDiagnostics;
        for (const Diagnostic &d : result.report.diagnostics)
            assetsWithDiagnostics.insert(d.asset);
        QSet<QString> announced;
        const PackerEvent *totals = nullptr;
        for (const PackerEvent &event : result.events) {
            if (event.kind != EventKind::DiagnosticsUpdated)
                continue;
            if (event.payload.value(u"complete"_s).toBool()) {
                totals = &event;
                continue;
            }
            QCOMPARE(event.affectedAssets.size(), 1);
            QVERIFY2(!announced.contains(event.affectedAssets.first()), "one event per asset");
            announced.insert(event.affectedAssets.first());
            QVERIFY(!event.payload.value(u"diagnostics"_s).toArray().isEmpty());
        }
        QCOMPARE(announced, assetsWithDiagnostics);
        QVERIFY(totals);
        QCOMPARE(totals->payload.value(u"counts"_s).toObject().value(u"errors"_s).toInt(),
                 result.report.counts.errors);
    }

    void demoProjectIsClean()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        const Result result = doctor(dir.path());
        QStringList all;
        for (const Diagnostic &d : result.report.diagnostics)
            all.append(d.toCompilerStyle());
        QVERIFY2(result.report.diagnostics.isEmpty(), qPrintable(all.join(u'\n')));
        QVERIFY(result.report.assetsChecked >= 20);
    }

    // SuperTux's sounds/flame.wav: an 8-bit WAV whose data chunk has an odd
    // size, followed by its pad byte. libsndfile remarks that the chunk
    // "should be an even number of bytes"; the sound is whole, not cut.
    void anOddSizedDataChunkIsNotACutSound()
    {
        const auto wav = [](quint32 samples, bool padded) {
            QByteArray data;
            for (quint32 i = 0; i < samples; ++i)
                data.append(char(128 + int(40 * std::sin(double(i) / 8.0))));
            QByteArray out;
            QDataStream stream(&out, QIODevice::WriteOnly);
            stream.setByteOrder(QDataStream::LittleEndian);
            const quint32 body = 4 + (8 + 16) + 8 + samples + (padded ? samples % 2 : 0);
            stream.writeRawData("RIFF", 4);
            stream << body;
            stream.writeRawData("WAVEfmt ", 8);
            stream << quint32(16) << quint16(1) << quint16(1) << quint32(22050) << quint32(22050) << quint16(1)
                   << quint16(8);
            stream.writeRawData("data", 4);
            stream << samples;
            stream.writeRawData(data.constData(), int(data.size()));
            if (padded && samples % 2)
                stream << quint8(0);
            return out;
        };
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/flame.wav"_s), wav(21175, true)));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/unpadded.wav"_s), wav(21175, false)));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/cut.wav"_s), wav(21175, true).left(10000)));
        const Result result = doctor(dir.path());
        QCOMPARE(result.codesFor(u"flame.wav"_s), QStringList());
        QCOMPARE(result.codesFor(u"unpadded.wav"_s), QStringList());
        QCOMPARE(result.codesFor(u"cut.wav"_s), QStringList{u"audio.truncated"_s});
        // What the build does with it (packs what it holds, with a warning) is what the doctor says.
        QCOMPARE(result.find(u"cut.wav"_s, u"audio.truncated"_s)->severity, Severity::Warning);
    }

    void vanishedBetweenScanAndDoctor()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/soon-gone.json"_s), "{}"));
        const Result result = doctor(dir.path(), [&] { QFile::remove(dir.filePath(u"assets/soon-gone.json"_s)); });
        QCOMPARE(result.codesFor(u"soon-gone.json"_s), QStringList{u"file.vanished"_s});
        // Back with the same bytes (an editor that saved by replacing it):
        // a moment's absence is not remembered as what those bytes hold.
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/soon-gone.json"_s), "{}"));
        QCOMPARE(doctor(dir.path()).codesFor(u"soon-gone.json"_s), QStringList());
    }

    void unreadableFile()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        const QString path = dir.filePath(u"assets/secret.json"_s);
        QVERIFY(TestSupport::writeFile(path, "{}"));
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        // Root reads anything; drop the effective uid around the check so the
        // permission really bites (CI runs as root).
        const bool wasRoot = ::geteuid() == 0;
        const Result result = doctor(dir.path(), [&] {
            if (wasRoot)
                QVERIFY(::seteuid(65534) == 0);
        });
        if (wasRoot)
            QVERIFY(::seteuid(0) == 0);
        QCOMPARE(result.codesFor(u"secret.json"_s), QStringList{u"file.unreadable"_s});
        QVERIFY(result.find(u"secret.json"_s, u"file.unreadable"_s)->message.contains(u"ermission"_s));
    }

    // A folder the scanner cannot list is an error on that folder, not a
    // silent hole in the cartridge.
    void unreadableFolderIsSaidNotSkipped()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/locked/level.json"_s), "{}"));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/open.json"_s), "{}"));
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        QVERIFY(QFile::setPermissions(dir.filePath(u"assets/locked"_s), QFileDevice::Permissions()));
        QVERIFY(QDir(dir.path()).mkpath(u".prometeu"_s)); // the scan's index: written by whoever scans
        ::chmod(QFile::encodeName(dir.filePath(u".prometeu"_s)).constData(), 0777);
        const bool wasRoot = ::geteuid() == 0; // root lists anything: scan as nobody (CI runs as root)
        if (wasRoot)
            QVERIFY(::seteuid(65534) == 0);
        const Result result = doctor(dir.path());
        if (wasRoot)
            QVERIFY(::seteuid(0) == 0);
        QFile::setPermissions(dir.filePath(u"assets/locked"_s), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                                   | QFileDevice::ExeOwner);
        QCOMPARE(result.codesFor(u"locked"_s), QStringList{u"folder.unreadable"_s});
        QVERIFY(result.find(u"locked"_s, u"folder.unreadable"_s)->message.contains(u"ermission"_s));
        QCOMPARE(result.codesFor(u"open.json"_s), QStringList());
    }

    // Opening an unchanged project does not read its assets again: what
    // their content held comes from the memo (.prometeu/doctor-memo.bin),
    // by content. Shown by making every asset unreadable, its size and
    // time kept: the second check still says what the first said. A
    // changed file, a changed manifest or a damaged memo is checked afresh.
    void anUnchangedAssetIsNotReadAgain()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/level.json"_s), "{\"a\": 1,}"));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/notes.txt"_s), "fine"));
        const Result first = doctor(dir.path());
        QCOMPARE(first.codesFor(u"level.json"_s), QStringList{u"json.syntax"_s});
        QVERIFY(QFileInfo::exists(dir.filePath(u".prometeu/doctor-memo.bin"_s)));

        const QStringList files{dir.filePath(u"assets/level.json"_s), dir.filePath(u"assets/notes.txt"_s)};
        for (const QString &file : files)
            QVERIFY(QFile::setPermissions(file, QFileDevice::Permissions()));
        const bool wasRoot = ::geteuid() == 0; // root reads anything (CI runs as root)
        if (wasRoot)
            QVERIFY(::seteuid(65534) == 0);
        const Result second = doctor(dir.path());
        if (wasRoot)
            QVERIFY(::seteuid(0) == 0);
        for (const QString &file : files)
            QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QCOMPARE(second.report.diagnostics, first.report.diagnostics);

        // Fixed: checked afresh (same size, so only the content tells).
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/level.json"_s), "{\"a\": 12}"));
        QCOMPARE(doctor(dir.path()).codesFor(u"level.json"_s), QStringList());

        // A manifest whose cartridge cannot hold the notes: everything afresh.
        QVERIFY(TestSupport::writeFile(dir.filePath(u"prometeu.json"_s),
                                       R"({"id": "t", "name": "T", "cartridge": {"max_bytes": 3}})"));
        QVERIFY(doctor(dir.path()).codesFor(u"notes.txt"_s).contains(u"file.too_large"_s));

        // A damaged memo is a slower check, not a wrong one.
        QVERIFY(TestSupport::writeFile(dir.filePath(u".prometeu/doctor-memo.bin"_s), QByteArray(300, '\x7f')));
        QVERIFY(doctor(dir.path()).codesFor(u"notes.txt"_s).contains(u"file.too_large"_s));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"prometeu.json"_s), R"({"id": "t", "name": "T"})"));
        const Result afterDamage = doctor(dir.path());
        QCOMPARE(afterDamage.codesFor(u"notes.txt"_s), QStringList());
        QCOMPARE(afterDamage.codesFor(u"level.json"_s), QStringList());
    }

    void fifoIsNotReadAndDoesNotHang()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        QVERIFY(::mkfifo(QFile::encodeName(dir.filePath(u"assets/pipe.wav"_s)).constData(), 0644) == 0);
        const Result result = doctor(dir.path());
        QCOMPARE(result.codesFor(u"pipe.wav"_s), QStringList{u"file.not_regular"_s});
    }

    void nonUtf8FileName()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        const QByteArray raw = QFile::encodeName(dir.filePath(u"assets/"_s)) + "caf\xe9.txt";
        const int fd = ::open(raw.constData(), O_CREAT | O_WRONLY, 0644);
        QVERIFY(fd >= 0);
        ::close(fd);
        const Result result = doctor(dir.path());
        ::unlink(raw.constData()); // QTemporaryDir cannot remove what Qt cannot name
        QCOMPARE(result.report.diagnostics.size(), 1);
        QCOMPARE(result.report.diagnostics.first().code, u"name.encoding"_s);
        QCOMPARE(result.report.diagnostics.first().asset, u"caf\uFFFD.txt"_s);
    }

    void oversizedFilesAreRejectedBeforeReading()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path(), R"({"id": "t", "name": "T", "cartridge": {"max_bytes": 100}})"));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/big.json"_s), QByteArray(500, ' ')));
        const Result result = doctor(dir.path());
        QCOMPARE(result.codesFor(u"big.json"_s), QStringList{u"file.too_large"_s});
        QCOMPARE(result.find(u"big.json"_s, u"file.too_large"_s)->severity, Severity::Error);
    }

    // A sound or picture larger than the whole cartridge is converted by a
    // build and may come out smaller (a long sound resampled): a warning,
    // and its content is still checked. It was an error the build ignored.
    void anOversizedSoundIsAWarningAndStillChecked()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path(), R"({"id": "t", "name": "T", "cartridge": {"max_bytes": 4096}})"));
        const QByteArray sound = TestSupport::wavFile(44100, 1, 44100, [](qint64, int) { return qint16(0); });
        QVERIFY(sound.size() > 4096);
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/long.wav"_s), sound));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/cut.wav"_s), sound.left(sound.size() - 1000)));
        const Result result = doctor(dir.path());
        QCOMPARE(result.codesFor(u"long.wav"_s), QStringList{u"file.too_large"_s});
        QCOMPARE(result.find(u"long.wav"_s, u"file.too_large"_s)->severity, Severity::Warning);
        QCOMPARE(result.codesFor(u"cut.wav"_s), (QStringList{u"audio.truncated"_s, u"file.too_large"_s}));
    }

    void decompressionBombIsRejectedFromTheHeader()
    {
        // A PNG header claiming 60000x60000 pixels: must be refused by size,
        // never decoded.
        auto be32 = [](quint32 v) {
            const char bytes[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
            return QByteArray(bytes, 4);
        };
        auto crc32 = [](const QByteArray &data) {
            quint32 crc = 0xFFFFFFFFu;
            for (char byte : data) {
                crc ^= quint8(byte);
                for (int k = 0; k < 8; ++k)
                    crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
            }
            return ~crc;
        };
        auto chunk = [&](const QByteArray &type, const QByteArray &data) {
            return be32(quint32(data.size())) + type + data + be32(crc32(type + data));
        };
        const QByteArray png = QByteArray("\x89PNG\r\n\x1a\n", 8)
            + chunk("IHDR", be32(60000) + be32(60000) + QByteArray("\x08\x06\x00\x00\x00", 5))
            + chunk("IDAT", QByteArray("\x78\x9c\x03\x00\x00\x00\x00\x01", 8))
            + chunk("IEND", {});
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/bomb.png"_s), png));
        const Result result = doctor(dir.path());
        QCOMPARE(result.codesFor(u"bomb.png"_s), QStringList{u"image.too_large"_s});
    }

    void namesTheCartridgeCannotHold_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("code");
        QTest::newRow("colon") << u"a:b.txt"_s << u"name.invalid"_s;
        QTest::newRow("backslash") << u"a\\b.txt"_s << u"name.invalid"_s;
        QTest::newRow("tab") << u"a\tb.txt"_s << u"name.invalid"_s;
        QTest::newRow("newline") << u"a\nb.txt"_s << u"name.invalid"_s;
        QTest::newRow("leading space") << u" a.txt"_s << u"name.invalid"_s;
        QTest::newRow("too long") << QString(250, u'x') + u".txt"_s << u"name.invalid"_s;
        QTest::newRow("trailing space") << u"a.txt "_s << u"name.invalid"_s;
        QTest::newRow("folder ends with a space") << u"level /a.txt"_s << u"name.invalid"_s;
        QTest::newRow("folder ends with a dot") << u"level./a.txt"_s << u"name.invalid"_s;
        QTest::newRow("folder starts with a space") << u"x/ level/a.txt"_s << u"name.invalid"_s;
        QTest::newRow("delete") << u"a"_s + QChar(0x7F) + u"b.txt"_s << u"name.invalid"_s;
        for (const char16_t c : std::u16string_view(u"*?\"<>|"))
            QTest::addRow("'%c'", char(c)) << u"a"_s + QChar(c) + u"b.txt"_s << u"name.invalid"_s;
        QTest::newRow("spaces and dots inside are fine") << u"my level. 2/a b.v1.txt"_s << QString();
        QTest::newRow("windows device") << u"con.txt"_s << u"name.portability"_s;
    }

    void namesTheCartridgeCannotHold()
    {
        QFETCH(QString, name);
        QFETCH(QString, code);
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        const QString folder = name.size() > 200 ? u"deep/"_s : QString();
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/"_s + folder + name), "x"));
        const Result result = doctor(dir.path());
        // "a.txt " is also a file type it does not know: only what it says of the name counts here.
        const QStringList said = result.codesFor(folder + name).filter(QRegularExpression(u"^name\\."_s));
        QCOMPARE(said, code.isEmpty() ? QStringList() : QStringList{code});
    }

    void singleWorkerPoolDoesNotDeadlock()
    {
        // --jobs 1: the operation's own thread holds the only pool slot
        // while it waits for its parallel work.
        EventBuffer sink;
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        Packer packer(TestSupport::loadProject(m_broken), &sink, &pool);
        QFuture<ScanReport> scan = packer.scan();
        QTRY_VERIFY_WITH_TIMEOUT(scan.isFinished(), 30000);
        QFuture<DoctorReport> doctor = packer.doctor(scan.result());
        QTRY_VERIFY_WITH_TIMEOUT(doctor.isFinished(), 30000);
        QVERIFY(doctor.result().counts.errors > 0);
        pool.waitForDone();
    }

    void unicodeNamesAreFine()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/canção ✓/olá mundo.txt"_s), "ok"));
        const Result result = doctor(dir.path());
        QVERIFY(result.report.diagnostics.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDoctor)
#include "tst_doctor.moc"
