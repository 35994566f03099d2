#pragma once

#include <QByteArray>
#include <QList>

namespace Prometeu {

// The client side of Server-Sent Events: feed it bytes as they arrive, take
// complete messages out. Follows the WHATWG event-stream rules: fields per
// line, CR/LF/CRLF line ends, multi-line data joined with '\n', comments
// ignored, the last id remembered for reconnection.
class SseParser
{
public:
    struct Message {
        QByteArray id; // empty: none given
        QByteArray event = "message";
        QByteArray data;
    };

    void feed(const QByteArray &bytes);
    QList<Message> take();
    QByteArray lastEventId() const { return m_lastEventId; }
    int commentsSeen() const { return m_comments; }

private:
    void line(const QByteArray &text);

    QByteArray m_buffer;
    Message m_current;
    bool m_hasData = false;
    QByteArray m_lastEventId;
    QList<Message> m_ready;
    int m_comments = 0;
};

} // namespace Prometeu
