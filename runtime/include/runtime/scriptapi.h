#pragma once

#include "runtime/runtimelog.h"

#include <QByteArray>
#include <QColor>
#include <QSize>
#include <QString>

#include <optional>

namespace Prometeu {

// What a game's scripts may do (docs/runtime-api.md). The script host
// calls these; the game implements them on its screen, mixer, input and
// assets. Names are cartridge entry names ("sprites/hero.png").
class ScriptApi
{
public:
    virtual ~ScriptApi() = default;

    virtual QSize screenSize() const = 0;
    virtual void clear(QColor colour) = 0;
    // False when there is no such image (or map).
    virtual bool drawSprite(const QString &image, double x, double y, bool flipX) = 0;
    virtual bool drawMap(const QString &map, double x, double y) = 0;
    virtual void drawText(const QString &text, double x, double y, QColor colour) = 0;
    virtual void drawRect(double x, double y, double width, double height, QColor colour) = 0;
    virtual std::optional<QSize> imageSize(const QString &image) const = 0;

    // Tile maps: size in tiles and tile size; the gid at a cell (0: empty).
    struct MapInfo {
        int width = 0, height = 0, tileWidth = 0, tileHeight = 0;
    };
    virtual std::optional<MapInfo> mapInfo(const QString &map) const = 0;
    // nullopt when the map or layer does not exist; 0 outside the map.
    virtual std::optional<quint32> mapTile(const QString &map, const QString &layer, int column, int row) const = 0;

    virtual bool playSound(const QString &sound) = 0;
    virtual bool playMusic(const QString &sound) = 0;
    virtual void stopMusic() = 0;

    // Keys by their game name: left right up down a b start select.
    virtual bool keyDown(const QString &key) const = 0;
    virtual bool keyPressed(const QString &key) const = 0; // went down this frame

    virtual std::optional<QByteArray> scriptSource(const QString &name) const = 0;
    virtual std::optional<QByteArray> dataJson(const QString &name) const = 0;
    virtual std::optional<QByteArray> text(const QString &name) const = 0;

    virtual void log(RuntimeLog::Level level, const QString &text) = 0;
    virtual double seconds() const = 0; // since the game started
};

} // namespace Prometeu
