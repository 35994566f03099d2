#include "runtime/scripthost.h"

#include "runtime/scriptapi.h"
#include <packer/assetdependencies.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <lua.hpp>

#include <cstdlib>
#include <cstring>

using namespace Qt::StringLiterals;

// Lua reports errors with longjmp (Debian builds it as C): every function
// below that can raise one reads its arguments as plain C values first and
// keeps Qt objects inside inner scopes that end before the error is raised,
// so no destructor is ever skipped.

namespace Prometeu {

namespace {

constexpr const char *loadedKey = "prometeu.loaded"; // registry: module name -> value

struct HostState {
    ScriptHost *host;
    ScriptApi *api;
    QElapsedTimer clock;
    qint64 deadlineMs = 0; // 0: no call running
};

HostState *state(lua_State *L) { return *static_cast<HostState **>(lua_getextraspace(L)); }
ScriptApi *api(lua_State *L) { return state(L)->api; }

QString argString(lua_State *L, int index)
{
    size_t length = 0;
    const char *text = lua_tolstring(L, index, &length);
    return QString::fromUtf8(text, qsizetype(length));
}

QColor colourArgument(lua_State *L, int index, QColor fallback)
{
    if (lua_type(L, index) == LUA_TSTRING)
        return QColor(argString(L, index));
    if (lua_type(L, index) == LUA_TTABLE) {
        int channel[4] = {0, 0, 0, 255};
        for (int i = 0; i < 4; ++i) {
            lua_rawgeti(L, index, i + 1);
            if (lua_isnumber(L, -1))
                channel[i] = int(qBound(lua_Integer(0), lua_tointeger(L, -1), lua_Integer(255)));
            lua_pop(L, 1);
        }
        return QColor(channel[0], channel[1], channel[2], channel[3]);
    }
    return fallback;
}

void pushJson(lua_State *L, const QJsonValue &value, int depth)
{
    luaL_checkstack(L, 3, "JSON nested too deeply");
    switch (value.type()) {
    case QJsonValue::Bool: lua_pushboolean(L, value.toBool()); break;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (number == double(qint64(number)) && qAbs(number) < 9e15)
            lua_pushinteger(L, lua_Integer(number));
        else
            lua_pushnumber(L, number);
        break;
    }
    case QJsonValue::String: {
        const QByteArray text = value.toString().toUtf8();
        lua_pushlstring(L, text.constData(), size_t(text.size()));
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        lua_createtable(L, int(array.size()), 0);
        if (depth < 64)
            for (qsizetype i = 0; i < array.size(); ++i) {
                pushJson(L, array.at(i), depth + 1);
                lua_rawseti(L, -2, lua_Integer(i + 1));
            }
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        lua_createtable(L, 0, int(object.size()));
        if (depth < 64)
            for (auto it = object.begin(); it != object.end(); ++it) {
                const QByteArray key = it.key().toUtf8();
                lua_pushlstring(L, key.constData(), size_t(key.size()));
                pushJson(L, it.value(), depth + 1);
                lua_rawset(L, -3);
            }
        break;
    }
    default: lua_pushnil(L); break;
    }
}

int luaPrint(lua_State *L)
{
    const int count = lua_gettop(L);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (int i = 1; i <= count; ++i) {
        if (i > 1)
            luaL_addchar(&buffer, '\t');
        luaL_tolstring(L, i, nullptr);
        luaL_addvalue(&buffer);
    }
    luaL_pushresult(&buffer);
    api(L)->log(RuntimeLog::Level::Info, argString(L, -1));
    return 0;
}

int luaLog(lua_State *L)
{
    const char *level = luaL_checkstring(L, 1);
    luaL_tolstring(L, 2, nullptr);
    RuntimeLog::Level severity = RuntimeLog::Level::Info;
    if (!std::strcmp(level, "debug"))
        severity = RuntimeLog::Level::Debug;
    else if (!std::strcmp(level, "warn") || !std::strcmp(level, "warning"))
        severity = RuntimeLog::Level::Warning;
    else if (!std::strcmp(level, "error"))
        severity = RuntimeLog::Level::Error;
    else if (std::strcmp(level, "info"))
        return luaL_error(L, "log level must be debug, info, warn or error (not '%s')", level);
    api(L)->log(severity, argString(L, -1));
    return 0;
}

int luaClear(lua_State *L)
{
    if (lua_isnumber(L, 1)) {
        const int r = int(luaL_checkinteger(L, 1)), g = int(luaL_checkinteger(L, 2)), b = int(luaL_checkinteger(L, 3));
        api(L)->clear(QColor(qBound(0, r, 255), qBound(0, g, 255), qBound(0, b, 255)));
    } else {
        api(L)->clear(colourArgument(L, 1, Qt::black));
    }
    return 0;
}

int luaDrawSprite(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const double x = luaL_checknumber(L, 2), y = luaL_checknumber(L, 3);
    const bool flip = lua_toboolean(L, 4);
    if (!api(L)->drawSprite(QString::fromUtf8(name), x, y, flip))
        return luaL_error(L, "no image '%s' in the cartridge", name);
    return 0;
}

int luaDrawMap(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const double x = luaL_optnumber(L, 2, 0), y = luaL_optnumber(L, 3, 0);
    if (!api(L)->drawMap(QString::fromUtf8(name), x, y))
        return luaL_error(L, "no map '%s' in the cartridge", name);
    return 0;
}

int luaDrawText(lua_State *L)
{
    luaL_tolstring(L, 1, nullptr);
    const double x = luaL_checknumber(L, 2), y = luaL_checknumber(L, 3);
    api(L)->drawText(argString(L, -1), x, y, colourArgument(L, 4, Qt::white));
    return 0;
}

int luaDrawRect(lua_State *L)
{
    const double x = luaL_checknumber(L, 1), y = luaL_checknumber(L, 2);
    const double w = luaL_checknumber(L, 3), h = luaL_checknumber(L, 4);
    api(L)->drawRect(x, y, w, h, colourArgument(L, 5, Qt::white));
    return 0;
}

int luaImageSize(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const std::optional<QSize> size = api(L)->imageSize(QString::fromUtf8(name));
    if (!size)
        return luaL_error(L, "no image '%s' in the cartridge", name);
    lua_pushinteger(L, size->width());
    lua_pushinteger(L, size->height());
    return 2;
}

int luaMapSize(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const auto info = api(L)->mapInfo(QString::fromUtf8(name));
    if (!info)
        return luaL_error(L, "no map '%s' in the cartridge", name);
    lua_pushinteger(L, info->width);
    lua_pushinteger(L, info->height);
    lua_pushinteger(L, info->tileWidth);
    lua_pushinteger(L, info->tileHeight);
    return 4;
}

int luaMapTile(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const char *layer = luaL_checkstring(L, 2);
    const int column = int(luaL_checkinteger(L, 3)), row = int(luaL_checkinteger(L, 4));
    const auto gid = api(L)->mapTile(QString::fromUtf8(name), QString::fromUtf8(layer), column, row);
    if (!gid)
        return luaL_error(L, "no layer '%s' in map '%s'", layer, name);
    lua_pushinteger(L, lua_Integer(*gid));
    return 1;
}

int luaScreenSize(lua_State *L)
{
    const QSize size = api(L)->screenSize();
    lua_pushinteger(L, size.width());
    lua_pushinteger(L, size.height());
    return 2;
}

int luaPlaySound(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    if (!api(L)->playSound(QString::fromUtf8(name)))
        return luaL_error(L, "no sound '%s' in the cartridge", name);
    return 0;
}

int luaPlayMusic(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    if (!api(L)->playMusic(QString::fromUtf8(name)))
        return luaL_error(L, "no sound '%s' in the cartridge", name);
    return 0;
}

int luaStopMusic(lua_State *L)
{
    api(L)->stopMusic();
    return 0;
}

int luaKeyDown(lua_State *L)
{
    const char *key = luaL_checkstring(L, 1);
    lua_pushboolean(L, api(L)->keyDown(QString::fromUtf8(key)));
    return 1;
}

int luaKeyPressed(lua_State *L)
{
    const char *key = luaL_checkstring(L, 1);
    lua_pushboolean(L, api(L)->keyPressed(QString::fromUtf8(key)));
    return 1;
}

int luaTime(lua_State *L)
{
    lua_pushnumber(L, api(L)->seconds());
    return 1;
}

int luaLoadJson(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    bool found = false;
    bool parsed = false;
    {
        const std::optional<QByteArray> bytes = api(L)->dataJson(QString::fromUtf8(name));
        found = bytes.has_value();
        if (found) {
            const QJsonDocument document = QJsonDocument::fromJson(*bytes);
            parsed = !document.isNull();
            if (parsed)
                pushJson(L, document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()), 0);
        }
    }
    if (!found)
        return luaL_error(L, "no data file '%s' in the cartridge", name);
    if (!parsed)
        return luaL_error(L, "'%s' is not valid JSON", name);
    return 1;
}

