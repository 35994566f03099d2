#include "ui/projectservices.h"

#include <hub/eventhistory.h>
#include <hub/eventhub.h>
#include <hub/historyrecorder.h>
#include <hub/sessionforwarder.h>
#include <server/serveractions.h>
#include <server/streamserverthread.h>

#include "ui/activitymodel.h"
#include "ui/assettreemodel.h"
#include "ui/studioeventadapter.h"

#include <packer/assetoptions.h>
#include <packer/fanoutsink.h>
#include <session/executionsession.h>
#include <session/playcontroller.h>

#include <QDir>
#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QTimer>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace Prometeu {

// An applied asset action on the undo stack. Its first redo() is the
// application that already happened; undo() applies the inverse the packer
// reported, redo() the action again, each as a packer operation.
class AssetActionCommand final : public QUndoCommand
{
public:
    AssetActionCommand(ProjectServices *services, AssetAction action, AssetAction inverse, const QString &text)
        : QUndoCommand(text), m_services(services), m_action(std::move(action)), m_inverse(std::move(inverse)) {}

    void undo() override { m_services->runAction(m_inverse, {}); }
    void redo() override
    {
        if (m_applied)
            m_services->runAction(m_action, {});
        m_applied = true;
    }

private:
    ProjectServices *m_services;
    AssetAction m_action;
    AssetAction m_inverse;
    bool m_applied = false;
};

// What the stream server's clients may do: the same as the toolbar.
class ProjectServices::Actions : public ServerActions
{
public:
    explicit Actions(ProjectServices *services) : m_services(services) {}
    QString startOperation(const QString &operation, QString *error) override
    {
        if (operation == u"build"_s) {
            m_services->build();
            return m_services->m_packer.lastOperationId();
        }
        if (operation == u"scan"_s || operation == u"doctor"_s) {
            if (m_services->m_scanning) {
                if (error)
                    *error = tr("A scan is already running.");
                return {};
            }
            m_services->rescan(); // scan, then doctor
            return m_services->m_packer.lastOperationId();
        }
        if (error)
            *error = tr("Unknown operation %1.").arg(operation);
        return {};
    }
    bool play(QString *refusal) override { return m_services->play(refusal); }
    bool stop(QString *) override
    {
        m_services->stop();
        return true;
    }

private:
    static QString tr(const char *text) { return ProjectServices::tr(text); }
    ProjectServices *m_services;
};

ProjectServices::ProjectServices(Project project, QThreadPool *pool, QString runtimePath, QObject *parent)
    : QObject(parent)
    , m_recorder(std::make_unique<HistoryRecorder>())
    , m_adapter(new StudioEventAdapter(this))
    , m_sinks(std::make_unique<FanOutSink>())
    , m_packer(project, m_sinks.get(), pool)
    , m_activity(new ActivityModel(this))
    , m_assets(new AssetTreeModel(this))
    , m_undo(new QUndoStack(this))
    , m_session(std::make_unique<ExecutionSession>())
    , m_play(std::make_unique<PlayController>(project, m_session.get(), pool, std::move(runtimePath)))
    , m_rescanTimer(new QTimer(this))
    , m_pool(pool)
{
    openHistory();
    m_sinks->addSink(m_adapter);
    m_sinks->addSink(m_hub.get());
    m_play->setPackerEventSink(m_sinks.get());
    m_forwarder = std::make_unique<SessionForwarder>(m_session.get(), m_hub.get());
    m_actions = std::make_unique<Actions>(this);
    connect(m_adapter, &StudioEventAdapter::eventsPublished, this, &ProjectServices::onEvents);
    m_rescanTimer->setSingleShot(true);
    m_rescanTimer->setInterval(rescanDelayMs);
    connect(m_rescanTimer, &QTimer::timeout, this, &ProjectServices::rescan);
    m_session->appendLog(LogSource::Studio, LogSeverity::Info,
                         tr("Opened %1 (%2).").arg(project.manifest().name, QDir::toNativeSeparators(project.rootPath())));
    reloadExcluded();
    setWatching(true);
}

ProjectServices::~ProjectServices()
{
    // Nothing may publish into the adapter once it is gone: end the run and
    // every operation first.
    m_play.reset();
    for (QFuture<void> &future : m_running)
        future.cancel();
    for (QFuture<void> &future : m_running)
        future.waitForFinished();
    m_server.reset();
    m_sinks->removeSink(m_adapter);
    m_sinks->removeSink(m_hub.get());
    m_forwarder.reset();
}

