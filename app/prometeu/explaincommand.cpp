#include "clicontext.h"
#include "commands.h"

#include <hub/eventhistory.h>
#include <packer/eventpayloads.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

namespace {

QString outcomeWords(const QJsonObject &build)
{
    const QString outcome = build.value(u"outcome"_s).toString();
    if (outcome == u"converted"_s)
        return QCoreApplication::translate("Cli", "converted");
    if (outcome == u"failed"_s)
        return QCoreApplication::translate("Cli", "failed");
    return build.value(u"source"_s).toString() == u"remote"_s ? QCoreApplication::translate("Cli", "from the team cache") : QCoreApplication::translate("Cli", "from the cache");
}

} // namespace

int runExplainCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Say why an asset was last rebuilt: for each of its last builds (newest first) whether it was "
               "converted or loaded from a cache, why (new, its file changed, a file it uses changed, its options "
               "or converter changed, forced, ...), how long it took and its sizes. Read from the project's "
               "history (.prometeu/history.db); a build that found it unchanged does not list it.\n\n"
               "Exit codes: 0 printed, 1 nothing recorded for it, 2 usage or I/O error."));
    CliContext::addCommonOptions(parser);
    parser.addPositionalArgument(u"asset"_s, QCoreApplication::translate("Cli", "The asset: its path inside the assets folder, as diagnostics print it (assets/...), or a file path."));
    parser.addOption({u"json"_s, QCoreApplication::translate("Cli", "Print the records as JSON.")});
    parser.addOption({u"limit"_s, QCoreApplication::translate("Cli", "How many builds to show (default 5, at most %1).")
                                      .arg(EventHistory::keptPerAsset),
                      u"N"_s, u"5"_s});
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode, 2, 2);
    if (!context)
        return exitCode;
    const QString asset = context->assetPath(parser.positionalArguments().at(1));
    const QString path = EventHistory::defaultPath(context->project().rootPath());
    QTextStream &out = context->out();
    if (!QFileInfo::exists(path)) {
        out << QCoreApplication::translate("Cli", "This project has no history yet: build it first.\n");
        return ExitDiagnostics;
    }
    EventHistory history;
    QString error;
    if (!history.open(path, false, &error)) {
        context->err() << error << u'\n';
        return ExitUsage;
    }
    const QJsonArray builds = history.assetBuilds(asset, qMax(1, parser.value(u"limit"_s).toInt()));
    if (parser.isSet(u"json"_s)) {
        out << QString::fromUtf8(QJsonDocument(QJsonObject{{u"asset"_s, asset}, {u"builds"_s, builds}}).toJson());
        return builds.isEmpty() ? ExitDiagnostics : ExitClean;
    }
    if (builds.isEmpty()) {
        out << QCoreApplication::translate("Cli", "No recorded build converted or loaded %1: it has been unchanged since the history began, "
                  "or it is not an asset.\n").arg(asset);
        return ExitDiagnostics;
    }
    const QLocale locale = QLocale::system();
    out << QCoreApplication::translate("Cli", "%1: last %n build(s) that looked at it, newest first\n", nullptr, int(builds.size())).arg(asset);
    for (const QJsonValue &value : builds) {
        const QJsonObject build = value.toObject();
        const BuildReason reason =
            buildReasonFromString(build.value(u"reason"_s).toString()).value_or(BuildReason::None);
        const QString why = describe(reason, build.value(u"reason_detail"_s).toString());
        out << u"  %1  %2"_s.arg(QDateTime::fromMSecsSinceEpoch(build.value(u"time_ms"_s).toInteger())
                                     .toString(u"yyyy-MM-dd HH:mm:ss"_s),
                                 outcomeWords(build).leftJustified(20));
        out << QCoreApplication::translate("Cli", "%1 ms").arg(build.value(u"duration_ms"_s).toDouble(), 0, 'f', 1).rightJustified(10);
        out << u"  %1 -> %2"_s.arg(locale.formattedDataSize(build.value(u"input_bytes"_s).toInteger()),
                                   locale.formattedDataSize(build.value(u"stored_bytes"_s).toInteger()));
        if (!why.isEmpty())
            out << u"  "_s << QCoreApplication::translate("Cli", "because %1").arg(why);
        out << u'\n';
    }
    return ExitClean;
}

} // namespace Prometeu::Cli
