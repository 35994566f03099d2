#include "clicontext.h"
#include "commands.h"

#include <packer/packer.h>

#include <QCoreApplication>
#include <QDir>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

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
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode);
    if (!context)
        return exitCode;

    const auto built = context->await(context->core()->build(parser.value(u"output"_s)), &exitCode);
    if (!built)
        return exitCode;
    const BuildReport &report = *built;
    printDiagnostics(context->out(), report.diagnostics, context->colour());
    const QString relative = QDir::current().relativeFilePath(report.cartridgePath);
    const QString cartridge = relative.startsWith(u".."_s) ? report.cartridgePath : relative;
    QTextStream &out = context->out();
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
    if (report.failed > 0)
        return ExitDiagnostics;
    return report.bytes > 0 || report.cartridgeWritten ? ExitClean : ExitUsage;
}

} // namespace Prometeu::Cli
