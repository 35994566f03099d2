#include "packer/assetrecord.h"

#include "packer/wirenames.h"

#include <array>
#include <string_view>
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
    std::pair{EntryProblem::Unreadable, u"folder_unreadable"},
};

} // namespace

QString wireName(AssetKind kind) { return wireNameIn(kindNames, kind); }

std::optional<AssetKind> assetKindFromString(const QString &text)
{
    return wireValueIn<AssetKind>(kindNames, text);
}

bool storedAsItIs(AssetKind kind)
{
    return kind != AssetKind::Image && kind != AssetKind::Audio;
}

AssetKind classifyAsset(const QString &fileName)
{
    // QFileInfo::suffix()'s rule, lower-cased in a small buffer: a walk of
    // 100,000 names calls this once each, so no allocation per name.
    const qsizetype slash = fileName.lastIndexOf(u'/');
    const qsizetype dot = fileName.lastIndexOf(u'.');
    if (dot <= slash || fileName.size() - dot - 1 > 4 || dot == fileName.size() - 1)
        return AssetKind::Unknown;
    char suffix[5] = {};
    for (qsizetype i = dot + 1, j = 0; i < fileName.size(); ++i, ++j) {
        const char16_t c = fileName.at(i).unicode();
        if (c >= 0x80)
            return AssetKind::Unknown;
        suffix[j] = char(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    static constexpr std::pair<std::string_view, AssetKind> byExtension[] = {
        {"png", AssetKind::Image},  {"jpg", AssetKind::Image},   {"jpeg", AssetKind::Image}, {"bmp", AssetKind::Image},
        {"gif", AssetKind::Image},  {"wav", AssetKind::Audio},   {"ogg", AssetKind::Audio},  {"flac", AssetKind::Audio},
        {"json", AssetKind::Data},  {"txt", AssetKind::Text},    {"md", AssetKind::Text},    {"csv", AssetKind::Text},
        {"lua", AssetKind::Script}, {"js", AssetKind::Script},   {"wren", AssetKind::Script}, {"py", AssetKind::Script},
        {"tmx", AssetKind::TileMap}, {"tsx", AssetKind::TileMap},
    };
    const std::string_view wanted(suffix);
    for (const auto &[extension, kind] : byExtension) {
        if (extension == wanted)
            return kind;
    }
    return AssetKind::Unknown;
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
