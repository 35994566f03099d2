#pragma once

#include "packer/assetrecord.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Prometeu {

// A file an asset reads besides itself, as its content names it.
struct AssetReference {
    QString path;    // relative to the assets folder, '/'-separated; empty when it points outside it
    QString written; // as the content wrote it
    int line = 0;    // 1-based where the content names it; 0 when unknown
    int column = 0;
    // The asset cannot work without it (a map's tile set, a required
    // module, a path in JSON data, which pack validation checks); a string
    // in a script that looks like a path may be something else.
    bool required = true;

    friend bool operator==(const AssetReference &, const AssetReference &) = default;
};

// What an asset uses, read from its content by the rule its runtime
// follows (docs/dependencies.md):
// - a TMX map: its external tile sets (`<tileset source>`), images and
//   object templates, relative to the map's folder; a TSX tile set: its
//   images, relative to its own folder;
// - JSON data: every string that names an asset file by its path in the
//   assets folder (the rule pack validation checks at Play);
// - a Lua script: the modules it require()s ("scripts/player",
//   "scripts.player" and "scripts/player.lua" are one module), and the
//   string literals that name an asset file by the JSON rule (what it
//   loads by name: load_json("data/items.json"), play_sound(...)).
// Pure functions of the bytes, safe on any input and on any thread.
namespace AssetDependencies {

// Whether assets of this kind can name others: only those are read for it.
bool canReference(AssetKind kind);

// In the order the content names them, each path once.
QList<AssetReference> referencesIn(const QString &assetPath, AssetKind kind, const QByteArray &content);

// The JSON rule: a string that ends like an asset file and could be a path.
bool looksLikeAssetPath(const QString &text);

// The cartridge entry a require() names.
QString moduleEntry(const QString &moduleName);

} // namespace AssetDependencies
} // namespace Prometeu
