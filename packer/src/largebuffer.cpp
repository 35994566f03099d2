#include "packer/largebuffer.h"

namespace Prometeu {

QByteArray uninitializedLargeBuffer(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    adviseLargePages(bytes.data(), std::size_t(bytes.size()));
    return bytes;
}

} // namespace Prometeu
