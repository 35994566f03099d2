// prometeu-runtime: the reference runtime. Loads a cartridge, runs its
// scripts and shows the game in a window (or headless), shakes hands with
// the Studio over a local socket and takes its commands (stop, reload)
// until it is told to stop (SIGTERM, SIGINT, "stop" on the socket, or the
// window closed). Protocol: docs/runtime-protocol.md; the scripts' API:
// docs/runtime-api.md.

#include <runtime/framepacer.h>
#include <runtime/game.h>
#include <runtime/gamewindow.h>
#include <runtime/runtimelog.h>
#include <runtime/studiolink.h>

#include <support/unixsignalnotifier.h>
#include <support/writeall.h>

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QSaveFile>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Prometeu;

namespace {

const QStringList faults{u"crash"_s,       u"hang"_s,    u"flood"_s,    u"ignore-term"_s,
                         u"close-early"_s, u"garbage"_s, u"no-reload"_s};

void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(u"Prometeu reference runtime: loads a cartridge and runs the game.\n"
                                     "Exit codes: 0 stopped cleanly, 2 usage error or bad cartridge, "
                                     "3 handshake failed."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"cartridge"_s, u"Cartridge file (.pcart)."_s);
    parser.addOption({u"connect"_s, u"Local socket of the Studio to shake hands with (or PROMETEU_STUDIO_SOCKET)."_s, u"name"_s});
    parser.addOption({u"token"_s, u"One-time token for the handshake (or PROMETEU_STUDIO_TOKEN)."_s, u"token"_s});
    parser.addOption({u"headless"_s, u"Run the game without a window (and without sound)."_s});
    parser.addOption({u"scale"_s, u"Initial window scale of the game's resolution (default 3)."_s, u"n"_s, u"3"_s});
    parser.addOption({u"raster"_s, u"Present through the raster backing store even where OpenGL is available (no vsync)."_s});
    parser.addOption({u"fps"_s, u"Frames per second (default 60)."_s, u"n"_s, u"60"_s});
    parser.addOption({u"frames"_s, u"Stop after this many frames."_s, u"n"_s});
    parser.addOption({u"capture"_s, u"On exit, save the game's last frame to this PNG file."_s, u"png"_s});
    parser.addOption({u"no-audio"_s, u"Do not open the audio device."_s});
    parser.addOption({u"fault"_s, u"Misbehave on purpose, to test a Studio (docs/runtime-protocol.md): crash, hang, "
                                  "flood, ignore-term, close-early, garbage or no-reload."_s, u"mode"_s});
}

// Before QGuiApplication exists: a runtime asked for no window, or with no
// display to put one on, renders off screen. Returns why, for the log.
QString chooseHeadless(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--headless") == 0) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return u"headless: no window"_s;
        }
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        return u"no display (DISPLAY and WAYLAND_DISPLAY are unset): running without a window"_s;
    }
    return {};
}

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

// Time between frames as the player sees it; summarised at exit.
class FrameClock
{
public:
    void tick()
    {
        if (m_clock.isValid())
            m_intervals.append(float(m_clock.nsecsElapsed() / 1e6));
        m_clock.start();
    }
    QString summary() const
    {
        if (m_intervals.isEmpty())
            return {};
        QList<float> sorted = m_intervals;
        std::sort(sorted.begin(), sorted.end());
        auto at = [&](double q) { return sorted.at(qMin(sorted.size() - 1, qsizetype(q * sorted.size()))); };
        return u"frame interval p50 %1 ms, p99 %2 ms, max %3 ms"_s.arg(at(0.5), 0, 'f', 1)
            .arg(at(0.99), 0, 'f', 1)
            .arg(sorted.last(), 0, 'f', 1);
    }

private:
    QElapsedTimer m_clock;
    QList<float> m_intervals;
};

// Qt's own messages in the log's format. Two are noise on machines without
// a desktop session: the runtime says "no audio output device" itself, and
// a missing XDG_RUNTIME_DIR changes nothing for a game.
void qtMessage(QtMsgType type, const QMessageLogContext &, const QString &text)
{
    static RuntimeLog log;
    if (text.startsWith(u"QStandardPaths: XDG_RUNTIME_DIR"_s))
        return;
    if (text.startsWith(u"PulseAudioService:"_s)) {
        log.debug(text);
        return;
    }
    switch (type) {
    case QtDebugMsg: log.debug(text); break;
    case QtInfoMsg: log.info(text); break;
    case QtWarningMsg: log.warning(text); break;
    case QtCriticalMsg:
    case QtFatalMsg: log.error(text); break;
    }
}

