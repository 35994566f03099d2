#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTransform>

#include <functional>
#include <optional>

namespace Prometeu {

// A tile set of a TMX map: one image cut into a grid, or a collection of
// images (one per tile). Image names are cartridge entry names.
struct TileSet {
    quint32 firstGid = 1;
    int tileWidth = 0;
    int tileHeight = 0;
    int columns = 0;
    int tileCount = 0;
    int spacing = 0;
    int margin = 0;
    QString image;                 // grid tile sets
    QHash<int, QString> tileImages; // collection tile sets: local id -> image
};

struct TileLayer {
    QString name;
    bool visible = true;
    QList<quint32> cells; // gids with their flip bits, row by row
};

// An orthogonal Tiled map (TMX), as the runtime draws it. Parsing checks
// every size and index, so a damaged map is an error, never a crash or a
// huge allocation.
struct TileMap {
    static constexpr quint32 flipHorizontal = 0x80000000u;
    static constexpr quint32 flipVertical = 0x40000000u;
    static constexpr quint32 flipDiagonal = 0x20000000u;
    static constexpr quint32 gidMask = 0x0fffffffu;
    static constexpr qsizetype maxCells = 4 * 1024 * 1024;

    int width = 0;  // in tiles
    int height = 0;
    int tileWidth = 0;
    int tileHeight = 0;
    QList<TileSet> tileSets; // by firstGid, ascending
    QList<TileLayer> layers;

    // The tile set a gid belongs to, or null for an empty cell.
    const TileSet *tileSetFor(quint32 gid) const;
    // Every image the map draws from (so a reload of one of them redraws it).
    QStringList imageNames() const;
    // How a cell's flip bits turn its tile about the tile's centre, in
    // Tiled's order: the diagonal flip (x and y swapped) first, then the
    // horizontal and the vertical one. Identity for a cell without flips.
    static QTransform flipTransform(quint32 cell);

    // Reads external tile sets (.tsx) by cartridge name; may be empty.
    using ExternalFile = std::function<std::optional<QByteArray>(const QString &name)>;
    // `name` is the map's cartridge entry name; image and tile set paths in
    // the map are relative to it. On failure: nullopt and *error, a sentence.
    static std::optional<TileMap> parse(const QByteArray &tmx, const QString &name, const ExternalFile &external,
                                        QString *error);
};

} // namespace Prometeu