int luaLoadText(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    bool found = false;
    {
        const std::optional<QByteArray> bytes = api(L)->text(QString::fromUtf8(name));
        found = bytes.has_value();
        if (found)
            lua_pushlstring(L, bytes->constData(), size_t(bytes->size()));
    }
    if (!found)
        return luaL_error(L, "no text file '%s' in the cartridge", name);
    return 1;
}

// Loads a cartridge script as a chunk named after its entry, so errors say
// "scripts/player.lua:12:". Leaves the function (or an error) on the stack.
int loadScript(lua_State *L, const char *entry)
{
    int status = LUA_ERRFILE;
    {
        const std::optional<QByteArray> source = api(L)->scriptSource(QString::fromUtf8(entry));
        if (source) {
            const QByteArray chunkName = QByteArray("@") + entry;
            status = luaL_loadbufferx(L, source->constData(), size_t(source->size()), chunkName.constData(), "t");
        }
    }
    if (status == LUA_ERRFILE)
        lua_pushfstring(L, "no script '%s' in the cartridge", entry);
    return status;
}

int luaRequire(lua_State *L)
{
    luaL_checkstring(L, 1);
    QByteArray entry;
    {
        entry = AssetDependencies::moduleEntry(argString(L, 1)).toUtf8(); // the packer's rule, so its graph is the game's
    }
    lua_getfield(L, LUA_REGISTRYINDEX, loadedKey);
    lua_pushstring(L, entry.constData());
    if (lua_rawget(L, -2) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    // Not cached: run it. (The QByteArray above is dead weight from here, but
    // it owns heap memory: copy the name to the Lua stack and drop it.)
    lua_pushstring(L, entry.constData());
    entry = QByteArray();
    const char *name = lua_tostring(L, -1);
    if (loadScript(L, name) != LUA_OK)
        return lua_error(L);
    lua_pushvalue(L, -2);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -2);
    lua_pushvalue(L, -2);
    lua_rawset(L, -5); // loaded[name] = module
    return 1;
}

