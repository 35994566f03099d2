// prometeu-studio: the desktop Studio. Parses the command line, wires the
// StudioContext (pool, settings, runtime path) and shows the main window.
#include "studioautomation.h"

#include <ui/latencyprobe.h>
#include <ui/mainwindow.h>
#include <ui/settingsformat.h>
#include <ui/studiocontext.h>
#include <ui/studiostyle.h>

#include <support/translations.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Prometeu;

namespace {

void setIdentity()
{
    QCoreApplication::setApplicationName(u"prometeu-studio"_s);
    QCoreApplication::setOrganizationName(u"Prometeu"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PROMETEU_VERSION));
}


// The command line, described once for the GUI and for --help/--version.
struct StudioOptions {
    explicit StudioOptions(QCommandLineParser &parser);
    QCommandLineOption settings{u"settings"_s,
                                QCoreApplication::translate("Studio", "Keep settings in <file> instead of the user's settings."),
                                u"file"_s};
    QCommandLineOption light{u"light"_s, QCoreApplication::translate("Studio", "Use the platform's light palette.")};
    QCommandLineOption play{u"play"_s, QCoreApplication::translate("Studio", "Press Play once the project has been checked.")};
    QCommandLineOption build{u"build"_s,
                             QCoreApplication::translate("Studio", "Build the cartridge once the project has been checked.")};
    QCommandLineOption select{
        u"select"_s,
        QCoreApplication::translate("Studio", "Select <asset> in the Assets workspace once the project has been checked; "
                                              "<asset>#uses or <asset>#history also shows that tab of its details."),
        u"asset"_s};
    QCommandLineOption activity{
        u"show-activity"_s,
        QCoreApplication::translate("Studio", "Raise the Activity panel and expand the newest operation.")};
    QCommandLineOption preferences{
        u"show-preferences"_s,
        QCoreApplication::translate("Studio", "Open Edit › Preferences once the project has been checked.")};
    QCommandLineOption screenshot{
        u"screenshot"_s,
        QCoreApplication::translate("Studio", "Save a picture of the window to <file> <ms> milliseconds after the project "
                                              "was checked, or once running operations reach <n>% with file@n% "
                                              "(repeatable); screen:<file> pictures the whole screen (the game's window too)."),
        u"file@ms"_s};
    QCommandLineOption quit{u"quit-after"_s, QCoreApplication::translate("Studio", "Quit after <ms> milliseconds."),
                            u"ms"_s};
    QCommandLineOption quitWhenDone{u"quit-when-done"_s,
                                    QCoreApplication::translate("Studio", "Quit once every --screenshot has been saved.")};
    QCommandLineOption latency{
        u"latency-report"_s,
        QCoreApplication::translate("Studio", "On exit, print how late the GUI thread ran (p50/p99/max).")};
};

StudioOptions::StudioOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "Studio", "Prometeu Studio: open a game project, watch its assets being scanned and checked, "
                  "press Play to build and run it, and read one merged log of everything that happened."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"project"_s,
                                 QCoreApplication::translate("Studio", "The game project folder to open."),
                                 u"[project]"_s);
    parser.addOptions({settings, light, play, build, select, activity, preferences, screenshot, quit, quitWhenDone, latency});
}

// --help and --version need no display: answered before any GUI exists
// (a QApplication without one aborts in the platform plugin).
bool onlyAsksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" || argument == "-v"
            || argument == "--version" || argument == "-?")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (onlyAsksForHelpOrVersion(argc, argv)) {
        QCoreApplication core(argc, argv);
        setIdentity();
        const Translations translations(u"studio"_s, Translations::QtCatalogue::With);
        QCommandLineParser parser;
        StudioOptions options(parser);
        parser.process(core); // prints and exits
        return 0;
    }

    QApplication application(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(u"Prometeu Studio"_s);
    QApplication::setDesktopFileName(u"prometeu-studio"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/prometeu.svg"_s));
    const Translations translations(u"studio"_s, Translations::QtCatalogue::With);

    QCommandLineParser parser;
    const StudioOptions options(parser);
    parser.process(application);
    applyStudioStyle(application, !parser.isSet(options.light));

    std::unique_ptr<QSettings> settings = parser.isSet(options.settings)
        ? std::make_unique<QSettings>(parser.value(options.settings), SettingsFormat::format())
        : SettingsFormat::openUserSettings();
    StudioContext context(settings.get(), QApplication::applicationDirPath() + u"/prometeu-runtime"_s);
    MainWindow window(&context);

    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty()) {
        QString error;
        if (!context.openProject(QDir::current().absoluteFilePath(positional.first()), &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            QMessageBox::warning(&window, QApplication::translate("Studio", "Cannot open project"),
                                 QApplication::translate("Studio", "%1 could not be opened as a Prometeu project:\n\n%2")
                                     .arg(positional.first(), error));
        }
    }
    window.show();

    StudioAutomation automation(&context, &window);
    if (parser.isSet(options.play))
        automation.playWhenReady();
    if (parser.isSet(options.build))
        automation.buildWhenReady();
    if (parser.isSet(options.activity))
        automation.showActivity();
    if (parser.isSet(options.preferences))
        automation.showPreferences();
    if (parser.isSet(options.select))
        automation.selectWhenReady(parser.value(options.select));
    for (const QString &spec : parser.values(options.screenshot))
        automation.addScreenshot(spec);
    if (parser.isSet(options.quit))
        automation.quitAfter(parser.value(options.quit).toInt());
    if (parser.isSet(options.quitWhenDone))
        automation.quitWhenDone();
    automation.arm();

    LatencyProbe probe;
    if (parser.isSet(options.latency))
        probe.start();
    const int status = application.exec();
    if (parser.isSet(options.latency))
        std::fprintf(stderr, "GUI thread lateness: %s\n", qPrintable(probe.report()));
    return status;
}
