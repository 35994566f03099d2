// What the reference runtime decodes from a cartridge it did not build
// itself: TMX maps (with an external tile set that is the input again),
// image and audio payloads. The first byte picks the decoder.
#include "fuzzsupport.h"

#include <runtime/gameassets.h>
#include <runtime/tilemap.h>

using namespace Qt::StringLiterals;
using namespace Prometeu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray input = FuzzSupport::bytes(data + 1, size - 1);
    QString error;
    switch (data[0] % 3) {
    case 0: {
        const auto map = TileMap::parse(input, u"maps/level.tmx"_s,
                                        [&input](const QString &) { return std::optional<QByteArray>(input); }, &error);
        if (map) {
            // Every cell must be drawable without reading outside the layer.
            for (const TileLayer &layer : map->layers)
                if (layer.cells.size() != qsizetype(map->width) * map->height)
                    __builtin_trap();
            for (const TileLayer &layer : map->layers)
                for (quint32 cell : layer.cells)
                    (void)map->tileSetFor(cell);
        } else if (error.isEmpty()) {
            __builtin_trap(); // a refusal always says why
        }
        break;
    }
    case 1:
        if (const auto image = GameAssets::decodeImage(input, &error); !image && error.isEmpty())
            __builtin_trap();
        break;
    default:
        if (const auto sound = GameAssets::decodeAudio(input, &error); !sound && error.isEmpty())
            __builtin_trap();
        break;
    }
    return 0;
}
