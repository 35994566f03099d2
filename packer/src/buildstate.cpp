#include "packer/buildstate.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// A binary file (QDataStream): a no-op rebuild reads it once per build, and
// for 10,000 assets JSON's parse was a visible share of the whole no-op.
constexpr quint64 stateMagic = 0x5052'4d42'5354'3036; // "PRMBST06"
constexpr QDataStream::Version streamVersion = QDataStream::Qt_6_4;

// An asset's record, as both lists (assets, failures) keep it.
QDataStream &operator<<(QDataStream &out, const BuildState::Asset &asset)
{
    return out << asset.size << asset.modifiedMs << asset.inputHash << asset.key << qint32(asset.converterVersion)
               << asset.uses << asset.dependencies << asset.warnings;
}

QDataStream &operator>>(QDataStream &in, BuildState::Asset &asset)
{
    qint32 version = 0;
    in >> asset.size >> asset.modifiedMs >> asset.inputHash >> asset.key >> version >> asset.uses >> asset.dependencies
        >> asset.warnings;
    asset.converterVersion = version;
    return in;
}

} // namespace

BuildState BuildState::load(const QString &path)
{
    // A missing, damaged or older state only costs a full re-hash: never an error.
    BuildState state;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return state;
    QDataStream in(&file);
    in.setVersion(streamVersion);
    quint64 magic = 0;
    qint64 count = 0;
    in >> magic >> count;
    // Every entry takes at least 28 bytes (an empty name and four fields):
    // a damaged count must not reserve gigabytes before the read fails.
    if (magic != stateMagic || count < 0 || count > file.size() / 28)
        return state;
    state.assets.reserve(qsizetype(count));
    for (qint64 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        QString name;
        Asset asset;
        in >> name >> asset;
        state.assets.insert(name, asset);
    }
    qint64 failures = 0;
    in >> failures;
    if (failures < 0 || failures > file.size() / 28)
        return BuildState();
    for (qint64 i = 0; i < failures && in.status() == QDataStream::Ok; ++i) {
        QString name;
        Failure failure;
        in >> name >> failure.asset >> failure.diagnostics;
        state.failures.insert(name, failure);
    }
    in >> state.cartridge.path >> state.cartridge.size >> state.cartridge.modifiedMs >> state.cartridge.signature
        >> state.keyContext;
    if (in.status() != QDataStream::Ok)
        return BuildState(); // truncated: trust none of it
    return state;
}

bool BuildState::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        QDataStream out(&file);
        out.setVersion(streamVersion);
        out << stateMagic << qint64(assets.size());
        for (auto it = assets.constBegin(); it != assets.constEnd(); ++it)
            out << it.key() << *it;
        out << qint64(failures.size());
        for (auto it = failures.constBegin(); it != failures.constEnd(); ++it)
            out << it.key() << it->asset << it->diagnostics;
        out << cartridge.path << cartridge.size << cartridge.modifiedMs << cartridge.signature << keyContext;
        if (out.status() == QDataStream::Ok && file.commit())
            return true;
    }
    if (error)
        *error = QCoreApplication::translate("BuildState", "Cannot write %1: %2.").arg(path, file.errorString());
    return false;
}

} // namespace Prometeu