void ProjectServices::openHistory()
{
    // History is best effort: a damaged or unwritable database is reported
    // and the Studio goes on without it.
    const QString path = EventHistory::defaultPath(project().rootPath());
    quint64 storedSeq = 0;
    QString error;
    const bool recording = m_recorder->open(path, EventHistory::Limits(), &storedSeq, &error);
    m_hub = std::make_unique<EventHub>(project().manifest().id, storedSeq + 1);
    if (!recording) {
        m_session->appendLog(LogSource::Studio, LogSeverity::Warning,
                             tr("The event history cannot be kept: %1").arg(error));
        return;
    }
    m_recorder->attach(m_hub.get());
    connect(m_recorder.get(), &HistoryRecorder::recordFailed, this, [this](const QString &reason) {
        m_session->appendLog(LogSource::Studio, LogSeverity::Error,
                             tr("The event history cannot be written (%1). Events are kept and retried every second.")
                                 .arg(reason));
    });
    connect(m_recorder.get(), &HistoryRecorder::recordResumed, this, [this](quint64 lost) {
        m_session->appendLog(LogSource::Studio, lost > 0 ? LogSeverity::Warning : LogSeverity::Info,
                             lost > 0 ? tr("The event history is written again; %n event(s) could not be kept.", nullptr, int(lost))
                                      : tr("The event history is written again; nothing was lost."));
    });
    EventHistory earlier;
    if (earlier.open(path, false))
        m_activity->addEarlier(earlier.streams(u"operation"_s, 20));
    if (m_recorder->interruptedOnOpen() > 0)
        m_session->appendLog(LogSource::Studio, LogSeverity::Warning,
                             tr("%n operation(s) of an earlier session never finished; marked interrupted.", nullptr,
                                m_recorder->interruptedOnOpen()));
}

bool ProjectServices::setServing(bool serving, QString *error, quint16 port)
{
    if (!serving) {
        m_server.reset();
        return true;
    }
    if (m_server)
        return true;
    StreamServer::Options options;
    options.port = port;
    auto server = std::make_unique<StreamServerThread>(m_hub.get(), m_actions.get(), options);
    if (!server->start(EventHistory::defaultPath(project().rootPath()), error))
        return false;
    m_server = std::move(server);
    m_session->appendLog(LogSource::Studio, LogSeverity::Info,
                         tr("Serving events at %1 (token %2).").arg(m_server->url().toString(), QString::fromUtf8(m_server->token())));
    return true;
}

void ProjectServices::addEventSink(PackerEventSink *sink) { m_sinks->addSink(sink); }

template<typename Result, typename Done>
void ProjectServices::track(QFuture<Result> future, Done done)
{
    const QString id = m_packer.lastOperationId();
    m_running.insert(id, QFuture<void>(future));
    m_ownOperations.insert(id);
    m_activity->setCancellable(id, true);
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id, done] {
        m_running.remove(id);
        const QFuture<Result> finished = watcher->future();
        watcher->deleteLater();
        done(finished);
    });
    watcher->setFuture(future);
}

void ProjectServices::rescan()
{
    if (m_scanning) {
        m_rescanPending = true;
        return;
    }
    m_scanning = true;
    reloadExcluded();
    track(m_packer.scan(), [this](const QFuture<ScanReport> &scan) {
        m_scanning = false;
        const bool ok = scan.resultCount() > 0;
        Q_EMIT scanFinished(ok);
        if (ok) {
            updateWatchedPaths();
            track(m_packer.doctor(scan.result()), [this](const QFuture<DoctorReport> &doctor) {
                Q_EMIT doctorFinished(doctor.resultCount() > 0);
            });
        }
        if (m_rescanPending) {
            m_rescanPending = false;
            rescan();
        }
    });
}

void ProjectServices::build()
{
    track(m_packer.build(), [this](const QFuture<BuildReport> &build) {
        Q_EMIT buildFinished(build.resultCount() > 0 && build.result().failed == 0);
    });
}

bool ProjectServices::play(QString *refusal) { return m_play->play(refusal); }

void ProjectServices::stop() { m_play->stop(); }

void ProjectServices::requestPreview(const QString &asset)
{
    track(m_packer.preview(asset), [this, asset](const QFuture<PreviewReport> &preview) {
        if (preview.resultCount() > 0 && preview.result().error.isEmpty())
            Q_EMIT previewReady(asset, preview.result().path);
        else
            Q_EMIT previewFailed(asset, preview.resultCount() > 0 ? preview.result().error
                                                                  : tr("The preview could not be made."));
    });
}

