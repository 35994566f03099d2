#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>

namespace Prometeu {

// SHA-256 with Nettle, which uses the CPU's SHA extensions: ten times Qt
// 6.4's QCryptographicHash (portable C), which capped the team cache's
// verification at ~140 MB/s and the hub's frames at 2.4 µs each.
// Incremental, for text in several pieces or a large object read in parts.
class Sha256
{
public:
    using Digest = std::array<unsigned char, 32>;

    Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void add(QByteArrayView bytes);
    Digest finish();

    static Digest digest(QByteArrayView bytes);
    // Lower-case hex, 64 characters.
    static QByteArray hex(QByteArrayView bytes);
    static QByteArray toHex(const Digest &digest);
    // Writes the 64 hex characters at `out`.
    static void writeHex(const Digest &digest, char *out);

private:
    // Nettle's sha256_ctx (112 bytes), held in place: no allocation per
    // hash (the hub hashes every frame). Checked against the real size.
    alignas(8) unsigned char m_context[112];
};

} // namespace Prometeu
