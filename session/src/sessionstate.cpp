#include "session/sessionstate.h"

#include <packer/wirenames.h>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

constexpr std::array stateNames{
    std::pair{SessionState::Idle, u"idle"},
    std::pair{SessionState::Preparing, u"preparing"},
    std::pair{SessionState::PrepareFailed, u"prepare_failed"},
    std::pair{SessionState::Connecting, u"connecting"},
    std::pair{SessionState::Running, u"running"},
    std::pair{SessionState::RuntimeFailed, u"runtime_failed"},
    std::pair{SessionState::Stopped, u"stopped"},
};

} // namespace

QString wireName(SessionState state)
{
    return wireNameIn(stateNames, state);
}

std::optional<SessionState> sessionStateFromString(const QString &text)
{
    return wireValueIn<SessionState>(stateNames, text);
}

const QList<SessionTransition> &legalSessionTransitions()
{
    using S = SessionState;
    static const QList<SessionTransition> table{
        // Play
        {S::Idle, S::Preparing},
        {S::PrepareFailed, S::Preparing},
        {S::RuntimeFailed, S::Preparing},
        {S::Stopped, S::Preparing},
        // Preparation ends
        {S::Preparing, S::Connecting},
        {S::Preparing, S::PrepareFailed},
        // Connection ends
        {S::Connecting, S::Running},
        {S::Connecting, S::RuntimeFailed},
        // The game ends
        {S::Running, S::RuntimeFailed},
        {S::Running, S::Stopped},
        // Stop while preparing or connecting
        {S::Preparing, S::Stopped},
        {S::Connecting, S::Stopped},
    };
    return table;
}

bool isLegalTransition(SessionState from, SessionState to)
{
    for (const SessionTransition &t : legalSessionTransitions()) {
        if (t.from == from && t.to == to)
            return true;
    }
    return false;
}

bool canPlayFrom(SessionState state)
{
    return isLegalTransition(state, SessionState::Preparing);
}

bool isActive(SessionState state)
{
    return state == SessionState::Preparing || state == SessionState::Connecting
        || state == SessionState::Running;
}

} // namespace Prometeu
