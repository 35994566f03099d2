#include "testsupport.h"

#include <packer/project.h>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestProjectLoader : public QObject
{
    Q_OBJECT

private:
    static const Diagnostic *findCode(const ProjectLoadResult &result, const QString &code)
    {
        for (const Diagnostic &d : result.diagnostics) {
            if (d.code == code)
                return &d;
        }
        return nullptr;
    }

private Q_SLOTS:
    void minimalManifestGetsDocumentedDefaults()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path(), R"({"id": "x", "name": "X"})"));
        const ProjectLoadResult result = ProjectLoader::load(dir.path());
        QVERIFY2(result.ok(), qPrintable(result.errorText()));
        QVERIFY(result.diagnostics.isEmpty());
        const Project &project = *result.project;
        const ProjectManifest &m = project.manifest();
        QCOMPARE(m.id, u"x"_s);
        QCOMPARE(m.assetsFolder, u"assets"_s);
        QCOMPARE(m.cartridge.maxBytes, 64 * 1024 * 1024);
        QCOMPARE(m.cartridge.maxImageWidth, 4096);
        QCOMPARE(m.cartridge.compression, u"zstd"_s);
        QCOMPARE(m.audio.sampleRate, 44100);
        QCOMPARE(m.audio.channels, 2);
        QVERIFY(m.runtime.command.isEmpty());
        QVERIFY(m.runtime.handshake);
        QCOMPARE(m.runtime.handshakeTimeoutMs, 5000);
        QCOMPARE(m.runtime.stopGraceMs, 2000);
        QCOMPARE(project.assetsPath(), QDir(dir.path()).canonicalPath() + u"/assets"_s);
        QCOMPARE(project.statePath(), QDir(dir.path()).canonicalPath() + u"/.prometeu"_s);
    }

    void readsEveryField()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path(), R"({
            "id": "game", "name": "Game", "assets": "content",
            "cartridge": {"max_bytes": 1000, "max_image_width": 64, "max_image_height": 32, "compression": "none"},
            "audio": {"sample_rate": 22050, "channels": 1},
            "runtime": {"command": ["engine", "{cartridge}"], "handshake": false,
                        "handshake_timeout_ms": 900, "stop_grace_ms": 100}
        })"));
        QVERIFY(QDir().mkpath(dir.filePath(u"content"_s)));
        const ProjectLoadResult result = ProjectLoader::load(dir.path());
        QVERIFY2(result.ok(), qPrintable(result.errorText()));
        const ProjectManifest &m = result.project->manifest();
        QCOMPARE(m.assetsFolder, u"content"_s);
        QCOMPARE(m.cartridge.maxBytes, 1000);
        QCOMPARE(m.cartridge.maxImageHeight, 32);
        QCOMPARE(m.cartridge.compression, u"none"_s);
        QCOMPARE(m.audio.channels, 1);
        QCOMPARE(m.runtime.command, QStringList({u"engine"_s, u"{cartridge}"_s}));
        QVERIFY(!m.runtime.handshake);
        QCOMPARE(m.runtime.stopGraceMs, 100);
    }

    void missingManifestIsAClearError()
    {
        QTemporaryDir dir;
        const ProjectLoadResult result = ProjectLoader::load(dir.path());
        QVERIFY(!result.ok());
        QVERIFY(findCode(result, u"project.missing_manifest"_s));
        QVERIFY(result.errorText().contains(u"prometeu.json"_s));
    }

    // The manifest's own path opens its project; another file is named as
    // a file, not as a folder with no project in it.
    void theManifestNamesItsProjectAndAFileIsNotAFolder()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        const ProjectLoadResult viaManifest = ProjectLoader::load(dir.filePath(u"prometeu.json"_s));
        QVERIFY2(viaManifest.ok(), qPrintable(viaManifest.errorText()));
        QCOMPARE(viaManifest.project->rootPath(), QDir(dir.path()).canonicalPath());
        QVERIFY(TestSupport::writeFile(dir.filePath(u"notes.txt"_s), "x"));
        const ProjectLoadResult viaFile = ProjectLoader::load(dir.filePath(u"notes.txt"_s));
        QVERIFY(!viaFile.ok());
        QVERIFY(findCode(viaFile, u"project.not_found"_s));
        QVERIFY(viaFile.errorText().contains(u"is a file, not a project folder"_s));
        QVERIFY(viaFile.errorText().contains(u"notes.txt"_s));
    }

    void syntaxErrorHasLineAndColumn()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path(), "{\n  \"id\": \"x\",\n  \"name\": \"X\"\n  \"assets\": \"a\"\n}\n"));
        const ProjectLoadResult result = ProjectLoader::load(dir.path());
        QVERIFY(!result.ok());
        const Diagnostic *d = findCode(result, u"project.syntax"_s);
        QVERIFY(d);
        QCOMPARE(d->line, 4); // the missing comma is noticed at "assets"
        QCOMPARE(d->column, 3);
        QVERIFY(d->file.endsWith(u"prometeu.json"_s));
        QVERIFY(result.errorText().contains(u"prometeu.json:4:3: error:"_s));
    }

    void wrongTypeIsReportedAtItsKey()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path(),
            "{\n  \"id\": \"x\", \"name\": \"X\",\n  \"cartridge\": {\n    \"max_bytes\": \"lots\"\n  }\n}\n"));
        const ProjectLoadResult result = ProjectLoader::load(dir.path());
        QVERIFY(!result.ok());
        const Diagnostic *d = findCode(result, u"project.invalid_field"_s);
        QVERIFY(d);
        QVERIFY(d->message.contains(u"cartridge.max_bytes"_s));
        QCOMPARE(d->line, 4);
        QCOMPARE(d->column, 5);
    }

    void invalidValues_data()
    {
        QTest::addColumn<QByteArray>("manifest");
        QTest::addColumn<QString>("code");
        QTest::newRow("missing id") << QByteArray(R"({"name": "X"})") << u"project.missing_field"_s;
        QTest::newRow("missing name") << QByteArray(R"({"id": "x"})") << u"project.missing_field"_s;
        QTest::newRow("bad id") << QByteArray(R"({"id": "no spaces", "name": "X"})") << u"project.invalid_field"_s;
        QTest::newRow("escaping assets") << QByteArray(R"({"id": "x", "name": "X", "assets": "../elsewhere"})") << u"project.invalid_field"_s;
        QTest::newRow("negative size") << QByteArray(R"({"id": "x", "name": "X", "cartridge": {"max_bytes": -1}})") << u"project.invalid_field"_s;
        QTest::newRow("five channels") << QByteArray(R"({"id": "x", "name": "X", "audio": {"channels": 5}})") << u"project.invalid_field"_s;
        QTest::newRow("command not list") << QByteArray(R"({"id": "x", "name": "X", "runtime": {"command": "run.sh"}})") << u"project.invalid_field"_s;
        QTest::newRow("array root") << QByteArray("[]") << u"project.syntax"_s;
        QTest::newRow("empty file") << QByteArray("") << u"project.syntax"_s;
        QTest::newRow("binary garbage") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << u"project.syntax"_s;
    }

    void invalidValues()
    {
        QFETCH(QByteArray, manifest);
        QFETCH(QString, code);
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path(), manifest));
        const ProjectLoadResult result = ProjectLoader::load(dir.path());
        QVERIFY(!result.ok());
        const Diagnostic *d = findCode(result, code);
        QVERIFY2(d, qPrintable(result.errorText()));
        QVERIFY(d->line >= 1);
    }

    void unknownFieldIsAWarningWithASuggestion()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path(), R"({"id": "x", "name": "X", "asets": "a"})"));
        const ProjectLoadResult result = ProjectLoader::load(dir.path());
        QVERIFY(result.ok());
        const Diagnostic *d = findCode(result, u"project.unknown_field"_s);
        QVERIFY(d);
        QCOMPARE(d->severity, Severity::Warning);
        QVERIFY(d->message.contains(u"Did you mean 'assets'?"_s));
    }

    void missingAssetsFolderIsAnError()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::writeFile(dir.filePath(u"prometeu.json"_s), R"({"id": "x", "name": "X"})"));
        const ProjectLoadResult result = ProjectLoader::load(dir.path());
        QVERIFY(!result.ok());
        QVERIFY(findCode(result, u"project.missing_assets"_s));
    }

    void stateFolderIsCreatedAndIgnoredByGit()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::makeProject(dir.path()));
        const ProjectLoadResult result = ProjectLoader::load(dir.path());
        QString error;
        QVERIFY(result.project->ensureStateFolder(&error));
        QCOMPARE(TestSupport::readFile(dir.filePath(u".prometeu/.gitignore"_s)).contains("*\n"), true);
    }
};

QTEST_GUILESS_MAIN(TestProjectLoader)
#include "tst_projectloader.moc"
