// Every asset converter and content inspector on arbitrary bytes. The first
// byte picks the converter and its settings; the rest is the asset.
#include "fuzzsupport.h"

#include <packer/assetconverter.h>
#include <packer/assetinspection.h>
#include <packer/project.h>

#include <QJsonObject>

using namespace Qt::StringLiterals;

using namespace Prometeu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzSupport::ensureApplication();
    if (size < 1)
        return 0;
    const uint8_t selector = data[0];
    const QByteArray input = FuzzSupport::bytes(data + 1, size - 1);
    static const Project project(QDir::tempPath(), ProjectManifest());
    AssetRecord record;
    record.size = input.size();
    AssetOptions options;
    switch (selector % 6) {
    case 0:
    case 1:
        record.kind = AssetKind::Image;
        record.path = u"fuzz.png"_s;
        options.pixelFormat = selector % 6 == 0 ? u"rgba8888"_s : u"indexed8"_s;
        break;
    case 2:
        record.kind = AssetKind::Audio;
        record.path = u"fuzz.wav"_s;
        options.sampleRate = (selector & 0x80) ? 22050 : 0;
        break;
    case 3:
        record.kind = AssetKind::Data;
        record.path = u"fuzz.json"_s;
        break;
    case 4:
        record.kind = AssetKind::TileMap;
        record.path = u"fuzz.tmx"_s;
        break;
    case 5:
        record.kind = AssetKind::Text;
        record.path = u"fuzz.txt"_s;
        break;
    }
    const AssetContext asset{project, record};
    const QJsonObject settings = AssetConverter::settings(record.kind, options, project.manifest());
    const ConversionResult result = AssetConverter::convert(asset, input, settings);
    if (!result.ok && result.diagnostics.isEmpty())
        __builtin_trap(); // a failed conversion must say why
    if (record.kind == AssetKind::Audio) {
        // Handed over in pieces (taken whatever their size; the first one
        // refused when the selector says so), a sound converts to exactly
        // what it converts to whole, with the same words.
        QByteArray taken;
        qint64 announced = -1;
        int pieces = 0;
        const int refuseAfter = (selector & 0x40) ? 0 : -1;
        const PayloadPieces handOver{[&](qint64 size) {
                                         announced = size;
                                         return true;
                                     },
                                     [&](QByteArrayView piece) {
                                         if (pieces++ == refuseAfter)
                                             return false;
                                         taken.append(piece);
                                         return true;
                                     }};
        const ConversionResult inPieces = AssetConverter::convert(asset, input, settings, &handOver);
        if (inPieces.ok != result.ok || inPieces.diagnostics.size() != result.diagnostics.size())
            __builtin_trap();
        if (inPieces.streamed && (taken != result.payload || announced != taken.size()))
            __builtin_trap();
        if (!inPieces.streamed && inPieces.payload != result.payload)
            __builtin_trap();
    }
    return 0;
}
