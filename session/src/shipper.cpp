#include "session/shipper.h"

#include <packer/assetdependencies.h>

#include <packer/cartridge.h>
#include <packer/eventpayloads.h>
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
#include <QFutureWatcher>
#include <QMutex>
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

    // After this, events are dropped: the preparation is over and its
    // output may be gone (a build cancelled before it ran still reports
    // its end, later, from the pool).
    void detach()
    {
        QMutexLocker locker(&m_mutex);
        m_output = nullptr;
    }

    void publish(const PackerEvent &event) override
    {
        QMutexLocker locker(&m_mutex);
        if (!m_output)
            return;
        ShipperMessage message;
        message.stage = LogSource::Build;
        message.text = event.summary;
        switch (event.kind) {
        case EventKind::BuildStarted:
            message.severity = LogSeverity::Info;
            break;
        case EventKind::BuildFinished: {
            const BuildStats stats = BuildStats::fromJson(event.payload);
            message.severity = stats.succeeded ? LogSeverity::Info : LogSeverity::Error;
            if (stats.remote) { // the team cache's own line, and its warnings
                for (const Diagnostic &warning : stats.remote->warnings)
                    m_output->message(lineOf(warning));
                ShipperMessage line;
                line.stage = LogSource::Build;
                line.severity = LogSeverity::Debug;
                line.text = stats.remote->summary();
                m_output->message(line);
            }
            break;
        }
        case EventKind::CacheHit:
            // A live reload's build reuses nearly everything: a line per
            // asset would bury the one that changed (its summary counts them).
            if (event.operation == OperationKind::HotReload)
                return;
            message.severity = LogSeverity::Debug;
            break;
        case EventKind::CacheMiss:
            message.severity = LogSeverity::Debug;
            break;
        case EventKind::DiagnosticsUpdated: {
            const DiagnosticsUpdate update = DiagnosticsUpdate::fromJson(event.payload);
            // A live reload says what its change caused; the warnings of
            // everything it left alone were said by the build that started Play.
            if (update.replayed && event.operation == OperationKind::HotReload)
                return;
            for (const Diagnostic &d : update.diagnostics)
                m_output->message(lineOf(d));
            return;
        }
        default:
            return; // progress and lifecycle: the session shows state instead
        }
        m_output->message(message);
    }

private:
    static ShipperMessage lineOf(const Diagnostic &diagnostic)
    {
        const LogEntry entry = LogEntry::fromDiagnostic(diagnostic, LogSource::Build);
        return {entry.source, entry.severity, entry.message, entry.asset(), entry.line()};
    }

    QMutex m_mutex;
    ShipperOutput *m_output;
};

} // namespace

// What earlier validations of this project's cartridges found, by entry
// content: a live reload reads back and parses only the entries whose
// content it has not validated before (the whole-file checksum, checked on
// open, still covers every byte).
struct Shipper::ValidationMemo {
    QMutex mutex;
    QSet<QByteArray> verified;                  // content hashes that read back intact
    QHash<QByteArray, QStringList> references;  // data entries: the asset paths they name
};

// One preparation's shared state: the build's event translator must live
// as long as the build, the promise until the last stage has answered.
struct Shipper::Preparation {
    Preparation(ShipperOutput *output, QString finalPath)
        : output(output), translator(std::make_shared<BuildEventTranslator>(output)), finalPath(std::move(finalPath)),
          staging(this->finalPath + u".staging"_s)
    {
    }

    void say(LogSource stage, LogSeverity severity, const QString &text, const QString &asset = {})
    {
        output->message(ShipperMessage{stage, severity, text, asset, 0});
    }
    void finish(ShipperResult::Outcome outcome, const QString &reason = {}, const QString &cartridgePath = {},
                QHash<QString, QByteArray> contents = {})
    {
        ShipperResult result;
        result.outcome = promise.isCanceled() ? ShipperResult::Outcome::Cancelled : outcome;
        result.reason = result.outcome == ShipperResult::Outcome::Cancelled ? ShipperText::tr("Preparation was stopped.")
                                                                            : reason;
        if (result.outcome == ShipperResult::Outcome::Ready) {
            result.cartridgePath = cartridgePath;
            result.contents = std::move(contents);
        }
        translator->detach();
        output->finished(result);
        promise.addResult(result);
        promise.finish();
    }
    // Pack validation, then pack; on a pool thread.
    void validateAndPack(const Project &project);
    std::shared_ptr<ValidationMemo> memo; // set for live reloads

