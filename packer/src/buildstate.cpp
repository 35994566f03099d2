#include "packer/buildstate.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Prometeu {

BuildState BuildState::load(const QString &path)
{
    // A missing or damaged state only costs a full re-hash: never an error.
    BuildState state;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return state;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    if (root.value(u"version"_s).toInt() != 1)
        return state;
    const QJsonObject assets = root.value(u"assets"_s).toObject();
    for (auto it = assets.constBegin(); it != assets.constEnd(); ++it) {
        const QJsonArray a = it.value().toArray();
        if (a.size() != 4)
            continue;
        state.assets.insert(it.key(), Asset{a.at(0).toInteger(), a.at(1).toInteger(), a.at(2).toString(),
                                            a.at(3).toString()});
    }
    const QJsonObject cartridge = root.value(u"cartridge"_s).toObject();
    state.cartridge = Cartridge{cartridge.value(u"path"_s).toString(), cartridge.value(u"size"_s).toInteger(),
                                cartridge.value(u"mtime_ms"_s).toInteger(),
                                cartridge.value(u"signature"_s).toString()};
    return state;
}

bool BuildState::save(const QString &path, QString *error) const
{
    QJsonObject assetsJson;
    for (auto it = assets.constBegin(); it != assets.constEnd(); ++it) {
        const Asset &a = it.value();
        assetsJson.insert(it.key(), QJsonArray{a.size, a.modifiedMs, a.inputHash, a.key});
    }
    const QJsonObject root{
        {u"version"_s, 1},
        {u"assets"_s, assetsJson},
        {u"cartridge"_s, QJsonObject{{u"path"_s, cartridge.path}, {u"size"_s, cartridge.size},
                                     {u"mtime_ms"_s, cartridge.modifiedMs}, {u"signature"_s, cartridge.signature}}},
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson(QJsonDocument::Compact)) < 0
        || !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("BuildState", "Cannot write %1: %2.").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace Prometeu
