#include "core/projectcore.h"

#include "core/projectwatcher.h"

#include <hub/eventhub.h>
#include <hub/historyrecorder.h>
#include <hub/sessionforwarder.h>
#include <packer/converterworkerpool.h>
#include <packer/fanoutsink.h>
#include <packer/localcachestore.h>
#include <remotecache/remotecachestore.h>
#include <hub/serveractions.h>
#include <hub/eventserver.h>
#include <session/executionsession.h>
#include <session/playcontroller.h>

#include <QCoreApplication>
#include <QDir>
#include <QFutureWatcher>
#include <QMutex>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace Prometeu {

QString ProjectCore::operationLabel(OperationKind kind)
{
    // The catalogue's context for these words since #5.
    switch (kind) {
    case OperationKind::Scan: return QCoreApplication::translate("ActivityModel", "Scan");
    case OperationKind::Doctor: return QCoreApplication::translate("ActivityModel", "Doctor");
    case OperationKind::Build: return QCoreApplication::translate("ActivityModel", "Build");
    case OperationKind::HotReload: return QCoreApplication::translate("ActivityModel", "Live reload");
    case OperationKind::Action: return QCoreApplication::translate("ActivityModel", "Action");
    case OperationKind::Preview: return QCoreApplication::translate("ActivityModel", "Preview");
    }
    return {};
}

// Keeps the packer's own words for how each operation ended (the summary of
// operation_finished), for the core to log when the operation's future
// finishes, and reports failed and applied actions as they happen. Called
// on the packer's threads: quick, under its own lock.
class ProjectCore::OutcomeLog final : public PackerEventSink
{
public:
    explicit OutcomeLog(ProjectCore *core) : m_core(core) {}

    void publish(const PackerEvent &event) override
    {
        if (event.kind == EventKind::OperationFinished) {
            QMutexLocker locker(&m_mutex);
            m_finished.insert(event.operationId, event);
        } else if (event.kind == EventKind::ActionFailed || event.kind == EventKind::ActionApplied) {
            if (event.kind == EventKind::ActionFailed)
                m_core->m_session->appendLog(LogSource::Studio, LogSeverity::Error, event.summary,
                                             event.affectedAssets.value(0));
            QMetaObject::invokeMethod(m_core, [core = m_core, text = event.summary] { Q_EMIT core->statusMessage(text); },
                                      Qt::QueuedConnection);
        }
    }

    // The operation_finished of `operationId`, once.
    std::optional<PackerEvent> take(const QString &operationId)
    {
        QMutexLocker locker(&m_mutex);
        auto it = m_finished.find(operationId);
        if (it == m_finished.end())
            return std::nullopt;
        PackerEvent event = *it;
        m_finished.erase(it);
        return event;
    }

private:
    ProjectCore *m_core;
    QMutex m_mutex;
    QHash<QString, PackerEvent> m_finished;
};

// What the stream server's clients may do: exactly what the core offers.
class ProjectCore::ServedActions final : public ServerActions
{
public:
    explicit ServedActions(ProjectCore *core) : m_core(core) {}
    QString startOperation(const QString &operation, QString *error) override
    {
        return m_core->startOperation(operation, error);
    }
    bool play(QString *refusal) override { return m_core->play(refusal); }
    bool stop(QString *) override
    {
        m_core->stop();
        return true;
    }

private:
    ProjectCore *m_core;
};