bool saveCapture(const QImage &screen, const QString &path, RuntimeLog &log)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !screen.save(&file, "PNG") || !commitWhole(file)) {
        log.error(u"cannot save the capture to %1: %2"_s.arg(path, file.errorString()));
        return false;
    }
    log.info(u"captured the last frame to %1"_s.arg(path));
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    const QString headlessReason = chooseHeadless(argc, argv);
    qInstallMessageHandler(qtMessage);
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(u"prometeu-runtime"_s);
    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);
    const QString fault = parser.value(u"fault"_s);
    const bool windowed = headlessReason.isEmpty();

    RuntimeLog log;
    if (!fault.isEmpty() && !faults.contains(fault)) {
        log.error(u"unknown --fault %1"_s.arg(fault));
        return 2;
    }
    if (parser.positionalArguments().size() != 1) {
        log.error(u"expected exactly one cartridge"_s);
        return 2;
    }
    const QString cartridge = parser.positionalArguments().first();
    Game game(&log);
    if (!game.load(cartridge))
        return 2;

    // Stop requests arrive as signals, on the socket, or from the window.
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
    StudioLink studio(&log, fault);
    if (!socketName.isEmpty() && !studio.connectTo(socketName, token, game.entryCount()))
        return 3;
    if (!deaf)
        QObject::connect(&studio, &StudioLink::stopRequested, stop);
    // Reading and decoding a reload happens on a worker, so frames keep
    // their time; the swap and the scripts run here, between frames.
    QObject::connect(&studio, &StudioLink::reloadRequested,
                     [&](qint64 generation, const QString &path, const QStringList &entries) {
                         auto *staging = new QFutureWatcher<std::shared_ptr<Game::StagedReload>>(&app);
                         QObject::connect(staging, &QFutureWatcherBase::finished, &app, [&, staging, generation] {
                             staging->deleteLater();
                             const Game::ReloadOutcome outcome = game.applyReload(std::move(*staging->result()));
                             for (const QString &problem : outcome.problems)
                                 log.error(u"reload: %1"_s.arg(problem));
                             log.info(u"reloaded %1: %2"_s.arg(outcome.replaced.size())
                                          .arg(outcome.replaced.join(u", "_s)));
                             studio.sendReloaded(generation, outcome.replaced, outcome.problems);
                         });
                         staging->setFuture(
                             QtConcurrent::run(&Game::stageReload, path, game.withDependents(entries), game.rawEntries()));
                     });

    std::unique_ptr<QPaintDeviceWindow> window;
    if (windowed) {
        GameWindow::Handlers handlers;
        handlers.keyChanged = [&](const QString &key, bool down) { game.setKey(key, down); };
        handlers.closeRequested = [&] { stop(u"the window was closed"_s); };
        GameWindow::Presentation used = GameWindow::Presentation::Raster;
        window = GameWindow::create(&game.screen(), qBound(1, parser.value(u"scale"_s).toInt(), 16), handlers,
                                    parser.isSet(u"raster"_s) ? GameWindow::Presentation::Raster
                                                              : GameWindow::Presentation::OpenGL,
                                    &used);
        window->setTitle(game.config().title.isEmpty() ? u"Prometeu"_s : game.config().title);
        window->show();
        log.info(u"window %1×%2, %3"_s.arg(window->width()).arg(window->height()).arg(GameWindow::describe(used)));
    } else {
        log.info(headlessReason);
    }
    // Off screen (tests, CI) there is no one to hear it either.
    game.start(windowed && QGuiApplication::platformName() != u"offscreen"_s && !parser.isSet(u"no-audio"_s));

    const int fps = qBound(1, parser.value(u"fps"_s).toInt(), 1000);
    const qint64 frameLimit = parser.value(u"frames"_s).toLongLong();
    quint64 frame = 0;
    FrameClock clock;
    QElapsedTimer sinceLast;
    QElapsedTimer monotonic;
    monotonic.start();
    FramePacer pacer(fps);
    QTimer loop;
    loop.setTimerType(Qt::PreciseTimer);
    loop.setSingleShot(true);
    QObject::connect(&loop, &QTimer::timeout, [&] {
        loop.start(pacer.msUntilNext(monotonic.nsecsElapsed()));
        clock.tick();
        // A stall (a debugger, a suspended process) must not fling the game forward.
        const double dt = sinceLast.isValid() ? qMin(sinceLast.restart() / 1000.0, 0.1) : 1.0 / fps;
        if (!sinceLast.isValid())
            sinceLast.start();
        game.frame(dt);
        if (window)
            window->update();
        ++frame;
        if (frameLimit > 0 && qint64(frame) >= frameLimit)
            stop(u"%1 frames done"_s.arg(frame));
    });
    loop.start();
    log.info(u"running at %1 fps"_s.arg(fps));
    QTimer misbehave;
    startFault(fault, log, misbehave, frame);
    const int code = app.exec();
    loop.stop();
    if (parser.isSet(u"capture"_s))
        saveCapture(game.screen(), parser.value(u"capture"_s), log);
    log.info(u"stopped after %1 frames; %2"_s.arg(frame).arg(clock.summary()));
    return code;
}
