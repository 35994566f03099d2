#pragma once

#include <QFunctionPointer>
#include <QString>

namespace Prometeu {

// Qt Network, Qt HttpServer and WebSockets, with Kerberos, libproxy and
// brotli under them, are a third of the symbols a process binds when it
// starts (~2 ms of every command). What talks over a socket (the team
// cache's HTTP client, the stream server, the runtime's local socket, the
// `tail` client) lives in libprometeu-network.so (network/), loaded the
// first time one of them is made, so a build, scan or check that talks to
// nothing starts without them. Each part declares its interface in its own
// library and asks this loader for the function the module exports to make
// one (remotecache/httpcacheclient.h, session/runtimeconnection.h,
// hub/eventserver.h, hub/eventstreamconnection.h).
class NetworkModule
{
public:
    // Bumped whenever an interface the module implements changes: a module
    // built against another layout is refused rather than called.
    static constexpr int interfaceVersion = 1;

    // The function the module exports as `symbol` (the module is loaded
    // once, on first use, from any thread), or null with *why naming the
    // file and the reason.
    static QFunctionPointer resolve(const char *symbol, QString *why = nullptr);
};

} // namespace Prometeu
