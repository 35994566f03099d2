#pragma once

#include <QtGlobal>

namespace Prometeu {

// pread/pwrite until `size` bytes are done (a call may do fewer, or be
// interrupted by a signal). False at end of file or on an error (errno set).
bool readFullyAt(int fd, char *into, qint64 size, qint64 offset);
bool writeFullyAt(int fd, const char *from, qint64 size, qint64 offset);
// write() at the descriptor's own position (a pipe, a file opened with
// O_APPEND), likewise until all `size` bytes are done.
bool writeFully(int fd, const char *from, qint64 size);

} // namespace Prometeu
