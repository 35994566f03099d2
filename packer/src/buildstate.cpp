#include "packer/buildstate.h"

#include <support/writeall.h>

#include <QCoreApplication>
#include <QDataStream>
#include <QFile>
#include <QSaveFile>

#include <limits>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// A binary file (QDataStream): a no-op rebuild reads it once per build, and
// for 10,000 assets JSON's parse was a visible share of the whole no-op.
constexpr quint64 stateMagic = 0x5052'4d42'5354'3037; // "PRMBST07"
constexpr QDataStream::Version streamVersion = QDataStream::Qt_6_4;

// Diagnostics as a count and their fields (ADL does not see operators in
// this unnamed namespace, so QList's own streaming cannot be used).
void write(QDataStream &out, const QList<Diagnostic> &diagnostics)
{
    out << quint32(diagnostics.size());
    for (const Diagnostic &diagnostic : diagnostics) {
        out << quint8(diagnostic.severity) << diagnostic.code << diagnostic.message << diagnostic.asset
            << diagnostic.file << qint32(diagnostic.line) << qint32(diagnostic.column);
    }
}

// A list's count, bounded by what the file could hold if each entry took
// its least bytes: a damaged count must not reserve gigabytes. 0 (and the
// stream marked corrupt) when it could not.
quint32 readCount(QDataStream &in, qint64 fileSize, int leastBytes)
{
    quint32 count = 0;
    in >> count;
    if (count > quint32(std::numeric_limits<qint32>::max()) || count > fileSize / leastBytes) {
        in.setStatus(QDataStream::ReadCorruptData);
        return 0;
    }
    return count;
}

// Each takes at least 25 bytes (a severity, four empty strings, a place).
void read(QDataStream &in, QList<Diagnostic> &diagnostics, qint64 fileSize)
{
    const quint32 count = readCount(in, fileSize, 25);
    diagnostics.clear();
    diagnostics.reserve(count);
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        Diagnostic diagnostic;
        quint8 severity = 0;
        qint32 line = 0;
        qint32 column = 0;
        in >> severity >> diagnostic.code >> diagnostic.message >> diagnostic.asset >> diagnostic.file >> line
            >> column;
        if (severity > quint8(Severity::Info))
            in.setStatus(QDataStream::ReadCorruptData);
        diagnostic.severity = Severity(severity);
        diagnostic.line = line;
        diagnostic.column = column;
        diagnostics.append(std::move(diagnostic));
    }
}

// An asset's record, as both lists (assets, failures) keep it.
void write(QDataStream &out, const BuildState::Asset &asset)
{
    out << asset.size << asset.modifiedMs << asset.inputHash << asset.key << qint32(asset.converterVersion)
        << asset.uses << asset.dependencies;
    write(out, asset.warnings);
}

// As QDataStream writes a QStringList, read without its reserve(): Qt
// reserves the count it reads, and a damaged one asked for 96 GiB
// (fuzz_statefiles). Each name takes at least 4 bytes.
void read(QDataStream &in, QStringList &names, qint64 fileSize)
{
    const quint32 count = readCount(in, fileSize, 4);
    names.clear();
    names.reserve(count);
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        QString name;
        in >> name;
        names.append(std::move(name));
    }
}

void read(QDataStream &in, BuildState::Asset &asset, qint64 fileSize)
{
    qint32 version = 0;
    in >> asset.size >> asset.modifiedMs >> asset.inputHash >> asset.key >> version;
    read(in, asset.uses, fileSize);
    in >> asset.dependencies;
    read(in, asset.warnings, fileSize);
    asset.converterVersion = version;
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
    const qint64 fileSize = file.size();
    if (magic != stateMagic || count < 0 || count > fileSize / 28)
        return state;
    state.assets.reserve(qsizetype(count));
    for (qint64 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        QString name;
        Asset asset;
        in >> name;
        read(in, asset, fileSize);
        state.assets.insert(name, asset);
    }
    qint64 failures = 0;
    in >> failures;
    if (failures < 0 || failures > fileSize / 28)
        return BuildState();
    for (qint64 i = 0; i < failures && in.status() == QDataStream::Ok; ++i) {
        QString name;
        Failure failure;
        in >> name;
        read(in, failure.asset, fileSize);
        read(in, failure.diagnostics, fileSize);
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
        for (auto it = assets.constBegin(); it != assets.constEnd(); ++it) {
            out << it.key();
            write(out, *it);
        }
        out << qint64(failures.size());
        for (auto it = failures.constBegin(); it != failures.constEnd(); ++it) {
            out << it.key();
            write(out, it->asset);
            write(out, it->diagnostics);
        }
        out << cartridge.path << cartridge.size << cartridge.modifiedMs << cartridge.signature << keyContext;
        if (out.status() == QDataStream::Ok && commitWhole(file))
            return true;
    }
    if (error)
        *error = QCoreApplication::translate("BuildState", "Cannot write %1: %2.").arg(path, file.errorString());
    return false;
}

} // namespace Prometeu
