// The local cache on a hostile folder: the input is the pack index's size
// (a byte, in 40-byte records), the index, then the pack. Every key the index names is loaded; damage
// must read as corrupt or missing (never as a hit with bytes that fail
// their check), never crash, hang or make a huge allocation. Then one
// store must still work and load back.
#include "fuzzsupport.h"

#include <packer/contenthash.h>
#include <packer/localcachestore.h>

#include <QTemporaryDir>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Qt::StringLiterals;
    FuzzSupport::ensureApplication();
    static QTemporaryDir dir;
    const QString folder = dir.filePath(u"cache"_s);
    QDir(folder).removeRecursively();
    QDir().mkpath(folder + u"/packs"_s);
    const QByteArray input = FuzzSupport::bytes(data, size);
    const qsizetype indexSize = input.isEmpty() ? 0 : qMin(input.size() - 1, qsizetype(quint8(input.at(0))) * 40);
    const QByteArray index = input.mid(1, indexSize);
    const QByteArray pack = input.mid(1 + indexSize);
    for (const auto &[name, content] : {std::pair{u"/packs/index"_s, index}, {u"/packs/0.pack"_s, pack}}) {
        QFile file(folder + name);
        if (!file.open(QIODevice::WriteOnly))
            return 0;
        file.write(content);
    }

    const Prometeu::LocalCacheStore cache(folder);
    for (const auto &object : cache.objectLocations()) {
        Prometeu::CartridgeBlob blob;
        if (cache.load(object.key, &blob) == Prometeu::CacheStore::Lookup::Hit
            && Prometeu::ContentHash::digest(blob.stored).size() != 16) {
            __builtin_trap();
        }
    }
    Prometeu::CartridgeBlob blob;
    blob.stored = "converted";
    blob.storedSize = quint64(blob.stored.size());
    blob.originalHash = QByteArray(16, 'h');
    const QString key = QString::fromLatin1(QByteArray(32, 'a'));
    QString error;
    Prometeu::CartridgeBlob back;
    if (!cache.store(key, blob, &error) || cache.load(key, &back) != Prometeu::CacheStore::Lookup::Hit
        || back.stored != blob.stored) {
        __builtin_trap(); // a damaged index or pack must not stop the cache from working again
    }
    return 0;
}
