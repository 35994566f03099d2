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
    parser.process(app);

    RuntimeLog log;
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
    std::signal(SIGTERM, onStopSignal);
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
        const QJsonObject hello{{u"hello"_s, u"prometeu-runtime"_s}, {u"token"_s, token},
                                {u"pid"_s, qint64(QCoreApplication::applicationPid())},
                                {u"entries"_s, reader.entries().size()}};
        studio.write(QJsonDocument(hello).toJson(QJsonDocument::Compact) + '\n');
        studio.flush();
        log.info(u"handshake sent to %1"_s.arg(socketName));
        QObject::connect(&studio, &QLocalSocket::readyRead, [&] {
            while (studio.canReadLine()) {
                const QJsonObject message = QJsonDocument::fromJson(studio.readLine()).object();
                if (message.value(u"command"_s).toString() == u"stop"_s)
                    stop(u"the Studio asked"_s);
            }
        });
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
    const int code = app.exec();
    log.info(u"stopped after %1 frames"_s.arg(frame));
    return code;
}
