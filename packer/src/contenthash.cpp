#include "packer/contenthash.h"

#include <QFile>

#include <xxhash.h>

#include <memory>

namespace Prometeu {

namespace {

QByteArray canonicalBytes(XXH128_hash_t hash)
{
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, hash);
    return QByteArray(reinterpret_cast<const char *>(canonical.digest), sizeof(canonical.digest));
}

QString toHex(XXH128_hash_t hash)
{
    return QString::fromLatin1(canonicalBytes(hash).toHex());
}

struct StateDeleter {
    void operator()(XXH3_state_t *state) const { XXH3_freeState(state); }
};

} // namespace

QString ContentHash::ofBytes(QByteArrayView bytes)
{
    return toHex(XXH3_128bits(bytes.data(), static_cast<size_t>(bytes.size())));
}

QByteArray ContentHash::digest(QByteArrayView bytes)
{
    return canonicalBytes(XXH3_128bits(bytes.data(), static_cast<size_t>(bytes.size())));
}

ContentHash::Stream::Stream()
    : m_state(XXH3_createState())
{
    XXH3_128bits_reset(m_state);
}

ContentHash::Stream::~Stream() { XXH3_freeState(m_state); }

void ContentHash::Stream::add(QByteArrayView bytes)
{
    XXH3_128bits_update(m_state, bytes.data(), size_t(bytes.size()));
}

QByteArray ContentHash::Stream::digest() const { return canonicalBytes(XXH3_128bits_digest(m_state)); }

QString ContentHash::ofFile(const QString &path, QString *error, const std::function<bool()> &cancelled)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return {};
    }
    std::unique_ptr<XXH3_state_t, StateDeleter> state(XXH3_createState());
    XXH3_128bits_reset(state.get());
    QByteArray buffer(256 * 1024, Qt::Uninitialized);
    for (;;) {
        if (cancelled && cancelled())
            return {};
        const qint64 read = file.read(buffer.data(), buffer.size());
        if (read < 0) {
            if (error)
                *error = file.errorString();
            return {};
        }
        if (read == 0)
            break;
        XXH3_128bits_update(state.get(), buffer.constData(), static_cast<size_t>(read));
    }
    return toHex(XXH3_128bits_digest(state.get()));
}

} // namespace Prometeu
