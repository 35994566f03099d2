#include "packer/assetaction.h"

#include "packer/assetinspection.h"
#include "packer/operationscope.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class ActionText
{
    Q_DECLARE_TR_FUNCTIONS(ActionOperation)
};

QString typeName(AssetAction::Type type)
{
    switch (type) {
    case AssetAction::Type::Rename: return u"rename"_s;
    case AssetAction::Type::Exclude: return u"exclude"_s;
    case AssetAction::Type::Include: return u"include"_s;
    case AssetAction::Type::SetOptions: return u"set"_s;
    }
    return {};
}

ActionResult refused(const QString &reason)
{
    ActionResult result;
    result.reason = reason;
    return result;
}

// The options a SetOptions action touches, as they are now (null = default),
// which is exactly what its inverse must set back.
QJsonObject currentValues(const AssetOptions &options, const QJsonObject &touched)
{
    QJsonObject values;
    for (auto it = touched.constBegin(); it != touched.constEnd(); ++it) {
        if (it.key() == u"pixel_format"_s)
            values.insert(it.key(), options.pixelFormat.isEmpty() ? QJsonValue() : QJsonValue(options.pixelFormat));
        else if (it.key() == u"sample_rate"_s)
            values.insert(it.key(), options.sampleRate == 0 ? QJsonValue() : QJsonValue(options.sampleRate));
    }
    return values;
}

} // namespace

QJsonObject AssetAction::toJson() const
{
    QJsonObject object{{u"action"_s, typeName(type)}, {u"asset"_s, asset}};
    if (type == Type::Rename)
        object.insert(u"to"_s, newPath);
    if (type == Type::SetOptions)
        object.insert(u"options"_s, options);
    return object;
}

std::optional<AssetAction> AssetAction::fromJson(const QJsonObject &object, QString *error)
{
    AssetAction action;
    const QString name = object.value(u"action"_s).toString();
    bool known = false;
    for (Type type : {Type::Rename, Type::Exclude, Type::Include, Type::SetOptions}) {
        if (typeName(type) == name) {
            action.type = type;
            known = true;
        }
    }
    action.asset = object.value(u"asset"_s).toString();
    action.newPath = object.value(u"to"_s).toString();
    action.options = object.value(u"options"_s).toObject();
    if (!known || action.asset.isEmpty() || (action.type == Type::Rename && action.newPath.isEmpty())) {
        if (error)
            *error = ActionText::tr("Not a valid action: %1.").arg(name);
        return std::nullopt;
    }
    return action;
}

ActionOperation::ActionOperation(Project project, AssetAction action)
    : m_project(std::move(project))
    , m_action(std::move(action))
{
}

ActionResult ActionOperation::run(OperationScope &scope)
{
    const ActionResult result = apply();
    QStringList affected{m_action.asset};
    if (m_action.type == AssetAction::Type::Rename)
        affected.append(m_action.newPath);
    if (result.applied) {
        QString summary;
        switch (m_action.type) {
        case AssetAction::Type::Rename:
            summary = ActionText::tr("Renamed %1 to %2.").arg(m_action.asset, m_action.newPath);
            break;
        case AssetAction::Type::Exclude:
            summary = ActionText::tr("%1 is now left out of the cartridge.").arg(m_action.asset);
            break;
        case AssetAction::Type::Include:
            summary = ActionText::tr("%1 is now included in the cartridge.").arg(m_action.asset);
            break;
        case AssetAction::Type::SetOptions:
            summary = ActionText::tr("Changed the options of %1.").arg(m_action.asset);
            break;
        }
        scope.events().publish(EventKind::ActionApplied, summary,
                               QJsonObject{{u"action"_s, m_action.toJson()}, {u"inverse"_s, result.inverse->toJson()}},
                               affected);
        scope.setFinishSummary(summary);
    } else {
        scope.keepResultOnFailure(); // the result carries the reason
        scope.events().publish(EventKind::ActionFailed, result.reason,
                               QJsonObject{{u"action"_s, m_action.toJson()}, {u"reason"_s, result.reason}}, affected);
        scope.fail(result.reason);
    }
    return result;
}

