#pragma once

#include "packer/diagnostic.h"
#include "packer/eventpayloads.h"
#include "packer/project.h"

#include <QSet>

#include <memory>
#include <optional>
#include <utility>

class QThreadPool;

namespace Prometeu {

class CacheStore;
class AssetPriority;
class ConversionRunner;
class OperationScope;

struct BuildReport {
    QString cartridgePath;
    qint64 bytes = 0;
    int built = 0;    // converted this time (cache misses that succeeded)
    int cached = 0;   // not converted: cache hits, and the unchanged ones below
    int unchanged = 0; // of `cached`: already in the cartridge with this exact key
    int failed = 0;
    int excluded = 0;
    bool cartridgeWritten = false;
    qint64 durationMs = 0;
    QList<Diagnostic> diagnostics; // per asset, and the shared cache's warnings (no asset)
    std::optional<RemoteCacheStats> remote; // when the build used a shared cache
};

// What changed under the assets folder since the previous build, as a
// file watcher saw it (paths relative to the assets folder, '/'-separated):
// files whose content may differ, and folders whose listing may differ
// (something was added, removed, renamed or saved by replacement there).
struct AssetChanges {
    QSet<QString> files;
    QSet<QString> folders; // "" is the assets folder itself
    bool isEmpty() const { return files.isEmpty() && folders.isEmpty(); }
    void unite(const AssetChanges &other)
    {
        files.unite(other.files);
        folders.unite(other.folders);
    }
};

// What changed since the last build started, as a watcher reports it, for
// the next build's BuildRequest::changes. Unknown (look at everything)
// until a build has started, and again after a change nobody could name:
// an edit made before the watcher was listening must not be missed.
class ChangesSinceBuild
{
public:
    // `changes`: what was seen; nothing when it is not known what changed.
    void note(const std::optional<AssetChanges> &changes)
    {
        if (!changes)
            m_pending.reset();
        else if (m_pending)
            m_pending->unite(*changes);
    }
    // For the build that starts now; what is noted from now on is known.
    std::optional<AssetChanges> takeForBuild() { return std::exchange(m_pending, AssetChanges{}); }
    void forget() { m_pending.reset(); }

private:
    std::optional<AssetChanges> m_pending;
};

// One build's parameters.
struct BuildRequest {
    QString cartridgePath; // empty: BuildOperation::defaultCartridgePath
    // Write the new cartridge here instead, for a caller that checks it
    // before renaming it to cartridgePath (the build records the cartridge
    // under cartridgePath: a rename keeps the size and time it records).
    // Nothing is written when the cartridge at cartridgePath is up to date.
    QString stagingPath;
    // When known, only these are looked at on disk; every other asset is
    // taken as the previous build recorded it, without walking or stating
    // the tree. Ignored (everything is looked at) unless the previous build
    // state describes the cartridge at cartridgePath exactly.
    std::optional<AssetChanges> changes;
    // Convert these again even when the cache holds them (reason "forced"):
    // every asset, or the ones named (paths in the assets folder).
    bool forceAll = false;
    QSet<QString> force;
};

// Converts every included asset on the thread pool, through the content-
// addressed cache, and writes the cartridge atomically.
//
// Events: build_started; one cache_hit (loaded from a cache) or cache_miss
// (converted, or failed) per included asset the cartridge does not already
// hold with the same key; progress_updated; diagnostics_updated for assets
// that failed or warned; build_finished, which counts the `unchanged` rest.
// Events are proportional to the work, not the project: a build with
// nothing changed reads no source file, computes no key, publishes no
// per-asset event and does not rewrite the cartridge. A build that changes a few assets
// copies the others' stored bytes from the cartridge it replaces (one
// sequential read, each entry verified) instead of loading each from the
// cache.
class BuildOperation
{
public:
    // Where `prometeu build` writes by default: <project>/build/<id>.pcart.
    static QString defaultCartridgePath(const Project &project);

    // `cache`: where converted assets are looked up and stored (the
    // packer's CacheStore; never null).
    BuildOperation(Project project, QThreadPool *pool, std::shared_ptr<CacheStore> cache, BuildRequest request = {});
    // Where conversions run; none (the default): in this process, on the pool.
    void setConversionRunner(std::shared_ptr<ConversionRunner> runner) { m_runner = std::move(runner); }
    // What is needed now goes first (AssetPriority); none: path order.
    void setPriority(std::shared_ptr<AssetPriority> priority) { m_priority = std::move(priority); }
    BuildReport run(OperationScope &scope);

private:
    Project m_project;
    QThreadPool *m_pool;
    std::shared_ptr<CacheStore> m_cache;
    std::shared_ptr<ConversionRunner> m_runner;
    std::shared_ptr<AssetPriority> m_priority;
    BuildRequest m_request;
};

} // namespace Prometeu
