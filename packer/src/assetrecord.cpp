#include "packer/assetrecord.h"

#include "packer/wirenames.h"

#include <array>
#include <utility>

#include <QFileInfo>
#include <QHash>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

constexpr std::array kindNames{
    std::pair{AssetKind::Image, u"image"},   std::pair{AssetKind::Audio, u"audio"},
    std::pair{AssetKind::Data, u"data"},     std::pair{AssetKind::Text, u"text"},
    std::pair{AssetKind::Script, u"script"}, std::pair{AssetKind::TileMap, u"tilemap"},
    std::pair{AssetKind::Unknown, u"unknown"},
};

constexpr std::array problemNames{
    std::pair{EntryProblem::LinkLoop, u"link_loop"},       std::pair{EntryProblem::LinkOutside, u"link_outside"},
    std::pair{EntryProblem::LinkDangling, u"link_dangling"}, std::pair{EntryProblem::NotRegular, u"not_regular"},
    std::pair{EntryProblem::BadEncoding, u"bad_encoding"}, std::pair{EntryProblem::TooDeep, u"too_deep"},
};

} // namespace

QString wireName(AssetKind kind) { return wireNameIn(kindNames, kind); }

std::optional<AssetKind> assetKindFromString(const QString &text)
{
    return wireValueIn<AssetKind>(kindNames, text);
}

AssetKind classifyAsset(const QString &fileName)
{
    static const QHash<QString, AssetKind> byExtension{
        {u"png"_s, AssetKind::Image},  {u"jpg"_s, AssetKind::Image},
        {u"jpeg"_s, AssetKind::Image}, {u"bmp"_s, AssetKind::Image},
        {u"gif"_s, AssetKind::Image},  {u"wav"_s, AssetKind::Audio},
        {u"ogg"_s, AssetKind::Audio},  {u"flac"_s, AssetKind::Audio},
        {u"json"_s, AssetKind::Data},  {u"txt"_s, AssetKind::Text},
        {u"md"_s, AssetKind::Text},    {u"csv"_s, AssetKind::Text},
        {u"lua"_s, AssetKind::Script}, {u"js"_s, AssetKind::Script},
        {u"wren"_s, AssetKind::Script}, {u"py"_s, AssetKind::Script},
        {u"tmx"_s, AssetKind::TileMap},
    };
    // QFileInfo::suffix()'s rule without building a QFileInfo per file
    // (a walk of 100,000 names calls this once each).
    const qsizetype slash = fileName.lastIndexOf(u'/');
    const qsizetype dot = fileName.lastIndexOf(u'.');
    if (dot <= slash || dot == fileName.size() - 1)
        return AssetKind::Unknown;
    const QStringView suffix = QStringView(fileName).sliced(dot + 1);
    if (suffix.size() > 4)
        return AssetKind::Unknown;
    return byExtension.value(suffix.toString().toLower(), AssetKind::Unknown);
}

QString wireName(EntryProblem problem) { return wireNameIn(problemNames, problem); }

std::optional<EntryProblem> entryProblemFromString(const QString &text)
{
    return wireValueIn<EntryProblem>(problemNames, text);
}

AssetRecord AssetRecord::fromJson(const QJsonObject &object)
{
    AssetRecord record;
    record.path = object.value(u"path"_s).toString();
    record.kind = assetKindFromString(object.value(u"kind"_s).toString()).value_or(AssetKind::Unknown);
    record.size = object.value(u"size"_s).toInteger();
    record.hash = object.value(u"hash"_s).toString();
    record.problem = entryProblemFromString(object.value(u"problem"_s).toString()).value_or(EntryProblem::None);
    record.linkTarget = object.value(u"link_target"_s).toString();
    return record;
}

QJsonObject AssetRecord::toJson() const
{
    QJsonObject object{
        {u"path"_s, path},
        {u"kind"_s, wireName(kind)},
        {u"size"_s, size},
    };
    if (!hash.isEmpty())
        object.insert(u"hash"_s, hash);
    if (problem != EntryProblem::None)
        object.insert(u"problem"_s, wireName(problem));
    if (!linkTarget.isEmpty())
        object.insert(u"link_target"_s, linkTarget);
    return object;
}

} // namespace Prometeu
