#include "session/runtimeconnection.h"

#include <support/networkmodule.h>

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class ConnectionText
{
    Q_DECLARE_TR_FUNCTIONS(RuntimeLauncher) // the catalogue's context for these sentences since #4
};

// Stands in when the network module cannot be loaded: Play then fails at
// once with the reason, as for a socket that cannot be opened.
class UnavailableRuntimeConnection final : public RuntimeConnection
{
public:
    UnavailableRuntimeConnection(QString why, QObject *parent) : RuntimeConnection(parent), m_why(std::move(why)) {}

    bool listen(QString *error) override
    {
        if (error)
            *error = ConnectionText::tr("Cannot open the handshake socket: %1.").arg(m_why);
        return false;
    }
    QString serverName() const override { return {}; }
    QString token() const override { return {}; }
    void expectHandshakeWithin(int) override {}
    bool isConnected() const override { return false; }
    bool supports(const QString &) const override { return false; }
    bool send(const QJsonObject &) override { return false; }
    void close() override {}

private:
    QString m_why;
};

} // namespace

std::unique_ptr<RuntimeConnection> RuntimeConnection::create(QObject *parent)
{
    using Maker = RuntimeConnection *(*)(QObject *);
    QString why;
    if (const auto make = reinterpret_cast<Maker>(NetworkModule::resolve("prometeuNewRuntimeConnection", &why)))
        return std::unique_ptr<RuntimeConnection>(make(parent));
    return std::make_unique<UnavailableRuntimeConnection>(why, parent);
}

bool RuntimeConnection::sendStop()
{
    return send(QJsonObject{{u"command"_s, u"stop"_s}});
}

} // namespace Prometeu
