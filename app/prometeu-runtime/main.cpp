// prometeu-runtime: the reference runtime. Loads and verifies a cartridge,
// shakes hands with the Studio over a local socket, then runs a frame loop
// that logs at a modest rate until it is told to stop (SIGTERM, SIGINT, or
// "stop" on the socket). Protocol: docs/runtime-protocol.md.

#include "runtimelog.h"

#include <packer/cartridge.h>
#include <support/unixsignalnotifier.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QTimer>

#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Prometeu;

namespace {

const QStringList faults{u"crash"_s, u"hang"_s, u"flood"_s, u"ignore-term"_s, u"close-early"_s, u"garbage"_s};

void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(u"Prometeu reference runtime: loads a cartridge and runs it.\n"
                                     "Exit codes: 0 stopped cleanly, 2 usage error or bad cartridge, "
                                     "3 handshake failed."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"cartridge"_s, u"Cartridge file (.pcart)."_s);
    parser.addOption({u"connect"_s, u"Local socket of the Studio to shake hands with (or PROMETEU_STUDIO_SOCKET)."_s, u"name"_s});
    parser.addOption({u"token"_s, u"One-time token for the handshake (or PROMETEU_STUDIO_TOKEN)."_s, u"token"_s});
    parser.addOption({u"headless"_s, u"Never open a window (this runtime has none yet)."_s});
    parser.addOption({u"fps"_s, u"Frames per second of the loop (default 60)."_s, u"n"_s, u"60"_s});
    parser.addOption({u"fault"_s, u"Misbehave on purpose, to test a Studio (docs/runtime-protocol.md): crash, hang, "
                                  "flood, ignore-term, close-early or garbage."_s, u"mode"_s});
}

// Opens the cartridge and reads (decompresses, hash-checks) every entry.
bool loadCartridge(CartridgeReader &reader, const QString &path, RuntimeLog &log)
{
    if (!reader.open(path)) {
        log.error(reader.errorString());
        return false;
    }
    qint64 verified = 0;
    for (const CartridgeEntry &entry : reader.entries()) {
        if (!reader.read(entry)) {
            log.error(reader.errorString());
            return false;
        }
        verified += qint64(entry.originalSize);
    }
    log.info(u"loaded %1 entries (%2 bytes) from %3"_s.arg(reader.entries().size()).arg(verified).arg(path));
    return true;
}

// The game's end of the Studio's socket: the handshake, then commands.
class StudioLink
{
public:
    StudioLink(RuntimeLog &log, const QString &fault) : m_log(log), m_fault(fault) {}

    // Connects and says hello (or misbehaves, as --fault asks). False when
    // the Studio cannot be reached.
    bool connect(const QString &socketName, const QString &token, qsizetype entries)
    {
        m_socket.connectToServer(socketName);
        if (!m_socket.waitForConnected(5000)) {
            m_log.error(u"cannot reach the Studio at %1: %2"_s.arg(socketName, m_socket.errorString()));
            return false;
        }
        if (m_fault == u"close-early"_s) {
            m_log.info(u"fault: closing the handshake socket before saying hello"_s);
            m_socket.disconnectFromServer();
            return true;
        }
        if (m_fault == u"garbage"_s) {
            m_log.info(u"fault: sending garbage instead of a hello"_s);
            m_socket.write(QByteArray("\x00\xff{not json at all\n", 20) + QByteArray(8192, '\x7f'));
            m_socket.flush();
            return true;
        }
        const QJsonObject hello{{u"hello"_s, u"prometeu-runtime"_s}, {u"token"_s, token},
                                {u"pid"_s, qint64(QCoreApplication::applicationPid())}, {u"entries"_s, entries}};
        m_socket.write(QJsonDocument(hello).toJson(QJsonDocument::Compact) + '\n');
        m_socket.flush();
        m_log.info(u"handshake sent to %1"_s.arg(socketName));
        m_greeted = true;
        return true;
    }

