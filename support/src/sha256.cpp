#include "support/sha256.h"

// SHA256_Init/Update/Final: deprecated in OpenSSL 3 in favour of EVP, but
// EVP keeps per-thread state whose destructor, run as a thread exits after
// OpenSSL's own atexit cleanup (the history thread at the end of a CLI
// command), crashed under AddressSanitizer. The low-level calls use the
// same SHA-NI code, keep nothing per thread, and need no initialisation.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

namespace Prometeu {

namespace {
static_assert(sizeof(SHA256_CTX) <= 112 && alignof(SHA256_CTX) <= 8);
}

#define CONTEXT reinterpret_cast<SHA256_CTX *>(m_context)

Sha256::Sha256()
{
    SHA256_Init(CONTEXT);
}

void Sha256::add(QByteArrayView bytes)
{
    SHA256_Update(CONTEXT, bytes.data(), size_t(bytes.size()));
}

Sha256::Digest Sha256::finish()
{
    Digest digest;
    SHA256_Final(digest.data(), CONTEXT);
    SHA256_Init(CONTEXT);
    return digest;
}

Sha256::Digest Sha256::digest(QByteArrayView bytes)
{
    // Not OpenSSL's one-shot SHA256(): in OpenSSL 3 it goes through EVP,
    // twice the cost for a frame-sized input.
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
