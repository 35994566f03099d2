#pragma once

#include "packer/diagnostic.h"
#include "packer/project.h"

#include <memory>

class QThreadPool;

namespace Prometeu {

class CacheStore;
class OperationScope;

struct BuildReport {
    QString cartridgePath;
    qint64 bytes = 0;
    int built = 0;    // converted this time (cache misses that succeeded)
    int cached = 0;   // cache hits
    int failed = 0;
    int excluded = 0;
    bool cartridgeWritten = false;
    qint64 durationMs = 0;
    QList<Diagnostic> diagnostics;
};

// Converts every included asset on the thread pool, through the content-
// addressed cache, and writes the cartridge atomically.
//
// Events: build_started, exactly one cache_hit or cache_miss per included
// asset, progress_updated, diagnostics_updated for assets that failed or
// warned, build_finished. A build with nothing changed reads no source file
// and does not rewrite the cartridge.
class BuildOperation
{
public:
    // Where `prometeu build` writes by default: <project>/build/<id>.pcart.
    static QString defaultCartridgePath(const Project &project);

    // `cache`: where converted assets are looked up and stored (the
    // packer's CacheStore; never null).
    BuildOperation(Project project, QThreadPool *pool, std::shared_ptr<CacheStore> cache, QString cartridgePath = {});
    BuildReport run(OperationScope &scope);

private:
    Project m_project;
    QThreadPool *m_pool;
    std::shared_ptr<CacheStore> m_cache;
    QString m_cartridgePath;
};

} // namespace Prometeu
