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

// Why the scanner could not treat an entry as an ordinary file.
enum class EntryProblem {
    None,
    LinkLoop,      // symbolic link that loops back on itself or an ancestor
    LinkOutside,   // symbolic link whose target is outside the project
    LinkDangling,  // symbolic link whose target does not exist
    NotRegular,    // FIFO, socket or device: reading it could hang
    BadEncoding,   // file name that is not valid UTF-8
    TooDeep,       // folder nesting beyond the scanner's limit
};

QString wireName(EntryProblem problem);

// One file under the assets folder as the scanner saw it.
struct AssetRecord {
    QString path; // relative to the assets folder, '/'-separated
    AssetKind kind = AssetKind::Unknown;
    qint64 size = 0;
    qint64 modifiedMs = 0; // mtime, ms since epoch
    QString hash;          // XXH3-128 of the content, hex; empty if unreadable
    EntryProblem problem = EntryProblem::None;
    QString linkTarget;    // for symbolic links

    QJsonObject toJson() const;
    friend bool operator==(const AssetRecord &, const AssetRecord &) = default;
};

} // namespace Prometeu
