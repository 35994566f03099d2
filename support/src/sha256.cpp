#include "support/sha256.h"

// Nettle's SHA-256 (GnuTLS's own crypto library, in Debian's base
// system): the same SHA-NI speed as OpenSSL's libcrypto (1.5 against 1.7
// GB/s here) in a library of 671 relocations and no dependencies, where
// libcrypto's 21,000 cost every process that links it ~2.5 ms at start,
// a tenth of a no-op `prometeu build`.
#include <nettle/sha2.h>

namespace Prometeu {

namespace {
static_assert(sizeof(sha256_ctx) <= 112 && alignof(sha256_ctx) <= 8);
}

#define CONTEXT reinterpret_cast<sha256_ctx *>(m_context)

Sha256::Sha256()
{
    sha256_init(CONTEXT);
}

void Sha256::add(QByteArrayView bytes)
{
    sha256_update(CONTEXT, size_t(bytes.size()), reinterpret_cast<const uint8_t *>(bytes.data()));
}

Sha256::Digest Sha256::finish()
{
    Digest digest;
    sha256_digest(CONTEXT, digest.size(), digest.data()); // and starts again
    return digest;
}

Sha256::Digest Sha256::digest(QByteArrayView bytes)
{
    Sha256 sha;
    sha.add(bytes);
    return sha.finish();
}

QByteArray Sha256::hex(QByteArrayView bytes)
{
    return toHex(digest(bytes));
}

QByteArray Sha256::toHex(const Digest &digest)
{
    QByteArray text(64, Qt::Uninitialized);
    writeHex(digest, text.data());
    return text;
}

void Sha256::writeHex(const Digest &digest, char *out)
{
    static const char hexDigits[] = "0123456789abcdef";
    for (size_t i = 0; i < digest.size(); ++i) {
        out[2 * i] = hexDigits[digest[i] >> 4];
        out[2 * i + 1] = hexDigits[digest[i] & 0xf];
    }
}

} // namespace Prometeu