void ProjectServices::runAction(const AssetAction &action, std::function<void(const ActionResult &)> applied)
{
    track(m_packer.apply(action), [this, applied](const QFuture<ActionResult> &future) {
        if (future.resultCount() == 0)
            return; // action_failed told Activity and the log why
        const ActionResult result = future.result();
        if (result.applied && applied)
            applied(result);
        if (result.applied) {
            reloadExcluded();
            // A rename moved a file: the watcher will also see it, but the
            // tree should not wait for it.
            m_rescanTimer->start();
        }
    });
}

void ProjectServices::applyAction(const AssetAction &action, const QString &undoText)
{
    runAction(action, [this, action, undoText](const ActionResult &result) {
        if (result.inverse)
            m_undo->push(new AssetActionCommand(this, action, *result.inverse, undoText));
    });
}

bool ProjectServices::cancel(const QString &operationId)
{
    auto it = m_running.find(operationId);
    if (it == m_running.end())
        return false;
    it->cancel();
    return true;
}

void ProjectServices::onEvents(const QList<PackerEvent> &events)
{
    m_activity->apply(events);
    m_assets->apply(events);
    for (const PackerEvent &event : events) {
        // Operations the Studio started itself get their outcome in the
        // merged log, in the packer's words. (Play's build is told by the
        // shipper's build lines.)
        if (event.kind == EventKind::OperationFinished && m_ownOperations.remove(event.operationId)) {
            const auto outcome = event.outcome();
            const LogSeverity severity = outcome == OperationOutcome::Failed ? LogSeverity::Error
                : event.operation == OperationKind::Preview                  ? LogSeverity::Debug
                                                                             : LogSeverity::Info;
            m_session->appendLog(LogSource::Studio, severity,
                                 u"%1: %2"_s.arg(ActivityModel::operationLabel(event.operation), event.summary));
        } else if (event.kind == EventKind::ActionFailed) {
            m_session->appendLog(LogSource::Studio, LogSeverity::Error, event.summary,
                                 event.affectedAssets.value(0));
            Q_EMIT statusMessage(event.summary);
        } else if (event.kind == EventKind::ActionApplied) {
            Q_EMIT statusMessage(event.summary);
        }
    }
}

void ProjectServices::reloadExcluded()
{
    QString error;
    const auto options = AssetOptionsFile::load(project().rootPath(), &error);
    if (!options)
        return; // doctor reports a damaged options file with its position
    QSet<QString> excluded;
    for (auto it = options->all().cbegin(); it != options->all().cend(); ++it) {
        if (it.value().excluded)
            excluded.insert(it.key());
    }
    m_assets->setExcluded(excluded);
}

void ProjectServices::setWatching(bool watching)
{
    m_watching = watching;
    if (!watching) {
        delete m_watcher;
        m_watcher = nullptr;
        return;
    }
    if (m_watcher)
        return;
    m_watcher = new QFileSystemWatcher(this);
    // Saves arrive as bursts of changes: wait for quiet, then rescan once.
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_rescanTimer, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_rescanTimer, qOverload<>(&QTimer::start));
    updateWatchedPaths();
}

void ProjectServices::updateWatchedPaths()
{
    if (!m_watcher)
        return;
    // Folders catch additions, removals and renames (and editors that save
    // by replacing the file); files catch in-place edits, up to a budget of
    // inotify watches.
    constexpr qsizetype fileWatchBudget = 512; // each costs a stat and an inotify watch on the GUI thread
    QSet<QString> wanted{project().assetsPath(), project().manifestPath(),
                         project().rootPath() + u'/' + QLatin1StringView(AssetOptionsFile::fileName)};
    const QDir assets(project().assetsPath());
    for (const QString &folder : m_assets->folderPaths())
        wanted.insert(assets.filePath(folder));
    QStringList files = m_assets->assetPaths();
    std::sort(files.begin(), files.end()); // the same files stay watched from scan to scan
    for (qsizetype i = 0; i < qMin(files.size(), fileWatchBudget); ++i)
        wanted.insert(assets.filePath(files[i]));
    const QStringList current = m_watcher->files() + m_watcher->directories();
    QStringList stale;
    for (const QString &path : current) {
        if (!wanted.remove(path))
            stale.append(path);
    }
    if (!stale.isEmpty())
        m_watcher->removePaths(stale);
    if (!wanted.isEmpty())
        m_watcher->addPaths(wanted.values()); // returns (and skips) what does not exist
}

} // namespace Prometeu
