#include "runtime/studiolink.h"

#include "runtime/runtimelog.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {
constexpr qsizetype maxMessageBytes = 1024 * 1024; // a reload names at most a few thousand entries
}

StudioLink::StudioLink(RuntimeLog *log, QString fault, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_fault(std::move(fault))
{
}

bool StudioLink::connectTo(const QString &socketName, const QString &token, qsizetype entries)
{
    m_socket.connectToServer(socketName);
    if (!m_socket.waitForConnected(5000)) {
        m_log->error(u"cannot reach the Studio at %1: %2"_s.arg(socketName, m_socket.errorString()));
        return false;
    }
    if (m_fault == u"close-early"_s) {
        m_log->info(u"fault: closing the handshake socket before saying hello"_s);
        m_socket.disconnectFromServer();
        return true;
    }
    if (m_fault == u"garbage"_s) {
        m_log->info(u"fault: sending garbage instead of a hello"_s);
        m_socket.write(QByteArray("\x00\xff{not json at all\n", 20) + QByteArray(8192, '\x7f'));
        m_socket.flush();
        return true;
    }
    QJsonObject hello{{u"hello"_s, u"prometeu-runtime"_s},
                      {u"token"_s, token},
                      {u"pid"_s, qint64(QCoreApplication::applicationPid())},
                      {u"entries"_s, entries}};
    if (m_fault != u"no-reload"_s)
        hello.insert(u"capabilities"_s, QJsonArray{u"reload"_s});
    m_socket.write(QJsonDocument(hello).toJson(QJsonDocument::Compact) + '\n');
    m_socket.flush();
    m_log->info(u"handshake sent to %1"_s.arg(socketName));
    m_greeted = true;
    connect(&m_socket, &QLocalSocket::readyRead, this, &StudioLink::readMessages);
    connect(&m_socket, &QLocalSocket::disconnected, this,
            [this] { Q_EMIT stopRequested(u"the Studio went away"_s); });
    return true;
}

void StudioLink::readMessages()
{
    while (m_socket.canReadLine()) {
        const QJsonObject message = QJsonDocument::fromJson(m_socket.readLine(maxMessageBytes + 1)).object();
        const QString command = message.value(u"command"_s).toString();
        if (command == u"stop"_s) {
            Q_EMIT stopRequested(u"the Studio asked"_s);
        } else if (command == u"reload"_s && m_fault != u"no-reload"_s) {
            QStringList entries;
            for (const QJsonValue &entry : message.value(u"entries"_s).toArray())
                entries.append(entry.toString());
            Q_EMIT reloadRequested(message.value(u"generation"_s).toInteger(),
                                   message.value(u"cartridge"_s).toString(), entries);
        } else if (!command.isEmpty()) {
            m_log->warning(u"the Studio sent a command this runtime does not know: %1"_s.arg(command));
        }
    }
    if (!m_socket.canReadLine() && m_socket.bytesAvailable() > maxMessageBytes)
        m_socket.read(m_socket.bytesAvailable());
}

void StudioLink::sendReloaded(qint64 generation, const QStringList &replaced, const QStringList &problems)
{
    const QJsonObject answer{{u"event"_s, u"reloaded"_s},
                             {u"generation"_s, generation},
                             {u"entries"_s, QJsonArray::fromStringList(replaced)},
                             {u"problems"_s, QJsonArray::fromStringList(problems)}};
    m_socket.write(QJsonDocument(answer).toJson(QJsonDocument::Compact) + '\n');
    m_socket.flush();
}

} // namespace Prometeu
