#pragma once

#include <QByteArray>
#include <QString>

namespace Prometeu {

// A source file read whole in as few system calls as a file allows (open,
// fstat, one read, close): QFile::readAll() makes three stats and two reads
// of it, and a build reads every new source once to hash it and once more
// in a converter worker, where those calls were a fifth of what isolation
// cost on many small files. Only regular files: a FIFO or a device is
// refused, never waited on. On failure returns false with errno's words.
bool readWholeFile(const QString &path, QByteArray *bytes, QString *error);

} // namespace Prometeu
