#include "testsupport.h"

#include <packer/eventpayloads.h>
#include <packer/packerevent.h>
#include <packer/scanoperation.h>

#include <QTimeZone>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Prometeu;
using namespace Qt::StringLiterals;

class TestPackerEvent : public QObject
{
    Q_OBJECT

private:
    static PackerEvent sample()
    {
        PackerEvent event;
        event.projectId = u"demo"_s;
        event.operationId = u"build-1"_s;
        event.operation = OperationKind::Build;
        event.sequence = 42;
        event.kind = EventKind::CacheMiss;
        event.timestamp = QDateTime(QDate(2026, 11, 23), QTime(19, 57, 1, 250), QTimeZone::utc());
        event.summary = u"Converted sprites/hero.png."_s;
        event.progress = EventProgress{3, 10};
        event.affectedAssets = {u"sprites/hero.png"_s};
        event.payload = QJsonObject{{u"bytes"_s, 1234}};
        return event;
    }

private Q_SLOTS:
    void fieldNamesAreExactlyTheContract()
    {
        const QJsonObject json = sample().toJson();
        QStringList keys = json.keys();
        keys.sort();
        QCOMPARE(keys, QStringList({u"affected_assets"_s, u"kind"_s, u"operation"_s, u"operation_id"_s,
                                    u"payload"_s, u"progress"_s, u"project_id"_s, u"sequence"_s,
                                    u"summary"_s, u"timestamp"_s}));
        QCOMPARE(json.value(u"kind"_s).toString(), u"cache_miss"_s);
        QCOMPARE(json.value(u"operation"_s).toString(), u"build"_s);
        QCOMPARE(json.value(u"sequence"_s).toInteger(), 42);
        QCOMPARE(json.value(u"progress"_s).toObject(),
                 QJsonObject({{u"done"_s, 3}, {u"total"_s, 10}}));
        QCOMPARE(json.value(u"affected_assets"_s).toArray(), QJsonArray{u"sprites/hero.png"_s});
    }

    void timestampIsIsoUtcWithMilliseconds()
    {
        PackerEvent event = sample();
        QCOMPARE(event.toJson().value(u"timestamp"_s).toString(), u"2026-11-23T19:57:01.250Z"_s);
        // A local time is converted, not relabelled.
        event.timestamp = QDateTime(QDate(2026, 1, 1), QTime(12, 0), QTimeZone(3600));
        QCOMPARE(event.toJson().value(u"timestamp"_s).toString(), u"2026-01-01T11:00:00.000Z"_s);
        static const QRegularExpression iso(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s);
        event.timestamp = QDateTime::currentDateTimeUtc();
        QVERIFY(iso.match(event.toJson().value(u"timestamp"_s).toString()).hasMatch());
    }

    void progressIsNullWhenAbsent()
    {
        PackerEvent event = sample();
        event.progress.reset();
        QVERIFY(event.toJson().value(u"progress"_s).isNull());
        QVERIFY(event.toJson().contains(u"progress"_s));
    }

    void roundTripsThroughJson_data()
    {
        QTest::addColumn<int>("kind");
        for (int k = int(EventKind::OperationStarted); k <= int(EventKind::ProgressUpdated); ++k)
            QTest::newRow(qPrintable(wireName(EventKind(k)))) << k;
    }

