// Drives the real `prometeu` executable the way CI and users do.

#include "testsupport.h"

#include <QBuffer>
#include <QImage>

#include <packer/packerevent.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestCli : public QObject
{
    Q_OBJECT

private:
    struct Output {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static Output run(const QStringList &arguments, const QHash<QString, QString> &variables = {})
    {
        QProcess process;
        // The assertions read English text; a translated locale must not break them.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (auto it = variables.cbegin(); it != variables.cend(); ++it)
            environment.insert(it.key(), it.value());
        environment.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
        environment.remove(u"LANGUAGE"_s);
        process.setProcessEnvironment(environment);
        process.start(TestSupport::binaryPath(u"prometeu"_s), arguments);
        Output output;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return output;
        }
        output.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        output.out = process.readAllStandardOutput();
        output.err = process.readAllStandardError();
        return output;
    }

    QTemporaryDir m_dir;
    QString m_demo;
    QString m_broken;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(TestSupport::binaryPath(u"prometeu"_s)));
        m_demo = m_dir.filePath(u"demo"_s);
        m_broken = m_dir.filePath(u"broken"_s);
        QVERIFY(QDir().mkpath(m_demo) && QDir().mkpath(m_broken));
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, m_demo));
        QVERIFY(TestSupport::copyFixture(u"tests/fixtures/broken"_s, m_broken));
    }

    void theStudiosHelpAndVersionNeedNoDisplay()
    {
        // As on a server or in a terminal without X: no DISPLAY, no platform chosen.
        for (const QString &option : {u"--help"_s, u"--version"_s}) {
            QProcess studio;
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.remove(u"DISPLAY"_s);
            environment.remove(u"WAYLAND_DISPLAY"_s);
            environment.remove(u"QT_QPA_PLATFORM"_s);
            studio.setProcessEnvironment(environment);
            studio.start(TestSupport::binaryPath(u"prometeu-studio"_s), {option});
            QVERIFY(studio.waitForFinished(30'000));
            QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
            QCOMPARE(studio.exitCode(), 0);
            const QByteArray out = studio.readAllStandardOutput();
            QVERIFY2(out.contains(option == u"--help"_s ? "Usage:" : "prometeu-studio "), out.constData());
        }
    }

    void helpDocumentsEverySubcommand()
    {
        const Output top = run({u"--help"_s});
        QCOMPARE(top.exitCode, 0);
        for (const char *command : {"scan", "doctor", "build", "inspect", "action", "preview", "play", "deps", "explain"}) {
            QVERIFY2(top.out.contains(QByteArray("  ") + command), top.out.constData());
            const Output sub = run({QString::fromLatin1(command), u"--help"_s});
            QCOMPARE(sub.exitCode, 0);
            QVERIFY(sub.out.contains("Exit codes"));
            if (qstrcmp(command, "inspect") != 0) {
                QVERIFY(sub.out.contains("--events"));
                QVERIFY(sub.out.contains("--jobs"));
            }
        }
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no command") << QStringList{} << QByteArray("Usage");
        QTest::newRow("unknown command") << QStringList{u"bake"_s} << QByteArray("Unknown command 'bake'");
        QTest::newRow("no project") << QStringList{u"doctor"_s} << QByteArray("exactly one project");
        QTest::newRow("bad events format") << QStringList{u"doctor"_s, u"--events"_s, u"xml"_s, u"."_s} << QByteArray("jsonl");
        QTest::newRow("bad jobs") << QStringList{u"scan"_s, u"--jobs"_s, u"0"_s, u"."_s} << QByteArray("--jobs");
        QTest::newRow("not a project") << QStringList{u"doctor"_s, u"/nonexistent/project"_s} << QByteArray("no project folder");
    }

    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const Output output = run(arguments);
        QCOMPARE(output.exitCode, 2);
        QVERIFY2(output.err.contains(message), output.err.constData());
    }

    void invalidManifestNamesFileLineAndColumn()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path(), "{\n  \"id\": \"x\",\n  \"name\": \"X\",,\n}\n"));
        const Output output = run({u"doctor"_s, dir.path()});
        QCOMPARE(output.exitCode, 2);
        QVERIFY2(output.err.contains("prometeu.json:3:15: error:"), output.err.constData());
    }

    void doctorOnDemoIsClean()
    {
        const Output output = run({u"doctor"_s, m_demo});
        QCOMPARE(output.exitCode, 0);
        QVERIFY2(output.out.contains("0 errors"), output.out.constData());
    }

    void doctorOnBrokenExitsWithOneAndListsDiagnostics()
    {
        const Output output = run({u"doctor"_s, m_broken});
        QCOMPARE(output.exitCode, 1);
        QVERIFY(output.out.contains("assets/data/bad.json:3:21: error: JSON syntax error"));
        QVERIFY(output.out.contains("[image.corrupt]"));
        QVERIFY(output.out.contains("[link.loop]"));
        QVERIFY(!output.out.contains("\x1b[")); // no colour codes when not a terminal
    }

    void eventsJsonlPutsOnlyEnvelopesOnStdout()
    {
        const Output output = run({u"doctor"_s, m_broken, u"--events"_s, u"jsonl"_s, u"--jobs"_s, u"2"_s});
        QCOMPARE(output.exitCode, 1);
        QVERIFY(output.err.contains("[json.syntax]")); // human output moved to stderr
        QList<QByteArray> lines = output.out.split('\n');
        QVERIFY(lines.takeLast().isEmpty());
        QHash<QString, quint64> lastSequence;
        QHash<QString, int> finished;
        QStringList operations;
        for (const QByteArray &line : std::as_const(lines)) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
            const auto event = PackerEvent::fromJson(document.object());
            QVERIFY2(event, line.constData());
            QVERIFY2(finished.value(event->operationId) == 0, "nothing after operation_finished");
            QCOMPARE(event->sequence, lastSequence.value(event->operationId) + 1);
            lastSequence[event->operationId] = event->sequence;
            if (event->kind == EventKind::OperationStarted)
                operations.append(wireName(event->operation));
            if (event->kind == EventKind::OperationFinished)
                ++finished[event->operationId];
            QCOMPARE(event->projectId, u"broken"_s);
        }
        QCOMPARE(operations, QStringList({u"scan"_s, u"doctor"_s}));
        QCOMPARE(finished.size(), 2);
    }

    void buildThenInspectThenRebuild()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        const Output first = run({u"build"_s, dir.path(), u"--jobs"_s, u"2"_s});
        QCOMPARE(first.exitCode, 0);
        QVERIFY2(first.out.contains("cached 0, failed 0"), first.out.constData());
        QVERIFY(first.out.contains("written"));
        const QString cartridge = dir.filePath(u"build/demo.pcart"_s);

        const Output inspect = run({u"inspect"_s, cartridge});
        QCOMPARE(inspect.exitCode, 0);
        QVERIFY(inspect.out.contains("sprites/hero.png"));
        QVERIFY(inspect.out.contains("verified"));

        const Output second = run({u"build"_s, dir.path(), u"--events"_s, u"jsonl"_s});
        QCOMPARE(second.exitCode, 0);
        QVERIFY(second.err.contains("built 0,"));
        QVERIFY(second.err.contains("up to date"));
        QVERIFY(!second.out.contains("\"cache_miss\""));
        // Nothing is announced per asset: build_finished counts them.
        QCOMPARE(second.out.count("\"cache_hit\""), 0);
        QVERIFY2(second.out.contains("\"unchanged\":" + QByteArray::number(inspect.out.count('\n') - 2) + ','),
                 second.out.constData());

        QByteArray damaged = TestSupport::readFile(cartridge);
        damaged[damaged.size() / 2] = char(damaged.at(damaged.size() / 2) ^ 0x40);
        QVERIFY(TestSupport::writeFile(cartridge, damaged));
        const Output bad = run({u"inspect"_s, cartridge});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains("checksum"));
    }

    // docs/dependencies.md, as a user asks: what uses what, then why a
    // map was rebuilt after its tile image changed.
    void depsThenExplainWhyAMapWasRebuilt()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        const Output deps = run({u"deps"_s, dir.path(), u"maps/meadow.tmx"_s});
        QCOMPARE(deps.exitCode, 0);
        QVERIFY2(deps.out.contains("Uses (6)") && deps.out.contains("tiles/grass.png"), deps.out.constData());
        QVERIFY2(deps.out.contains("Used by (2)") && deps.out.contains("scripts/main.lua"), deps.out.constData());
        const Output dot = run({u"deps"_s, dir.path(), u"--dot"_s});
        QCOMPARE(dot.exitCode, 0);
        QVERIFY2(dot.out.startsWith("digraph assets {") && dot.out.contains("\"maps/meadow.tmx\" -> \"tiles/grass.png\""),
                 dot.out.constData());

        QCOMPARE(run({u"build"_s, dir.path()}).exitCode, 0);
        QImage grass(dir.filePath(u"assets/tiles/grass.png"_s));
        QVERIFY(!grass.isNull());
        grass.setPixel(0, 0, qRgb(255, 0, 255));
        QVERIFY(grass.save(dir.filePath(u"assets/tiles/grass.png"_s)));
        const Output rebuilt = run({u"build"_s, dir.path(), u"--events"_s, u"jsonl"_s});
        QVERIFY2(rebuilt.exitCode == 0, (rebuilt.out + rebuilt.err).constData());
        // The image, the map that uses it, and the level data that names the map.
        QCOMPARE(rebuilt.out.count("\"cache_miss\""), 3);
        QVERIFY(rebuilt.out.contains("\"reason\":\"dependency_changed\",\"reason_detail\":\"tiles/grass.png\""));
        const Output explain = run({u"explain"_s, dir.path(), u"maps/meadow.tmx"_s});
        QCOMPARE(explain.exitCode, 0);
        QVERIFY2(explain.out.contains("last 2 builds"), explain.out.constData());
        QVERIFY2(explain.out.contains("because tiles/grass.png, which it uses, changed"), explain.out.constData());
        QVERIFY2(explain.out.contains("because it is new"), explain.out.constData());

        const Output forced = run({u"build"_s, dir.path(), u"--force"_s, u"sprites/hero.png"_s});
        QVERIFY2(forced.exitCode == 0, (forced.out + forced.err).constData());
        QVERIFY2(forced.out.contains("built 1,"), forced.out.constData());
        QVERIFY(run({u"explain"_s, dir.path(), u"sprites/hero.png"_s}).out.contains("because a rebuild was asked for"));
        QCOMPARE(run({u"explain"_s, dir.path(), u"no/such.png"_s}).exitCode, 1);

        // An asset named as the diagnostics print it, or as a file path.
        QVERIFY(run({u"explain"_s, dir.path(), u"assets/sprites/hero.png"_s}).out.contains("because a rebuild was asked for"));
        const Output byFile = run({u"deps"_s, dir.path(), dir.filePath(u"assets/maps/meadow.tmx"_s)});
        QCOMPARE(byFile.exitCode, 0);
        QVERIFY2(byFile.out.startsWith("maps/meadow.tmx\n") && byFile.out.contains("Uses (6)"), byFile.out.constData());
        QCOMPARE(run({u"deps"_s, dir.path(), QDir::rootPath() + u"etc"_s}).exitCode, 2);
        const Output forcedAgain = run({u"build"_s, dir.path(), u"--force"_s, u"assets/sprites/hero.png"_s});
        QVERIFY2(forcedAgain.out.contains("built 1,"), forcedAgain.out.constData());
    }

    void buildFailureKeepsThePreviousCartridge()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        QCOMPARE(run({u"build"_s, dir.path()}).exitCode, 0);
        const QByteArray before = TestSupport::readFile(dir.filePath(u"build/demo.pcart"_s));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/data/broken.json"_s), "{,}"));
        const Output output = run({u"build"_s, dir.path()});
        QCOMPARE(output.exitCode, 1);
        QVERIFY(output.out.contains("assets/data/broken.json:1:2: error"));
        QVERIFY(output.out.contains("cartridge not written"));
        QCOMPARE(TestSupport::readFile(dir.filePath(u"build/demo.pcart"_s)), before);
    }

    void actionsAndPreviews()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        const Output renamed = run({u"action"_s, dir.path(), u"rename"_s, u"sprites/slime.png"_s, u"enemies/slime.png"_s});
        QCOMPARE(renamed.exitCode, 0);
        QVERIFY(renamed.out.contains(R"({"action":"rename","asset":"enemies/slime.png","to":"sprites/slime.png"})"));
        QVERIFY(QFile::exists(dir.filePath(u"assets/enemies/slime.png"_s)));

        QCOMPARE(run({u"action"_s, dir.path(), u"set"_s, u"enemies/slime.png"_s, u"pixel_format=indexed8"_s}).exitCode, 0);
        QVERIFY(TestSupport::readFile(dir.filePath(u"prometeu.assets.json"_s)).contains("indexed8"));
        const Output refused = run({u"action"_s, dir.path(), u"exclude"_s, u"missing.png"_s});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("There is no asset missing.png"));
        QCOMPARE(run({u"action"_s, dir.path(), u"explode"_s, u"x"_s}).exitCode, 2);

        const Output preview = run({u"preview"_s, dir.path(), u"sounds/jump.wav"_s});
        QCOMPARE(preview.exitCode, 0);
        QVERIFY(preview.out.contains("-wave.png (256x64)"));
        const Output noPreview = run({u"preview"_s, dir.path(), u"data/items.json"_s});
        QCOMPARE(noPreview.exitCode, 1);
        QVERIFY(noPreview.err.contains("previews are made for images and sounds"));
    }

    // A damaged PNG is named by its chunk, in the diagnostic, and libpng
    // says nothing of its own on stderr (it used to print "libpng error:
    // IHDR: CRC error", naming no file).
    // A game's data files of a type Prometeu does not convert give one
    // warning each on every build: hundreds of them must not scroll the
    // summary and the errors away. Errors are never counted away.
    void aRepeatedWarningIsCountedAfterTenErrorsAreNot()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        for (int i = 0; i < 25; ++i) {
            QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/levels/level%1.lvl"_s.arg(i, 2, 10, QChar(u'0'))),
                                           "raw level data"));
            QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/data/bad%1.json"_s.arg(i, 2, 10, QChar(u'0'))), "{"));
        }
        const Output build = run({u"build"_s, dir.path()});
        QCOMPARE(build.exitCode, 1);
        QCOMPARE(build.out.count("[asset.unknown_type]\n"), 10);
        QVERIFY2(build.out.contains("... and 15 more [asset.unknown_type] like these (--verbose lists every one)\n"),
                 build.out.constData());
        QCOMPARE(build.out.count("error: JSON syntax error"), 25);

        const Output verbose = run({u"build"_s, dir.path(), u"--verbose"_s});
        QCOMPARE(verbose.out.count("[asset.unknown_type]\n"), 25);
        QVERIFY(!verbose.out.contains("more [asset.unknown_type]"));

        const Output doctor = run({u"doctor"_s, dir.path()});
        QCOMPARE(doctor.out.count("[asset.unknown_type]\n"), 10);
        QVERIFY2(doctor.out.contains("... and 15 more [asset.unknown_type]"), doctor.out.constData());
        QVERIFY2(doctor.out.contains("0 warnings, 25 notes"), doctor.out.constData()); // the totals count all
    }

    void aDamagedPngIsNamedByItsChunk()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        QImage image(64, 64, QImage::Format_RGBA8888);
        image.fill(QColor(10, 200, 30));
        image.setText(u"Comment"_s, u"made by a test"_s); // an ancillary tEXt chunk
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly) && image.save(&buffer, "PNG"));
        const QByteArray png = buffer.data();
        QByteArray badHeader = png;
        badHeader[20] = char(badHeader[20] ^ 0x01); // inside IHDR's width: its CRC no longer matches
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/sprites/badheader.png"_s), badHeader));
        QByteArray badText = png;
        const qsizetype text = badText.indexOf("tEXt");
        QVERIFY(text > 0);
        badText[text + 6] = char(badText[text + 6] ^ 0x01); // in the comment: only that chunk is lost
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/sprites/badcomment.png"_s), badText));
        QByteArray cut = png.left(png.size() - 20);
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/sprites/cut.png"_s), cut));

        const Output doctor = run({u"doctor"_s, dir.path()});
        QCOMPARE(doctor.exitCode, 1);
        QVERIFY2(doctor.out.contains("assets/sprites/badheader.png: error: The PNG data is damaged: its IHDR chunk "
                                     "(at byte 8) fails its checksum. [image.corrupt]"),
                 doctor.out.constData());
        QVERIFY(doctor.out.contains("assets/sprites/cut.png: error: The PNG file is cut short"));
        QVERIFY(!doctor.out.contains("badcomment.png"));
        QVERIFY2(!doctor.err.contains("libpng error"), doctor.err.constData());
        const Output build = run({u"build"_s, dir.path(), u"--in-process-converters"_s});
        QVERIFY(build.out.contains("assets/sprites/badheader.png: error: The PNG data is damaged: its IHDR chunk"));
        QVERIFY(!build.out.contains("badcomment.png: error"));
        QVERIFY2(!build.err.contains("libpng error"), build.err.constData());
    }

    // The image and sound decoders are a library loaded on first use: an
    // install that lacks it fails those assets with words, not a crash, and
    // a command that decodes nothing does not need it.
    void withoutTheCodecsLibraryImagesAndSoundsFailInWords()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        const QHash<QString, QString> missing{{u"PROMETEU_CODECS_LIBRARY"_s, dir.filePath(u"nowhere/libprometeu-codecs.so"_s)}};
        for (const QStringList &extra : {QStringList{}, QStringList{u"--in-process-converters"_s}}) {
            const Output output = run(QStringList{u"build"_s, dir.path()} + extra, missing);
            QCOMPARE(output.exitCode, 1);
            QVERIFY2(output.out.contains("assets/sprites/hero.png: error: This asset cannot be decoded: the image and "
                                         "sound decoders (libprometeu-codecs.so) could not be loaded")
                         && output.out.contains("nowhere/libprometeu-codecs.so"),
                     output.out.constData());
            QVERIFY(output.out.contains("assets/sounds/jump.wav: error: This asset cannot be decoded"));
            QVERIFY(!output.out.contains("assets/data/items.json: error"));
            QVERIFY(output.out.contains("cartridge not written"));
        }
        const Output doctor = run({u"doctor"_s, dir.path()}, missing);
        QCOMPARE(doctor.exitCode, 1);
        QVERIFY(doctor.out.contains("[codecs.unavailable]"));
        const Output preview = run({u"preview"_s, dir.path(), u"sprites/hero.png"_s}, missing);
        QCOMPARE(preview.exitCode, 1);
        QVERIFY(preview.err.contains("sprites/hero.png cannot be previewed: the image and sound decoders"));
        QCOMPARE(run({u"scan"_s, dir.path()}, missing).exitCode, 0);
        // With the library where it belongs, the same project builds, and
        // checks clean (the doctor did not remember the missing decoders
        // as what those files hold).
        QCOMPARE(run({u"build"_s, dir.path()}).exitCode, 0);
        const Output fixed = run({u"doctor"_s, dir.path()});
        QVERIFY2(fixed.exitCode == 0 && !fixed.out.contains("codecs.unavailable"), fixed.out.constData());
    }

    // A command that talks to nothing never loads the network stack (a
    // third of what a process binds at start); LD_DEBUG=files is glibc's
    // own list of what the loader opened.
    void aCommandThatTalksToNothingNeverLoadsTheNetwork()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        QCOMPARE(run({u"build"_s, dir.path()}).exitCode, 0);
        const QHash<QString, QString> traced{{u"LD_DEBUG"_s, u"files"_s}};
        for (const QStringList &command : {QStringList{u"build"_s, dir.path(), u"--events"_s, u"jsonl"_s},
                                          QStringList{u"scan"_s, dir.path()}, QStringList{u"doctor"_s, dir.path()}}) {
            const Output output = run(command, traced);
            QCOMPARE(output.exitCode, 0);
            QVERIFY2(output.err.contains("libprometeu-core.so"), output.err.left(2000).constData()); // the trace works
            QVERIFY2(!output.err.contains("libQt6Network") && !output.err.contains("libprometeu-network"),
                     qPrintable(command.first()));
        }
        // A build that does talk (to a team cache that is not there) loads it.
        const Output talking = run({u"build"_s, dir.path(), u"--remote-cache"_s, u"http://127.0.0.1:9/cache/"_s}, traced);
        QCOMPARE(talking.exitCode, 0);
        QVERIFY(talking.err.contains("libprometeu-network.so") && talking.err.contains("libQt6Network"));
    }

    void withoutTheNetworkModuleOnlyWhatTalksFailsInWords()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        const QString nowhere = dir.filePath(u"nowhere/libprometeu-network.so"_s);
        const QHash<QString, QString> missing{{u"PROMETEU_NETWORK_LIBRARY"_s, nowhere}};
        // The build goes on without the team cache, and says why once.
        const Output build = run({u"build"_s, dir.path(), u"--remote-cache"_s, u"http://127.0.0.1:9/cache/"_s}, missing);
        QCOMPARE(build.exitCode, 0);
        QVERIFY2(build.out.contains("the network module (libprometeu-network.so) could not be loaded")
                     && build.out.contains("nowhere/libprometeu-network.so"),
                 build.out.constData());
        QCOMPARE(build.out.count("the network module"), 1);
        const Output play = run({u"play"_s, dir.path(), u"--headless"_s}, missing);
        QCOMPARE(play.exitCode, 3); // runtime_failed, as for any socket that cannot be opened
        QVERIFY2(play.out.contains("Cannot open the handshake socket: the network module"), play.out.constData());
        const Output serve = run({u"serve"_s, dir.path()}, missing);
        QCOMPARE(serve.exitCode, 2);
        QVERIFY2(serve.err.contains("the network module (libprometeu-network.so) could not be loaded"), serve.err.constData());
        const Output tail = run({u"tail"_s, u"--url"_s, u"http://127.0.0.1:9/"_s, u"--token"_s, u"t"_s}, missing);
        QCOMPARE(tail.exitCode, 2);
        QVERIFY2(tail.err.contains("Cannot follow the stream: the network module"), tail.err.constData());
        // Another library in its place is named and refused, not called.
        const QString codecs = QFileInfo(TestSupport::binaryPath(u"prometeu"_s)).dir().filePath(u"../lib/libprometeu-codecs.so"_s);
        QVERIFY(QFileInfo::exists(codecs));
        const Output wrong = run({u"serve"_s, dir.path()}, {{u"PROMETEU_NETWORK_LIBRARY"_s, codecs}});
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains("libprometeu-codecs.so does not export prometeuNetworkModuleVersion"), wrong.err.constData());
    }

    void outputThatCannotBeWrittenIsAFailure()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        for (const QStringList &command : {QStringList{u"--version"_s}, QStringList{u"build"_s, dir.path()},
                                          QStringList{u"build"_s, dir.path(), u"--events"_s, u"jsonl"_s}}) {
            QProcess process;
            process.setStandardOutputFile(u"/dev/full"_s); // every write: No space left on device
            process.start(TestSupport::binaryPath(u"prometeu"_s), command);
            QVERIFY(process.waitForFinished(60000));
            const QByteArray err = process.readAllStandardError();
            QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 1, err.constData());
            QVERIFY2(err.contains("Cannot write the output"), err.constData());
        }
        // What the build made is kept: the next build is a no-op.
        QVERIFY(run({u"build"_s, dir.path()}).out.contains("built 0, cached 26"));
    }

    void operationFailureExplainsItself()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        QVERIFY(TestSupport::writeFile(dir.filePath(u".prometeu"_s), "a file where the state folder goes"));
        // A build needs its state; a scan and a check go on without it, and say so.
        const Output build = run({u"build"_s, dir.path()});
        QCOMPARE(build.exitCode, 2);
        QVERIFY2(build.err.contains("Cannot create the folder"), build.err.constData());
        for (const QString &command : {u"scan"_s, u"doctor"_s}) {
            const Output output = run({command, dir.path()});
            QCOMPARE(output.exitCode, 0);
            QVERIFY2(output.err.contains("cannot be kept") && output.err.contains("Cannot create the folder"),
                     output.err.constData());
        }
    }

    void playRunsTheGameAndCtrlCStopsIt()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        QProcess play;
        play.start(TestSupport::binaryPath(u"prometeu"_s), {u"play"_s, dir.path(), u"--headless"_s});
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += play.readAllStandardOutput()).contains("connecting → running"), 30000);
        ::kill(pid_t(play.processId()), SIGINT); // what Ctrl-C does
        QVERIFY(play.waitForFinished(15000));
        out += play.readAllStandardOutput();
        QCOMPARE(play.exitCode(), 0);
        for (const char *expected : {"[build", "[pack-validation", "[pack ", "[runtime", "idle → preparing",
                                     "preparing → connecting", "running → stopped: Stop"}) {
            QVERIFY2(out.contains(expected), out.constData());
        }
    }

    void playReportsAFailedPreparation()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/data/items.json"_s), "{ broken"));
        const Output output = run({u"play"_s, dir.path(), u"--headless"_s, u"--events"_s, u"jsonl"_s});
        QCOMPARE(output.exitCode, 1);
        bool failed = false;
        for (const QByteArray &line : output.out.split('\n')) {
            const QJsonObject entry = QJsonDocument::fromJson(line).object();
            if (entry.value(u"state_change"_s).toBool() && entry.value(u"message"_s).toString().contains(u"prepare_failed"_s))
                failed = true;
        }
        QVERIFY2(failed, output.out.constData());
    }

    void scanReportsChangesOnRescan()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        QCOMPARE(run({u"scan"_s, dir.path()}).exitCode, 0);
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/data/new.json"_s), "{}"));
        const Output output = run({u"scan"_s, dir.path()});
        QCOMPARE(output.exitCode, 0);
        QVERIFY2(output.out.contains("added     data/new.json"), output.out.constData());
        QVERIFY(output.out.contains("1 change"));
    }

    void buildWatchRebuildsWhatChangedUntilCtrlC()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, dir.path()));
        QProcess watch;
        watch.start(TestSupport::binaryPath(u"prometeu"_s), {u"build"_s, dir.path(), u"--watch"_s});
        QByteArray out;
        QByteArray err;
        auto read = [&] {
            out += watch.readAllStandardOutput();
            err += watch.readAllStandardError();
        };
        QTRY_VERIFY_WITH_TIMEOUT((read(), out.contains("built 26, cached 0") && err.contains("Watching")), 30'000);
        // An edit in place: exactly that asset is converted again.
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/data/items.json"_s), R"({"edited": true})"));
        QTRY_VERIFY_WITH_TIMEOUT((read(), out.contains("built 1, cached 25")), 30'000);
        // A new file in a watched folder is seen too.
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/data/extra.json"_s), R"({"new": true})"));
        QTRY_VERIFY_WITH_TIMEOUT((read(), out.contains("built 1, cached 26")), 30'000);
        // Later rebuilds look only at what the watcher saw change: a file
        // removed from a folder and another edited in place both count.
        QVERIFY(QFile::remove(dir.filePath(u"assets/data/extra.json"_s)));
        QVERIFY(TestSupport::writeFile(dir.filePath(u"assets/data/enemies.json"_s), R"({"edited": 2})"));
        QTRY_VERIFY_WITH_TIMEOUT((read(), out.contains("built 1, cached 25")
                                  && out.lastIndexOf("built 1, cached 25") > out.indexOf("built 1, cached 26")),
                                 30'000);
        ::kill(pid_t(watch.processId()), SIGINT); // what Ctrl-C does
        QVERIFY(watch.waitForFinished(15'000));
        QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
        QCOMPARE(watch.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