    // Calls `stop` when the Studio asks, or goes away.
    void onStop(const std::function<void(const QString &)> &stop)
    {
        if (!m_greeted)
            return;
        QObject::connect(&m_socket, &QLocalSocket::readyRead, [this, stop] {
            while (m_socket.canReadLine()) {
                const QJsonObject message = QJsonDocument::fromJson(m_socket.readLine()).object();
                if (message.value(u"command"_s).toString() == u"stop"_s)
                    stop(u"the Studio asked"_s);
            }
        });
        QObject::connect(&m_socket, &QLocalSocket::disconnected, [stop] { stop(u"the Studio went away"_s); });
    }

private:
    RuntimeLog &m_log;
    const QString m_fault;
    QLocalSocket m_socket;
    bool m_greeted = false;
};

// --fault: how this runtime misbehaves on purpose, once running.
void startFault(const QString &fault, RuntimeLog &log, QTimer &misbehave, const quint64 &frame)
{
    if (fault == u"ignore-term"_s)
        log.info(u"fault: ignoring SIGTERM and the Studio's stop command"_s);
    if (fault == u"crash"_s) {
        QTimer::singleShot(300, [&log] {
            log.error(u"fault: crashing now"_s);
            std::abort();
        });
    } else if (fault == u"hang"_s) {
        QTimer::singleShot(300, [&log] {
            log.info(u"fault: hanging (no event loop, SIGTERM ignored)"_s);
            for (;;)
                ::pause();
        });
    } else if (fault == u"flood"_s) {
        misbehave.setInterval(0);
        QObject::connect(&misbehave, &QTimer::timeout, [&log, &frame] {
            for (int i = 0; i < 1000; ++i)
                log.info(u"fault: flooding line %1 with some text to make it a realistic length"_s.arg(frame * 1000 + quint64(i)));
        });
        misbehave.start();
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"prometeu-runtime"_s);
    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);
    const QString fault = parser.value(u"fault"_s);

    RuntimeLog log;
    if (!fault.isEmpty() && !faults.contains(fault)) {
        log.error(u"unknown --fault %1"_s.arg(fault));
        return 2;
    }
    if (parser.positionalArguments().size() != 1) {
        log.error(u"expected exactly one cartridge"_s);
        return 2;
    }
    CartridgeReader reader;
    if (!loadCartridge(reader, parser.positionalArguments().first(), log))
        return 2;

    // Stop requests arrive as signals, or on the socket.
    UnixSignalNotifier stopSignals({SIGTERM, SIGINT});
    if (!stopSignals.isValid()) {
        log.error(u"cannot install the stop handler"_s);
        return 2;
    }
    const bool deaf = fault == u"hang"_s || fault == u"ignore-term"_s; // only SIGKILL ends these
    if (deaf)
        stopSignals.ignore(SIGTERM);
    bool stopping = false;
    auto stop = [&](const QString &why) {
        if (stopping)
            return;
        stopping = true;
        log.info(u"stopping: %1"_s.arg(why));
        QCoreApplication::exit(0);
    };
    QObject::connect(&stopSignals, &UnixSignalNotifier::activated, [&] { stop(u"signal"_s); });

    const QString socketName = parser.isSet(u"connect"_s) ? parser.value(u"connect"_s)
                                                          : qEnvironmentVariable("PROMETEU_STUDIO_SOCKET");
    const QString token = parser.isSet(u"token"_s) ? parser.value(u"token"_s)
                                                   : qEnvironmentVariable("PROMETEU_STUDIO_TOKEN");
    StudioLink studio(log, fault);
    if (!socketName.isEmpty() && !studio.connect(socketName, token, reader.entries().size()))
        return 3;
    if (!deaf)
        studio.onStop(stop);

    const int fps = qBound(1, parser.value(u"fps"_s).toInt(), 1000);
    quint64 frame = 0;
    QTimer loop;
    loop.setInterval(1000 / fps);
    QObject::connect(&loop, &QTimer::timeout, [&] {
        ++frame;
        if (frame % quint64(fps) == 0) // one line a second: a modest rate
            log.debug(u"frame %1"_s.arg(frame));
    });
    loop.start();
    log.info(u"running at %1 fps"_s.arg(fps));
    QTimer misbehave;
    startFault(fault, log, misbehave, frame);
    const int code = app.exec();
    log.info(u"stopped after %1 frames"_s.arg(frame));
    return code;
}
