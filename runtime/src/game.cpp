#include "runtime/game.h"

#include "runtime/audiooutput.h"

#include <packer/cartridge.h>

#include <QtMath>

using namespace Qt::StringLiterals;

namespace Prometeu {

const QStringList Game::mainScripts{u"scripts/main.lua"_s, u"main.lua"_s};

Game::Game(RuntimeLog *log)
    : m_log(log)
    , m_scripts(this)
{
    m_font.setFamily(u"DejaVu Sans Mono"_s);
    m_font.setStyleHint(QFont::Monospace);
    m_font.setPixelSize(8);
    // Crisp pixels when the window scales the screen up.
    m_font.setStyleStrategy(QFont::NoAntialias);
}

Game::~Game()
{
    if (m_painter.isActive())
        m_painter.end();
}

bool Game::load(const QString &cartridgePath)
{
    CartridgeReader reader;
    if (!reader.open(cartridgePath)) {
        m_log->error(reader.errorString());
        return false;
    }
    QStringList problems;
    m_assets.load(reader, &problems);
    for (const QString &problem : std::as_const(problems))
        m_log->error(problem);
    m_log->info(u"loaded %1 of %2 entries from %3"_s.arg(m_assets.size()).arg(reader.entries().size()).arg(cartridgePath));
    m_clock.start();

    int rate = 44100, channels = 2;
    for (const CartridgeEntry &entry : reader.entries()) {
        if (const auto sound = m_assets.sound(entry.name)) {
            rate = sound->sampleRate;
            channels = sound->channels;
            break;
        }
    }
    m_mixer = std::make_unique<AudioMixer>(rate, channels);

    QString main;
    for (const QString &candidate : mainScripts) {
        if (m_assets.script(candidate)) {
            main = candidate;
            break;
        }
    }
    // A script that fails here is logged and paused; the game still opens,
    // so that a fixed script can be reloaded into it.
    if (main.isEmpty())
        m_log->warning(u"the cartridge has no scripts/main.lua: nothing to run, the screen stays empty"_s);
    else
        m_scripts.load(main);
    m_screen = QImage(m_scripts.config().resolution, QImage::Format_ARGB32_Premultiplied);
    m_screen.fill(Qt::black);
    return true;
}

bool Game::start(bool audio)
{
    if (audio) {
        m_audio = std::make_unique<AudioOutput>(m_mixer.get(), m_log);
        if (!m_audio->start())
            m_audio.reset();
    }
    m_painter.begin(&m_screen);
    const bool ok = m_scripts.start();
    m_painter.end();
    return ok;
}

void Game::frame(double dt)
{
    m_pressed = std::exchange(m_pressedSinceFrame, {});
    m_painter.begin(&m_screen);
    m_painter.setFont(m_font);
    m_scripts.frame(dt);
    m_painter.end();
    if (m_audio)
        m_audio->feed();
}

void Game::setKey(const QString &key, bool down)
{
    if (down) {
        if (!m_down.contains(key))
            m_pressedSinceFrame.insert(key);
        m_down.insert(key);
    } else {
        m_down.remove(key);
    }
}

Game::ReloadOutcome Game::reload(const QString &cartridgePath, const QStringList &entries)
{
    const std::shared_ptr<StagedReload> staged = stageReload(cartridgePath, withDependents(entries), rawEntries());
    return applyReload(std::move(*staged));
}

std::shared_ptr<Game::StagedReload> Game::stageReload(const QString &cartridgePath, const QStringList &entries,
                                                      QHash<QString, QByteArray> rawEntries)
{
    auto staged = std::make_shared<StagedReload>();
    CartridgeReader reader;
    if (!reader.open(cartridgePath)) {
        staged->problems.append(reader.errorString());
        return staged;
    }
    staged->assets = GameAssets::stage(reader, entries, std::move(rawEntries), &staged->taken, &staged->problems);
    return staged;
}

Game::ReloadOutcome Game::applyReload(StagedReload &&staged)
{
    ReloadOutcome outcome;
    outcome.problems = std::move(staged.problems);
    m_assets.adopt(std::move(staged.assets), staged.taken);
    outcome.replaced = std::move(staged.taken);
    QStringList scripts;
    for (const QString &name : std::as_const(outcome.replaced))
        if (m_assets.script(name))
            scripts.append(name);
    const bool wasActive = m_painter.isActive();
    if (!wasActive)
        m_painter.begin(&m_screen);
    if (!m_scripts.reload(scripts, outcome.replaced))
        outcome.problems.append(m_scripts.lastError());
    if (!wasActive)
        m_painter.end();
    return outcome;
}

void Game::clear(QColor colour) { m_painter.fillRect(m_screen.rect(), colour); }

bool Game::drawSprite(const QString &image, double x, double y, bool flipX)
{
    const QImage *sprite = m_assets.image(image);
    if (!sprite)
        return false;
    const QPointF at(qRound(x), qRound(y));
    if (!flipX) {
        m_painter.drawImage(at, *sprite);
        return true;
    }
    m_painter.save();
    m_painter.translate(at.x() + sprite->width(), at.y());
    m_painter.scale(-1, 1);
    m_painter.drawImage(QPointF(0, 0), *sprite);
    m_painter.restore();
    return true;
}

void Game::drawTile(const TileMap &map, quint32 cell, const QRectF &target)
{
    const quint32 gid = cell & TileMap::gidMask;
    const TileSet *set = map.tileSetFor(gid);
    if (!set)
        return;
    const int local = int(gid - set->firstGid);
    const QImage *image = nullptr;
    QRect source;
    if (!set->image.isEmpty()) {
        image = m_assets.image(set->image);
        if (!image)
            return;
        const int column = local % set->columns, row = local / set->columns;
        source = QRect(set->margin + column * (set->tileWidth + set->spacing),
                       set->margin + row * (set->tileHeight + set->spacing), set->tileWidth, set->tileHeight);
    } else {
        image = m_assets.image(set->tileImages.value(local));
        if (!image)
            return;
        source = image->rect();
    }
    // Tiles taller than the grid stand on the cell's bottom edge, as in Tiled.
    QRectF where(target.left(), target.bottom() - source.height(), source.width(), source.height());
    if (!(cell & (TileMap::flipHorizontal | TileMap::flipVertical | TileMap::flipDiagonal))) {
        m_painter.drawImage(where, *image, source);
        return;
    }
    m_painter.save();
    m_painter.translate(where.center());
    m_painter.setTransform(TileMap::flipTransform(cell), true);
    m_painter.drawImage(QRectF(-where.width() / 2, -where.height() / 2, where.width(), where.height()), *image, source);
    m_painter.restore();
}

bool Game::drawMap(const QString &name, double x, double y)
{
    const TileMap *map = m_assets.map(name);
    if (!map)
        return false;
    const int left = qRound(x), top = qRound(y);
    // Only the cells on screen (one more row below for tall tiles).
    const int firstColumn = qMax(0, -left / map->tileWidth - 1);
    const int lastColumn = qMin(map->width - 1, (m_screen.width() - left) / map->tileWidth + 1);
    const int firstRow = qMax(0, -top / map->tileHeight - 1);
    const int lastRow = qMin(map->height - 1, (m_screen.height() - top) / map->tileHeight + 2);
    for (const TileLayer &layer : map->layers) {
        if (!layer.visible)
            continue;
        for (int row = firstRow; row <= lastRow; ++row) {
            for (int column = firstColumn; column <= lastColumn; ++column) {
                const quint32 cell = layer.cells[qsizetype(row) * map->width + column];
                if (cell & TileMap::gidMask)
                    drawTile(*map, cell,
                             QRectF(left + column * map->tileWidth, top + row * map->tileHeight, map->tileWidth,
                                    map->tileHeight));
            }
        }
    }
    return true;
}

void Game::drawText(const QString &text, double x, double y, QColor colour)
{
    m_painter.setPen(colour);
    m_painter.drawText(QPointF(qRound(x), qRound(y) + m_font.pixelSize()), text);
}

void Game::drawRect(double x, double y, double width, double height, QColor colour)
{
    m_painter.fillRect(QRectF(qRound(x), qRound(y), qRound(width), qRound(height)), colour);
}

std::optional<QSize> Game::imageSize(const QString &image) const
{
    if (const QImage *found = m_assets.image(image))
        return found->size();
    return std::nullopt;
}

std::optional<ScriptApi::MapInfo> Game::mapInfo(const QString &name) const
{
    if (const TileMap *map = m_assets.map(name))
        return MapInfo{map->width, map->height, map->tileWidth, map->tileHeight};
    return std::nullopt;
}

std::optional<quint32> Game::mapTile(const QString &name, const QString &layerName, int column, int row) const
{
    const TileMap *map = m_assets.map(name);
    if (!map)
        return std::nullopt;
    for (const TileLayer &layer : map->layers) {
        if (layer.name != layerName)
            continue;
        if (column < 0 || row < 0 || column >= map->width || row >= map->height)
            return 0;
        return layer.cells[qsizetype(row) * map->width + column] & TileMap::gidMask;
    }
    return std::nullopt;
}

bool Game::playSound(const QString &sound)
{
    auto found = m_assets.sound(sound);
    if (!found)
        return false;
    m_mixer->play(std::move(found));
    return true;
}

bool Game::playMusic(const QString &sound)
{
    auto found = m_assets.sound(sound);
    if (!found)
        return false;
    m_mixer->playMusic(std::move(found));
    return true;
}

void Game::stopMusic() { m_mixer->stopMusic(); }

void Game::log(RuntimeLog::Level level, const QString &text) { m_log->write(level, text); }

} // namespace Prometeu
