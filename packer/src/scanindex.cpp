#include "packer/scanindex.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Prometeu {

const AssetRecord *ScanIndex::find(const QString &path) const
{
    const auto it = m_records.constFind(path);
    return it == m_records.cend() ? nullptr : &it.value();
}

void ScanIndex::setRecords(const QList<AssetRecord> &records)
{
    m_records.clear();
    for (const AssetRecord &record : records)
        m_records.insert(record.path, record);
}

ScanIndex ScanIndex::load(const QString &path, QString *error)
{
    ScanIndex index;
    QFile file(path);
    if (!file.exists())
        return index;
    auto fail = [&](const QString &why) {
        if (error)
            *error = QCoreApplication::translate("ScanIndex", "Ignoring the scan index %1: %2")
                         .arg(path, why);
        return ScanIndex{};
    };
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(parseError.errorString());
    const QJsonObject root = document.object();
    if (root.value(u"version"_s).toInt() != formatVersion)
        return fail(QCoreApplication::translate("ScanIndex", "unsupported version"));
    const QJsonArray assets = root.value(u"assets"_s).toArray();
    for (const QJsonValue &value : assets) {
        const QJsonObject object = value.toObject();
        AssetRecord record;
        record.path = object.value(u"path"_s).toString();
        record.kind = assetKindFromString(object.value(u"kind"_s).toString()).value_or(AssetKind::Unknown);
        record.size = object.value(u"size"_s).toInteger();
        record.modifiedMs = object.value(u"mtime_ms"_s).toInteger();
        record.hash = object.value(u"hash"_s).toString();
        if (record.path.isEmpty())
            return fail(QCoreApplication::translate("ScanIndex", "an entry has no path"));
        index.m_records.insert(record.path, record);
    }
    return index;
}

bool ScanIndex::save(const QString &path, QString *error) const
{
    QList<AssetRecord> sorted = m_records.values();
    std::sort(sorted.begin(), sorted.end(),
              [](const AssetRecord &a, const AssetRecord &b) { return a.path < b.path; });
    QJsonArray assets;
    for (const AssetRecord &record : std::as_const(sorted)) {
        assets.append(QJsonObject{
            {u"path"_s, record.path},
            {u"kind"_s, wireName(record.kind)},
            {u"size"_s, record.size},
            {u"mtime_ms"_s, record.modifiedMs},
            {u"hash"_s, record.hash},
        });
    }
    const QJsonObject root{{u"version"_s, formatVersion}, {u"assets"_s, assets}};

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson(QJsonDocument::Compact)) < 0
        || !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("ScanIndex", "Cannot write %1: %2")
                         .arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace Prometeu
