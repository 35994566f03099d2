#pragma once

#include <QByteArray>

namespace Prometeu {

// One Server-Sent Events message: `id:`, `event:` and one `data:` line per
// line of `data` (a newline inside the payload must not end the field
// early), then the blank line that dispatches it.
QByteArray sseMessage(quint64 id, const QByteArray &event, const QByteArray &data);
QByteArray sseMessage(const QByteArray &event, const QByteArray &data); // without an id
// A comment line: ignored by clients, keeps proxies and idle timers awake.
QByteArray sseComment(const QByteArray &text);

} // namespace Prometeu
