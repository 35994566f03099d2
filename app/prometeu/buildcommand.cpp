#include "clicontext.h"
#include "commands.h"

#include <core/projectwatcher.h>
#include <packer/packer.h>

#include <QCoreApplication>
#include <QDir>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

namespace {

// "built 3, cached 20, ...; build/demo.pcart (40 KiB, written); 0.12 s"
void printReport(CliContext &context, const BuildReport &report)
{
    printDiagnostics(context.out(), report.diagnostics, context.colour(), context.diagnosticsPerCode());
    const QString relative = QDir::current().relativeFilePath(report.cartridgePath);
    const QString cartridge = relative.startsWith(u".."_s) ? report.cartridgePath : relative;
    QTextStream &out = context.out();
    out << QCoreApplication::translate("Cli", "built %1, cached %2, failed %3, excluded %4; ")
               .arg(report.built).arg(report.cached).arg(report.failed).arg(report.excluded);
    if (report.failed > 0) {
        out << QCoreApplication::translate("Cli", "cartridge not written");
    } else {
        out << cartridge << u" ("_s << QLocale::system().formattedDataSize(report.bytes) << u", "_s
            << (report.cartridgeWritten ? QCoreApplication::translate("Cli", "written")
                                        : QCoreApplication::translate("Cli", "up to date"))
            << u")"_s;
    }
    out << QCoreApplication::translate("Cli", "; %1 s\n").arg(double(report.durationMs) / 1000.0, 0, 'f', 2);
    if (report.remote)
        out << report.remote->summary() << u'\n';
    out.flush();
}

// --watch: a build each time the project changes on disk (after a quiet
// moment), until Ctrl-C. The core's watcher sees what the Studio's sees.
int watchAndRebuild(CliContext &context, const QString &output)
{
    ProjectCore *core = context.core();
    // A scan tells the watcher which folders and files there are.
    int exitCode = ExitClean;
    if (!context.await(core->scan(), &exitCode))
        return exitCode;
    // Said once every folder and file is watched: an edit from then on is seen.
    ProjectWatcher *watcher = core->watcher();
    watcher->setEnabled(true);
    if (watcher->pendingWatches() > 0) {
        QEventLoop ready;
        QObject::connect(watcher, &ProjectWatcher::watchesReady, &ready, &QEventLoop::quit);
        ready.exec();
    }
    context.err() << QCoreApplication::translate("Cli", "Watching %1 for changes (Ctrl-C stops).\n")
                         .arg(QDir::toNativeSeparators(core->project().assetsPath()));
    context.err().flush();
    QEventLoop loop;
    bool building = false;
    bool again = false;
    ChangesSinceBuild changes;
    std::function<void()> rebuild = [&] {
        if (std::exchange(building, true)) {
            again = true; // once this build is done
            return;
        }
        auto *watcher = new QFutureWatcher<BuildReport>(&loop);
        QObject::connect(watcher, &QFutureWatcherBase::finished, &loop, [&, watcher] {
            watcher->deleteLater();
            if (watcher->future().resultCount() > 0)
                printReport(context, watcher->future().result());
            building = false;
            core->scan(); // new folders and files get watched too
            if (std::exchange(again, false))
                rebuild();
        });
        watcher->setFuture(core->build(output, changes.takeForBuild()));
    };
    QObject::connect(core, &ProjectCore::assetsChanged, &loop, [&](const AssetChanges &seen) {
        changes.note(seen);
        rebuild();
    });
    context.runLoop(loop, [&] { loop.quit(); }, false, QCoreApplication::translate("Cli", "Stopping..."));
    return ExitClean;
}

} // namespace

int runBuildCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Convert every asset through the cache and write the cartridge atomically.\n"
               "A build with nothing changed reads no source file and leaves the cartridge as it is.\n\n"
               "Exit codes: 0 built, 1 an asset failed (previous cartridge kept), 2 usage or I/O "
               "error, 130 cancelled."));
    CliContext::addCommonOptions(parser);
    parser.addOption({{u"o"_s, u"output"_s},
                      QCoreApplication::translate("Cli", "Cartridge to write (default: <project>/build/<id>.pcart)."),
                      u"file"_s});
    parser.addOption({u"watch"_s, QCoreApplication::translate(
                                      "Cli", "After the build, build again whenever the project changes on disk, "
                                             "until Ctrl-C.")});
    parser.addOption({u"force"_s, QCoreApplication::translate(
                                      "Cli", "Convert again even what the cache holds: every asset, or the one "
                                             "named (repeat for several). 'prometeu explain' then says \"forced\"."),
                      u"asset"_s});
    parser.addOption({u"force-all"_s, QCoreApplication::translate("Cli", "Convert every asset again.")});
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode);
    if (!context)
        return exitCode;

    BuildRequest request;
    request.cartridgePath = parser.value(u"output"_s);
    request.forceAll = parser.isSet(u"force-all"_s);
    for (const QString &asset : parser.values(u"force"_s))
        request.force.insert(context->assetPath(asset));
    const auto built = context->await(context->core()->build(request), &exitCode);
    if (!built)
        return exitCode;
    printReport(*context, *built);
    if (parser.isSet(u"watch"_s))
        return watchAndRebuild(*context, parser.value(u"output"_s));
    if (built->failed > 0)
        return ExitDiagnostics;
    return built->bytes > 0 || built->cartridgeWritten ? ExitClean : ExitUsage;
}

} // namespace Prometeu::Cli
