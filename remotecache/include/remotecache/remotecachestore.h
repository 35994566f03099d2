#pragma once

#include "remotecache/remotecacheconfig.h"

#include <packer/cachestore.h>
#include <packer/localcachestore.h>

#include <memory>

namespace Prometeu {

class HttpCacheClient;

// The local cache in front of a team's shared one (docs/remote-cache.md).
// Per asset: a local hit; else a remote hit (downloaded, its SHA-256
// checked, stored locally); else the build converts, and the result is
// uploaded in the background (bounded in memory and in flight). Assets
// whose source is under the config's minSize skip the team cache: two
// round trips cost more than converting them.
//
// On the server: <base>/cas/<sha256 of the stored bytes> holds a converted
// object; <base>/ac/<sha256 of "prometeu-cache-1/" + cache key> a small JSON
// record naming it (the AC name is a SHA-256 so bazel-remote, which checks
// names, accepts it). Faults never fail a build: each kind is one warning
// in the build's RemoteCacheStats, the asset is converted instead, and
// after repeated transport failures the server is not asked again until
// the next build.
class RemoteCacheStore final : public CacheStore
{
public:
    RemoteCacheStore(std::shared_ptr<LocalCacheStore> local, RemoteCacheConfig config);
    // Gives uploads still going the config's exit grace, then abandons them.
    ~RemoteCacheStore() override;

    Lookup load(const QString &key, CartridgeBlob *blob, QString *why = nullptr,
                Source *source = nullptr) const override;
    // What is on this machine only (the local store's).
    Lookup loadInPieces(const QString &key, CartridgeBlob *blob, const PieceSink &take,
                        QString *why = nullptr) const override
    {
        return m_local->loadInPieces(key, blob, take, why);
    }
    bool store(const QString &key, const CartridgeBlob &blob, QString *error) const override;
    bool storeFrom(const QString &key, const CartridgeBlob &blob, const StoredReader &read,
                   QString *error) const override;
    void recoverFromInterruptedBuild() const override { m_local->recoverFromInterruptedBuild(); }
    void beginBuild(const QList<PlannedLoad> &loads) const override;
    // Waits `uploadWait` for this build's uploads, and in any case (up to a
    // second) for the server's first answer to one: a refusal is then this
    // build's warning, not lost after build_finished.
    std::optional<RemoteCacheStats> finishBuild(std::chrono::milliseconds uploadWait) const override;

    const RemoteCacheConfig &config() const;
    static QString actionPath(const QString &key);
    static QString objectPath(const QByteArray &sha256Hex);

private:
    // Counts an upload of `size` bytes in, or defers or drops it (nullopt);
    // the generation of the build it belongs to.
    std::optional<quint64> admitUpload(const QString &key, qint64 size, bool storedLocally) const;
    struct Shared;
    std::shared_ptr<LocalCacheStore> m_local;
    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<HttpCacheClient> m_client;
};

} // namespace Prometeu
