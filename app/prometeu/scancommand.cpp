#include "clicontext.h"
#include "commands.h"

#include <packer/packer.h>

#include <QCoreApplication>
#include <QMap>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

int runScanCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Find and classify every asset of a project and report what changed since the "
               "last scan.\n\nExit codes: 0 done, 2 usage or I/O error, 130 cancelled."));
    CliContext::addCommonOptions(parser);
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode);
    if (!context)
        return exitCode;

    const auto scanned = context->await(context->core()->scan(), &exitCode);
    if (!scanned)
        return exitCode;
    const ScanReport &report = *scanned;

    QTextStream &out = context->out();
    for (const AssetChange &change : report.changes) {
        switch (change.type) {
        case AssetChange::Type::Added: out << u"  added     "_s << change.path; break;
        case AssetChange::Type::Modified: out << u"  modified  "_s << change.path; break;
        case AssetChange::Type::Removed: out << u"  removed   "_s << change.path; break;
        case AssetChange::Type::Renamed:
            out << u"  renamed   "_s << change.previousPath << u" -> "_s << change.path;
            break;
        }
        out << u'\n';
    }
    QMap<QString, int> byKind;
    for (const AssetRecord &asset : report.assets)
        ++byKind[wireName(asset.kind)];
    QStringList kinds;
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it)
        kinds.append(u"%1 %2"_s.arg(it.value()).arg(it.key()));
    out << QCoreApplication::translate("Cli", "%1 assets (%2)").arg(report.assets.size()).arg(kinds.join(u", "_s));
    if (!report.firstScan) {
        out << u"; "_s
            << (report.changes.isEmpty() ? QCoreApplication::translate("Cli", "no changes")
                                         : QCoreApplication::translate("Cli", "%n change(s)", nullptr,
                                                                       int(report.changes.size())));
    }
    out << u".\n"_s;
    if (!report.indexWarning.isEmpty())
        context->err() << report.indexWarning << u'\n';
    return ExitClean;
}

} // namespace Prometeu::Cli
