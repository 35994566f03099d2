#include "hub/eventstreamconnection.h"

#include <support/networkmodule.h>

namespace Prometeu {

std::unique_ptr<EventStreamConnection> EventStreamConnection::create(QString *why, QObject *parent)
{
    using Maker = EventStreamConnection *(*)(QObject *);
    if (const auto make = reinterpret_cast<Maker>(NetworkModule::resolve("prometeuNewEventStreamConnection", why)))
        return std::unique_ptr<EventStreamConnection>(make(parent));
    return nullptr;
}

} // namespace Prometeu