    ShipperOutput *output;
    std::shared_ptr<BuildEventTranslator> translator; // shared with the build, which may outlive this
    QString finalPath;
    QString staging; // built next to the final file: it replaces it only after validation
    bool staged = true; // false: the cartridge in place was up to date, nothing was written
    QPromise<ShipperResult> promise;
    QFuture<BuildReport> build;
    bool handedOn = false; // the build ended and the next stage (or the outcome) took over
};

Shipper::Shipper(Packer *packer, QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_packer(packer)
    , m_pool(pool)
    , m_memo(std::make_shared<ValidationMemo>())
{
}

Shipper::~Shipper() { abort(); }

void Shipper::abort()
{
    const std::shared_ptr<Preparation> active = std::exchange(m_active, nullptr);
    if (!active)
        return;
    QFuture<ShipperResult> result = active->promise.future();
    result.cancel();
    active->build.cancel();
    active->build.waitForFinished();
    if (!active->handedOn) {
        active->handedOn = true;
        active->finish(ShipperResult::Outcome::Cancelled);
    }
    result.waitForFinished(); // validation, if it had started, stops at its next check
}

QFuture<ShipperResult> Shipper::prepare(ShipperOutput *output, const QString &cartridgePath, OperationKind kind,
                                       const std::optional<AssetChanges> &changes)
{
    auto preparation = std::make_shared<Preparation>(
        output, cartridgePath.isEmpty() ? BuildOperation::defaultCartridgePath(m_packer->project()) : cartridgePath);
    if (kind == OperationKind::HotReload)
        preparation->memo = m_memo;
    preparation->promise.start();
    const QFuture<ShipperResult> result = preparation->promise.future();
    BuildRequest request;
    request.cartridgePath = preparation->finalPath;
    request.stagingPath = preparation->staging;
    request.changes = changes;
    QFuture<BuildReport> build = m_packer->build(request, preparation->translator, kind);
    preparation->build = build;
    m_active = preparation;

    // Stop (cancelling the result) must reach the build that runs.
    auto *stopWatcher = new QFutureWatcher<ShipperResult>(this);
    connect(stopWatcher, &QFutureWatcherBase::canceled, this, [build]() mutable { build.cancel(); });
    connect(stopWatcher, &QFutureWatcherBase::finished, stopWatcher, &QObject::deleteLater);
    stopWatcher->setFuture(result);

    auto *buildWatcher = new QFutureWatcher<BuildReport>(this);
    connect(buildWatcher, &QFutureWatcherBase::finished, this, [this, buildWatcher, preparation] {
        buildWatcher->deleteLater();
        onBuilt(preparation, buildWatcher->future());
    });
    buildWatcher->setFuture(build);
    return result;
}

void Shipper::onBuilt(const std::shared_ptr<Preparation> &preparation, const QFuture<BuildReport> &build)
{
    if (std::exchange(preparation->handedOn, true))
        return; // aborted
    if (m_active == preparation)
        m_active.reset();
    if (preparation->promise.isCanceled() || build.isCanceled())
        return preparation->finish(ShipperResult::Outcome::Cancelled);
    if (build.resultCount() == 0 || build.result().failed > 0)
        return preparation->finish(ShipperResult::Outcome::Failed,
                                   ShipperText::tr("The build failed; see the build lines above."));
    preparation->staged = build.result().cartridgeWritten;
    // Reading back every entry takes as long as the cartridge is large: not
    // here. Its end is the promise's: nothing waits on this future.
    static_cast<void>(QtConcurrent::run(
        m_pool, [preparation, project = m_packer->project()] { preparation->validateAndPack(project); }));
}

void Shipper::Preparation::validateAndPack(const Project &project)
{
    // An up-to-date cartridge is checked where it is and left there.
    const QString checked = staged ? staging : finalPath;
    CartridgeReader reader;
    if (!reader.open(checked)) {
        say(LogSource::PackValidation, LogSeverity::Error, reader.errorString());
        return finish(ShipperResult::Outcome::Failed, reader.errorString());
    }
    // Each entry is read (decompressed and hash-checked) once, and the asset
    // paths named by JSON data collected; with a memo, only what it has not
    // seen before.
    QSet<QString> names;
    QList<std::pair<QString, QStringList>> dataReferences;
    int problems = 0;
    for (const CartridgeEntry &entry : reader.entries()) {
        if (promise.isCanceled())
            break;
        names.insert(entry.name);
        if (memo) {
            QMutexLocker locker(&memo->mutex);
            if (memo->verified.contains(entry.hash)) {
                if (entry.kind == AssetKind::Data)
                    dataReferences.append({entry.name, memo->references.value(entry.hash)});
                continue;
            }
        }
        const std::optional<QByteArray> content = reader.read(entry);
        if (!content) {
            say(LogSource::PackValidation, LogSeverity::Error, reader.errorString(), entry.name);
            ++problems;
            continue;
        }
        QStringList references;
        if (entry.kind == AssetKind::Data) {
            // The doctor's rule (AssetDependencies), by the name as written.
            for (const AssetReference &reference : AssetDependencies::referencesIn(entry.name, AssetKind::Data, *content))
                references.append(reference.path.isEmpty() ? reference.written : reference.path);
            dataReferences.append({entry.name, references});
        }
        if (memo) {
            QMutexLocker locker(&memo->mutex);
            memo->verified.insert(entry.hash);
            if (entry.kind == AssetKind::Data)
                memo->references.insert(entry.hash, references);
        }
    }
    const qint64 limit = project.manifest().cartridge.maxBytes;
    if (reader.fileSize() > limit) {
        say(LogSource::PackValidation, LogSeverity::Error,
            ShipperText::tr("The cartridge is %1; the project allows %2.")
                .arg(QLocale::system().formattedDataSize(reader.fileSize()), QLocale::system().formattedDataSize(limit)));
        ++problems;
    }
    for (const auto &[name, references] : std::as_const(dataReferences)) {
        if (promise.isCanceled())
            break;
        for (const QString &reference : references) {
            if (!names.contains(reference)) {
                say(LogSource::PackValidation, LogSeverity::Error,
                    ShipperText::tr("%1 refers to %2, which is not in the cartridge.").arg(name, reference), name);
                ++problems;
            }
        }
    }
    if (promise.isCanceled()) {
        if (staged)
            QFile::remove(staging);
        return finish(ShipperResult::Outcome::Cancelled);
    }
    if (problems > 0) {
        if (staged)
            QFile::remove(staging);
        return finish(ShipperResult::Outcome::Failed,
                      ShipperText::tr("Pack validation found %n problem(s).", nullptr, problems));
    }
    say(LogSource::PackValidation, LogSeverity::Info,
        ShipperText::tr("Cartridge verified: %n entries, every reference present, within the size limit.", nullptr,
                        int(reader.entries().size())));

    // Pack: rename is atomic; the old cartridge stays until this instant.
    if (staged && std::rename(QFile::encodeName(staging).constData(), QFile::encodeName(finalPath).constData()) != 0) {
        const QString reason = ShipperText::tr("Cannot put the cartridge in place at %1.").arg(finalPath);
        say(LogSource::Pack, LogSeverity::Error, reason);
        return finish(ShipperResult::Outcome::Failed, reason);
    }
    say(LogSource::Pack, LogSeverity::Info,
        (staged ? ShipperText::tr("Packed %1 (%2).") : ShipperText::tr("%1 (%2) was up to date; nothing to pack."))
            .arg(QDir(project.rootPath()).relativeFilePath(finalPath),
                 QLocale::system().formattedDataSize(reader.fileSize())));
    QHash<QString, QByteArray> contents;
    contents.reserve(reader.entries().size());
    for (const CartridgeEntry &entry : reader.entries())
        contents.insert(entry.name, entry.hash);
    finish(ShipperResult::Outcome::Ready, {}, finalPath, std::move(contents));
}

} // namespace Prometeu