ActionResult ActionOperation::apply()
{
    QString error;
    auto options = AssetOptionsFile::load(m_project.rootPath(), &error);
    if (!options)
        return refused(error);
    const QString source = m_project.assetsPath() + u'/' + m_action.asset;
    if (!QFileInfo(source).isFile())
        return refused(ActionText::tr("There is no asset %1.").arg(m_action.asset));

    AssetOptions current = options->options(m_action.asset);
    AssetAction inverse;
    inverse.asset = m_action.asset;
    switch (m_action.type) {
    case AssetAction::Type::Rename:
        return rename(*options);
    case AssetAction::Type::Exclude:
    case AssetAction::Type::Include: {
        const bool exclude = m_action.type == AssetAction::Type::Exclude;
        inverse.type = current.excluded ? AssetAction::Type::Exclude : AssetAction::Type::Include;
        current.excluded = exclude;
        break;
    }
    case AssetAction::Type::SetOptions: {
        if (m_action.options.isEmpty())
            return refused(ActionText::tr("No option to set."));
        QJsonObject merged = current.toJson();
        for (auto it = m_action.options.constBegin(); it != m_action.options.constEnd(); ++it) {
            if (it.value().isNull())
                merged.remove(it.key());
            else
                merged.insert(it.key(), it.value());
        }
        QString why;
        const auto next = AssetOptions::fromJson(merged, &why);
        if (!next)
            return refused(why + u'.');
        inverse.type = AssetAction::Type::SetOptions;
        inverse.options = currentValues(current, m_action.options);
        current = *next;
        break;
    }
    }
    options->setOptions(m_action.asset, current);
    if (!options->save(m_project.rootPath(), &error))
        return refused(error);
    ActionResult result;
    result.applied = true;
    result.inverse = inverse;
    return result;
}

ActionResult ActionOperation::rename(AssetOptionsFile &options)
{
    const QString to = QDir::cleanPath(m_action.newPath);
    if (QDir::isAbsolutePath(to) || to.startsWith(u"../"_s) || to == u".."_s || to.isEmpty())
        return refused(ActionText::tr("%1 is not a path inside the assets folder.").arg(m_action.newPath));
    AssetRecord target;
    target.path = to;
    const auto nameProblems = AssetInspection::inspectNames(m_project, {target});
    if (!nameProblems.value(to).isEmpty() && nameProblems.value(to).first().severity == Severity::Error)
        return refused(nameProblems.value(to).first().message);
    const QString source = m_project.assetsPath() + u'/' + m_action.asset;
    const QString destination = m_project.assetsPath() + u'/' + to;
    // Refuse a name that exists, or would on a case-insensitive system
    // (unless it is the same file changing case).
    const QString existing = QFileInfo(destination).exists() ? destination : QString();
    if (!existing.isEmpty() && m_action.asset.compare(to, Qt::CaseInsensitive) != 0)
        return refused(ActionText::tr("%1 already exists.").arg(to));
    const QStringList siblings = QDir(QFileInfo(destination).absolutePath()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    for (const QString &sibling : siblings) {
        const QString siblingPath = QDir::cleanPath(QFileInfo(to).path() + u'/' + sibling);
        if (sibling.compare(QFileInfo(to).fileName(), Qt::CaseInsensitive) == 0
            && siblingPath.compare(m_action.asset, Qt::CaseInsensitive) != 0) {
            return refused(ActionText::tr("%1 would collide with %2 on Windows and macOS.").arg(to, siblingPath));
        }
    }

    const QString folder = QFileInfo(destination).absolutePath();
    const bool createdFolder = !QFileInfo::exists(folder);
    if (createdFolder && !QDir().mkpath(folder))
        return refused(ActionText::tr("Cannot create the folder for %1.").arg(to));
    QFile file(source);
    if (!file.rename(destination)) {
        if (createdFolder)
            QDir().rmdir(folder);
        return refused(ActionText::tr("Cannot rename %1: %2.").arg(m_action.asset, file.errorString()));
    }
    const AssetOptions carried = options.options(m_action.asset);
    options.setOptions(m_action.asset, {});
    options.setOptions(to, carried);
    QString error;
    if (!carried.isDefault() && !options.save(m_project.rootPath(), &error)) {
        QFile::rename(destination, source); // put it back: a failed action changes nothing
        if (createdFolder)
            QDir().rmdir(folder);
        return refused(error);
    }
    ActionResult result;
    result.applied = true;
    result.inverse = AssetAction{AssetAction::Type::Rename, to, m_action.asset, {}};
    return result;
}

} // namespace Prometeu
