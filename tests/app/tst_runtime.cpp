// Drives the real prometeu-runtime: cartridge checks, handshake, stop.

#include "testsupport.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>

#include <csignal>

using namespace Qt::StringLiterals;

class TestRuntime : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_cartridge;

private Q_SLOTS:
    void initTestCase()
    {
        m_cartridge = TestSupport::buildDemoCartridge(m_dir.path());
        QVERIFY(!m_cartridge.isEmpty());
    }

    void rejectsABadCartridgeWithAClearLine()
    {
        const QString bad = m_dir.filePath(u"bad.pcart"_s);
        QVERIFY(TestSupport::writeFile(bad, TestSupport::readFile(m_cartridge).left(500)));
        QProcess runtime;
        runtime.start(TestSupport::binaryPath(u"prometeu-runtime"_s), {bad, u"--headless"_s});
        QVERIFY(runtime.waitForFinished(10000));
        QCOMPARE(runtime.exitCode(), 2);
        const QByteArray out = runtime.readAllStandardOutput();
        QVERIFY2(out.startsWith("ERROR ") && out.contains("truncated"), out.constData());
    }

    void shakesHandsAndStopsWhenAsked()
    {
        QLocalServer server;
        const QString name = u"prometeu-test-%1"_s.arg(QCoreApplication::applicationPid());
        QLocalServer::removeServer(name);
        QVERIFY(server.listen(name));
        QProcess runtime;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"PROMETEU_STUDIO_SOCKET"_s, name);
        environment.insert(u"PROMETEU_STUDIO_TOKEN"_s, u"s3cret"_s);
        runtime.setProcessEnvironment(environment);
        runtime.start(TestSupport::binaryPath(u"prometeu-runtime"_s), {m_cartridge, u"--headless"_s});

        QSignalSpy connected(&server, &QLocalServer::newConnection);
        QVERIFY(connected.wait(10000));
        QLocalSocket *socket = server.nextPendingConnection();
        QTRY_VERIFY_WITH_TIMEOUT(socket->canReadLine(), 10000);
        const QJsonObject hello = QJsonDocument::fromJson(socket->readLine()).object();
        QCOMPARE(hello.value(u"token"_s).toString(), u"s3cret"_s);
        QCOMPARE(hello.value(u"pid"_s).toInteger(), runtime.processId());
        QCOMPARE(hello.value(u"entries"_s).toInt(), 26);
        QCOMPARE(hello.value(u"capabilities"_s).toArray(), QJsonArray{u"reload"_s});

        socket->write(R"({"command": "stop"})" "\n");
        socket->flush();
        QVERIFY(runtime.waitForFinished(10000));
        QCOMPARE(runtime.exitStatus(), QProcess::NormalExit);
        QCOMPARE(runtime.exitCode(), 0);
        const QByteArray out = runtime.readAllStandardOutput();
        QVERIFY2(out.contains("INFO loaded 26 of 26 entries"), out.constData());
        QVERIFY(out.contains("INFO stopping: the Studio asked"));
    }

    // Off screen, the windowed runtime draws the demo's first frame: the
    // map's grass and the sky where the game puts them.
    void rendersTheFirstFrameOffscreen()
    {
        const QString capture = m_dir.filePath(u"first.png"_s);
        QProcess runtime;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        runtime.setProcessEnvironment(environment);
        runtime.start(TestSupport::binaryPath(u"prometeu-runtime"_s),
                      {m_cartridge, u"--frames"_s, u"1"_s, u"--capture"_s, capture});
        QVERIFY(runtime.waitForFinished(20000));
        const QByteArray out = runtime.readAllStandardOutput();
        QCOMPARE(runtime.exitCode(), 0);
        QVERIFY2(!out.contains("ERROR"), out.constData());
        QVERIFY2(out.contains("INFO captured the last frame"), out.constData());
        const QImage frame(capture);
        QCOMPARE(frame.size(), QSize(320, 144));
        const QImage grass(TestSupport::sourcePath(u"examples/demo/assets/tiles/grass.png"_s));
        const QImage sky(TestSupport::sourcePath(u"examples/demo/assets/backgrounds/sky.png"_s));
        QCOMPARE(frame.pixel(5, 8 * 16 + 3), grass.pixel(5, 3));
        QCOMPARE(frame.pixel(200, 2), sky.pixel(40, 2)); // the sky is drawn twice, at 0 and 160
    }

    void stopsCleanlyOnSigterm()
    {
        QProcess runtime;
        runtime.start(TestSupport::binaryPath(u"prometeu-runtime"_s), {m_cartridge, u"--headless"_s});
        QVERIFY(runtime.waitForStarted());
        // Wait for "running" so the handler is installed before the signal.
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += runtime.readAllStandardOutput()).contains("INFO running"), 10000);
        runtime.terminate();
        QVERIFY(runtime.waitForFinished(10000));
        QCOMPARE(runtime.exitStatus(), QProcess::NormalExit);
        QCOMPARE(runtime.exitCode(), 0);
        out += runtime.readAllStandardOutput();
        QVERIFY(out.contains("INFO stopped after"));
    }

    void unreachableStudioFailsTheHandshake()
    {
        QProcess runtime;
        runtime.start(TestSupport::binaryPath(u"prometeu-runtime"_s),
                      {m_cartridge, u"--headless"_s, u"--connect"_s, u"prometeu-nobody-listens"_s});
        QVERIFY(runtime.waitForFinished(15000));
        QCOMPARE(runtime.exitCode(), 3);
        QVERIFY(runtime.readAllStandardOutput().contains("ERROR cannot reach the Studio"));
    }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "tst_runtime.moc"
