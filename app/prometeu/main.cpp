// prometeu: the headless command line of Prometeu Studio, for CI and terminals.

#include "commands.h"

#include <support/largepageheap.h>
#include <support/translations.h>

#include <QCoreApplication>
#include <QThread>
#include <QLocale>
#include <QTextStream>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

struct Subcommand {
    QString name;
    QString summary;
    std::function<int(const QStringList &)> run;
};

QList<Subcommand> subcommands()
{
    using namespace Prometeu::Cli;
    return {
        {u"scan"_s, QCoreApplication::translate("Cli", "Find and classify assets; report what changed since the last scan."),
         runScanCommand},
        {u"doctor"_s, QCoreApplication::translate("Cli", "Scan, then check every asset and print diagnostics."),
         runDoctorCommand},
        {u"build"_s, QCoreApplication::translate("Cli", "Convert assets through the cache and write the cartridge."),
         runBuildCommand},
        {u"deps"_s, QCoreApplication::translate("Cli", "Show what assets use and what uses them; --dot for a picture."),
         runDepsCommand},
        {u"explain"_s, QCoreApplication::translate("Cli", "Say why an asset was last rebuilt, from the project's history."),
         runExplainCommand},
        {u"inspect"_s, QCoreApplication::translate("Cli", "List and verify the contents of a cartridge file."),
         runInspectCommand},
        {u"action"_s, QCoreApplication::translate("Cli", "Rename, exclude, include or set options of an asset."),
         runActionCommand},
        {u"preview"_s, QCoreApplication::translate("Cli", "Make a thumbnail or waveform PNG of an asset."),
         runPreviewCommand},
        {u"play"_s, QCoreApplication::translate("Cli", "Prepare the cartridge, run the game and stream the merged log; Ctrl-C stops."),
         runPlayCommand},
        {u"serve"_s, QCoreApplication::translate("Cli", "Serve a project's events live (SSE, WebSocket) and its history on 127.0.0.1."),
         runServeCommand},
        {u"tail"_s, QCoreApplication::translate("Cli", "Follow a served project's events in the terminal, reconnecting as needed."),
         runTailCommand},
    };
}

QString usage()
{
    QString text = QCoreApplication::translate(
        "Cli", "Usage: prometeu <command> [options] <project | cartridge>\n\n"
               "Prometeu Studio's command line: the same packer the Studio uses, for CI and "
               "terminals.\n\nCommands:\n");
    for (const Subcommand &command : subcommands())
        text += u"  %1  %2\n"_s.arg(command.name.leftJustified(8), command.summary);
    text += QCoreApplication::translate(
        "Cli", "\nRun 'prometeu <command> --help' for the options of a command.\n"
               "Common options: --events jsonl (machine-readable events on stdout), "
               "--jobs N (worker threads).\n"
               "Event format: docs/events.md. Project format: docs/project-format.md.\n");
    return text;
}

// What could not be written to stdout (a full disk, `> /dev/full`) must
// not pass for success: said on stderr, and the exit code says it too.
int checkedOutput(int code)
{
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int error = errno;
    if (flushed && !std::ferror(stdout))
        return code;
    std::fprintf(stderr, "%s\n",
                 qPrintable(QCoreApplication::translate("Cli", "Cannot write the output: %1.")
                                .arg(error != 0 ? qt_error_string(error)
                                                : QCoreApplication::translate("Cli", "a write to it failed"))));
    return code == 0 ? 1 : code;
}

} // namespace

int main(int argc, char *argv[])
{
    // A command's run is short and touches its heap once (see the
    // header). An arena for each of the pool's threads, the history's and
    // the stamper's (the main thread keeps the main one): on 2 cores, 4
    // against 1 took a 10,000-asset cold build from 633 to 533 ms and its
    // no-op from 50 to 44 ms (hyperfine, 12 and 40 runs); 8 left threads
    // nobody advises with arenas of their own (2,200 page faults against
    // 760 in the no-op).
    Prometeu::useLargePagesForHeap(16u << 20, QThread::idealThreadCount() + 2);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"prometeu"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PROMETEU_VERSION));
    const Prometeu::Translations translations(u"prometeu"_s);

    QStringList arguments = QCoreApplication::arguments();
    const QString first = arguments.value(1);
    if (first.isEmpty() || first == u"--help"_s || first == u"-h"_s || first == u"help"_s) {
        QTextStream(first.isEmpty() ? stderr : stdout) << usage();
        return checkedOutput(first.isEmpty() ? 2 : 0);
    }
    if (first == u"--version"_s) {
        QTextStream(stdout) << u"prometeu "_s << QCoreApplication::applicationVersion() << u'\n';
        return checkedOutput(0);
    }
    for (const Subcommand &command : subcommands()) {
        if (command.name == first) {
            arguments.removeAt(1);
            arguments[0] = u"prometeu "_s + command.name;
            return checkedOutput(command.run(arguments));
        }
    }
    QTextStream(stderr) << QCoreApplication::translate("Cli", "Unknown command '%1'.\n\n").arg(first) << usage();
    return 2;
}
