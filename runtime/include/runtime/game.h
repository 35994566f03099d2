#pragma once

#include "runtime/audiomixer.h"
#include "runtime/gameassets.h"
#include "runtime/scriptapi.h"
#include "runtime/scripthost.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QSet>

#include <memory>

namespace Prometeu {

class AudioOutput;

// One running game: its cartridge's assets, its scripts, the screen they
// draw on (an image at the game's own resolution; a window scales it), the
// mixer, and the keys held. Knows no window and no Studio: the runtime's
// main wires those, and tests drive it directly.
class Game final : public ScriptApi
{
public:
    // Where the scripts start: the first of these in the cartridge.
    static const QStringList mainScripts;

    explicit Game(RuntimeLog *log);
    ~Game() override;

    // Reads and decodes the cartridge, runs the main script (which may set
    // its `game` table). False, with the reason logged, only when the
    // cartridge cannot be read: a failing script is logged and paused.
    bool load(const QString &cartridgePath);
    GameConfig config() const { return m_scripts.config(); }
    // Calls init(); sound starts here when `audio` is set.
    bool start(bool audio);
    // One frame: update(dt), draw(), then sound for the time ahead.
    void frame(double dt);
    const QImage &screen() const { return m_screen; }
    bool scriptsPaused() const { return m_scripts.isPaused(); }
    qsizetype entryCount() const { return m_assets.size(); }

    // Keys by game name (left right up down a b start select).
    void setKey(const QString &key, bool down);

    struct ReloadOutcome {
        QStringList replaced;
        QStringList problems; // sentences, each naming the entry
    };
    // Swaps in `entries` from a newer generation of the cartridge. What
    // fails keeps its previous version.
    ReloadOutcome reload(const QString &cartridgePath, const QStringList &entries);

    // The same in two halves, so a reload never holds up a frame: the
    // staging (open, verify, decode) runs on any thread; applying it (the
    // swap, the scripts' re-run and on_reload) runs on the game's thread.
    struct StagedReload {
        GameAssets assets;
        QStringList taken;
        QStringList problems;
    };
    // Thread-safe: reads only the cartridge and `rawEntries` (the game's,
    // copied on its thread by the caller).
    static std::shared_ptr<StagedReload> stageReload(const QString &cartridgePath, const QStringList &entries,
                                                     QHash<QString, QByteArray> rawEntries);
    QHash<QString, QByteArray> rawEntries() const { return m_assets.rawEntries(); }
    // The entries a reload of `entries` must read: maps that use a reloaded
    // tile set are parsed again (GameAssets::withDependents).
    QStringList withDependents(const QStringList &entries) const { return m_assets.withDependents(entries); }
    ReloadOutcome applyReload(StagedReload &&staged);

    // ScriptApi
    QSize screenSize() const override { return m_screen.size(); }
    void clear(QColor colour) override;
    bool drawSprite(const QString &image, double x, double y, bool flipX) override;
    bool drawMap(const QString &map, double x, double y) override;
    void drawText(const QString &text, double x, double y, QColor colour) override;
    void drawRect(double x, double y, double width, double height, QColor colour) override;
    std::optional<QSize> imageSize(const QString &image) const override;
    std::optional<MapInfo> mapInfo(const QString &map) const override;
    std::optional<quint32> mapTile(const QString &map, const QString &layer, int column, int row) const override;
    bool playSound(const QString &sound) override;
    bool playMusic(const QString &sound) override;
    void stopMusic() override;
    bool keyDown(const QString &key) const override { return m_down.contains(key); }
    bool keyPressed(const QString &key) const override { return m_pressed.contains(key); }
    std::optional<QByteArray> scriptSource(const QString &name) const override { return m_assets.script(name); }
    std::optional<QByteArray> dataJson(const QString &name) const override { return m_assets.data(name); }
    std::optional<QByteArray> text(const QString &name) const override { return m_assets.raw(name); }
    void log(RuntimeLog::Level level, const QString &text) override;
    double seconds() const override { return m_clock.elapsed() / 1000.0; }

private:
    void drawTile(const TileMap &map, quint32 cell, const QRectF &target);

    RuntimeLog *m_log;
    GameAssets m_assets;
    ScriptHost m_scripts;
    QImage m_screen;
    QPainter m_painter;
    std::unique_ptr<AudioMixer> m_mixer;
    std::unique_ptr<AudioOutput> m_audio;
    QSet<QString> m_down;
    QSet<QString> m_pressed;
    QSet<QString> m_pressedSinceFrame;
    QElapsedTimer m_clock;
    QFont m_font;
};

} // namespace Prometeu
