#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace Prometeu {

// The execution session's states (issue #4). Play goes idle -> preparing ->
// connecting -> running; each phase can fail; Stop ends in stopped.
enum class SessionState { Idle, Preparing, PrepareFailed, Connecting, Running, RuntimeFailed, Stopped };

QString wireName(SessionState state);
std::optional<SessionState> sessionStateFromString(const QString &text);

// The explicit table of legal transitions. Anything not listed is refused.
struct SessionTransition {
    SessionState from;
    SessionState to;
};
const QList<SessionTransition> &legalSessionTransitions();
bool isLegalTransition(SessionState from, SessionState to);
// States from which Play may start a new run.
bool canPlayFrom(SessionState state);
// States in which something is under way that Stop must end.
bool isActive(SessionState state);

} // namespace Prometeu
