#pragma once

#include <QJsonObject>
#include <QLocalSocket>
#include <QObject>
#include <QStringList>

namespace Prometeu {

class RuntimeLog;

// The game's end of the Studio's socket (docs/runtime-protocol.md): the
// handshake, then one JSON line per message each way. Says what the Studio
// asks (stop, reload) and answers reloads.
class StudioLink : public QObject
{
    Q_OBJECT
public:
    // How this runtime misbehaves on purpose, for testing a Studio:
    // "close-early", "garbage", or "no-reload" (a handshake without the
    // reload capability); empty for none.
    StudioLink(RuntimeLog *log, QString fault, QObject *parent = nullptr);

    // Connects and says hello. False when the Studio cannot be reached.
    bool connectTo(const QString &socketName, const QString &token, qsizetype entries);
    bool isGreeted() const { return m_greeted; }

    // Answers a reload: what was replaced and what could not be.
    void sendReloaded(qint64 generation, const QStringList &replaced, const QStringList &problems);

Q_SIGNALS:
    void stopRequested(const QString &why);
    void reloadRequested(qint64 generation, const QString &cartridge, const QStringList &entries);

private:
    void readMessages();

    RuntimeLog *m_log;
    const QString m_fault;
    QLocalSocket m_socket;
    bool m_greeted = false;
};

} // namespace Prometeu
