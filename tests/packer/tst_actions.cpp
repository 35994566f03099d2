#include "testsupport.h"

#include <packer/eventbuffer.h>
#include <packer/packer.h>

#include <QDirIterator>
#include <QImage>
#include <QThreadPool>

#include <sys/stat.h>
#include <unistd.h>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestActions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_root;

    Project load() const { return TestSupport::loadProject(m_root); }

    // Applies an action; returns the result and the action events.
    std::pair<ActionResult, QList<PackerEvent>> apply(const AssetAction &action) const
    {
        auto finished = TestSupport::runToEnd(load(), [&](Packer &p) { return p.apply(action); });
        return {*finished.result, finished.events};
    }

    // Every file under the project with its content, to prove nothing moved.
    QMap<QString, QByteArray> snapshot() const
    {
        QMap<QString, QByteArray> files;
        QDirIterator it(m_root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (!path.contains(u"/.prometeu/"_s))
                files.insert(QDir(m_root).relativeFilePath(path), TestSupport::readFile(path));
        }
        return files;
    }

    static AssetAction action(AssetAction::Type type, const QString &asset, const QString &to = {},
                              const QJsonObject &options = {})
    {
        return AssetAction{type, asset, to, options};
    }

private Q_SLOTS:
    void init()
    {
        m_root = m_dir.filePath(QLatin1StringView(QTest::currentTestFunction()));
        QVERIFY(QDir().mkpath(m_root));
        QVERIFY(TestSupport::copyFixture(u"examples/demo"_s, m_root));
    }

    void renameMovesTheFileAndItsOptionsAndUndoes()
    {
        QVERIFY(apply(action(AssetAction::Type::SetOptions, u"sprites/hero.png"_s, {},
                             {{u"pixel_format"_s, u"indexed8"_s}})).first.applied);
        const auto [result, events] = apply(action(AssetAction::Type::Rename, u"sprites/hero.png"_s, u"chars/player.png"_s));
        QVERIFY(result.applied);
        QVERIFY(QFile::exists(m_root + u"/assets/chars/player.png"_s));
        QVERIFY(!QFile::exists(m_root + u"/assets/sprites/hero.png"_s));
        const auto options = AssetOptionsFile::load(m_root, nullptr);
        QCOMPARE(options->options(u"chars/player.png"_s).pixelFormat, u"indexed8"_s);
        QVERIFY(options->options(u"sprites/hero.png"_s).isDefault());

        const PackerEvent &applied = events.at(events.size() - 2);
        QCOMPARE(applied.kind, EventKind::ActionApplied);
        QCOMPARE(applied.affectedAssets, QStringList({u"sprites/hero.png"_s, u"chars/player.png"_s}));
        QCOMPARE(applied.payload.value(u"inverse"_s).toObject(), result.inverse->toJson());

        QVERIFY(apply(*result.inverse).first.applied);
        QVERIFY(QFile::exists(m_root + u"/assets/sprites/hero.png"_s));
        QCOMPARE(AssetOptionsFile::load(m_root, nullptr)->options(u"sprites/hero.png"_s).pixelFormat, u"indexed8"_s);
    }

    void excludeAndIncludeAreInverses()
    {
        const auto [excluded, events] = apply(action(AssetAction::Type::Exclude, u"credits.txt"_s));
        QVERIFY(excluded.applied);
        QVERIFY(AssetOptionsFile::load(m_root, nullptr)->options(u"credits.txt"_s).excluded);
        QCOMPARE(excluded.inverse->type, AssetAction::Type::Include);
        QVERIFY(apply(*excluded.inverse).first.applied);
        QVERIFY(!AssetOptionsFile::load(m_root, nullptr)->options(u"credits.txt"_s).excluded);
        // Default options are not written: the file stays minimal.
        QVERIFY(!TestSupport::readFile(m_root + u"/prometeu.assets.json"_s).contains("credits.txt"));
    }

    void setOptionsRecordsPreviousValuesInTheInverse()
    {
        const auto [first, e1] = apply(action(AssetAction::Type::SetOptions, u"music/theme.flac"_s, {},
                                              {{u"sample_rate"_s, 11025}}));
        QVERIFY(first.applied);
        QCOMPARE(first.inverse->options, QJsonObject({{u"sample_rate"_s, QJsonValue()}}));
        const auto [second, e2] = apply(action(AssetAction::Type::SetOptions, u"music/theme.flac"_s, {},
                                               {{u"sample_rate"_s, 8000}}));
        QCOMPARE(second.inverse->options, QJsonObject({{u"sample_rate"_s, 11025}}));
        QVERIFY(apply(*second.inverse).first.applied);
        QCOMPARE(AssetOptionsFile::load(m_root, nullptr)->options(u"music/theme.flac"_s).sampleRate, 11025);
    }

    void failedActionsChangeNothing_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("asset");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QJsonObject>("options");
        QTest::addColumn<QString>("reason");
        const int rename = int(AssetAction::Type::Rename);
        const int set = int(AssetAction::Type::SetOptions);
        QTest::newRow("missing asset") << int(AssetAction::Type::Exclude) << u"nope.png"_s << QString() << QJsonObject() << u"no asset"_s;
        QTest::newRow("rename onto existing") << rename << u"sprites/hero.png"_s << u"sprites/coin.png"_s << QJsonObject() << u"already exists"_s;
        QTest::newRow("rename case collision") << rename << u"sprites/hero.png"_s << u"sprites/Coin.png"_s << QJsonObject() << u"collide"_s;
        QTest::newRow("rename outside") << rename << u"sprites/hero.png"_s << u"../escape.png"_s << QJsonObject() << u"inside the assets"_s;
        QTest::newRow("rename bad name") << rename << u"sprites/hero.png"_s << u"what?.png"_s << QJsonObject() << u"cannot hold"_s;
        QTest::newRow("bad pixel format") << set << u"sprites/hero.png"_s << QString() << QJsonObject{{u"pixel_format"_s, u"cmyk"_s}} << u"pixel_format"_s;
        QTest::newRow("bad sample rate") << set << u"sounds/jump.wav"_s << QString() << QJsonObject{{u"sample_rate"_s, 5}} << u"sample_rate"_s;
        QTest::newRow("no options") << set << u"sounds/jump.wav"_s << QString() << QJsonObject() << u"No option"_s;
    }

    void failedActionsChangeNothing()
    {
        QFETCH(int, type);
        QFETCH(QString, asset);
        QFETCH(QString, to);
        QFETCH(QJsonObject, options);
        QFETCH(QString, reason);
        const auto before = snapshot();
        const auto [result, events] = apply(action(AssetAction::Type(type), asset, to, options));
        QVERIFY(!result.applied);
        QVERIFY2(result.reason.contains(reason), qPrintable(result.reason));
        QCOMPARE(snapshot(), before);
        const PackerEvent &failed = events.at(events.size() - 2);
        QCOMPARE(failed.kind, EventKind::ActionFailed);
        QCOMPARE(failed.payload.value(u"reason"_s).toString(), result.reason);
        QCOMPARE(events.last().outcome(), OperationOutcome::Failed);
    }

    void renameIsUndoneWhenOptionsCannotBeSaved()
    {
        QVERIFY(apply(action(AssetAction::Type::Exclude, u"credits.txt"_s)).first.applied);
        // The assets folder stays writable, the project root does not: the
        // file move succeeds and then the atomic options write fails. As
        // root, drop the effective uid so permissions apply (CI runs as root).
        ::chmod(QFile::encodeName(m_dir.path()).constData(), 0755);
        QVERIFY(QProcess::execute(u"chmod"_s, {u"-R"_s, u"a+rwX"_s, m_root + u"/assets"_s}) == 0);
        // seteuid keeps the root group, so the group bits are the ones that apply.
        QVERIFY(QFile::setPermissions(m_root, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                                                  | QFileDevice::ExeGroup | QFileDevice::ReadOther
                                                  | QFileDevice::ExeOther));
        const auto before = snapshot();
        const bool wasRoot = ::geteuid() == 0;
        if (wasRoot)
            QVERIFY(::seteuid(65534) == 0);
        const auto [result, events] = apply(action(AssetAction::Type::Rename, u"credits.txt"_s, u"docs/credits.txt"_s));
        if (wasRoot)
            QVERIFY(::seteuid(0) == 0);
        QFile::setPermissions(m_root, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(!result.applied);
        QVERIFY2(result.reason.contains(u"prometeu.assets.json"_s), qPrintable(result.reason));
        QCOMPARE(snapshot(), before);
        QVERIFY(QFile::exists(m_root + u"/assets/credits.txt"_s));
        QVERIFY(!QFileInfo::exists(m_root + u"/assets/docs"_s));
    }

    void previewsForImagesAndSounds()
    {
        EventBuffer sink;
        QThreadPool pool;
        Packer packer(load(), &sink, &pool);
        QFuture<PreviewReport> image = packer.preview(u"sprites/hero.png"_s);
        QFuture<PreviewReport> sound = packer.preview(u"sounds/jump.wav"_s);
        QFuture<PreviewReport> data = packer.preview(u"data/items.json"_s);
        image.waitForFinished();
        sound.waitForFinished();
        data.waitForFinished();
        pool.waitForDone();

        const QImage thumbnail(image.result().path);
        QVERIFY(!thumbnail.isNull());
        QCOMPARE(thumbnail.size(), QSize(120, 120)); // 12x12 pixel art, x10, no blur
        QCOMPARE(image.result().width, 120);
        const QImage source(m_root + u"/assets/sprites/hero.png"_s);
        QCOMPARE(thumbnail.pixel(55, 5), source.pixel(5, 0));
        const QImage wave(sound.result().path);
        QCOMPARE(wave.size(), QSize(PreviewOperation::waveformWidth, PreviewOperation::waveformHeight));
        QVERIFY(!data.result().error.isEmpty());

        int ready = 0;
        for (const PackerEvent &event : sink.takeAll()) {
            if (event.kind != EventKind::PreviewReady)
                continue;
            ++ready;
            QVERIFY(QFile::exists(event.payload.value(u"path"_s).toString()));
            QVERIFY(event.payload.value(u"width"_s).toInt() > 0);
        }
        QCOMPARE(ready, 2);
    }
};

QTEST_GUILESS_MAIN(TestActions)
#include "tst_actions.moc"
