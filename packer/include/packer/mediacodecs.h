#pragma once

#include "packer/assetconverter.h"

#include <QSize>

namespace Prometeu {

// A preview picture written as a PNG: its size, or why it was not made.
struct PreviewPicture {
    QSize size;
    QString error; // a sentence; empty when the picture is there
};

// What decodes images and sounds: Qt Gui's image readers, libsndfile and
// libsamplerate, with the fifty-odd libraries they load. They live in their
// own library, libprometeu-codecs.so (codecs/), loaded the first time an
// image or sound is converted, inspected or previewed, so a command that
// decodes none (a no-op build, scan, explain, tail) starts without them.
// The packer calls them through AssetConverter, AssetInspection and
// PreviewOperation; nothing else needs this header.
class MediaCodecs
{
public:
    // Bumped whenever this class changes: a library built against another
    // layout is refused rather than called.
    static constexpr int interfaceVersion = 2;

    virtual ConversionResult convertImage(const AssetContext &asset, const QByteArray &input,
                                          const QJsonObject &settings) const = 0;
    // `pieces` may be null (see PayloadPieces).
    virtual ConversionResult convertAudio(const AssetContext &asset, const QByteArray &input,
                                          const QJsonObject &settings, const PayloadPieces *pieces) const = 0;
    virtual QList<Diagnostic> inspectImage(const AssetContext &asset) const = 0;
    virtual QList<Diagnostic> inspectAudio(const AssetContext &asset) const = 0;
    // Makes `target` (a PNG) the preview of `asset` from its bytes: a
    // thumbnail of an image, the waveform of a sound as the cartridge will
    // play it. An existing `target` is the same content's preview: kept.
    virtual PreviewPicture writePreview(const AssetContext &asset, const QByteArray &input,
                                        const QString &target) const = 0;

protected:
    ~MediaCodecs() = default;
};

// The codecs, loaded once, on first use, from any thread; null when the
// library cannot be loaded, with *why naming the file and the reason.
const MediaCodecs *mediaCodecs(QString *why = nullptr);

} // namespace Prometeu
