#include "testsupport.h"

#include <packer/eventpayloads.h>
#include <packer/operationpublisher.h>
#include <ui/assettreemodel.h>
#include <ui/naturalorder.h>

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

QJsonObject discovered(const QString &path, qint64 size = 10)
{
    return {{u"path"_s, path}, {u"kind"_s, u"image"_s}, {u"size"_s, size}, {u"hash"_s, u"h-"_s + path}};
}

QJsonObject diagnosticsOf(const QString &asset, Severity severity, int count)
{
    QJsonArray list;
    for (int i = 0; i < count; ++i) {
        Diagnostic diagnostic;
        diagnostic.severity = severity;
        diagnostic.code = u"test.code"_s;
        diagnostic.message = u"Something about %1."_s.arg(asset);
        diagnostic.asset = asset;
        diagnostic.file = u"assets/"_s + asset;
        list.append(diagnostic.toJson());
    }
    return {{u"asset"_s, asset}, {u"diagnostics"_s, list}};
}

// A scan that finds `paths`, delivered to the model as one batch.
void scan(AssetTreeModel &model, const QStringList &paths)
{
    EventBuffer sink;
    OperationPublisher publisher(&sink, u"demo"_s, OperationKind::Scan);
    publisher.start(u"Scanning."_s);
    for (const QString &path : paths)
        publisher.publish(EventKind::AssetDiscovered, u"Found %1."_s.arg(path), discovered(path), {path});
    publisher.finish(OperationOutcome::Succeeded, u"Found them."_s);
    model.apply(sink.takeAll());
}

QStringList assetsIn(const QStringList &folders, int perFolder, const QString &stem = u"sprite"_s)
{
    QStringList paths;
    for (const QString &folder : folders) {
        for (int i = 0; i < perFolder; ++i)
            paths.append(u"%1/%2%3.png"_s.arg(folder, stem).arg(i));
    }
    return paths;
}

} // namespace

class TestAssetTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildsTheFolderTree()
    {
        AssetTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        scan(model, {u"a.png"_s, u"sprites/hero.png"_s, u"sprites/enemies/slime.png"_s});
        QCOMPARE(model.assetCount(), 3);
        QCOMPARE(model.rowCount(), 2); // a.png, sprites/
        const QModelIndex slime = model.indexOfAsset(u"sprites/enemies/slime.png"_s);
        QVERIFY(slime.isValid());
        QCOMPARE(slime.data().toString(), u"slime.png"_s);
        QCOMPARE(slime.data(AssetTreeModel::PathRole).toString(), u"sprites/enemies/slime.png"_s);
        QCOMPARE(slime.parent().data(AssetTreeModel::PathRole).toString(), u"sprites/enemies/"_s);
        QVERIFY(slime.parent().data(AssetTreeModel::IsFolderRole).toBool());
        QCOMPARE(slime.parent().parent().data().toString(), u"sprites"_s);
        QCOMPARE(slime.siblingAtColumn(AssetTreeModel::KindColumn).data().toString(), u"image"_s);
        QCOMPARE(slime.siblingAtColumn(AssetTreeModel::SizeColumn).data(AssetTreeModel::SizeRole).toLongLong(), 10);
        QCOMPARE(slime.siblingAtColumn(AssetTreeModel::StatusColumn).data().toString(), u"ok"_s);
        QVERIFY(model.flags(slime).testFlag(Qt::ItemNeverHasChildren));
        QCOMPARE(model.folderPaths().size(), 2);
    }

    // The views hear of a batch once per folder that grew, not once per row.
    void insertsABatchOncePerFolder()
    {
        AssetTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QStringList folders{u"g0"_s, u"g1"_s, u"g2"_s, u"g3"_s, u"g4"_s};
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        scan(model, assetsIn(folders, 100));
        // All five folders are new: they arrive, filled, in one insertion.
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 4);
        QCOMPARE(model.assetCount(), 500);

        // A later scan that adds to existing folders: one insertion each.
        inserted.clear();
        scan(model, assetsIn(folders, 100) + assetsIn(folders, 100, u"extra"_s));
        QCOMPARE(inserted.size(), 5);
        for (const QList<QVariant> &signal : std::as_const(inserted)) {
            const QModelIndex parent = signal.at(0).value<QModelIndex>();
            QVERIFY(parent.data(AssetTreeModel::IsFolderRole).toBool());
            QCOMPARE(signal.at(2).toInt() - signal.at(1).toInt() + 1, 100);
        }
        QCOMPARE(model.assetCount(), 1000);
    }

    void diagnosticsChangeOneRangePerFolderAndKeepTotals()
    {
        AssetTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QStringList paths = assetsIn({u"a"_s, u"b"_s}, 50);
        scan(model, paths);

        EventBuffer sink;
        OperationPublisher doctor(&sink, u"demo"_s, OperationKind::Doctor);
        doctor.start(u"Checking."_s);
        for (const QString &path : paths) {
            const bool bad = path.endsWith(u"7.png"_s);
            doctor.publish(EventKind::DiagnosticsUpdated, u"Checked."_s,
                           diagnosticsOf(path, bad ? Severity::Error : Severity::Warning, bad ? 2 : 0), {path});
        }
        doctor.finish(OperationOutcome::Succeeded, u"Checked all."_s);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.apply(sink.takeAll());
        // 10 assets (x7.png in each folder of 50) got 2 errors each: one
        // range in each folder, and one for the two folders, which say it.
        QCOMPARE(changed.size(), 3);
        QCOMPARE(model.totals().errors, 20);
        QCOMPARE(model.totals().warnings, 0);
        const QModelIndex bad = model.indexOfAsset(u"a/sprite17.png"_s);
        QCOMPARE(bad.data(AssetTreeModel::ErrorCountRole).toInt(), 2);
        QCOMPARE(bad.siblingAtColumn(AssetTreeModel::StatusColumn).data().toString(), u"2 error(s)"_s);
        QCOMPARE(bad.data(AssetTreeModel::BadgeRole).toString(), u"error"_s);
        QCOMPARE(model.diagnostics(u"a/sprite17.png"_s).size(), 2);
        const QModelIndex folderA = bad.parent();
        QCOMPARE(folderA.data(AssetTreeModel::ErrorCountRole).toInt(), 10);
        QCOMPARE(folderA.data(AssetTreeModel::BadgeRole).toString(), u"error"_s);
        QCOMPARE(folderA.siblingAtColumn(AssetTreeModel::StatusColumn).data().toString(), u"10 error(s)"_s);
        QCOMPARE(folderA.siblingAtColumn(AssetTreeModel::SizeColumn).data().toString(), u"50 asset(s)"_s);

        // A scan that no longer finds an asset takes it and its errors away.
        QStringList fewer = paths;
        fewer.removeAll(u"a/sprite17.png"_s);
        scan(model, fewer);
        QVERIFY(!model.contains(u"a/sprite17.png"_s));
        QCOMPARE(model.totals().errors, 18);
        QCOMPARE(folderA.data(AssetTreeModel::ErrorCountRole).toInt(), 8);
        QCOMPARE(folderA.siblingAtColumn(AssetTreeModel::SizeColumn).data().toString(), u"49 asset(s)"_s);

        // The next complete doctor run clears what it no longer reports.
        OperationPublisher clean(&sink, u"demo"_s, OperationKind::Doctor);
        clean.start(u"Checking."_s);
        clean.finish(OperationOutcome::Succeeded, u"Checked all."_s);
        model.apply(sink.takeAll());
        QCOMPARE(model.totals().errors, 0);
        QCOMPARE(model.indexOfAsset(u"b/sprite7.png"_s).data(AssetTreeModel::ErrorCountRole).toInt(), 0);
        QCOMPARE(folderA.data(AssetTreeModel::ErrorCountRole).toInt(), 0);
        QCOMPARE(folderA.siblingAtColumn(AssetTreeModel::StatusColumn).data().toString(), QString()); // calm when all is well
    }

    // A no-op build says its unchanged assets' converter warnings again in
    // one event; a later build that no longer says them clears them.
    void aBuildsReplayedWarningsLandOnEachAsset()
    {
        AssetTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QStringList paths = assetsIn({u"a"_s, u"b"_s}, 10);
        scan(model, paths);

        const auto warning = [](const QString &asset) {
            Diagnostic diagnostic;
            diagnostic.severity = Severity::Warning;
            diagnostic.code = u"asset.stored_raw"_s;
            diagnostic.message = u"Stored as it is."_s;
            diagnostic.asset = asset;
            return diagnostic;
        };
        EventBuffer sink;
        OperationPublisher build(&sink, u"demo"_s, OperationKind::Build);
        build.start(u"Building."_s);
        DiagnosticsUpdate update;
        update.replayed = true;
        update.diagnostics = {warning(u"a/sprite1.png"_s), warning(u"b/sprite2.png"_s), warning(u"b/sprite2.png"_s)};
        build.publish(EventKind::DiagnosticsUpdated, u"Still warned."_s, update.toJson(),
                      {u"a/sprite1.png"_s, u"b/sprite2.png"_s});
        build.finish(OperationOutcome::Succeeded, u"Built."_s);
        QSignalSpy totalsChanged(&model, &AssetTreeModel::totalsChanged);
        model.apply(sink.takeAll());
        QCOMPARE(totalsChanged.size(), 1); // the status bar's figures follow
        QCOMPARE(model.totals().warnings, 3);
        QCOMPARE(model.diagnostics(u"a/sprite1.png"_s).size(), 1);
        QCOMPARE(model.diagnostics(u"b/sprite2.png"_s).size(), 2);
        QCOMPARE(model.indexOfAsset(u"b/sprite2.png"_s).data(AssetTreeModel::BadgeRole).toString(), u"warning"_s);
        QVERIFY(model.diagnostics(u"a/sprite2.png"_s).isEmpty());

        // The next build replays only one of them: the other's cause is gone.
        OperationPublisher next(&sink, u"demo"_s, OperationKind::Build);
        next.start(u"Building."_s);
        update.diagnostics = {warning(u"b/sprite2.png"_s)};
        next.publish(EventKind::DiagnosticsUpdated, u"Still warned."_s, update.toJson(), {u"b/sprite2.png"_s});
        next.finish(OperationOutcome::Succeeded, u"Built."_s);
        model.apply(sink.takeAll());
        QVERIFY(model.diagnostics(u"a/sprite1.png"_s).isEmpty());
        QCOMPARE(model.diagnostics(u"b/sprite2.png"_s).size(), 1);
        QCOMPARE(model.totals().warnings, 1);
    }

    // A fact the doctor and the build both state (a file stored as it is)
    // is one row and one count, not two; what only the build says is kept.
    void whatTheDoctorAndTheBuildBothSayIsOneFact()
    {
        AssetTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        scan(model, {u"levels/one.lvl"_s, u"levels/two.lvl"_s});
        const auto note = [](const QString &asset, const QString &words) {
            Diagnostic diagnostic;
            diagnostic.severity = Severity::Info;
            diagnostic.code = u"asset.unknown_type"_s;
            diagnostic.message = words;
            diagnostic.asset = asset;
            return diagnostic;
        };
        EventBuffer sink;
        OperationPublisher doctor(&sink, u"demo"_s, OperationKind::Doctor);
        doctor.start(u"Checking."_s);
        for (const QString &path : {u"levels/one.lvl"_s, u"levels/two.lvl"_s}) {
            DiagnosticsUpdate update;
            update.asset = path;
            update.diagnostics = {note(path, u"It will be stored as it is."_s)};
            doctor.publish(EventKind::DiagnosticsUpdated, u"Checked."_s, update.toJson(), {path});
        }
        doctor.finish(OperationOutcome::Succeeded, u"Checked all."_s);
        model.apply(sink.takeAll());
        QCOMPARE(model.totals().infos, 2);

        OperationPublisher build(&sink, u"demo"_s, OperationKind::Build);
        build.start(u"Building."_s);
        DiagnosticsUpdate update;
        update.asset = u"levels/one.lvl"_s;
        Diagnostic other = note(update.asset, u"Something else."_s);
        other.code = u"image.too_many_colours"_s;
        other.severity = Severity::Warning;
        update.diagnostics = {note(update.asset, u"It is stored as it is."_s), other};
        build.publish(EventKind::DiagnosticsUpdated, u"Built."_s, update.toJson(), {update.asset});
        update.asset = u"levels/two.lvl"_s;
        update.diagnostics = {note(update.asset, u"It is stored as it is."_s)};
        build.publish(EventKind::DiagnosticsUpdated, u"Built."_s, update.toJson(), {update.asset});
        build.finish(OperationOutcome::Succeeded, u"Built."_s);
        model.apply(sink.takeAll());

        const QList<Diagnostic> one = model.diagnostics(u"levels/one.lvl"_s);
        QCOMPARE(one.size(), 2);
        QCOMPARE(one.at(0).message, u"It will be stored as it is."_s); // the doctor's words
        QCOMPARE(one.at(1).code, u"image.too_many_colours"_s);
        QCOMPARE(model.diagnostics(u"levels/two.lvl"_s).size(), 1);
        QCOMPARE(model.totals().infos, 2);
        QCOMPARE(model.totals().warnings, 1);
        QCOMPARE(model.indexOfAsset(u"levels/two.lvl"_s).siblingAtColumn(AssetTreeModel::StatusColumn).data().toString(),
                 u"1 note(s)"_s); // untranslated in tests
    }

    // A closed folder says how many assets it holds and what is wrong
    // anywhere under it.
    void foldersAddUpWhatIsUnderThem()
    {
        AssetTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        scan(model, {u"x/y/a.png"_s, u"x/b.png"_s, u"c.png"_s});
        EventBuffer sink;
        OperationPublisher doctor(&sink, u"demo"_s, OperationKind::Doctor);
        doctor.start(u"Checking."_s);
        doctor.publish(EventKind::DiagnosticsUpdated, u"Checked."_s, diagnosticsOf(u"x/y/a.png"_s, Severity::Error, 1),
                       {u"x/y/a.png"_s});
        doctor.publish(EventKind::DiagnosticsUpdated, u"Checked."_s, diagnosticsOf(u"x/b.png"_s, Severity::Warning, 2),
                       {u"x/b.png"_s});
        doctor.finish(OperationOutcome::Succeeded, u"Checked all."_s);
        model.apply(sink.takeAll());
        const QModelIndex y = model.indexOfAsset(u"x/y/a.png"_s).parent();
        const QModelIndex x = y.parent();
        QCOMPARE(x.siblingAtColumn(AssetTreeModel::SizeColumn).data().toString(), u"2 asset(s)"_s);
        QCOMPARE(y.siblingAtColumn(AssetTreeModel::SizeColumn).data().toString(), u"1 asset(s)"_s);
        QCOMPARE(x.siblingAtColumn(AssetTreeModel::StatusColumn).data().toString(), u"1 error(s), 2 warning(s)"_s);
        QCOMPARE(y.siblingAtColumn(AssetTreeModel::StatusColumn).data().toString(), u"1 error(s)"_s);
        QCOMPARE(model.totals().errors, 1);

        // Gone from under it: the folder forgets it.
        scan(model, {u"x/b.png"_s, u"c.png"_s});
        const QModelIndex after = model.indexOfAsset(u"x/b.png"_s).parent();
        QCOMPARE(after.siblingAtColumn(AssetTreeModel::SizeColumn).data().toString(), u"1 asset(s)"_s);
        QCOMPARE(after.data(AssetTreeModel::ErrorCountRole).toInt(), 0);
        QCOMPARE(after.data(AssetTreeModel::WarningCountRole).toInt(), 2);
    }

    void removingTheLastAssetRemovesItsFolders()
    {
        AssetTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        scan(model, {u"keep.png"_s, u"deep/er/only.png"_s});
        QSignalSpy removed(&model, &AssetTreeModel::assetRemoved);
        scan(model, {u"keep.png"_s});
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(0).toString(), u"deep/er/only.png"_s);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.folderPaths().isEmpty());
    }

    void renameAndExcludeFromActions()
    {
        AssetTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        scan(model, {u"sprites/hero.png"_s, u"sprites/other.png"_s});
        EventBuffer sink;
        OperationPublisher action(&sink, u"demo"_s, OperationKind::Action);
        action.start(u"Renaming."_s);
        AssetAction rename;
        rename.type = AssetAction::Type::Rename;
        rename.asset = u"sprites/hero.png"_s;
        rename.newPath = u"characters/hero.png"_s;
        action.publish(EventKind::ActionApplied, u"Renamed."_s, {{u"action"_s, rename.toJson()}}, {rename.asset});
        AssetAction exclude;
        exclude.type = AssetAction::Type::Exclude;
        exclude.asset = u"sprites/other.png"_s;
        action.publish(EventKind::ActionApplied, u"Excluded."_s, {{u"action"_s, exclude.toJson()}}, {exclude.asset});
        action.finish(OperationOutcome::Succeeded, u"Done."_s);
        model.apply(sink.takeAll());

        QVERIFY(!model.contains(u"sprites/hero.png"_s));
        const QModelIndex hero = model.indexOfAsset(u"characters/hero.png"_s);
        QVERIFY(hero.isValid());
        QCOMPARE(hero.siblingAtColumn(AssetTreeModel::KindColumn).data().toString(), u"image"_s);
        QCOMPARE(hero.data(AssetTreeModel::HashRole).toString(), u"h-sprites/hero.png"_s);
        const QModelIndex other = model.indexOfAsset(u"sprites/other.png"_s);
        QVERIFY(other.data(AssetTreeModel::ExcludedRole).toBool());
        QVERIFY(other.data(Qt::FontRole).value<QFont>().strikeOut());
        QCOMPARE(other.siblingAtColumn(AssetTreeModel::StatusColumn).data().toString(), u"excluded"_s);

        model.setExcluded({});
        QVERIFY(!other.data(AssetTreeModel::ExcludedRole).toBool());
    }

    // The Assets tree's order, as a file browser's: numbers by value, case
    // ignored, whatever the locale (the "C" locale's own collation would
    // put frame10 before frame2).
    void namesSortAsAFileBrowserSortsThem()
    {
        QStringList names{u"frame10.png"_s, u"Frame2.png"_s, u"frame1.png"_s, u"banner.png"_s, u"frame02b.png"_s};
        const QCollator order = naturalOrderCollator();
        std::sort(names.begin(), names.end(), order);
        QCOMPARE(names, (QStringList{u"banner.png"_s, u"frame1.png"_s, u"Frame2.png"_s, u"frame02b.png"_s,
                                     u"frame10.png"_s}));
    }
};

QTEST_MAIN(TestAssetTreeModel)
#include "tst_assettreemodel.moc"
