#include "hub/eventserver.h"

#include <support/networkmodule.h>

namespace Prometeu {

namespace {

// Stands in when the network module cannot be loaded.
class UnavailableEventServer final : public EventServer
{
public:
    explicit UnavailableEventServer(QString why) : m_why(std::move(why)) {}

    bool start(const QString &, QString *error) override
    {
        if (error)
            *error = m_why;
        return false;
    }
    QUrl url() const override { return {}; }
    QByteArray token() const override { return {}; }
    quint16 port() const override { return 0; }

private:
    QString m_why;
};

} // namespace

std::unique_ptr<EventServer> EventServer::create(EventHub *hub, ServerActions *actions, const Options &options)
{
    using Maker = EventServer *(*)(EventHub *, ServerActions *, const Options &);
    QString why;
    if (const auto make = reinterpret_cast<Maker>(NetworkModule::resolve("prometeuNewEventServer", &why)))
        return std::unique_ptr<EventServer>(make(hub, actions, options));
    return std::make_unique<UnavailableEventServer>(why);
}

} // namespace Prometeu