// load() for text chunks only: bytecode could break out of the sandbox.
int luaLoadText_(lua_State *L)
{
    size_t length = 0;
    const char *chunk = luaL_checklstring(L, 1, &length);
    const char *name = luaL_optstring(L, 2, "=(load)");
    if (luaL_loadbufferx(L, chunk, length, name, "t") != LUA_OK) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2;
    }
    return 1;
}

int refuse(lua_State *L)
{
    const char *library = lua_tostring(L, lua_upvalueindex(1));
    const char *field = luaL_optstring(L, 2, "?");
    return luaL_error(L, "%s.%s is not available to games (the runtime is sandboxed); "
                         "read cartridge files with load_json or load_text", library, field);
}

// A table whose missing fields raise a clear error, not "attempt to call nil".
void setRefusingMetatable(lua_State *L, const char *library)
{
    lua_createtable(L, 0, 1);
    lua_pushstring(L, library);
    lua_pushcclosure(L, refuse, 1);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
}

void hook(lua_State *L, lua_Debug *)
{
    HostState *host = state(L);
    if (host->deadlineMs && host->clock.elapsed() > host->deadlineMs)
        luaL_error(L, "the script ran for more than %d ms without returning (an endless loop?)",
                   ScriptHost::callLimitMs);
}

int traceback(lua_State *L)
{
    const char *message = lua_tostring(L, 1);
    luaL_traceback(L, L, message ? message : "(error object is not a string)", 1);
    return 1;
}

} // namespace

