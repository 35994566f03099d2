#pragma once

#include "packer/cartridge.h"

#include <QJsonObject>

namespace Prometeu {

// Content-addressed store of converted assets in <project>/.prometeu/cache.
//
// key = XXH3-128(input hash, converter kind and version, output settings).
// An object holds the stored (possibly compressed) bytes plus the hash of
// those bytes, so a corrupt or truncated object is detected on load and
// never shipped. Objects are written with QSaveFile.
class BuildCache
{
public:
    explicit BuildCache(QString folder);

    static QString key(const QString &inputHash, AssetKind kind, int converterVersion,
                       const QJsonObject &settings);

    enum class Lookup { Hit, Missing, Corrupt };
    // Loads and verifies an object; on Corrupt, *why says what is wrong.
    Lookup load(const QString &key, CartridgeBlob *blob, QString *why = nullptr) const;
    bool store(const QString &key, const CartridgeBlob &blob, QString *error) const;

    QString objectPath(const QString &key) const;
    // Deletes objects half-written by a process that was killed mid-store
    // (their temporary names never match a key, so they are never read).
    // Only safe while no other process stores: BuildOperation holds the
    // project's build lock. Returns how many were removed.
    int removeTemporaries() const;

private:
    QString m_folder;
};

} // namespace Prometeu
