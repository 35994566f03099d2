#include "session/shipper.h"

#include <packer/cartridge.h>
#include <packer/fanoutsink.h>
#include <packer/packer.h>
#include <packer/packereventsink.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QPromise>
#include <QSet>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class ShipperText
{
    Q_DECLARE_TR_FUNCTIONS(Shipper)
};

// Turns the packer's build events into build-stage lines. It reports what
// the packer said (its summaries and diagnostics) and invents nothing.
class BuildEventTranslator final : public PackerEventSink
{
public:
    explicit BuildEventTranslator(ShipperOutput *output) : m_output(output) {}

    void publish(const PackerEvent &event) override
    {
        ShipperMessage message;
        message.stage = LogSource::Build;
        message.text = event.summary;
        switch (event.kind) {
        case EventKind::BuildStarted:
        case EventKind::BuildFinished:
            message.severity = event.payload.value(u"outcome"_s).toString() == u"failed"_s ? LogSeverity::Error
                                                                                            : LogSeverity::Info;
            break;
        case EventKind::CacheMiss:
        case EventKind::CacheHit:
            message.severity = LogSeverity::Debug;
            break;
        case EventKind::DiagnosticsUpdated:
            for (const QJsonValue &value : event.payload.value(u"diagnostics"_s).toArray()) {
                const QJsonObject d = value.toObject();
                ShipperMessage diagnostic;
                diagnostic.stage = LogSource::Build;
                diagnostic.severity = d.value(u"severity"_s).toString() == u"error"_s ? LogSeverity::Error
                    : d.value(u"severity"_s).toString() == u"warning"_s               ? LogSeverity::Warning
                                                                                      : LogSeverity::Info;
                diagnostic.text = d.value(u"message"_s).toString() + u" ["_s + d.value(u"code"_s).toString() + u']';
                diagnostic.asset = d.value(u"asset"_s).toString();
                diagnostic.line = d.value(u"line"_s).toInt();
                m_output->message(diagnostic);
            }
            return;
        default:
            return; // progress and lifecycle: the session shows state instead
        }
        m_output->message(message);
    }

private:
    ShipperOutput *m_output;
};

