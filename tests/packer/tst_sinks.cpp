#include "testsupport.h"

#include <packer/eventbuffer.h>
#include <packer/fanoutsink.h>
#include <packer/jsonlinessink.h>
#include <packer/operationpublisher.h>

#include <QBuffer>
#include <QJsonDocument>
#include <QThread>

using namespace Prometeu;
using namespace Qt::StringLiterals;

namespace {

// A device whose writes wait until the test opens the gate: a stalled pipe.
class GatedDevice final : public QIODevice
{
public:
    QSemaphore gate;
    QByteArray written;
    QMutex mutex;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        gate.acquire();
        gate.release();
        QMutexLocker locker(&mutex);
        written.append(data, size);
        return size;
    }
};

PackerEvent eventNumber(int n)
{
    PackerEvent event;
    event.projectId = u"p"_s;
    event.operationId = u"op"_s;
    event.sequence = quint64(n);
    event.kind = EventKind::ProgressUpdated;
    event.timestamp = QDateTime::currentDateTimeUtc();
    event.summary = u"event %1"_s.arg(n);
    return event;
}

} // namespace

class TestSinks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fanOutDeliversToEverySinkUntilRemoved()
    {
        FanOutSink fanOut;
        EventBuffer a;
        EventBuffer b;
        fanOut.addSink(&a);
        fanOut.addSink(&b);
        fanOut.addSink(&b); // idempotent
        fanOut.addSink(&fanOut); // never itself
        QCOMPARE(fanOut.sinkCount(), 2);
        fanOut.publish(eventNumber(1));
        fanOut.removeSink(&a);
        fanOut.publish(eventNumber(2));
        QCOMPARE(a.takeAll().size(), 1);
        QCOMPARE(b.takeAll().size(), 2);
    }

    void jsonLinesWritesOneParsableEnvelopePerLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"events.jsonl"_s);
        auto file = std::make_unique<QFile>(path);
        QVERIFY(file->open(QIODevice::WriteOnly));
        {
            JsonLinesSink sink(std::move(file));
            OperationPublisher publisher(&sink, u"p"_s, OperationKind::Scan);
            publisher.start(u"go"_s);
            QList<QThread *> workers;
            for (int t = 0; t < 4; ++t) {
                workers.append(QThread::create([&] {
                    for (int i = 0; i < 2500; ++i)
                        publisher.publish(EventKind::AssetDiscovered, u"found \"quoted\"\nname"_s);
                }));
                workers.last()->start();
            }
            for (QThread *worker : workers) {
                worker->wait();
                delete worker;
            }
            publisher.finish(OperationOutcome::Succeeded, u"done"_s);
            QVERIFY(sink.flush());
            // flush() guarantees the bytes are in the file now, before destruction.
            const QList<QByteArray> lines = TestSupport::readFile(path).split('\n');
            QCOMPARE(lines.size(), 10002 + 1); // trailing newline leaves one empty part
            QVERIFY(lines.last().isEmpty());
            for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
                const auto event = PackerEvent::fromJson(QJsonDocument::fromJson(lines.at(i)).object());
                QVERIFY2(event.has_value(), lines.at(i).constData());
                QCOMPARE(event->sequence, quint64(i + 1));
            }
        }
    }

    void jsonLinesNeverBlocksThePublisher()
    {
        auto device = std::make_unique<GatedDevice>();
        GatedDevice *gated = device.get();
        QVERIFY(gated->open(QIODevice::WriteOnly));
        JsonLinesSink sink(std::move(device));
        // The consumer is stalled (gate closed). Publishing must still return:
        // if it blocked, this loop would never finish and the test would time out.
        for (int i = 1; i <= 5000; ++i)
            sink.publish(eventNumber(i));
        {
            QMutexLocker locker(&gated->mutex);
            QVERIFY(gated->written.isEmpty());
        }
        gated->gate.release();
        QVERIFY(sink.flush());
        QMutexLocker locker(&gated->mutex);
        QCOMPARE(gated->written.count('\n'), 5000);
    }

    void jsonLinesReportsWriteFailure()
    {
        auto device = std::make_unique<QBuffer>();
        // Opened read-only: every write fails.
        QVERIFY(device->open(QIODevice::ReadOnly));
        JsonLinesSink sink(std::move(device));
        QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): ReadOnly device");
        sink.publish(eventNumber(1));
        QVERIFY(!sink.flush());
    }

    void eventBufferWaitsForAMatchingEvent()
    {
        EventBuffer buffer;
        QThread *producer = QThread::create([&] {
            for (int i = 1; i <= 100; ++i)
                buffer.publish(eventNumber(i));
        });
        producer->start();
        QVERIFY(buffer.waitFor([](const PackerEvent &e) { return e.sequence == 100; }));
        producer->wait();
        delete producer;
        QVERIFY(!buffer.waitFor([](const PackerEvent &e) { return e.sequence == 101; }, 50));
    }
};

QTEST_GUILESS_MAIN(TestSinks)
#include "tst_sinks.moc"
