#pragma once

#include <functional>

class QObject;

namespace Prometeu {

// Runs `call` on the thread `context` lives in and waits until it has run
// (directly, when that is the calling thread). What
// Qt::BlockingQueuedConnection does, but the wait is a std::mutex and
// std::condition_variable, so ThreadSanitizer sees the hand-over both ways
// (Debian's Qt does its waiting inside libQt6Core, out of its sight).
// The context's thread must be running its event loop.
void runBlocking(QObject *context, const std::function<void()> &call);

} // namespace Prometeu
