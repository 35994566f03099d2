#include "codecs.h"

#include <QtGlobal>

namespace Prometeu {

namespace {

class LoadedCodecs final : public MediaCodecs
{
public:
    ConversionResult convertImage(const AssetContext &asset, const QByteArray &input,
                                  const QJsonObject &settings) const override
    {
        return Codecs::convertImage(asset, input, settings);
    }
    ConversionResult convertAudio(const AssetContext &asset, const QByteArray &input, const QJsonObject &settings,
                                  const PayloadPieces *pieces) const override
    {
        return Codecs::convertAudio(asset, input, settings, pieces);
    }
    QList<Diagnostic> inspectImage(const AssetContext &asset) const override { return Codecs::inspectImage(asset); }
    QList<Diagnostic> inspectAudio(const AssetContext &asset) const override { return Codecs::inspectAudio(asset); }
    PreviewPicture writePreview(const AssetContext &asset, const QByteArray &input,
                                const QString &target) const override
    {
        return Codecs::writePreview(asset, input, target);
    }
};

} // namespace

} // namespace Prometeu

// The one symbol the library exports (packer/src/mediacodecs.cpp resolves
// it): the codecs, or null for a caller built against another interface.
extern "C" Q_DECL_EXPORT const Prometeu::MediaCodecs *prometeuMediaCodecs(int interfaceVersion)
{
    static const Prometeu::LoadedCodecs codecs;
    return interfaceVersion == Prometeu::MediaCodecs::interfaceVersion ? &codecs : nullptr;
}
