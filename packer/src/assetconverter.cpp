#include "packer/assetconverter.h"

#include <QCoreApplication>
#include <QJsonDocument>

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
    case AssetKind::Image: return 1;
    case AssetKind::Audio: return 1;
    case AssetKind::Data: return 1;
    case AssetKind::Text:
    case AssetKind::Script:
    case AssetKind::TileMap: return 1;
    case AssetKind::Unknown: return 1;
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

ConversionResult AssetConverter::convert(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings)
{
    ConversionResult result;
    switch (asset.record.kind) {
    case AssetKind::Image:
        return convertImage(asset, input, settings);
    case AssetKind::Audio:
        return convertAudio(asset, input, settings);
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
        result.diagnostics.append(asset.diagnostic(
            Severity::Warning, u"asset.stored_raw"_s,
            ConverterText::tr("Unknown file type: stored in the cartridge as it is.")));
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