    void roundTripsThroughJson()
    {
        QFETCH(int, kind);
        PackerEvent event = sample();
        event.kind = EventKind(kind);
        const QByteArray line = event.toJsonLine();
        QVERIFY(!line.contains('\n'));
        const auto parsed = PackerEvent::fromJson(QJsonDocument::fromJson(line).object());
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, event);
        QCOMPARE(eventKindFromString(wireName(event.kind)), event.kind);
    }

    void thirteenKindsWithSnakeCaseNames()
    {
        QStringList names;
        for (int k = int(EventKind::OperationStarted); k <= int(EventKind::ProgressUpdated); ++k)
            names.append(wireName(EventKind(k)));
        QCOMPARE(names.size(), 13);
        for (const QString &seedKind : {u"asset_discovered"_s, u"asset_changed"_s, u"diagnostics_updated"_s,
                                        u"build_started"_s, u"build_finished"_s, u"cache_hit"_s,
                                        u"cache_miss"_s, u"preview_ready"_s, u"action_applied"_s,
                                        u"action_failed"_s, u"progress_updated"_s,
                                        u"operation_started"_s, u"operation_finished"_s}) {
            QVERIFY2(names.contains(seedKind), qPrintable(seedKind));
        }
    }

    void rejectsMalformedEnvelopes_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expectedError");
        QTest::newRow("unknown kind") << u"kind"_s << QJsonValue(u"exploded"_s) << u"unknown event kind"_s;
        QTest::newRow("unknown operation") << u"operation"_s << QJsonValue(u"bake"_s) << u"unknown operation"_s;
        QTest::newRow("zero sequence") << u"sequence"_s << QJsonValue(0) << u"sequence"_s;
        QTest::newRow("fractional sequence") << u"sequence"_s << QJsonValue(1.5) << u"sequence"_s;
        QTest::newRow("bad timestamp") << u"timestamp"_s << QJsonValue(u"yesterday"_s) << u"timestamp"_s;
        QTest::newRow("progress string") << u"progress"_s << QJsonValue(u"50%"_s) << u"progress"_s;
        QTest::newRow("assets not array") << u"affected_assets"_s << QJsonValue(u"a.png"_s) << u"affected_assets"_s;
        QTest::newRow("payload array") << u"payload"_s << QJsonValue(QJsonArray{}) << u"payload"_s;
        QTest::newRow("missing summary") << u"summary"_s << QJsonValue(QJsonValue::Undefined) << u"summary"_s;
    }

    void rejectsMalformedEnvelopes()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expectedError);
        QJsonObject json = sample().toJson();
        if (value.isUndefined())
            json.remove(field);
        else
            json.insert(field, value);
        QString error;
        QVERIFY(!PackerEvent::fromJson(json, &error).has_value());
        QVERIFY2(error.contains(expectedError), qPrintable(error));
    }

    void outcomeReadsOperationFinishedPayload()
    {
        PackerEvent event = sample();
        QVERIFY(!event.outcome().has_value());
        event.kind = EventKind::OperationFinished;
        event.payload = {{u"outcome"_s, u"cancelled"_s}};
        QCOMPARE(event.outcome(), OperationOutcome::Cancelled);
    }

    // The payloads the Studio reads are values: what goes on the wire comes
    // back the same.
    void typedPayloadsRoundTrip()
    {
        Diagnostic d;
        d.severity = Severity::Warning;
        d.code = u"image.large"_s;
        d.message = u"Too large."_s;
        d.asset = u"a.png"_s;
        d.file = u"assets/a.png"_s;
        d.line = 3;
        const DiagnosticsUpdate update{u"a.png"_s, {d}, false};
        const DiagnosticsUpdate back = DiagnosticsUpdate::fromJson(update.toJson());
        QCOMPARE(back.asset, update.asset);
        QCOMPARE(back.diagnostics, update.diagnostics);
        QCOMPARE(update.toJson().value(u"counts"_s).toObject().value(u"warnings"_s).toInt(), 1);

        CacheOutcome miss;
        miss.path = u"s/b.wav"_s;
        miss.kind = AssetKind::Audio;
        miss.key = u"00ff"_s;
        miss.result = CacheOutcome::Result::Failed;
        miss.corruptEntry = u"the header is damaged"_s;
        const CacheOutcome missBack = CacheOutcome::fromJson(miss.toJson());
        QCOMPARE(missBack.path, miss.path);
        QCOMPARE(missBack.kind, miss.kind);
        QCOMPARE(missBack.key, miss.key);
        QVERIFY(missBack.result == CacheOutcome::Result::Failed);
        QCOMPARE(missBack.corruptEntry, miss.corruptEntry);
        QVERIFY(!missBack.bytes);
        QVERIFY(!CacheOutcome::fromJson(CacheOutcome{}.toJson()).bytes);

        BuildStats stats;
        stats.succeeded = true;
        stats.built = 3;
        stats.cached = 4;
        stats.excluded = 1;
        stats.cartridge = u"/p/build/x.pcart"_s;
        stats.bytes = 1234;
        stats.written = true;
        stats.durationMs = 56;
        const BuildStats statsBack = BuildStats::fromJson(stats.toJson());
        QCOMPARE(statsBack.built, 3);
        QCOMPARE(statsBack.cached, 4);
        QCOMPARE(statsBack.excluded, 1);
        QCOMPARE(statsBack.cartridge, stats.cartridge);
        QCOMPARE(statsBack.bytes, 1234);
        QVERIFY(statsBack.succeeded && statsBack.written);
        QCOMPARE(stats.toJson().value(u"outcome"_s).toString(), u"succeeded"_s);

        AssetRecord record;
        record.path = u"x/y.tmx"_s;
        record.kind = AssetKind::TileMap;
        record.size = 77;
        record.hash = u"abcd"_s;
        record.problem = EntryProblem::LinkLoop;
        const AssetRecord recordBack = AssetRecord::fromJson(record.toJson());
        QCOMPARE(recordBack.path, record.path);
        QCOMPARE(recordBack.kind, record.kind);
        QCOMPARE(recordBack.size, record.size);
        QCOMPARE(recordBack.hash, record.hash);
        QVERIFY(recordBack.problem == record.problem);

        const AssetChange renamed{AssetChange::Type::Renamed, u"b.png"_s, u"a.png"_s};
        QCOMPARE(AssetChange::fromJson(renamed.toJson()), renamed);
    }

    // A no-op build says the warnings of hundreds of unchanged files again:
    // the same warning is one group naming its assets, and every asset gets
    // its own diagnostics back, file and line included.
    void replayedWarningsTravelGroupedAndComeBackWhole()
    {
        const auto warning = [](const QString &asset, const QString &code, int line = 0) {
            Diagnostic d;
            d.severity = Severity::Warning;
            d.code = code;
            d.message = u"Said about %1."_s.arg(code);
            d.asset = asset;
            d.file = u"assets/"_s + asset;
            d.line = line;
            return d;
        };
        DiagnosticsUpdate update;
        update.replayed = true;
        for (int i = 0; i < 300; ++i)
            update.diagnostics.append(warning(u"data/level%1.lvl"_s.arg(i), u"asset.stored_raw"_s));
        update.diagnostics.append(warning(u"maps/a.tmx"_s, u"tilemap.odd"_s, 7));
        update.diagnostics.append(warning(u"maps/b.tmx"_s, u"tilemap.odd"_s, 9)); // another line: its own group
        Diagnostic elsewhere = warning(u"x.png"_s, u"image.odd"_s);
        elsewhere.file = u"other/place.png"_s; // not under its asset's path: listed whole
        update.diagnostics.append(elsewhere);

        const QJsonObject payload = update.toJson();
        const QJsonArray groups = payload.value(u"groups"_s).toArray();
        QCOMPARE(groups.size(), 3);
        QCOMPARE(groups.at(0).toObject().value(u"assets"_s).toArray().size(), 300);
        QCOMPARE(groups.at(0).toObject().value(u"folder"_s).toString(), u"assets/"_s);
        QCOMPARE(payload.value(u"diagnostics"_s).toArray().size(), 1);
        QCOMPARE(payload.value(u"counts"_s).toObject().value(u"warnings"_s).toInt(), 303);
        QVERIFY(QJsonDocument(payload).toJson(QJsonDocument::Compact).size() < 12 * 1024); // 300 objects were ~45 KiB

        const DiagnosticsUpdate back = DiagnosticsUpdate::fromJson(payload);
        QVERIFY(back.replayed);
        QCOMPARE(back.diagnostics.size(), update.diagnostics.size());
        for (const Diagnostic &d : update.diagnostics)
            QVERIFY2(back.diagnostics.contains(d), qPrintable(d.toCompilerStyle()));
    }
};

QTEST_GUILESS_MAIN(TestPackerEvent)
#include "tst_packerevent.moc"
