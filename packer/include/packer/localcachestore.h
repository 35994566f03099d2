#pragma once

#include "packer/cachestore.h"

namespace Prometeu {

// The cache on this machine: objects in <project>/.prometeu/cache, one file
// per key. An object holds the stored (possibly compressed) bytes plus the
// hash of those bytes, so a corrupt or truncated object is detected on load
// and never shipped. Objects are written with write-then-rename.
class LocalCacheStore final : public CacheStore
{
public:
    explicit LocalCacheStore(QString folder);

    Lookup load(const QString &key, CartridgeBlob *blob, QString *why = nullptr,
                Source *source = nullptr) const override;
    bool contains(const QString &key) const; // an object file is there (not verified)
    bool store(const QString &key, const CartridgeBlob &blob, QString *error) const override;
    bool storeFrom(const QString &key, const CartridgeBlob &blob, const StoredReader &read,
                   QString *error) const override;
    void recoverFromInterruptedBuild() const override { removeTemporaries(); }

    QString objectPath(const QString &key) const;
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
};

} // namespace Prometeu
