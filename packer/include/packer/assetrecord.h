#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace Prometeu {

enum class AssetKind { Image, Audio, Data, Text, Script, TileMap, Unknown };

QString wireName(AssetKind kind);
std::optional<AssetKind> assetKindFromString(const QString &text);
// Classification is by extension (case-insensitive); docs/project-format.md
// lists the table.
AssetKind classifyAsset(const QString &fileName);
// Whether a build puts the file's bytes in the cartridge as they are
// (compressed at most): every kind but pictures and sounds, which are
// decoded and converted and may come out smaller than their file.
bool storedAsItIs(AssetKind kind);

// Why the scanner could not treat an entry as an ordinary file.
enum class EntryProblem {
    None,
    LinkLoop,      // symbolic link that loops back on itself or an ancestor
    LinkOutside,   // symbolic link whose target is outside the project
    LinkDangling,  // symbolic link whose target does not exist
    NotRegular,    // FIFO, socket or device: reading it could hang
    BadEncoding,   // file name that is not valid UTF-8
    TooDeep,       // folder nesting beyond the scanner's limit
    Unreadable,    // folder that cannot be listed (permissions): its files are unknown
};

QString wireName(EntryProblem problem);
std::optional<EntryProblem> entryProblemFromString(const QString &text);

// One file under the assets folder as the scanner saw it.
struct AssetRecord {
    QString path; // relative to the assets folder, '/'-separated
    AssetKind kind = AssetKind::Unknown;
    qint64 size = 0;
    qint64 modifiedMs = 0; // mtime, ms since epoch
    QString hash;          // XXH3-128 of the content, hex; empty if unreadable
    EntryProblem problem = EntryProblem::None;
    QString linkTarget;    // for symbolic links

    // asset_discovered's payload; fromJson reads it back (modifiedMs is
    // not on the wire).
    QJsonObject toJson() const;
    static AssetRecord fromJson(const QJsonObject &object);
    friend bool operator==(const AssetRecord &, const AssetRecord &) = default;
};

} // namespace Prometeu
