#include "packer/assetconverter.h"

#include "packer/contenthash.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {
class ConverterText
{
    Q_DECLARE_TR_FUNCTIONS(AssetConverter)
};
} // namespace

int AssetConverter::version(AssetKind kind)
{
    switch (kind) {
    case AssetKind::Image: return 2; // 2: a damaged PNG chunk is named (a remembered refusal said less)
    case AssetKind::Audio: return 3; // 2: an odd-sized WAV data chunk is not called cut (its cached warning said so); 3: a sound with no samples is audio.empty (a remembered refusal said "unsupported")
    case AssetKind::Data: return 1;
    case AssetKind::Text:
    case AssetKind::Script:
    case AssetKind::TileMap: return 1;
    case AssetKind::Unknown: return 3; // 2: a note, as the doctor says it (a cached warning was replayed); 3: the doctor's code too
    }
    return 1;
}

QJsonObject AssetConverter::settings(AssetKind kind, const AssetOptions &options, const ProjectManifest &manifest)
{
    QJsonObject settings{{u"compression"_s, manifest.cartridge.compression}};
    if (kind == AssetKind::Image) {
        settings.insert(u"pixel_format"_s, options.pixelFormat.isEmpty() ? u"rgba8888"_s : options.pixelFormat);
        settings.insert(u"max_width"_s, manifest.cartridge.maxImageWidth);
        settings.insert(u"max_height"_s, manifest.cartridge.maxImageHeight);
    } else if (kind == AssetKind::Audio) {
        settings.insert(u"sample_rate"_s, options.sampleRate > 0 ? options.sampleRate : manifest.audio.sampleRate);
        settings.insert(u"channels"_s, manifest.audio.channels);
    }
    return settings;
}

QByteArray AssetConverter::keyContext(const ProjectManifest &manifest, const AssetOptionsFile &options)
{
    // Made from settings() itself, so a setting added there is covered here.
    // Bump the schema when classification or cacheKey() change meaning.
    QByteArray material = "key-context-2\n"; // 2: .tsx tile sets are tile maps
    const auto add = [&](const QString &asset, AssetKind kind, const AssetOptions &assetOptions) {
        material += asset.toUtf8() + '\0' + wireName(kind).toLatin1() + '\0' + QByteArray::number(version(kind))
            + '\0' + (assetOptions.excluded ? "excluded" : "")
            + QJsonDocument(settings(kind, assetOptions, manifest)).toJson(QJsonDocument::Compact) + '\n';
    };
    for (AssetKind kind : {AssetKind::Image, AssetKind::Audio, AssetKind::Data, AssetKind::Text, AssetKind::Script,
                           AssetKind::TileMap, AssetKind::Unknown})
        add({}, kind, {});
    QStringList assets = options.all().keys();
    std::sort(assets.begin(), assets.end());
    for (const QString &asset : std::as_const(assets))
        add(asset, classifyAsset(asset), options.options(asset));
    return ContentHash::digest(material);
}

ConversionResult AssetConverter::convert(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings,
                                         const PayloadPieces *pieces)
{
    ConversionResult result;
    switch (asset.record.kind) {
    case AssetKind::Image:
        return convertImage(asset, input, settings);
    case AssetKind::Audio:
        return convertAudio(asset, input, settings, pieces);
    case AssetKind::Data: {
        result.diagnostics = AssetInspection::inspectJson(asset, input);
        if (result.diagnostics.isEmpty()) {
            result.payload = QJsonDocument::fromJson(input).toJson(QJsonDocument::Compact);
            result.ok = true;
        }
        return result;
    }
    case AssetKind::TileMap:
        result.diagnostics = AssetInspection::inspectTileMap(asset, input);
        if (result.diagnostics.isEmpty())
            result.diagnostics = AssetInspection::inspectText(asset, input);
        break;
    case AssetKind::Text:
    case AssetKind::Script:
        result.diagnostics = AssetInspection::inspectText(asset, input);
        break;
    case AssetKind::Unknown:
        // The doctor's note, with its code: a warning of its own here made
        // a project of level files and scripts read "0 warnings" after its
        // check and "827 warnings" after its build (pingus-data), and the
        // Studio showed the one fact twice.
        result.diagnostics.append(asset.diagnostic(
            Severity::Info, u"asset.unknown_type"_s,
            ConverterText::tr("Prometeu does not know this file type; it is stored in the cartridge as it is.")));
        result.payload = input;
        result.ok = true;
        return result;
    }
    result.ok = result.diagnostics.isEmpty();
    if (result.ok)
        result.payload = input;
    return result;
}

} // namespace Prometeu
