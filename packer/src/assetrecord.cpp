#include "packer/assetrecord.h"

#include <QFileInfo>
#include <QHash>

using namespace Qt::StringLiterals;

namespace Prometeu {

QString wireName(AssetKind kind)
{
    switch (kind) {
    case AssetKind::Image: return u"image"_s;
    case AssetKind::Audio: return u"audio"_s;
    case AssetKind::Data: return u"data"_s;
    case AssetKind::Text: return u"text"_s;
    case AssetKind::Script: return u"script"_s;
    case AssetKind::TileMap: return u"tilemap"_s;
    case AssetKind::Unknown: return u"unknown"_s;
    }
    return {};
}

std::optional<AssetKind> assetKindFromString(const QString &text)
{
    for (AssetKind kind : {AssetKind::Image, AssetKind::Audio, AssetKind::Data, AssetKind::Text,
                           AssetKind::Script, AssetKind::TileMap, AssetKind::Unknown}) {
        if (wireName(kind) == text)
            return kind;
    }
    return std::nullopt;
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
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    return byExtension.value(suffix, AssetKind::Unknown);
}

QString wireName(EntryProblem problem)
{
    switch (problem) {
    case EntryProblem::None: return {};
    case EntryProblem::LinkLoop: return u"link_loop"_s;
    case EntryProblem::LinkOutside: return u"link_outside"_s;
    case EntryProblem::LinkDangling: return u"link_dangling"_s;
    case EntryProblem::NotRegular: return u"not_regular"_s;
    case EntryProblem::BadEncoding: return u"bad_encoding"_s;
    case EntryProblem::TooDeep: return u"too_deep"_s;
    }
    return {};
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
