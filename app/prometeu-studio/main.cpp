// prometeu-studio: the desktop Studio. Parses the command line, wires the
// StudioContext (pool, settings, runtime path) and shows the main window.
#include "studioautomation.h"

#include <ui/latencyprobe.h>
#include <ui/mainwindow.h>
#include <ui/studiocontext.h>
#include <ui/studiostyle.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Prometeu;

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);
    QApplication::setApplicationName(u"prometeu-studio"_s);
    QApplication::setApplicationDisplayName(u"Prometeu Studio"_s);
    QApplication::setOrganizationName(u"Prometeu"_s);
    QApplication::setApplicationVersion(QStringLiteral(PROMETEU_VERSION));
    QApplication::setDesktopFileName(u"prometeu-studio"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/prometeu.svg"_s));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), u"studio"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "Studio", "Prometeu Studio: open a game project, watch its assets being scanned and checked, "
                  "press Play to build and run it, and read one merged log of everything that happened."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"project"_s, QApplication::translate("Studio", "The game project folder to open."),
                                 u"[project]"_s);
    const QCommandLineOption settingsOption(
        u"settings"_s, QApplication::translate("Studio", "Keep settings in <file> instead of the user's settings."),
        u"file"_s);
    const QCommandLineOption lightOption(u"light"_s, QApplication::translate("Studio", "Use the platform's light palette."));
    const QCommandLineOption playOption(u"play"_s,
                                        QApplication::translate("Studio", "Press Play once the project has been checked."));
    const QCommandLineOption buildOption(
        u"build"_s, QApplication::translate("Studio", "Build the cartridge once the project has been checked."));
    const QCommandLineOption selectOption(
        u"select"_s, QApplication::translate("Studio", "Select <asset> in the Assets workspace once the project has been checked."),
        u"asset"_s);
    const QCommandLineOption activityOption(
        u"show-activity"_s, QApplication::translate("Studio", "Raise the Activity panel and expand the newest operation."));
    const QCommandLineOption screenshotOption(
        u"screenshot"_s,
        QApplication::translate("Studio", "Save a picture of the window to <file> <ms> milliseconds after the project "
                                          "was checked, or once running operations reach <n>% with file@n% "
                                          "(repeatable); screen:<file> pictures the whole screen (the game's window too)."),
        u"file@ms"_s);
    const QCommandLineOption quitOption(u"quit-after"_s,
                                        QApplication::translate("Studio", "Quit after <ms> milliseconds."), u"ms"_s);
    const QCommandLineOption quitWhenDoneOption(
        u"quit-when-done"_s, QApplication::translate("Studio", "Quit once every --screenshot has been saved."));
    const QCommandLineOption latencyOption(
        u"latency-report"_s, QApplication::translate("Studio", "On exit, print how late the GUI thread ran (p50/p99/max)."));
    parser.addOptions({settingsOption, lightOption, playOption, buildOption, selectOption, activityOption, screenshotOption, quitOption, quitWhenDoneOption, latencyOption});
    parser.process(application);

    applyStudioStyle(application, !parser.isSet(lightOption));

    std::unique_ptr<QSettings> settings = parser.isSet(settingsOption)
        ? std::make_unique<QSettings>(parser.value(settingsOption), QSettings::IniFormat)
        : std::make_unique<QSettings>();
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
    if (parser.isSet(playOption))
        automation.playWhenReady();
    if (parser.isSet(buildOption))
        automation.buildWhenReady();
    if (parser.isSet(activityOption))
        automation.showActivity();
    if (parser.isSet(selectOption))
        automation.selectWhenReady(parser.value(selectOption));
    for (const QString &spec : parser.values(screenshotOption))
        automation.addScreenshot(spec);
    if (parser.isSet(quitOption))
        automation.quitAfter(parser.value(quitOption).toInt());
    if (parser.isSet(quitWhenDoneOption))
        automation.quitWhenDone();
    automation.arm();

    LatencyProbe probe;
    if (parser.isSet(latencyOption))
        probe.start();
    const int status = application.exec();
    if (parser.isSet(latencyOption))
        std::fprintf(stderr, "GUI thread lateness: %s\n", qPrintable(probe.report()));
    return status;
}