ProjectCore::ProjectCore(Project project, QThreadPool *pool, Options options, QObject *parent)
    : QObject(parent)
    , m_recorder(std::make_unique<HistoryRecorder>(options.servicePriority))
    , m_sinks(std::make_unique<FanOutSink>())
    , m_outcomes(std::make_unique<OutcomeLog>(this))
    , m_packer(project, m_sinks.get(), pool)
    , m_session(std::make_unique<ExecutionSession>())
    , m_play(std::make_unique<PlayController>(&m_packer, m_session.get(), pool, options.runtimePath))
    , m_watcher(std::make_unique<ProjectWatcher>(project))
    , m_serverActions(std::make_unique<ServedActions>(this))
    , m_pool(pool)
{
    openHistory(options);
    m_noRemoteCache = options.noRemoteCache;
    m_logBuildDiagnostics = options.logBuildDiagnostics;
    m_remoteCacheUrl = options.remoteCacheUrl;
    m_play->setHeadlessRuntime(options.headlessRuntime);
    m_play->liveReload()->setEnabled(options.liveReload);
    connect(m_watcher.get(), &ProjectWatcher::changed, this, &ProjectCore::onDiskChanged);
    // States may change on the shipper's worker: react here.
    connect(m_session.get(), &ExecutionSession::stateChanged, this, &ProjectCore::updateWatcher, Qt::QueuedConnection);
    m_sinks->addSink(m_hub.get());
    m_sinks->addSink(m_outcomes.get());
    m_forwarder = std::make_unique<SessionForwarder>(m_session.get(), m_hub.get());
    m_session->appendLog(LogSource::Studio, LogSeverity::Info,
                         tr("Opened %1 (%2).").arg(project.manifest().name, QDir::toNativeSeparators(project.rootPath())));
    reloadRemoteCache();
    if (!options.workerPath.isEmpty() && !options.inProcessConverters
        && qEnvironmentVariableIntValue("PROMETEU_IN_PROCESS_CONVERTERS") != 1) {
        ConverterWorkerPool::Options workers;
        workers.workerPath = options.workerPath;
        workers.workers = pool->maxThreadCount();
        workers.memoryMiB = project.manifest().converters.memoryMiB;
        m_packer.setConversionRunner(std::make_shared<ConverterWorkerPool>(workers));
    }
}

ProjectCore::~ProjectCore()
{
    // Whoever listens is being taken down with this (a project closed
    // while its history was still opening emitted historyOpened() from
    // here into services whose core pointer was already null).
    blockSignals(true);
    // Nothing may publish into a sink that is gone: end the run and every
    // operation first, then put the last frames in the history.
    m_server.reset();
    m_play.reset();
    for (QFuture<void> &future : m_running)
        future.cancel();
    for (QFuture<void> &future : m_running)
        future.waitForFinished();
    for (QFuture<void> &reader : m_readers)
        reader.waitForFinished();
    m_forwarder->flush();
    m_forwarder.reset();
    flushHistory();
    m_sinks->removeSink(m_hub.get());
    m_sinks->removeSink(m_outcomes.get());
}

void ProjectCore::openHistory(const Options &options)
{
    // History is best effort: a damaged or unwritable database is reported
    // and the project goes on without it. It opens on the recorder's thread
    // while the project starts; the hub stamps nothing until it knows where
    // the history's numbering ends.
    if (!options.recordHistory) {
        m_hub = std::make_unique<EventHub>(project().manifest().id, 1, options.recentFrames, options.servicePriority);
        m_historyApplied = true;
        return;
    }
    m_historyPath = EventHistory::defaultPath(project().rootPath());
    std::promise<quint64> numbering;
    m_hub = std::make_unique<EventHub>(project().manifest().id, numbering.get_future().share(), options.recentFrames,
                                       options.servicePriority);
    connect(m_recorder.get(), &HistoryRecorder::opened, this, [this] { applyHistoryOpening(); }, Qt::QueuedConnection);
    m_historyOpening = m_recorder->openAsync(m_historyPath, options.historyLimits, m_hub.get(), std::move(numbering),
                                              options.earlierOperations);
}

