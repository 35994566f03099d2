#include "session/runtimeconnection.h"

#include "session/runtimehandshake.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUuid>

#include <cerrno>
#include <climits>
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class ConnectionText
{
    Q_DECLARE_TR_FUNCTIONS(RuntimeLauncher) // the catalogue's context for these sentences since #4
};

// Handshake sockets (prometeu-<pid>-<token>) left in the temporary folder
// by a Studio or `prometeu play` that was killed: their process is gone, so
// nothing can ever answer on them. Only this user's, only sockets.
void removeSocketsOfDeadProcesses()
{
    const QDir temp(QDir::tempPath());
    const QStringList names = temp.entryList({u"prometeu-*-*"_s}, QDir::System | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        const QStringList parts = name.split(u'-');
        bool isNumber = false;
        const qint64 pid = parts.value(1).toLongLong(&isNumber);
        if (parts.size() != 3 || !isNumber || pid <= 0 || pid > INT_MAX)
            continue;
        const QString path = temp.filePath(name);
        struct stat info;
        if (::lstat(QFile::encodeName(path).constData(), &info) != 0 || !S_ISSOCK(info.st_mode) || info.st_uid != ::getuid())
            continue;
        if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            QFile::remove(path);
    }
}

} // namespace

// The runtime's connection over a local socket, in the network module.
class LocalRuntimeConnection final : public RuntimeConnection
{
public:
    explicit LocalRuntimeConnection(QObject *parent);

    bool listen(QString *error) override;
    QString serverName() const override { return m_server.fullServerName(); }
    QString token() const override { return m_token; }
    void expectHandshakeWithin(int timeoutMs) override;
    bool isConnected() const override { return m_socket != nullptr; }
    bool supports(const QString &capability) const override { return m_capabilities.contains(capability); }
    bool send(const QJsonObject &message) override;
    void close() override;

private:
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);
    void readMessages();

    QLocalServer m_server;
    QPointer<QLocalSocket> m_socket; // the runtime that shook hands
    QTimer m_handshakeTimer;
    QString m_token;
    QStringList m_capabilities;
};

LocalRuntimeConnection::LocalRuntimeConnection(QObject *parent)
    : RuntimeConnection(parent)
{
    m_handshakeTimer.setSingleShot(true);
    connect(&m_server, &QLocalServer::newConnection, this, &LocalRuntimeConnection::onNewConnection);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        Q_EMIT failed(ConnectionText::tr("The runtime did not shake hands within %1 ms.")
                          .arg(m_handshakeTimer.interval()));
    });
}

bool LocalRuntimeConnection::listen(QString *error)
{
    close();
    m_token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString name = u"prometeu-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(m_token.left(8));
    removeSocketsOfDeadProcesses();
    QLocalServer::removeServer(name);
    if (!m_server.listen(name)) {
        if (error)
            *error = ConnectionText::tr("Cannot open the handshake socket: %1.").arg(m_server.errorString());
        return false;
    }
    return true;
}

void LocalRuntimeConnection::expectHandshakeWithin(int timeoutMs)
{
    if (!m_socket)
        m_handshakeTimer.start(timeoutMs);
}

void LocalRuntimeConnection::close()
{
    m_handshakeTimer.stop();
    m_server.close();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = nullptr;
    m_capabilities.clear();
}

bool LocalRuntimeConnection::send(const QJsonObject &message)
{
    if (!m_socket)
        return false;
    m_socket->write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    return true;
}

void LocalRuntimeConnection::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void LocalRuntimeConnection::onReadyRead(QLocalSocket *socket)
{
    if (socket == m_socket) {
        readMessages();
        return;
    }
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > RuntimeHandshake::maxLineBytes) {
            socket->abort();
            Q_EMIT failed(ConnectionText::tr("The runtime sent an oversized handshake."));
        }
        return;
    }
    const QByteArray line = socket->readLine(RuntimeHandshake::maxLineBytes + 1);
    if (m_socket)
        return; // only the first handshake counts
    RuntimeHandshake::Error error = RuntimeHandshake::Error::None;
    const auto hello = RuntimeHandshake::parse(line, m_token, &error);
    if (!hello) {
        socket->abort();
        Q_EMIT failed(error == RuntimeHandshake::Error::NotJson
                          ? ConnectionText::tr("The runtime's handshake was not the expected JSON line.")
                          : ConnectionText::tr("The runtime's handshake had a wrong or missing token."));
        return;
    }
    m_socket = socket;
    m_capabilities = hello->capabilities;
    m_handshakeTimer.stop();
    Q_EMIT connected(hello->pid);
    if (socket->canReadLine())
        readMessages();
}

void LocalRuntimeConnection::readMessages()
{
    while (m_socket && m_socket->canReadLine()) {
        const QByteArray line = m_socket->readLine(maxMessageBytes + 1);
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (document.isObject())
            Q_EMIT messageReceived(document.object());
    }
    // A runtime that never ends a line must not grow memory forever.
    if (m_socket && !m_socket->canReadLine() && m_socket->bytesAvailable() > maxMessageBytes)
        m_socket->read(m_socket->bytesAvailable());
}

} // namespace Prometeu

// The module's maker of runtime connections (RuntimeConnection::create).
extern "C" Q_DECL_EXPORT Prometeu::RuntimeConnection *prometeuNewRuntimeConnection(QObject *parent)
{
    return new Prometeu::LocalRuntimeConnection(parent);
}
