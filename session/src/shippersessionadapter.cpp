#include "session/shippersessionadapter.h"

#include "session/executionsession.h"

#include <QCoreApplication>

namespace Prometeu {

void ShipperSessionAdapter::message(const ShipperMessage &message)
{
    m_session->appendLog(message.stage, message.severity, message.text, message.asset, message.line);
}

void ShipperSessionAdapter::finished(const ShipperResult &result)
{
    switch (result.outcome) {
    case ShipperResult::Outcome::Ready:
        m_session->transitionTo(SessionState::Connecting,
                                QCoreApplication::translate("ShipperSessionAdapter", "cartridge ready: %1")
                                    .arg(result.cartridgePath));
        break;
    case ShipperResult::Outcome::Failed:
        m_session->transitionTo(SessionState::PrepareFailed, result.reason);
        break;
    case ShipperResult::Outcome::Cancelled:
        // Stop already moved the session to stopped; nothing to add.
        break;
    }
}

} // namespace Prometeu
