#pragma once

#include "packer/cachestore.h"

#include <memory>

namespace Prometeu {

class ObjectPacks;

// The cache on this machine, in <project>/.prometeu/cache. An object holds
// the stored (possibly compressed) bytes plus the hash of those bytes, so a
// corrupt or truncated object is detected on load and never shipped. Small
// objects (up to 1 MiB) are appended to pack files (packs/: making a file
// per object was most of a cold build's time in the kernel); larger ones
// have a file each, <2 hex>/<key>, written with write-then-rename.
class LocalCacheStore final : public CacheStore
{
public:
    explicit LocalCacheStore(QString folder);
    ~LocalCacheStore() override;

    Lookup load(const QString &key, CartridgeBlob *blob, QString *why = nullptr,
                Source *source = nullptr) const override;
    Lookup loadInPieces(const QString &key, CartridgeBlob *blob, const PieceSink &take,
                        QString *why = nullptr) const override;
    bool contains(const QString &key) const; // an object file is there (not verified)
    bool store(const QString &key, const CartridgeBlob &blob, QString *error) const override;
    bool storeFrom(const QString &key, const CartridgeBlob &blob, const StoredReader &read,
                   QString *error) const override;
    void recoverFromInterruptedBuild() const override { removeTemporaries(); }

    // Where a key's object has (or would have) a file of its own.
    QString objectPath(const QString &key) const;
    // Where every object's bytes are: a file of its own (offset 0) or a
    // range of a pack (for tools, and for tests that damage objects).
    struct ObjectLocation {
        QString key;
        QString path;
        qint64 offset = 0;
        qint64 size = 0;
    };
    QList<ObjectLocation> objectLocations() const;
    // Every object begins with a header this long; its converted bytes follow.
    static constexpr qint64 objectHeaderSize = 80;
    // Deletes objects half-written by a process that was killed mid-store
    // (their temporary names never match a key, so they are never read).
    // Only safe while no other process stores: BuildOperation holds the
    // project's build lock. Returns how many were removed.
    int removeTemporaries() const;

private:
    // Writes an object: `write` puts the stored bytes at the file's
    // position and says their hash.
    bool storeWith(const QString &key, const CartridgeBlob &blob,
                   const std::function<std::optional<QByteArray>(QFile &)> &write, QString *error) const;
    QString m_folder;
    std::unique_ptr<ObjectPacks> m_packs; // thread-safe itself: called from const methods
};

} // namespace Prometeu
