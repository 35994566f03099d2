#pragma once

#include <functional>

#include "packer/cartridge.h"
#include "packer/eventpayloads.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace Prometeu {

// Where a build keeps converted assets, addressed by cache key. The build
// reads through it before converting and writes through it after; what is
// behind (a folder, a team's HTTP cache in front of a folder) is the
// store's business. Implementations are called from the build's worker
// threads at once, so every method must be thread-safe.
//
// Key = XXH3-128(input hash, converter kind and version, output settings):
// see cacheKey(). A store never returns bytes it has not verified.
class CacheStore
{
public:
    enum class Lookup { Hit, Missing, Corrupt };
    using Source = CacheOutcome::Source;

    virtual ~CacheStore() = default;

    // Loads and verifies an object; on Corrupt, *why says what is wrong.
    // On Hit, *source says whether it came from this machine or a shared
    // cache (and was stored here on the way).
    virtual Lookup load(const QString &key, CartridgeBlob *blob, QString *why = nullptr,
                        Source *source = nullptr) const = 0;
    // The bytes of an object, a piece at a time, into `take` (false from it
    // stops the load), and its description into *blob without its bytes:
    // what a large object costs in memory is a piece, not the object. The
    // pieces are checked as they go; on Corrupt, what `take` was given is
    // not the object and must be thrown away. Only what is on this machine
    // (a shared store does not fetch for it). By default: load() whole.
    virtual Lookup loadInPieces(const QString &key, CartridgeBlob *blob, const PieceSink &take,
                                QString *why = nullptr) const;
    // Stores a converted object; false with *error when it cannot (the
    // build goes on: the cartridge has the bytes, the next build converts
    // again).
    virtual bool store(const QString &key, const CartridgeBlob &blob, QString *error) const = 0;
    // The same for an object whose blob.storedSize bytes are not in memory:
    // `read` gives them, a piece at a time (a store that cannot stream
    // them reads them whole and calls store()).
    virtual bool storeFrom(const QString &key, const CartridgeBlob &blob, const StoredReader &read,
                           QString *error) const;
    // Called once at the start of a build, under the project's build lock,
    // when the previous build's process died mid-build: a store sweeps what
    // that process left half-written.
    virtual void recoverFromInterruptedBuild() const {}

    // One asset a build is about to load or convert: its key and the size
    // of its source (what it would cost to convert, roughly).
    struct PlannedLoad {
        QString key;
        qint64 sourceBytes = 0;
    };
    // A build is about to load these (the ones its cartridge does not
    // already hold): a shared store starts fetching what this machine
    // lacks, several at a time, before the workers ask, and may decide
    // that some are cheaper converted here than fetched.
    virtual void beginBuild(const QList<PlannedLoad> &loads) const { Q_UNUSED(loads); }
    // The build is done with the store. A shared store waits at most
    // `uploadWait` for the uploads this build started (the rest go on in
    // the background) and says what it did; a local store says nothing.
    virtual std::optional<RemoteCacheStats> finishBuild(std::chrono::milliseconds uploadWait) const
    {
        Q_UNUSED(uploadWait);
        return std::nullopt;
    }
};

// The cache key of one conversion.
QString cacheKey(const QString &inputHash, AssetKind kind, int converterVersion, const QJsonObject &settings);

} // namespace Prometeu