void *ScriptHost::allocate(void *ud, void *ptr, size_t oldSize, size_t newSize)
{
    auto *host = static_cast<ScriptHost *>(ud);
    const size_t old = ptr ? oldSize : 0;
    if (newSize == 0) {
        host->m_used -= old;
        std::free(ptr);
        return nullptr;
    }
    if (newSize > old && host->m_used + (newSize - old) > memoryLimit)
        return nullptr; // Lua raises "not enough memory"
    void *grown = std::realloc(ptr, newSize);
    if (grown)
        host->m_used = host->m_used - old + newSize;
    return grown;
}

ScriptHost::ScriptHost(ScriptApi *api)
    : m_api(api)
{
    m_lua = lua_newstate(&ScriptHost::allocate, this);
    auto *hostState = new HostState{this, api, {}, 0};
    hostState->clock.start();
    *static_cast<HostState **>(lua_getextraspace(m_lua)) = hostState;
    openSandbox();
}

ScriptHost::~ScriptHost()
{
    HostState *hostState = state(m_lua);
    lua_close(m_lua);
    delete hostState;
}

void ScriptHost::openSandbox()
{
    lua_State *L = m_lua;
    static const luaL_Reg libraries[] = {{LUA_GNAME, luaopen_base},       {LUA_TABLIBNAME, luaopen_table},
                                         {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
                                         {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine}};
    for (const luaL_Reg &library : libraries) {
        luaL_requiref(L, library.name, library.func, 1);
        lua_pop(L, 1);
    }
    for (const char *unsafe : {"dofile", "loadfile"}) {
        lua_pushnil(L);
        lua_setglobal(L, unsafe);
    }
    // os: the clock only. io: nothing. Both say so when asked.
    luaL_requiref(L, "prometeu.os", luaopen_os, 0);
    lua_createtable(L, 0, 3);
    for (const char *safe : {"clock", "time", "difftime"}) {
        lua_getfield(L, -2, safe);
        lua_setfield(L, -2, safe);
    }
    setRefusingMetatable(L, "os");
    lua_setglobal(L, "os");
    lua_pop(L, 1);
    lua_createtable(L, 0, 0);
    setRefusingMetatable(L, "io");
    lua_setglobal(L, "io");
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, loadedKey);

    static const luaL_Reg functions[] = {
        {"print", luaPrint},           {"log", luaLog},
        {"load", luaLoadText_},        {"require", luaRequire},
        {"clear", luaClear},           {"draw_sprite", luaDrawSprite},
        {"draw_map", luaDrawMap},      {"draw_text", luaDrawText},
        {"draw_rect", luaDrawRect},    {"image_size", luaImageSize},
        {"map_size", luaMapSize},      {"map_tile", luaMapTile},
        {"screen_size", luaScreenSize}, {"play_sound", luaPlaySound},
        {"play_music", luaPlayMusic},  {"stop_music", luaStopMusic},
        {"key_down", luaKeyDown},      {"key_pressed", luaKeyPressed},
        {"time", luaTime},             {"load_json", luaLoadJson},
        {"load_text", luaLoadText},
    };
    for (const luaL_Reg &function : functions) {
        lua_pushcfunction(L, function.func);
        lua_setglobal(L, function.name);
    }
    lua_sethook(L, hook, LUA_MASKCOUNT, 10000);
}

bool ScriptHost::load(const QString &mainScript)
{
    m_mainScript = mainScript;
    if (!runChunk(mainScript, 0))
        return false;
    readConfig();
    return true;
}

bool ScriptHost::start() { return call("init", 0); }

