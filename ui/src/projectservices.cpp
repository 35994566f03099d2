#include "ui/projectservices.h"

#include "ui/activitymodel.h"
#include "ui/assettreemodel.h"
#include "ui/studioeventadapter.h"

#include <core/actionhistory.h>

#include <packer/assetoptions.h>

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

ProjectCore::Options optionsFor(QString runtimePath)
{
    ProjectCore::Options options;
    // Its sibling in bin/ converts assets in processes of their own.
    options.workerPath = QFileInfo(runtimePath).absolutePath() + u"/prometeu-worker"_s;
    options.runtimePath = std::move(runtimePath);
    options.logBuildDiagnostics = true; // the log is where the user reads what a build said
    return options;
}

} // namespace

ProjectServices::ProjectServices(Project project, QThreadPool *pool, QString runtimePath, QObject *parent)
    : QObject(parent)
    , m_core(std::make_unique<ProjectCore>(project, pool, optionsFor(std::move(runtimePath))))
    , m_actions(std::make_unique<ActionHistory>(m_core.get()))
    , m_adapter(new StudioEventAdapter(this))
    , m_activity(new ActivityModel(this))
    , m_assets(new AssetTreeModel(this))
{
    // The history opens off this thread: earlier operations come when it has.
    connect(m_core.get(), &ProjectCore::historyOpened, m_activity,
            [this] { m_activity->addEarlier(m_core->earlierOperations()); });
    m_core->addEventSink(m_adapter);
    connect(m_adapter, &StudioEventAdapter::eventsPublished, this, &ProjectServices::onEvents);
    connect(m_core.get(), &ProjectCore::operationTracked, m_activity,
            [this](const QString &id) { m_activity->setCancellable(id, true); });
    connect(m_core.get(), &ProjectCore::scanStarted, this, &ProjectServices::reloadExcluded);
    connect(m_core.get(), &ProjectCore::actionApplied, this, &ProjectServices::reloadExcluded);
    connect(m_core.get(), &ProjectCore::scanFinished, this, &ProjectServices::scanFinished);
    connect(m_core.get(), &ProjectCore::doctorFinished, this, &ProjectServices::doctorFinished);
    connect(m_core.get(), &ProjectCore::buildFinished, this, &ProjectServices::buildFinished);
    connect(m_core.get(), &ProjectCore::previewReady, this, &ProjectServices::previewReady);
    connect(m_core.get(), &ProjectCore::previewFailed, this, &ProjectServices::previewFailed);
    connect(m_core.get(), &ProjectCore::statusMessage, this, &ProjectServices::statusMessage);
    reloadExcluded();
    m_core->setWatching(true);
}

ProjectServices::~ProjectServices()
{
    // The core ends every operation first; only then may the adapter go.
    m_actions.reset();
    m_core.reset();
}

QUndoStack *ProjectServices::undoStack() const
{
    return m_actions->stack();
}

void ProjectServices::applyAction(const AssetAction &action, const QString &undoText)
{
    m_actions->apply(action, undoText);
}

bool ProjectServices::setServing(bool serving, QString *error, quint16 port)
{
    ProjectCore::ServeOptions options;
    options.port = port;
    return m_core->setServing(serving, error, options);
}

void ProjectServices::onEvents(const QList<PackerEvent> &events)
{
    m_activity->apply(events);
    m_assets->apply(events);
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

} // namespace Prometeu