bool looksLikeAssetReference(const QString &text)
{
    static const QStringList suffixes{u".png"_s, u".jpg"_s, u".jpeg"_s, u".bmp"_s, u".gif"_s, u".wav"_s,
                                      u".ogg"_s, u".flac"_s, u".json"_s, u".tmx"_s, u".lua"_s, u".txt"_s};
    if (text.contains(u' ') || text.size() > 255)
        return false;
    for (const QString &suffix : suffixes) {
        if (text.endsWith(suffix, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

void collectReferences(const QJsonValue &value, QStringList *out)
{
    if (value.isString() && looksLikeAssetReference(value.toString())) {
        out->append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectReferences(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectReferences(it.value(), out);
    }
}

} // namespace

Shipper::Shipper(Project project, QThreadPool *pool)
    : m_project(std::move(project))
    , m_pool(pool)
{
}

QFuture<ShipperResult> Shipper::prepare(ShipperOutput *output, const QString &cartridgePath)
{
    const QString finalPath = cartridgePath.isEmpty() ? BuildOperation::defaultCartridgePath(m_project) : cartridgePath;
    return QtConcurrent::run(m_pool, [project = m_project, pool = m_pool, events = m_events, output, finalPath](QPromise<ShipperResult> &promise) {
        ShipperResult result;
        auto say = [&](LogSource stage, LogSeverity severity, const QString &text, const QString &asset = {}) {
            output->message(ShipperMessage{stage, severity, text, asset, 0});
        };
        auto finish = [&](ShipperResult::Outcome outcome, const QString &reason = {}) {
            result.outcome = promise.isCanceled() ? ShipperResult::Outcome::Cancelled : outcome;
            result.reason = result.outcome == ShipperResult::Outcome::Cancelled
                ? ShipperText::tr("Preparation was stopped.")
                : reason;
            output->finished(result);
            promise.addResult(result);
        };

        // Build into a staging file next to the final one: the cartridge the
        // runtime would load is replaced only after validation passed.
        const QString staging = finalPath + u".staging"_s;
        BuildEventTranslator translator(output);
        FanOutSink sinks;
        sinks.addSink(&translator);
        if (events)
            sinks.addSink(events);
        Packer packer(project, &sinks, pool);
        QFuture<BuildReport> build = packer.build(staging);
        // QFuture has no timed wait, and a Stop must reach the running build,
        // so poll. The pool slot is released meanwhile: the build needs it.
        pool->releaseThread();
        while (!build.isFinished()) {
            if (promise.isCanceled())
                build.cancel();
            QThread::msleep(20);
        }
        pool->reserveThread();
        if (promise.isCanceled() || build.isCanceled())
            return finish(ShipperResult::Outcome::Cancelled);
        if (build.resultCount() == 0 || build.result().failed > 0) {
            return finish(ShipperResult::Outcome::Failed,
                          ShipperText::tr("The build failed; see the build lines above."));
        }

        // Pack validation.
        CartridgeReader reader;
        if (!reader.open(staging)) {
            say(LogSource::PackValidation, LogSeverity::Error, reader.errorString());
            return finish(ShipperResult::Outcome::Failed, reader.errorString());
        }
        // Each entry is read (decompressed and hash-checked) once; JSON data
        // is kept for the reference check below.
        QSet<QString> names;
        QList<std::pair<QString, QByteArray>> dataEntries;
        int problems = 0;
        for (const CartridgeEntry &entry : reader.entries()) {
            names.insert(entry.name);
            const std::optional<QByteArray> content = reader.read(entry);
            if (!content) {
                say(LogSource::PackValidation, LogSeverity::Error, reader.errorString(), entry.name);
                ++problems;
            } else if (entry.kind == AssetKind::Data) {
                dataEntries.append({entry.name, *content});
            }
        }
        const qint64 limit = project.manifest().cartridge.maxBytes;
        if (reader.fileSize() > limit) {
            say(LogSource::PackValidation, LogSeverity::Error,
                ShipperText::tr("The cartridge is %1; the project allows %2.")
                    .arg(QLocale::system().formattedDataSize(reader.fileSize()), QLocale::system().formattedDataSize(limit)));
            ++problems;
        }
        for (const auto &[name, json] : std::as_const(dataEntries)) {
            if (promise.isCanceled())
                break;
            const QJsonDocument document = QJsonDocument::fromJson(json);
            QStringList references;
            collectReferences(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()),
                              &references);
            for (const QString &reference : std::as_const(references)) {
                if (!names.contains(reference)) {
                    say(LogSource::PackValidation, LogSeverity::Error,
                        ShipperText::tr("%1 refers to %2, which is not in the cartridge.").arg(name, reference), name);
                    ++problems;
                }
            }
        }
        if (problems > 0) {
            QFile::remove(staging);
            return finish(ShipperResult::Outcome::Failed,
                          ShipperText::tr("Pack validation found %n problem(s).", nullptr, problems));
        }
        say(LogSource::PackValidation, LogSeverity::Info,
            ShipperText::tr("Cartridge verified: %n entries, every reference present, within the size limit.",
                            nullptr, int(reader.entries().size())));
        if (promise.isCanceled()) {
            QFile::remove(staging);
            return finish(ShipperResult::Outcome::Cancelled);
        }

        // Pack: rename is atomic; the old cartridge stays until this instant.
        if (std::rename(QFile::encodeName(staging).constData(), QFile::encodeName(finalPath).constData()) != 0) {
            const QString reason = ShipperText::tr("Cannot put the cartridge in place at %1.").arg(finalPath);
            say(LogSource::Pack, LogSeverity::Error, reason);
            return finish(ShipperResult::Outcome::Failed, reason);
        }
        result.cartridgePath = finalPath;
        say(LogSource::Pack, LogSeverity::Info,
            ShipperText::tr("Packed %1 (%2).").arg(QDir(project.rootPath()).relativeFilePath(finalPath),
                                                  QLocale::system().formattedDataSize(reader.fileSize())));
        finish(ShipperResult::Outcome::Ready);
    });
}

} // namespace Prometeu
