#include "packer/mediacodecs.h"

#include "packer/assetinspection.h"

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
    // Kept for the life of the process (QLibrary does not unload on
    // destruction): conversions may run on any thread until it ends.
    std::unique_ptr<QLibrary> library;
    const MediaCodecs *codecs = nullptr;
    QString why;
};

// Where the library is: PROMETEU_CODECS_LIBRARY when set (and then only
// there), else beside the executable's folder, as the build tree and an
// install lay it out (bin/ and lib/), else where this build made it.
QStringList candidates()
{
    if (const QString chosen = qEnvironmentVariable("PROMETEU_CODECS_LIBRARY"); !chosen.isEmpty())
        return {chosen};
    const QString executable = QFileInfo(u"/proc/self/exe"_s).canonicalFilePath();
    QStringList out;
    if (!executable.isEmpty())
        out.append(QFileInfo(executable).dir().filePath(u"../lib/libprometeu-codecs.so"_s));
#ifdef PROMETEU_CODECS_BUILD_PATH
    out.append(QString::fromUtf8(PROMETEU_CODECS_BUILD_PATH));
#endif
    return out;
}

Loaded load()
{
    Loaded loaded;
    QStringList tried;
    for (const QString &path : candidates()) {
        if (!QFileInfo(path).isFile()) {
            tried.append(QDir::cleanPath(path));
            continue;
        }
        auto library = std::make_unique<QLibrary>(path);
        const auto entry = reinterpret_cast<EntryPoint>(library->resolve("prometeuMediaCodecs"));
        if (!entry) {
            tried.append(library->errorString());
            continue;
        }
        loaded.codecs = entry(MediaCodecs::interfaceVersion);
        if (loaded.codecs) {
            loaded.library = std::move(library);
            return loaded;
        }
        tried.append(CodecsText::tr("%1 was built for another version of Prometeu").arg(QDir::cleanPath(path)));
    }
    loaded.why = CodecsText::tr("the image and sound decoders (libprometeu-codecs.so) could not be loaded: %1")
                     .arg(tried.isEmpty() ? CodecsText::tr("no place to look") : tried.join(u"; "_s));
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