void ProjectCore::applyHistoryOpening()
{
    if (std::exchange(m_historyApplied, true))
        return;
    const HistoryRecorder::Opening opening = m_historyOpening.get();
    m_recording = opening.ok;
    m_historyProblem = opening.error;
    if (!m_recording) {
        m_historyPath.clear();
        m_session->appendLog(LogSource::Studio, LogSeverity::Warning,
                             tr("The event history cannot be kept: %1").arg(m_historyProblem));
        Q_EMIT historyOpened();
        return;
    }
    m_session->continueRunsAfter(opening.maxRun);
    connect(m_recorder.get(), &HistoryRecorder::recordFailed, this, [this](const QString &reason) {
        const QString sentence =
            tr("The event history cannot be written (%1). Events are kept and retried every second.").arg(reason);
        m_session->appendLog(LogSource::Studio, LogSeverity::Error, sentence);
        Q_EMIT historyTrouble(sentence);
    });
    connect(m_recorder.get(), &HistoryRecorder::recordResumed, this, [this](quint64 lost) {
        const QString sentence = lost > 0
            ? tr("The event history is written again; %n event(s) could not be kept.", nullptr, int(lost))
            : tr("The event history is written again; nothing was lost.");
        m_session->appendLog(LogSource::Studio, lost > 0 ? LogSeverity::Warning : LogSeverity::Info, sentence);
        Q_EMIT historyTrouble(sentence);
    });
    if (!opening.loss.isEmpty())
        m_session->appendLog(LogSource::Studio, LogSeverity::Warning, opening.loss);
    if (opening.interrupted > 0)
        m_session->appendLog(LogSource::Studio, LogSeverity::Warning,
                             tr("%n operation(s) of an earlier session never finished; marked interrupted.", nullptr,
                                opening.interrupted));
    Q_EMIT historyOpened();
}

QString ProjectCore::historyProblem()
{
    applyHistoryOpening();
    return m_historyProblem;
}

QString ProjectCore::historyLoss()
{
    applyHistoryOpening();
    return m_recording ? m_historyOpening.get().loss : QString();
}

int ProjectCore::interruptedOnOpen()
{
    applyHistoryOpening();
    return m_recording ? m_historyOpening.get().interrupted : 0;
}

QJsonArray ProjectCore::earlierOperations()
{
    applyHistoryOpening();
    return m_recording ? m_historyOpening.get().earlierOperations : QJsonArray();
}


ServerActions *ProjectCore::serverActions() const { return m_serverActions.get(); }

void ProjectCore::addEventSink(PackerEventSink *sink) { m_sinks->addSink(sink); }

void ProjectCore::removeEventSink(PackerEventSink *sink) { m_sinks->removeSink(sink); }

void ProjectCore::reloadRemoteCache()
{
    applyRemoteCache(RemoteCacheSources::gather(project().manifest().remoteCache, m_noRemoteCache, m_remoteCacheUrl));
}

void ProjectCore::applyRemoteCache(const RemoteCacheSources &sources)
{
    m_remoteCacheProblem.clear();
    m_remoteCache = sources.resolve(&m_remoteCacheProblem);
    auto local = std::make_shared<LocalCacheStore>(project().statePath(u"cache"_s));
    if (!m_remoteCache) {
        m_packer.setCacheStore(local);
        if (!m_remoteCacheProblem.isEmpty())
            m_session->appendLog(LogSource::Studio, LogSeverity::Warning, m_remoteCacheProblem);
        return;
    }
    m_packer.setCacheStore(std::make_shared<RemoteCacheStore>(local, *m_remoteCache));
    m_session->appendLog(LogSource::Studio, LogSeverity::Info,
                         tr("Builds share results through the team cache at %1 (%2%3; from %4).")
                             .arg(m_remoteCache->displayUrl(),
                                  m_remoteCache->read ? tr("read") : tr("no read"),
                                  m_remoteCache->write ? tr(", write") : tr(", no write"),
                                  m_remoteCache->origin));
}

void ProjectCore::flushHistory()
{
    applyHistoryOpening();
    m_hub->settle();
    if (m_recording)
        m_recorder->flush();
}

template<typename Result, typename Done>
QFuture<Result> ProjectCore::track(QFuture<Result> future, Done done)
{
    const QString id = m_packer.lastOperationId();
    m_running.insert(id, QFuture<void>(future));
    Q_EMIT operationTracked(id);
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id, done] {
        m_running.remove(id);
        const QFuture<Result> finished = watcher->future();
        watcher->deleteLater();
        // The outcome in the merged log, in the packer's words.
        if (const auto event = m_outcomes->take(id)) {
            const auto outcome = event->outcome();
            const LogSeverity severity = outcome == OperationOutcome::Failed ? LogSeverity::Error
                : event->operation == OperationKind::Preview                  ? LogSeverity::Debug
                                                                              : LogSeverity::Info;
            m_session->appendLog(LogSource::Studio, severity,
                                 u"%1: %2"_s.arg(operationLabel(event->operation), event->summary));
        }
        done(finished);
    });
    watcher->setFuture(future);
    return future;
}

