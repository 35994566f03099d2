#pragma once

#include "packer/assetaction.h"
#include "packer/buildoperation.h"
#include "packer/previewoperation.h"
#include "packer/doctoroperation.h"
#include "packer/eventkind.h"
#include "packer/project.h"
#include "packer/scanoperation.h"

#include <QFuture>
#include <memory>

class QThreadPool;

namespace Prometeu {

class CacheStore;
class OperationPublisher;
class PackerEventSink;

// The packer's front door for one project. Every call starts an operation
// on the given thread pool and returns at once with a cancellable future;
// the operation's events go to the sink. Neither the sink nor the pool is
// owned: the application (or the CLI, or a test) wires them in.
class Packer
{
public:
    Packer(Project project, PackerEventSink *sink, QThreadPool *pool);

    const Project &project() const { return m_project; }

    QFuture<ScanReport> scan();
    // Checks the assets of a completed scan.
    QFuture<DoctorReport> doctor(const ScanReport &scan);
    // Builds the cartridge (default: BuildOperation::defaultCartridgePath).
    // `observer`, if any, also gets this build's events; the operation keeps
    // it alive as long as it may publish.
    // `kind` is Build, or HotReload for a build that feeds a running game.
    QFuture<BuildReport> build(const QString &cartridgePath = {}, std::shared_ptr<PackerEventSink> observer = {},
                               OperationKind kind = OperationKind::Build);
    QFuture<BuildReport> build(const BuildRequest &request, std::shared_ptr<PackerEventSink> observer = {},
                               OperationKind kind = OperationKind::Build);
    // Applies one change to the project's assets; action_applied carries
    // its inverse.
    QFuture<ActionResult> apply(const AssetAction &action);
    QFuture<PreviewReport> preview(const QString &asset);

    // The operation_id of the operation the last call above started, so a
    // caller can tie the returned future to the events (e.g. to cancel an
    // operation from its Activity row). Not thread-safe: one caller thread.
    QString lastOperationId() const { return m_lastOperationId; }

    // Where builds keep converted assets; by default the project's local
    // cache (<project>/.prometeu/cache). A shared (remote-backed) store is
    // set here by whoever owns the packer.
    void setCacheStore(std::shared_ptr<CacheStore> store);
    std::shared_ptr<CacheStore> cacheStore() const { return m_cache; }

    // Where builds convert assets: by default in this process, on the pool;
    // the Studio and the CLI give it worker processes (ConverterWorkerPool)
    // so that a converter crashing on a hostile file cannot end them.
    void setConversionRunner(std::shared_ptr<ConversionRunner> runner) { m_runner = std::move(runner); }

    // Assets needed now (a preview, a reload) jump the queue of a running
    // build, and of the next one if none is running.
    void prioritize(const QStringList &assets);

private:
    std::shared_ptr<OperationPublisher> newPublisher(OperationKind kind, std::shared_ptr<PackerEventSink> observer = {});

    Project m_project;
    PackerEventSink *m_sink;
    QThreadPool *m_pool;
    BuildOperation buildOperation(const BuildRequest &request) const;

    std::shared_ptr<CacheStore> m_cache;
    std::shared_ptr<ConversionRunner> m_runner;
    std::shared_ptr<AssetPriority> m_priority;
    QString m_lastOperationId;
};

} // namespace Prometeu
