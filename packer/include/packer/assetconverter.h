#pragma once

#include "packer/assetinspection.h"
#include "packer/assetoptions.h"

#include <QJsonObject>

#include <functional>

namespace Prometeu {

struct ConversionResult {
    bool ok = false;
    QByteArray payload;             // the asset's cartridge form
    QList<Diagnostic> diagnostics;  // the error when !ok, warnings either way
    bool unavailable = false;       // !ok because the converter could not be loaded, not because of the input
    bool streamed = false;          // ok, and the payload went to the PayloadPieces given (payload stays null)
};

// Where a converter that makes its payload a piece at a time can hand it
// over as it goes, so that a large one (a long sound's samples) is never
// whole in memory. `begin` is called once, before any piece, with the
// payload's exact size; false: not wanted (the converter then returns the
// payload whole). `piece` gets the bytes in order; false stops the pieces,
// and the converter then starts over and returns the payload whole, as it
// also does when what it decodes turns out not to be the size it began
// with (a file cut short). Converters that cannot stream ignore it.
struct PayloadPieces {
    std::function<bool(qint64 size)> begin;
    std::function<bool(QByteArrayView piece)> piece;
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

ConversionResult convert(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings,
                         const PayloadPieces *pieces = nullptr);

ConversionResult convertImage(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings);
ConversionResult convertAudio(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings,
                              const PayloadPieces *pieces = nullptr);

} // namespace AssetConverter
} // namespace Prometeu
