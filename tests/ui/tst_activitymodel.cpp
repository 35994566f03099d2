#include "testsupport.h"

#include <packer/operationpublisher.h>
#include <ui/activitymodel.h>

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestActivityModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsAnOperationFromStartToFinish()
    {
        ActivityModel model;
        QAbstractItemModelTester tester(&model);
        EventBuffer sink;
        OperationPublisher publisher(&sink, u"demo"_s, OperationKind::Build);
        publisher.start(u"Building the cartridge of Demo."_s);
        publisher.publish(EventKind::ProgressUpdated, u"Converting 1 of 4."_s, {}, {}, EventProgress{1, 4});
        model.apply(sink.takeAll());
        const QString id = publisher.operationId();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.state(id), ActivityModel::State::Running);
        QCOMPARE(model.indexOf(id, ActivityModel::OperationColumn).data().toString(), u"Build"_s);
        QCOMPARE(model.indexOf(id, ActivityModel::ProgressColumn).data().toString(), u"25%"_s);
        QCOMPARE(model.indexOf(id, ActivityModel::SummaryColumn).data().toString(), u"Converting 1 of 4."_s);
        QCOMPARE(model.summary().running, 1);
        QCOMPARE(model.summary().done, 1);
        QCOMPARE(model.summary().total, 4);
        // Children are the operation's events, in order.
        QCOMPARE(model.rowCount(model.indexOf(id)), 2);

        publisher.publish(EventKind::CacheHit, u"Up to date: a.png."_s, {}, {u"a.png"_s});
        publisher.finish(OperationOutcome::Succeeded, u"Built 4 assets."_s);
        model.apply(sink.takeAll());
        QCOMPARE(model.state(id), ActivityModel::State::Succeeded);
        QCOMPARE(model.indexOf(id, ActivityModel::SummaryColumn).data().toString(), u"Built 4 assets."_s);
        QCOMPARE(model.rowCount(model.indexOf(id)), 4);
        QCOMPARE(model.summary().running, 0);
        QVERIFY(model.index(3, ActivityModel::OperationColumn, model.indexOf(id)).data().toString().contains(u"operation_finished"_s));
    }

    void failuresStayUntilDismissed()
    {
        ActivityModel model;
        QAbstractItemModelTester tester(&model);
        EventBuffer sink;
        OperationPublisher failing(&sink, u"demo"_s, OperationKind::Doctor);
        failing.start(u"Checking."_s);
        failing.finish(OperationOutcome::Failed, u"The project file is damaged."_s);
        model.apply(sink.takeAll());
        // Many successful operations later, the failure is still there.
        for (int i = 0; i < ActivityModel::keepFinished + 20; ++i) {
            OperationPublisher ok(&sink, u"demo"_s, OperationKind::Preview);
            ok.start(u"Preview."_s);
            ok.finish(OperationOutcome::Succeeded, u"Done."_s);
            model.apply(sink.takeAll());
        }
        QCOMPARE(model.state(failing.operationId()), ActivityModel::State::Failed);
        QVERIFY(model.indexOf(failing.operationId()).isValid());
        QCOMPARE(model.rowCount(), ActivityModel::keepFinished + 1);
        QCOMPARE(model.summary().failed, 1);
        model.dismiss(failing.operationId());
        QVERIFY(!model.indexOf(failing.operationId()).isValid());
        QCOMPARE(model.summary().failed, 0);
    }

    void cancellableOnlyWhileRunning()
    {
        ActivityModel model;
        EventBuffer sink;
        OperationPublisher publisher(&sink, u"demo"_s, OperationKind::Scan);
        // The starter may say "cancellable" before the events arrive.
        publisher.start(u"Scanning."_s);
        model.setCancellable(publisher.operationId(), true);
        model.apply(sink.takeAll());
        const QModelIndex action = model.indexOf(publisher.operationId(), ActivityModel::ActionColumn);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(action.data(ActivityModel::CancellableRole).toBool());
        QCOMPARE(action.data().toString(), u"Cancel"_s);
        QCOMPARE(model.indexOf(publisher.operationId()).data().toString(), u"Scan"_s);
        publisher.finish(OperationOutcome::Cancelled, u"Cancelled."_s);
        model.apply(sink.takeAll());
        QVERIFY(!action.data(ActivityModel::CancellableRole).toBool());
        QCOMPARE(model.state(publisher.operationId()), ActivityModel::State::Cancelled);
        QCOMPARE(action.data().toString(), u"Dismiss"_s);
    }
};

QTEST_MAIN(TestActivityModel)
#include "tst_activitymodel.moc"
