#include "clicontext.h"
#include "commands.h"

#include <packer/assetgraph.h>
#include <packer/doctoroperation.h>

#include <QCoreApplication>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

namespace {

void printList(QTextStream &out, const QString &title, const QStringList &list)
{
    out << u"  %1 (%2)\n"_s.arg(title).arg(list.size());
    for (const QString &item : list)
        out << u"    "_s << item << u'\n';
}

QString referenceLine(const QString &asset, const AssetReference &reference)
{
    return u"%1%2: %3"_s.arg(asset, reference.line > 0 ? u":%1"_s.arg(reference.line) : QString(),
                             reference.path.isEmpty() && reference.required
                                 ? QCoreApplication::translate("Cli", "%1 points outside the assets folder").arg(reference.written)
                                 : QCoreApplication::translate("Cli", "%1 is not in the assets folder")
                                       .arg(reference.path.isEmpty() ? reference.written : reference.path));
}

} // namespace

int runDepsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Show what assets use: a map's tile sets and images, the asset paths JSON data names, the "
               "modules a script requires (docs/dependencies.md). With an asset: what it uses, what uses it, "
               "and what a change to it rebuilds. Without: every asset that uses or is used, what is missing, "
               "cycles, and the assets nobody names.\n\n"
               "Exit codes: 0 every dependency present, 1 missing dependencies or cycles, 2 usage or I/O error."));
    CliContext::addCommonOptions(parser);
    parser.addPositionalArgument(u"asset"_s, QCoreApplication::translate("Cli", "The asset (optional): its path inside the assets folder, as diagnostics print it (assets/...), or a file path."),
                                 u"[asset]"_s);
    parser.addOption({u"dot"_s, QCoreApplication::translate("Cli", "Print the graph in Graphviz dot (prometeu deps . --dot | dot -Tsvg > deps.svg).")});
    parser.addOption({u"json"_s, QCoreApplication::translate("Cli", "Print the graph as JSON.")});
    parser.addOption({u"unused"_s, QCoreApplication::translate("Cli", "Print only the assets nobody names, one per line.")});
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode, 1, 2);
    if (!context)
        return exitCode;
    const QString given = parser.positionalArguments().value(1);
    const QString asset = given.isEmpty() ? given : context->assetPath(given);

    const auto doctor = context->scanAndCheck(&exitCode);
    if (!doctor)
        return exitCode;
    const AssetGraph &graph = doctor->graph;
    QTextStream &out = context->out();
    if (!asset.isEmpty() && !graph.contains(asset)) {
        context->err() << QCoreApplication::translate("Cli", "%1 is not an asset of this project.\n").arg(asset);
        return ExitUsage;
    }
    const QList<QStringList> cycles = graph.cycles();
    int missing = 0;
    for (const QString &each : graph.assets()) {
        for (const AssetReference &reference : graph.missing(each))
            missing += reference.required ? 1 : 0;
    }
    const int result = missing > 0 || !cycles.isEmpty() ? ExitDiagnostics : ExitClean;

    if (parser.isSet(u"dot"_s)) {
        out << QString::fromUtf8(graph.toDot());
        return result;
    }
    if (parser.isSet(u"json"_s)) {
        QJsonObject json = graph.toJson();
        if (!asset.isEmpty()) {
            json = QJsonObject{{u"asset"_s, asset},
                               {u"uses"_s, QJsonArray::fromStringList(graph.uses(asset))},
                               {u"used_by"_s, QJsonArray::fromStringList(graph.usedBy(asset))},
                               {u"uses_transitively"_s, QJsonArray::fromStringList(graph.usesTransitively(asset))},
                               {u"rebuilds"_s, QJsonArray::fromStringList(graph.dependents(asset))}};
        }
        out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
        return result;
    }
    if (parser.isSet(u"unused"_s)) {
        for (const QString &each : graph.unused())
            out << each << u'\n';
        return result;
    }
    if (!asset.isEmpty()) {
        out << asset << u'\n';
        printList(out, QCoreApplication::translate("Cli", "Uses"), graph.uses(asset));
        const QStringList through = graph.usesTransitively(asset);
        if (through.size() > graph.uses(asset).size())
            printList(out, QCoreApplication::translate("Cli", "Uses, through those"), through);
        printList(out, QCoreApplication::translate("Cli", "Used by"), graph.usedBy(asset));
        printList(out, QCoreApplication::translate("Cli", "A change to it rebuilds"), graph.dependents(asset));
        for (const AssetReference &reference : graph.missing(asset))
            out << u"  "_s << QCoreApplication::translate("Cli", "Missing: ") << referenceLine(asset, reference) << u'\n';
        if (graph.isUnused(asset))
            out << u"  "_s << QCoreApplication::translate("Cli", "Nothing names it: the game may not use it.") << u'\n';
        return result;
    }

    int users = 0;
    for (const QString &each : graph.assets()) {
        const QStringList uses = graph.uses(each);
        if (uses.isEmpty())
            continue;
        ++users;
        out << each << u'\n';
        for (const QString &used : uses)
            out << u"  -> "_s << used << u'\n';
    }
    const QStringList unused = graph.unused();
    out << u'\n'
        << QCoreApplication::translate("Cli", "%1 assets, %2 use others, %3 named by nobody.\n").arg(graph.assets().size()).arg(users).arg(unused.size());
    for (const QString &each : graph.assets()) {
        for (const AssetReference &reference : graph.missing(each))
            out << (reference.required ? QCoreApplication::translate("Cli", "missing: ") : QCoreApplication::translate("Cli", "named, not found: ")) << referenceLine(each, reference) << u'\n';
    }
    for (const QStringList &cycle : cycles)
        out << QCoreApplication::translate("Cli", "cycle: ") << cycle.join(u" -> "_s) << u" -> "_s << cycle.first() << u'\n';
    if (!unused.isEmpty())
        out << QCoreApplication::translate("Cli", "Named by nobody (prometeu deps --unused lists them).\n");
    return result;
}

} // namespace Prometeu::Cli
