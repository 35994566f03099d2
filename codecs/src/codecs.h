#pragma once

#include <packer/mediacodecs.h>

// The decoders behind MediaCodecs, inside libprometeu-codecs.so.
namespace Prometeu::Codecs {

ConversionResult convertImage(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings);
ConversionResult convertAudio(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings,
                              const PayloadPieces *pieces = nullptr);
QList<Diagnostic> inspectImage(const AssetContext &asset);
QList<Diagnostic> inspectAudio(const AssetContext &asset);
PreviewPicture writePreview(const AssetContext &asset, const QByteArray &input, const QString &target);

} // namespace Prometeu::Codecs
