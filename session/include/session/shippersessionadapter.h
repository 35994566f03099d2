#pragma once

#include "session/shipper.h"

namespace Prometeu {

class ExecutionSession;

// Feeds the shipper's output into the session: each message becomes a log
// entry under its stage's source, and the result becomes the transition
// out of preparing (connecting or prepare_failed). The shipper keeps
// ownership of preparation; the session only consumes.
class ShipperSessionAdapter final : public ShipperOutput
{
public:
    explicit ShipperSessionAdapter(ExecutionSession *session) : m_session(session) {}

    void message(const ShipperMessage &message) override;
    void finished(const ShipperResult &result) override;

private:
    ExecutionSession *m_session;
};

} // namespace Prometeu
