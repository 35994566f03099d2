#pragma once

#include "packer/assetinspection.h"
#include "packer/assetoptions.h"

#include <QJsonObject>

namespace Prometeu {

struct ConversionResult {
    bool ok = false;
    QByteArray payload;             // the asset's cartridge form
    QList<Diagnostic> diagnostics;  // the error when !ok, warnings either way
    bool unavailable = false;       // !ok because the converter could not be loaded, not because of the input
};

// Turns an asset's bytes into its cartridge form (payloads documented in
// docs/cartridge.md). Pure functions of (input, settings): that is what makes
// the content-addressed cache sound.
namespace AssetConverter {

// Bumped whenever a converter's output changes, so old cache entries stop
// matching.
int version(AssetKind kind);

// The settings that affect the output for this asset: part of the cache key.
QJsonObject settings(AssetKind kind, const AssetOptions &options, const ProjectManifest &manifest);
// Everything a cache key is made of besides the input's hash, for a whole
// project: every kind's version and default settings, and each asset's
// own options. Equal contexts and an equal input give equal keys.
QByteArray keyContext(const ProjectManifest &manifest, const AssetOptionsFile &options);

ConversionResult convert(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings);

ConversionResult convertImage(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings);
ConversionResult convertAudio(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings);

} // namespace AssetConverter
} // namespace Prometeu