void ScriptHost::readConfig()
{
    lua_State *L = m_lua;
    if (lua_getglobal(L, "game") == LUA_TTABLE) {
        if (lua_getfield(L, -1, "title") == LUA_TSTRING)
            m_config.title = argString(L, -1);
        lua_pop(L, 1);
        lua_getfield(L, -1, "width");
        lua_getfield(L, -2, "height");
        if (lua_isinteger(L, -2) && lua_isinteger(L, -1)) {
            const lua_Integer width = lua_tointeger(L, -2), height = lua_tointeger(L, -1);
            if (width >= 16 && height >= 16 && width <= 4096 && height <= 4096)
                m_config.resolution = QSize(int(width), int(height));
            else
                m_api->log(RuntimeLog::Level::Warning,
                           u"game.width and game.height must be between 16 and 4096; using %1×%2"_s
                               .arg(m_config.resolution.width()).arg(m_config.resolution.height()));
        }
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
}

void ScriptHost::frame(double dt)
{
    if (m_paused)
        return;
    lua_pushnumber(m_lua, dt);
    if (call("update", 1))
        call("draw", 0);
}

bool ScriptHost::reload(const QStringList &scripts, const QStringList &allEntries)
{
    lua_State *L = m_lua;
    bool ok = true;
    for (const QString &script : scripts) {
        if (script == m_mainScript) {
            ok = runChunk(script, 0) && ok;
            continue;
        }
        lua_getfield(L, LUA_REGISTRYINDEX, loadedKey);
        const QByteArray name = script.toUtf8();
        if (lua_getfield(L, -1, name.constData()) == LUA_TNIL) {
            lua_pop(L, 2); // never required: the next require loads the new version
            continue;
        }
        if (!runChunk(script, 1)) {
            lua_pop(L, 2);
            ok = false;
            continue;
        }
        // stack: loaded, old, new
        if (lua_istable(L, -2) && lua_istable(L, -1)) {
            // New functions go into the old table; its state (the fields
            // that are not functions) stays as the game left it.
            lua_pushnil(L);
            while (lua_next(L, -2)) { // stack: loaded, old, new, key, value
                bool replace = lua_isfunction(L, -1);
                if (!replace) {
                    lua_pushvalue(L, -2);
                    replace = lua_rawget(L, -5) == LUA_TNIL;
                    lua_pop(L, 1);
                }
                if (replace) {
                    lua_pushvalue(L, -2);
                    lua_pushvalue(L, -2);
                    lua_rawset(L, -6);
                }
                lua_pop(L, 1);
            }
            lua_pop(L, 2);
        } else {
            lua_setfield(L, -3, name.constData());
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    if (!ok)
        return false;
    m_paused = false;
    m_lastError.clear();
    lua_createtable(L, int(allEntries.size()), 0);
    for (qsizetype i = 0; i < allEntries.size(); ++i) {
        const QByteArray entry = allEntries.at(i).toUtf8();
        lua_pushlstring(L, entry.constData(), size_t(entry.size()));
        lua_rawseti(L, -2, lua_Integer(i + 1));
    }
    return call("on_reload", 1);
}

bool ScriptHost::runChunk(const QString &name, int results)
{
    lua_State *L = m_lua;
    lua_pushcfunction(L, traceback);
    const int handler = lua_gettop(L);
    const QByteArray entry = name.toUtf8();
    if (loadScript(L, entry.constData()) != LUA_OK) {
        fail(argString(L, -1));
        lua_pop(L, 2);
        return false;
    }
    HostState *host = state(L);
    host->deadlineMs = host->clock.elapsed() + callLimitMs;
    const int status = lua_pcall(L, 0, results, handler);
    host->deadlineMs = 0;
    if (status != LUA_OK) {
        fail(argString(L, -1));
        lua_pop(L, 2);
        return false;
    }
    lua_remove(L, handler);
    return true;
}

bool ScriptHost::call(const char *function, int arguments)
{
    lua_State *L = m_lua;
    if (lua_getglobal(L, function) != LUA_TFUNCTION) {
        lua_pop(L, 1 + arguments); // a game without this callback is fine
        return true;
    }
    lua_insert(L, -1 - arguments);
    lua_pushcfunction(L, traceback);
    lua_insert(L, -2 - arguments);
    const int handler = lua_gettop(L) - arguments - 1;
    HostState *host = state(L);
    host->deadlineMs = host->clock.elapsed() + callLimitMs;
    const int status = lua_pcall(L, arguments, 0, handler);
    host->deadlineMs = 0;
    if (status != LUA_OK) {
        fail(argString(L, -1));
        lua_pop(L, 2);
        return false;
    }
    lua_pop(L, 1);
    return true;
}

void ScriptHost::fail(const QString &message)
{
    // The first line carries "<entry>:<line>: <message>" (what the Studio
    // links to the asset); the traceback follows on the same log line.
    QString text = message;
    text.replace(u"\n\t"_s, u" | "_s).replace(u'\n', u" | "_s);
    m_lastError = text.section(u" | "_s, 0, 0);
    m_paused = true;
    m_api->log(RuntimeLog::Level::Error, text);
    m_api->log(RuntimeLog::Level::Info, u"the game's scripts are paused until the error is fixed and reloaded"_s);
}

} // namespace Prometeu
