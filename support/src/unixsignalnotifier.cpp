#include "support/unixsignalnotifier.h"

#include <QSocketNotifier>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Prometeu {

namespace {

// One per process: signal handlers are process-wide.
int signalPipe[2] = {-1, -1};

extern "C" void writeSignalNumber(int signalNumber)
{
    const auto byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

bool ensurePipe()
{
    if (signalPipe[0] >= 0)
        return true;
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalPipe) != 0)
        return false;
    // A flood of signals must never block the handler, nor a drain the reader.
    ::fcntl(signalPipe[1], F_SETFL, ::fcntl(signalPipe[1], F_GETFL) | O_NONBLOCK);
    ::fcntl(signalPipe[0], F_SETFL, ::fcntl(signalPipe[0], F_GETFL) | O_NONBLOCK);
    return true;
}

} // namespace

UnixSignalNotifier::UnixSignalNotifier(QList<int> signalNumbers, QObject *parent)
    : QObject(parent)
{
    if (!ensurePipe())
        return;
    // What arrived while nobody listened belongs to nobody.
    unsigned char stale[64];
    while (::read(signalPipe[0], stale, sizeof stale) > 0) {
    }
    m_notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        unsigned char byte = 0;
        if (::read(signalPipe[0], &byte, 1) == 1)
            Q_EMIT activated(int(byte));
    });
    for (int number : signalNumbers) {
        struct sigaction action = {};
        action.sa_handler = writeSignalNumber;
        ::sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        struct sigaction previous = {};
        if (::sigaction(number, &action, &previous) == 0)
            m_previous.append({number, previous});
    }
}

UnixSignalNotifier::~UnixSignalNotifier()
{
    for (const auto &[number, previous] : std::as_const(m_previous))
        ::sigaction(number, &previous, nullptr);
}

void UnixSignalNotifier::ignore(int signalNumber)
{
    struct sigaction action = {};
    action.sa_handler = SIG_IGN;
    ::sigemptyset(&action.sa_mask);
    ::sigaction(signalNumber, &action, nullptr);
}

} // namespace Prometeu
