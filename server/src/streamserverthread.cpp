#include "server/streamserverthread.h"

#include <hub/blockingcall.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

StreamServerThread::StreamServerThread(EventHub *hub, ServerActions *actions, StreamServer::Options options, QObject *parent)
    : EventServer(parent)
    , m_hub(hub)
    , m_actions(actions)
    , m_options(std::move(options))
{
    m_thread.setObjectName(u"StreamServer"_s);
}

StreamServerThread::~StreamServerThread()
{
    if (!m_thread.isRunning())
        return;
    // The server and its sockets die on their own thread. This thread waits
    // for that, and only then (in ~QObject) drops the action calls the
    // server posted here: so a posted call always finds the server alive.
    runBlocking(m_anchor, [this] {
        delete m_server;
        m_server = nullptr;
    });
    m_thread.quit();
    m_thread.wait();
}

bool StreamServerThread::start(const QString &historyPath, QString *error)
{
    if (m_thread.isRunning())
        return m_server != nullptr;
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_anchor, &QObject::deleteLater);
    m_thread.start();
    bool started = false;
    QString why;
    runBlocking(m_anchor, [&] {
        auto *server = new StreamServer(m_hub, m_actions, m_options);
        // Actions run on the host's thread (where `this` lives).
        server->setActionDispatcher([this](std::function<void()> call) {
            QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
        });
        if (!historyPath.isEmpty())
            server->openHistory(historyPath);
        if (!server->start(&why)) {
            delete server;
            return;
        }
        connect(server, &StreamServer::clientsChanged, this, &StreamServerThread::clientsChanged);
        m_server = server;
        m_url = server->url();
        m_token = server->token();
        m_port = server->port();
        started = true;
    });
    if (!started && error)
        *error = why;
    return started;
}

StreamServer::Stats StreamServerThread::stats() const
{
    return m_server ? m_server->stats() : StreamServer::Stats();
}

} // namespace Prometeu

// The module's maker of event servers (EventServer::create).
extern "C" Q_DECL_EXPORT Prometeu::EventServer *prometeuNewEventServer(Prometeu::EventHub *hub, Prometeu::ServerActions *actions,
                                                                       const Prometeu::EventServer::Options &options)
{
    Prometeu::StreamServer::Options serverOptions;
    serverOptions.port = options.port;
    serverOptions.token = options.token;
    if (options.heartbeatMs > 0)
        serverOptions.heartbeatMs = options.heartbeatMs;
    return new Prometeu::StreamServerThread(hub, actions, serverOptions);
}
