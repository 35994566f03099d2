#include "packer/cachestore.h"

#include "packer/contenthash.h"
#include "packer/largebuffer.h"
#include "packer/wirenames.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace Prometeu {

namespace {
class CacheText
{
    Q_DECLARE_TR_FUNCTIONS(BuildCache)
};
} // namespace

QString cacheKey(const QString &inputHash, AssetKind kind, int converterVersion, const QJsonObject &settings)
{
    // QJsonDocument sorts object keys, so equal settings give equal bytes.
    const QByteArray material = inputHash.toLatin1() + '\0' + wireName(kind).toLatin1() + '\0'
        + QByteArray::number(converterVersion) + '\0' + QJsonDocument(settings).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(ContentHash::digest(material).toHex());
}

bool CacheStore::storeFrom(const QString &key, const CartridgeBlob &blob, const StoredReader &read,
                           QString *error) const
{
    CartridgeBlob whole = blob;
    whole.stored = uninitializedLargeBuffer(qsizetype(blob.storedSize));
    if (!read(0, whole.stored.data(), whole.stored.size())) {
        if (error)
            *error = CacheText::tr("Cannot read the converted bytes to store them in the cache.");
        return false;
    }
    return store(key, whole, error);
}

CacheStore::Lookup CacheStore::loadInPieces(const QString &key, CartridgeBlob *blob, const PieceSink &take,
                                            QString *why) const
{
    const Lookup found = load(key, blob, why);
    if (found != Lookup::Hit)
        return found;
    const QByteArray stored = std::exchange(blob->stored, QByteArray());
    return take(stored.constData(), stored.size()) ? Lookup::Hit : Lookup::Missing;
}

} // namespace Prometeu
