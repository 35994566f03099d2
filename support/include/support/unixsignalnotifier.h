#pragma once

#include <QList>
#include <QObject>

#include <csignal>

class QSocketNotifier;

namespace Prometeu {

// Turns Unix signals (SIGINT, SIGTERM) into a Qt signal in the event loop,
// the self-pipe way: the handler writes the signal's number to a socket,
// a QSocketNotifier reads it. Nothing polls. While an object lives it owns
// those signals; destroying it puts the previous handlers back.
class UnixSignalNotifier : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalNotifier(QList<int> signalNumbers, QObject *parent = nullptr);
    ~UnixSignalNotifier() override;

    bool isValid() const { return m_notifier != nullptr; }
    // Leaves `signalNumber` ignored (SIG_IGN) instead, e.g. for a process
    // that must only die by SIGKILL.
    void ignore(int signalNumber);

Q_SIGNALS:
    void activated(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
    QList<std::pair<int, struct sigaction>> m_previous;
};

} // namespace Prometeu
