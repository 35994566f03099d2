#pragma once

#include "server/streamserver.h"

#include <hub/eventserver.h>

#include <QObject>
#include <QThread>

namespace Prometeu {

// Runs a StreamServer on a thread of its own, so a hundred clients'
// sockets never compete with the GUI (or a CLI's event loop) for its
// thread. The host keeps the ServerActions; requests that need them are
// posted to the host's thread and answered from the server's, so neither
// thread ever blocks on the other.
class StreamServerThread final : public EventServer
{
    Q_OBJECT
public:
    // `hub` and `actions` must outlive this object.
    StreamServerThread(EventHub *hub, ServerActions *actions, StreamServer::Options options, QObject *parent = nullptr);
    ~StreamServerThread() override;

    // Starts the thread and the server on it, and waits until it listens
    // (or failed to). `historyPath` may be empty: serve without history.
    bool start(const QString &historyPath, QString *error = nullptr) override;

    // Fixed once started.
    QUrl url() const override { return m_url; }
    QByteArray token() const override { return m_token; }
    quint16 port() const override { return m_port; }
    StreamServer::Stats stats() const;

private:
    EventHub *m_hub;
    ServerActions *m_actions;
    StreamServer::Options m_options;
    QThread m_thread;
    QObject *m_anchor = nullptr; // lives on m_thread: where calls into it run
    StreamServer *m_server = nullptr;
    QUrl m_url;
    QByteArray m_token;
    quint16 m_port = 0;
};

} // namespace Prometeu
