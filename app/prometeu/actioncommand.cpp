#include "clicontext.h"
#include "commands.h"

#include <packer/packer.h>

#include <QCoreApplication>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

namespace {

// "pixel_format=indexed8", "sample_rate=22050", "sample_rate=default".
std::optional<QJsonObject> parseSettings(const QStringList &pairs, QString *error)
{
    QJsonObject options;
    for (const QString &pair : pairs) {
        const qsizetype equals = pair.indexOf(u'=');
        if (equals <= 0) {
            *error = QCoreApplication::translate("Cli", "'%1' is not key=value.").arg(pair);
            return std::nullopt;
        }
        const QString key = pair.left(equals);
        const QString value = pair.mid(equals + 1);
        if (value == u"default"_s)
            options.insert(key, QJsonValue::Null);
        else if (key == u"sample_rate"_s)
            options.insert(key, value.toInt());
        else
            options.insert(key, value);
    }
    return options;
}

} // namespace

int runActionCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Change the project's assets. Options are kept in <project>/prometeu.assets.json.\n\n"
               "  rename <asset> <new-path>      move or rename an asset (and its options)\n"
               "  exclude <asset>                leave an asset out of the cartridge\n"
               "  include <asset>                put it back\n"
               "  set <asset> key=value...       pixel_format=rgba8888|indexed8, "
               "sample_rate=8000..192000, or key=default\n\n"
               "Prints the inverse action (for undo) as JSON on success.\n"
               "Exit codes: 0 applied, 1 refused (nothing changed), 2 usage error."));
    CliContext::addCommonOptions(parser);
    parser.addPositionalArgument(u"action"_s, QCoreApplication::translate("Cli", "rename, exclude, include or set."));
    parser.addPositionalArgument(u"asset"_s, QCoreApplication::translate("Cli", "The asset: its path inside the assets folder, as diagnostics print it (assets/...), or a file path."));
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode, 3, 64);
    if (!context)
        return exitCode;

    const QStringList positional = parser.positionalArguments();
    AssetAction action;
    action.asset = context->assetPath(positional.at(2));
    const QString verb = positional.at(1);
    QString error;
    if (verb == u"rename"_s && positional.size() == 4) {
        action.type = AssetAction::Type::Rename;
        action.newPath = positional.at(3);
    } else if ((verb == u"exclude"_s || verb == u"include"_s) && positional.size() == 3) {
        action.type = verb == u"exclude"_s ? AssetAction::Type::Exclude : AssetAction::Type::Include;
    } else if (verb == u"set"_s && positional.size() > 3) {
        action.type = AssetAction::Type::SetOptions;
        const auto options = parseSettings(positional.mid(3), &error);
        if (!options) {
            context->err() << error << u'\n';
            return ExitUsage;
        }
        action.options = *options;
    } else {
        context->err() << QCoreApplication::translate("Cli", "Unknown action or wrong arguments: %1.\n\n")
                              .arg(positional.mid(1).join(u' '))
                       << parser.helpText();
        return ExitUsage;
    }

    // The core's packer: the action lands in the project's history like any
    // other operation (no undo stack here: the inverse is printed instead).
    const auto applied = context->await(context->core()->packer()->apply(action), &exitCode);
    if (!applied)
        return exitCode;
    const ActionResult &result = *applied;
    if (!result.applied) {
        context->err() << result.reason << u'\n';
        return ExitDiagnostics;
    }
    context->out() << QCoreApplication::translate("Cli", "Done. To undo: ")
                   << QString::fromUtf8(QJsonDocument(result.inverse->toJson()).toJson(QJsonDocument::Compact)) << u'\n';
    return ExitClean;
}

int runPreviewCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Make a preview PNG of an image (thumbnail) or a sound (waveform) in the project's "
               "cache and print its path.\n\nExit codes: 0 made, 1 the asset cannot be previewed, 2 usage error."));
    CliContext::addCommonOptions(parser);
    parser.addPositionalArgument(u"asset"_s, QCoreApplication::translate("Cli", "The asset: its path inside the assets folder, as diagnostics print it (assets/...), or a file path."));
    int exitCode = ExitClean;
    auto context = CliContext::create(parser, arguments, &exitCode, 2, 2);
    if (!context)
        return exitCode;
    const auto previewed = context->await(context->core()->requestPreview(context->assetPath(parser.positionalArguments().at(1))), &exitCode);
    if (!previewed)
        return exitCode;
    const PreviewReport &report = *previewed;
    if (!report.error.isEmpty()) {
        context->err() << report.error << u'\n';
        return ExitDiagnostics;
    }
    context->out() << report.path << u" ("_s << report.width << u'x' << report.height << u")\n"_s;
    return ExitClean;
}

} // namespace Prometeu::Cli
