// prometeu-runtime: the reference runtime. Loads and verifies a cartridge,
// shakes hands with the Studio over a local socket, then runs a frame loop
// that logs at a modest rate until it is told to stop (SIGTERM, SIGINT, or
// "stop" on the socket). Protocol: docs/runtime-protocol.md.

#include "runtimelog.h"

#include <packer/cartridge.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Prometeu;

namespace {

int signalPipe[2] = {-1, -1};

extern "C" void onStopSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"prometeu-runtime"_s);
    QCommandLineParser parser;
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
    parser.process(app);
    const QString fault = parser.value(u"fault"_s);
    static const QStringList faults{u"crash"_s, u"hang"_s, u"flood"_s, u"ignore-term"_s, u"close-early"_s, u"garbage"_s};

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
    if (!reader.open(parser.positionalArguments().first())) {
        log.error(reader.errorString());
        return 2;
    }
    qint64 verified = 0;
    for (const CartridgeEntry &entry : reader.entries()) {
        if (!reader.read(entry)) {
            log.error(reader.errorString());
            return 2;
        }
        verified += qint64(entry.originalSize);
    }
    log.info(u"loaded %1 entries (%2 bytes) from %3"_s.arg(reader.entries().size()).arg(verified)
                 .arg(parser.positionalArguments().first()));

    // Stop requests arrive as signals; a self-pipe hands them to the event loop.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0) {
        log.error(u"cannot install the stop handler"_s);
        return 2;
    }
    QSocketNotifier stopNotifier(signalPipe[0], QSocketNotifier::Read);
    bool stopping = false;
    auto stop = [&](const QString &why) {
        if (stopping)
            return;
        stopping = true;
        log.info(u"stopping: %1"_s.arg(why));
        QCoreApplication::exit(0);
    };
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, [&] { stop(u"signal"_s); });
    const bool deaf = fault == u"hang"_s || fault == u"ignore-term"_s; // only SIGKILL ends these
    std::signal(SIGTERM, deaf ? SIG_IGN : onStopSignal);
    std::signal(SIGINT, onStopSignal);

    const QString socketName = parser.isSet(u"connect"_s) ? parser.value(u"connect"_s)
                                                          : qEnvironmentVariable("PROMETEU_STUDIO_SOCKET");
    const QString token = parser.isSet(u"token"_s) ? parser.value(u"token"_s)
                                                   : qEnvironmentVariable("PROMETEU_STUDIO_TOKEN");
    QLocalSocket studio;
    if (!socketName.isEmpty()) {
        studio.connectToServer(socketName);
        if (!studio.waitForConnected(5000)) {
            log.error(u"cannot reach the Studio at %1: %2"_s.arg(socketName, studio.errorString()));
            return 3;
        }
        if (fault == u"close-early"_s) {
            log.info(u"fault: closing the handshake socket before saying hello"_s);
            studio.disconnectFromServer();
        } else if (fault == u"garbage"_s) {
            log.info(u"fault: sending garbage instead of a hello"_s);
            studio.write(QByteArray("\x00\xff{not json at all\n", 20) + QByteArray(8192, '\x7f'));
            studio.flush();
        }
    }
    if (!socketName.isEmpty() && studio.state() == QLocalSocket::ConnectedState && fault != u"garbage"_s) {
        const QJsonObject hello{{u"hello"_s, u"prometeu-runtime"_s}, {u"token"_s, token},
                                {u"pid"_s, qint64(QCoreApplication::applicationPid())},
                                {u"entries"_s, reader.entries().size()}};
        studio.write(QJsonDocument(hello).toJson(QJsonDocument::Compact) + '\n');
        studio.flush();
        log.info(u"handshake sent to %1"_s.arg(socketName));
        QObject::connect(&studio, &QLocalSocket::readyRead, [&] {
            while (studio.canReadLine()) {
                const QJsonObject message = QJsonDocument::fromJson(studio.readLine()).object();
                if (message.value(u"command"_s).toString() == u"stop"_s && !deaf)
                    stop(u"the Studio asked"_s);
            }
        });
        if (!deaf)
            QObject::connect(&studio, &QLocalSocket::disconnected, [&] { stop(u"the Studio went away"_s); });
    }

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
    if (fault == u"ignore-term"_s)
        log.info(u"fault: ignoring SIGTERM and the Studio's stop command"_s);
    if (fault == u"crash"_s) {
        QTimer::singleShot(300, [&] {
            log.error(u"fault: crashing now"_s);
            std::abort();
        });
    } else if (fault == u"hang"_s) {
        QTimer::singleShot(300, [&] {
            log.info(u"fault: hanging (no event loop, SIGTERM ignored)"_s);
            for (;;)
                ::pause();
        });
    } else if (fault == u"flood"_s) {
        misbehave.setInterval(0);
        QObject::connect(&misbehave, &QTimer::timeout, [&] {
            for (int i = 0; i < 1000; ++i)
                log.info(u"fault: flooding line %1 with some text to make it a realistic length"_s.arg(frame * 1000 + quint64(i)));
        });
        misbehave.start();
    }
    const int code = app.exec();
    log.info(u"stopped after %1 frames"_s.arg(frame));
    return code;
}
