#include "packer/doctormemo.h"

#include "packer/contenthash.h"
#include "packer/mediacodecs.h"
#include "packer/project.h"

#include <support/writeall.h>

#include <QCoreApplication>
#include <QDataStream>
#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

constexpr quint64 memoMagic = 0x5052'4d44'4f43'4d4f; // "PRMDOCMO"
constexpr qint32 formatVersion = 1;
constexpr QDataStream::Version streamVersion = QDataStream::Qt_6_4;

class DoctorMemoText
{
    Q_DECLARE_TR_FUNCTIONS(DoctorOperation) // the doctor's catalogue: its language is the messages'
};

} // namespace

QByteArray DoctorMemo::contextOf(const Project &project)
{
    ContentHash::Stream context;
    context.add(QByteArrayView("prometeu-doctor-memo"));
    const qint32 versions[] = {checksVersion, MediaCodecs::interfaceVersion};
    context.add(QByteArrayView(reinterpret_cast<const char *>(versions), sizeof versions));
    context.add(QByteArrayView(qVersion())); // Qt's image readers decide what decodes
    QFile manifest(project.manifestPath());
    if (manifest.open(QIODevice::ReadOnly))
        context.add(QByteArrayView(manifest.readAll()));
    // A sentence of the doctor's in the language its messages are in now.
    context.add(QStringView(DoctorMemoText::tr("Checked %n asset(s): no problems found.", nullptr, 2)));
    return context.digest();
}

QByteArray DoctorMemo::keyOf(const QByteArray &context, const AssetRecord &record)
{
    if (record.problem != EntryProblem::None || record.hash.isEmpty())
        return {};
    ContentHash::Stream key;
    key.add(QByteArrayView(context));
    key.add(QStringView(record.hash));
    key.add(QStringView(record.path));
    const qint64 facts[] = {qint64(record.kind), record.size};
    key.add(QByteArrayView(reinterpret_cast<const char *>(facts), sizeof facts));
    return key.digest();
}

const DoctorMemo::Findings *DoctorMemo::find(const QByteArray &key) const
{
    if (key.isEmpty())
        return nullptr;
    const auto it = m_entries.constFind(key);
    return it == m_entries.cend() ? nullptr : &it.value();
}

void DoctorMemo::insert(const QByteArray &key, Findings findings)
{
    if (!key.isEmpty())
        m_entries.insert(key, std::move(findings));
}

DoctorMemo DoctorMemo::load(const QString &path)
{
    DoctorMemo memo;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return memo;
    QDataStream in(&file);
    in.setVersion(streamVersion);
    quint64 magic = 0;
    qint32 version = 0;
    qint64 count = 0;
    in >> magic >> version >> count;
    // Every entry takes at least 28 bytes: a damaged count must not reserve
    // gigabytes before the read fails.
    if (magic != memoMagic || version != formatVersion || count < 0 || count > file.size() / 28)
        return {};
    memo.m_entries.reserve(qsizetype(count));
    for (qint64 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        QByteArray key;
        QByteArray diagnostics;
        qint32 references = 0;
        in >> key >> diagnostics >> references;
        if (in.status() != QDataStream::Ok || key.size() != 16 || references < 0 || references > 1'000'000)
            return {};
        Findings findings;
        findings.diagnostics = diagnosticsFromJson(diagnostics);
        for (qint32 r = 0; r < references && in.status() == QDataStream::Ok; ++r) {
            AssetReference reference;
            qint32 line = 0;
            qint32 column = 0;
            in >> reference.path >> reference.written >> line >> column >> reference.required;
            reference.line = line;
            reference.column = column;
            findings.references.append(reference);
        }
        memo.m_entries.insert(key, std::move(findings));
    }
    if (in.status() != QDataStream::Ok)
        return {};
    return memo;
}

bool DoctorMemo::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    QDataStream out(&file);
    out.setVersion(streamVersion);
    out << memoMagic << formatVersion << qint64(m_entries.size());
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        out << it.key() << diagnosticsToJson(it->diagnostics) << qint32(it->references.size());
        for (const AssetReference &reference : it->references)
            out << reference.path << reference.written << qint32(reference.line) << qint32(reference.column)
                << reference.required;
    }
    if (out.status() != QDataStream::Ok || !commitWhole(file)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace Prometeu
