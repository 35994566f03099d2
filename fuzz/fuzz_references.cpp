// What assets name (AssetDependencies: TMX/TSX, JSON data, Lua require and
// string literals), on arbitrary bytes. The first byte picks the reader;
// the rest is the content. (The worker protocol: fuzz_workerprotocol.)
#include "fuzzsupport.h"

#include <packer/assetdependencies.h>
#include <packer/assetgraph.h>

using namespace Qt::StringLiterals;

using namespace Prometeu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzSupport::ensureApplication();
    if (size < 1)
        return 0;
    const uint8_t selector = data[0];
    const QByteArray input = FuzzSupport::bytes(data + 1, size - 1);
    static const std::pair<QString, AssetKind> assets[] = {{u"maps/level.tmx"_s, AssetKind::TileMap},
                                                          {u"tiles/set.tsx"_s, AssetKind::TileMap},
                                                          {u"data/items.json"_s, AssetKind::Data},
                                                          {u"scripts/main.lua"_s, AssetKind::Script}};
    const auto &[path, kind] = assets[selector % 4];
    const QList<AssetReference> references = AssetDependencies::referencesIn(path, kind, input);
    QStringList all{path};
    for (const AssetReference &reference : references) {
        if (reference.path.startsWith(u"../"_s) || reference.path.startsWith(u'/'))
            __builtin_trap(); // a resolved path never leaves the assets folder
        if (!reference.path.isEmpty())
            all.append(reference.path);
    }
    // Everything named names the asset back: a cycle through each.
    QHash<QString, QList<AssetReference>> graph{{path, references}};
    for (const QString &other : all.mid(1))
        graph.insert(other, {AssetReference{path, {}, 1, 1, true}});
    const AssetGraph assetGraph(all, graph);
    (void)assetGraph.cycles();
    (void)assetGraph.toDot();
    return 0;
}
