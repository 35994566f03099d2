#pragma once

// Byte-level helpers shared by the packer's binary formats (cartridge, cache
// objects, converter payloads): everything on disk is little-endian.

#include <QByteArray>
#include <QtEndian>

#include <cstring>

namespace Prometeu::LittleEndian {

template<typename T>
void append(QByteArray &out, T value)
{
    const T le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&le), sizeof(T));
}

template<typename T>
T read(const char *data)
{
    T value;
    std::memcpy(&value, data, sizeof(T));
    return qFromLittleEndian(value);
}

} // namespace Prometeu::LittleEndian
