#include "support/writeall.h"

#include <QIODevice>
#include <QSaveFile>

namespace Prometeu {

bool writeAll(QIODevice &device, QByteArrayView bytes)
{
    qint64 written = 0;
    while (written < bytes.size()) {
        const qint64 took = device.write(bytes.data() + written, bytes.size() - written);
        if (took <= 0)
            return false;
        written += took;
    }
    return true;
}

bool commitWhole(QSaveFile &file)
{
    return file.flush() && file.commit();
}

} // namespace Prometeu
