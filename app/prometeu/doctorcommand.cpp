#include "clicontext.h"
#include "commands.h"

#include <packer/packer.h>

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

int runDoctorCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Scan a project and check every asset: broken or truncated files, images over "
               "the size limit, undecodable audio, JSON syntax errors, bad names and links.\n"
               "Diagnostics are printed as file:line:column: severity: message [code].\n\n"
               "Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O "
               "error, 130 cancelled."));
    CliContext::addCommonOptions(parser);
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode);
    if (!context)
        return exitCode;

    const auto doctor = context->scanAndCheck(&exitCode);
    if (!doctor)
        return exitCode;
    const DoctorReport &report = *doctor;
    printDiagnostics(context->out(), report.diagnostics, context->colour(), context->diagnosticsPerCode());
    const DiagnosticCounts &c = report.counts;
    context->out() << QCoreApplication::translate("Cli", "%n asset(s) checked: %1.\n", nullptr, int(report.assetsChecked))
                          .arg(c.sentence());
    return c.errors > 0 ? ExitDiagnostics : ExitClean;
}

} // namespace Prometeu::Cli