QString ProjectCore::startOperation(const QString &operation, QString *error)
{
    if (operation == u"build"_s) {
        build();
        return m_packer.lastOperationId();
    }
    if (operation == u"scan"_s || operation == u"doctor"_s) {
        if (m_scanning) {
            if (error)
                *error = tr("A scan is already running.");
            return {};
        }
        rescan(); // scan, then doctor on what it found
        return m_packer.lastOperationId();
    }
    if (error)
        *error = tr("Unknown operation %1.").arg(operation);
    return {};
}

QFuture<ScanReport> ProjectCore::rescan()
{
    if (m_scanning) {
        m_rescanPending = true;
        return {};
    }
    m_doctorAfterScan = true;
    return scan();
}

QFuture<ScanReport> ProjectCore::scan()
{
    if (m_scanning)
        return {};
    m_scanning = true;
    Q_EMIT scanStarted();
    return track(m_packer.scan(), [this](const QFuture<ScanReport> &scan) {
        m_scanning = false;
        const bool ok = scan.resultCount() > 0;
        Q_EMIT scanFinished(ok);
        if (ok) {
            QStringList paths;
            paths.reserve(scan.result().assets.size());
            for (const AssetRecord &record : scan.result().assets)
                paths.append(record.path);
            m_watcher->setKnownAssets(paths);
            // Said once, not on every rescan of a project that cannot keep its index.
            const QString warning = scan.result().indexWarning;
            if (!warning.isEmpty() && warning != std::exchange(m_lastIndexWarning, warning))
                m_session->appendLog(LogSource::Studio, LogSeverity::Warning, warning);
        }
        if (std::exchange(m_doctorAfterScan, false) && ok)
            doctor(scan.result());
        if (std::exchange(m_rescanPending, false))
            rescan();
    });
}

QFuture<DoctorReport> ProjectCore::doctor(const ScanReport &scan)
{
    return track(m_packer.doctor(scan), [this](const QFuture<DoctorReport> &doctor) {
        if (doctor.resultCount() > 0) {
            m_graph = doctor.result().graph;
            Q_EMIT assetGraphChanged();
        }
        Q_EMIT doctorFinished(doctor.resultCount() > 0);
    });
}

QFuture<BuildReport> ProjectCore::build(const QString &cartridgePath, const std::optional<AssetChanges> &changes)
{
    BuildRequest request;
    request.cartridgePath = cartridgePath;
    request.changes = changes;
    return build(request);
}

QFuture<QJsonArray> ProjectCore::assetBuilds(const QString &asset, int limit)
{
    applyHistoryOpening();
    m_readers.removeIf([](const QFuture<void> &reader) { return reader.isFinished(); });
    if (!m_recording)
        return QtFuture::makeReadyFuture(QJsonArray());
    QFuture<QJsonArray> reader =
        QtConcurrent::run(m_pool, [hub = m_hub.get(), recorder = m_recorder.get(), path = m_historyPath, asset, limit] {
            hub->settle();
            recorder->flush();
            EventHistory history;
            if (!history.open(path, false))
                return QJsonArray();
            return history.assetBuilds(asset, limit);
        });
    m_readers.append(QFuture<void>(reader));
    return reader;
}

QFuture<BuildReport> ProjectCore::build(const BuildRequest &request)
{
    return track(m_packer.build(request), [this](const QFuture<BuildReport> &build) {
        if (m_logBuildDiagnostics && build.resultCount() > 0)
            logDiagnostics(build.result().diagnostics);
        Q_EMIT buildFinished(build.resultCount() > 0 && build.result().failed == 0);
    });
}

