#include "packer/mediacodecs.h"

#include "packer/assetinspection.h"

#include <support/loadablemodule.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>

#include <memory>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class CodecsText
{
    Q_DECLARE_TR_FUNCTIONS(MediaCodecs)
};

using EntryPoint = const MediaCodecs *(*)(int);

struct Loaded {
    // Conversions may run on any thread until the process ends.
    LoadableModule module;
    const MediaCodecs *codecs = nullptr;
    QString why;
};

Loaded load()
{
    Loaded loaded;
    loaded.module = LoadableModule::load(
        LoadableModule::candidates("PROMETEU_CODECS_LIBRARY", u"libprometeu-codecs.so"_s, PROMETEU_CODECS_BUILD_PATH),
        "prometeuMediaCodecs", [&](QFunctionPointer entry) {
            loaded.codecs = reinterpret_cast<EntryPoint>(entry)(MediaCodecs::interfaceVersion);
            return loaded.codecs != nullptr;
        });
    if (!loaded.module.library) {
        loaded.codecs = nullptr;
        loaded.why = CodecsText::tr("the image and sound decoders (libprometeu-codecs.so) could not be loaded: %1")
                         .arg(loaded.module.tried);
    }
    return loaded;
}

const Loaded &loadedCodecs()
{
    static const Loaded loaded = load(); // once, whichever thread asks first
    return loaded;
}

ConversionResult unavailable(const AssetContext &asset, const QString &why)
{
    ConversionResult result;
    result.unavailable = true; // an install fixed, the next build converts it
    result.diagnostics.append(asset.diagnostic(Severity::Error, u"codecs.unavailable"_s,
                                               CodecsText::tr("This asset cannot be decoded: %1.").arg(why)));
    return result;
}

} // namespace

const MediaCodecs *mediaCodecs(QString *why)
{
    const Loaded &loaded = loadedCodecs();
    if (!loaded.codecs && why)
        *why = loaded.why;
    return loaded.codecs;
}

ConversionResult AssetConverter::convertImage(const AssetContext &asset, const QByteArray &input,
                                              const QJsonObject &settings)
{
    QString why;
    const MediaCodecs *codecs = mediaCodecs(&why);
    return codecs ? codecs->convertImage(asset, input, settings) : unavailable(asset, why);
}

ConversionResult AssetConverter::convertAudio(const AssetContext &asset, const QByteArray &input,
                                              const QJsonObject &settings, const PayloadPieces *pieces)
{
    QString why;
    const MediaCodecs *codecs = mediaCodecs(&why);
    return codecs ? codecs->convertAudio(asset, input, settings, pieces) : unavailable(asset, why);
}

QList<Diagnostic> AssetInspection::inspectImage(const AssetContext &asset)
{
    QString why;
    const MediaCodecs *codecs = mediaCodecs(&why);
    return codecs ? codecs->inspectImage(asset) : unavailable(asset, why).diagnostics;
}

QList<Diagnostic> AssetInspection::inspectAudio(const AssetContext &asset)
{
    QString why;
    const MediaCodecs *codecs = mediaCodecs(&why);
    return codecs ? codecs->inspectAudio(asset) : unavailable(asset, why).diagnostics;
}

} // namespace Prometeu
