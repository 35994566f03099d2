#pragma once

#include <QByteArray>
#include <QStringView>

namespace Prometeu {

// One Server-Sent Events message: `id:`, `event:` and one `data:` line per
// line of `data` (a newline inside the payload must not end the field
// early), then the blank line that dispatches it.
QByteArray sseMessage(quint64 id, const QByteArray &event, const QByteArray &data);
QByteArray sseMessage(const QByteArray &event, const QByteArray &data); // without an id
// The head of a message whose data is one line ("id: <id>\nevent: <event>\n
// data: "), written into `buffer` without allocating; its length, or 0 when
// it does not fit or `event` is not ASCII (then use sseMessage()).
qsizetype writeSseHead(char *buffer, qsizetype capacity, quint64 id, QStringView event);
// A comment line: ignored by clients, keeps proxies and idle timers awake.
QByteArray sseComment(const QByteArray &text);

} // namespace Prometeu