void ProjectCore::logDiagnostics(const QList<Diagnostic> &diagnostics)
{
    QList<LogEntry> entries;
    entries.reserve(diagnostics.size());
    for (const Diagnostic &diagnostic : diagnostics)
        entries.append(LogEntry::fromDiagnostic(diagnostic, LogSource::Build));
    m_session->appendLog(std::move(entries));
}

bool ProjectCore::play(QString *refusal)
{
    applyHistoryOpening(); // runs are numbered after the history's
    return m_play->play(refusal);
}

void ProjectCore::stop() { m_play->stop(); }

void ProjectCore::prioritize(const QStringList &assets)
{
    QStringList wanted = assets;
    for (const QString &asset : assets)
        wanted += m_graph.usesTransitively(asset);
    m_packer.prioritize(wanted);
}

QFuture<PreviewReport> ProjectCore::requestPreview(const QString &asset)
{
    prioritize({asset});
    return track(m_packer.preview(asset), [this, asset](const QFuture<PreviewReport> &preview) {
        if (preview.resultCount() > 0 && preview.result().error.isEmpty())
            Q_EMIT previewReady(asset, preview.result().path);
        else
            Q_EMIT previewFailed(asset, preview.resultCount() > 0 ? preview.result().error
                                                                  : tr("The preview could not be made."));
    });
}

void ProjectCore::followOperation(const QFuture<void> &operation)
{
    track(operation, [](const QFuture<void> &) {});
}

void ProjectCore::noteActionApplied()
{
    Q_EMIT actionApplied();
    // A rename moved a file: the watcher may see it too, but the tree
    // should not wait for it.
    rescan();
}

void ProjectCore::noteActionRefused(const QString &sentence)
{
    m_session->appendLog(LogSource::Studio, LogSeverity::Error, sentence);
    Q_EMIT statusMessage(sentence);
}

bool ProjectCore::cancel(const QString &operationId)
{
    auto it = m_running.find(operationId);
    if (it == m_running.end())
        return false;
    it->cancel();
    return true;
}

void ProjectCore::setWatching(bool watching)
{
    // A host that wants another reaction (the CLI's build --watch) enables
    // watcher() itself and connects to it.
    m_watching = watching;
    m_watcher->setEnabled(m_watching || m_liveWatching);
}

void ProjectCore::setLiveReload(bool on)
{
    m_play->liveReload()->setEnabled(on);
    updateWatcher();
}

bool ProjectCore::liveReload() const { return m_play->liveReload()->isEnabled(); }

void ProjectCore::updateWatcher()
{
    const bool live = liveReload() && m_session->state() == SessionState::Running;
    if (live == m_liveWatching)
        return;
    m_liveWatching = live;
    // A save should reach the running game at once; rescans alone can wait
    // for a burst to settle.
    m_watcher->setQuietInterval(live ? ProjectWatcher::liveQuietMs : ProjectWatcher::quietMs);
    m_watcher->setEnabled(m_watching || live);
    if (live && !m_watcher->hasKnownAssets() && !m_scanning)
        scan(); // in-place edits are seen on watched files: learn which (`play --watch`)
}

void ProjectCore::onDiskChanged()
{
    const AssetChanges changes = m_watcher->takeChanges();
    if (m_watching)
        rescan();
    if (m_liveWatching) {
        m_watcher->refresh();
        // What the running game is about to reload goes ahead of a build
        // that is converting something else.
        prioritize(changes.files.values());
        m_play->liveReload()->request(changes);
    }
    Q_EMIT assetsChanged(changes);
}

bool ProjectCore::setServing(bool serving, QString *error, const ServeOptions &options)
{
    if (!serving) {
        m_server.reset();
        return true;
    }
    if (m_server)
        return true;
    auto server = EventServer::create(m_hub.get(), m_serverActions.get(), options);
    applyHistoryOpening();
    if (!server->start(m_historyPath, error))
        return false;
    m_server = std::move(server);
    m_session->appendLog(LogSource::Studio, LogSeverity::Info,
                         tr("Serving events at %1 (token %2).").arg(m_server->url().toString(), QString::fromUtf8(m_server->token())));
    return true;
}

} // namespace Prometeu
