#include "packer/packer.h"

#include "packer/assetpriority.h"

#include "packer/localcachestore.h"
#include "packer/operationrunner.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace Prometeu {

Packer::Packer(Project project, PackerEventSink *sink, QThreadPool *pool)
    : m_project(std::move(project))
    , m_sink(sink)
    , m_pool(pool)
    , m_cache(std::make_shared<LocalCacheStore>(m_project.statePath(u"cache"_s)))
    , m_priority(std::make_shared<AssetPriority>())
{
}

void Packer::setCacheStore(std::shared_ptr<CacheStore> store)
{
    m_cache = store ? std::move(store) : std::make_shared<LocalCacheStore>(m_project.statePath(u"cache"_s));
}

std::shared_ptr<OperationPublisher> Packer::newPublisher(OperationKind kind, std::shared_ptr<PackerEventSink> observer)
{
    auto publisher = std::make_shared<OperationPublisher>(m_sink, m_project.id(), kind, QString(), std::move(observer));
    m_lastOperationId = publisher->operationId();
    return publisher;
}

QFuture<ScanReport> Packer::scan()
{
    const QString folder = QDir(m_project.rootPath()).relativeFilePath(m_project.assetsPath());
    return runOperation<ScanReport>(
        m_pool, newPublisher(OperationKind::Scan),
        QCoreApplication::translate("Packer", "Scanning %1 of %2.").arg(folder, m_project.manifest().name),
        QJsonObject{{u"assets_folder"_s, folder}},
        [operation = ScanOperation(m_project, m_pool)](OperationScope &scope) mutable {
            return operation.run(scope);
        });
}

QFuture<DoctorReport> Packer::doctor(const ScanReport &scan)
{
    return runOperation<DoctorReport>(
        m_pool, newPublisher(OperationKind::Doctor),
        QCoreApplication::translate("Packer", "Checking %n asset(s).", nullptr, int(scan.assets.size())),
        QJsonObject{{u"assets"_s, scan.assets.size()}},
        [operation = DoctorOperation(m_project, scan.assets, m_pool)](OperationScope &scope) mutable {
            return operation.run(scope);
        });
}

QFuture<BuildReport> Packer::build(const QString &cartridgePath, std::shared_ptr<PackerEventSink> observer,
                                  OperationKind kind)
{
    BuildRequest request;
    request.cartridgePath = cartridgePath;
    return build(request, std::move(observer), kind);
}

QFuture<BuildReport> Packer::build(const BuildRequest &request, std::shared_ptr<PackerEventSink> observer,
                                  OperationKind kind)
{
    return runOperation<BuildReport>(
        m_pool, newPublisher(kind, std::move(observer)),
        kind == OperationKind::HotReload
            ? QCoreApplication::translate("Packer", "Rebuilding what changed in %1 for the running game.")
                  .arg(m_project.manifest().name)
            : QCoreApplication::translate("Packer", "Building the cartridge of %1.").arg(m_project.manifest().name),
        QJsonObject{},
        [operation = buildOperation(request)](OperationScope &scope) mutable { return operation.run(scope); });
}

BuildOperation Packer::buildOperation(const BuildRequest &request) const
{
    BuildOperation operation(m_project, m_pool, m_cache, request);
    operation.setConversionRunner(m_runner);
    operation.setPriority(m_priority);
    return operation;
}

void Packer::prioritize(const QStringList &assets)
{
    m_priority->request(assets);
}

QFuture<ActionResult> Packer::apply(const AssetAction &action)
{
    return runOperation<ActionResult>(
        m_pool, newPublisher(OperationKind::Action),
        QCoreApplication::translate("Packer", "Applying %1 to %2.")
            .arg(action.toJson().value(u"action"_s).toString(), action.asset),
        action.toJson(),
        [operation = ActionOperation(m_project, action)](OperationScope &scope) mutable {
            return operation.run(scope);
        });
}

QFuture<PreviewReport> Packer::preview(const QString &asset)
{
    return runOperation<PreviewReport>(
        m_pool, newPublisher(OperationKind::Preview),
        QCoreApplication::translate("Packer", "Making a preview of %1.").arg(asset),
        QJsonObject{{u"asset"_s, asset}},
        [operation = PreviewOperation(m_project, asset)](OperationScope &scope) mutable {
            return operation.run(scope);
        });
}

} // namespace Prometeu
