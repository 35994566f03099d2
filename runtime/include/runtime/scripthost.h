#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

struct lua_State;

namespace Prometeu {

class ScriptApi;

// What the main script declares in its `game` table before init().
struct GameConfig {
    QString title;
    QSize resolution{320, 180};
};

// Runs a game's Lua 5.4 scripts in a sandbox (docs/runtime-api.md): the
// base, string, table, math, utf8 and coroutine libraries, `require` of the
// cartridge's own scripts, and the game API; no io, no os beyond clock and
// time, no loading of files or bytecode. Memory is capped and a call that
// runs too long is stopped, so a runaway script cannot take the runtime
// down with it.
//
// A script error is logged once, as "<entry>:<line>: <message>", and the
// game's scripts pause until a reload brings a fixed version.
class ScriptHost
{
public:
    static constexpr size_t memoryLimit = 256 * 1024 * 1024;
    static constexpr int callLimitMs = 2000;

    explicit ScriptHost(ScriptApi *api);
    ~ScriptHost();
    ScriptHost(const ScriptHost &) = delete;
    ScriptHost &operator=(const ScriptHost &) = delete;

    // Runs the main script and reads its `game` table; then start() calls
    // init(). False (and the error logged) when either fails.
    bool load(const QString &mainScript);
    GameConfig config() const { return m_config; }
    bool start();

    // One frame: update(dt) then draw(). Does nothing while paused by an error.
    void frame(double dt);
    // New versions of these scripts are in the cartridge: re-runs each (the
    // main script, or a module whose table is updated in place so that
    // whoever holds it sees the new functions), then calls on_reload(names)
    // with every reloaded entry name. Returns false if a script failed (the
    // previous version keeps running).
    bool reload(const QStringList &scripts, const QStringList &allEntries);

    bool isPaused() const { return m_paused; }
    QString lastError() const { return m_lastError; }

private:
    static void *allocate(void *ud, void *ptr, size_t oldSize, size_t newSize);
    void openSandbox();
    bool runChunk(const QString &name, int results);
    bool call(const char *function, int arguments);
    void fail(const QString &message);
    void readConfig();

    ScriptApi *m_api;
    size_t m_used = 0;
    lua_State *m_lua = nullptr;
    GameConfig m_config;
    QString m_mainScript;
    bool m_paused = false;
    QString m_lastError;
};

} // namespace Prometeu
