#include "hub/sseparser.h"

namespace Prometeu {

void SseParser::feed(const QByteArray &bytes)
{
    m_buffer.append(bytes);
    qsizetype start = 0;
    for (qsizetype i = 0; i < m_buffer.size(); ++i) {
        const char c = m_buffer[i];
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\r' && i + 1 == m_buffer.size())
            break; // a CR at the end may be half of a CRLF: wait for more
        line(m_buffer.mid(start, i - start));
        if (c == '\r' && m_buffer[i + 1] == '\n')
            ++i;
        start = i + 1;
    }
    m_buffer.remove(0, start);
}

void SseParser::line(const QByteArray &text)
{
    if (text.isEmpty()) {
        // Dispatch.
        if (m_hasData) {
            if (m_current.data.endsWith('\n'))
                m_current.data.chop(1);
            m_ready.append(m_current);
        }
        m_current = Message();
        m_current.id = m_lastEventId;
        m_hasData = false;
        return;
    }
    if (text.startsWith(':')) {
        ++m_comments;
        return;
    }
    const qsizetype colon = text.indexOf(':');
    const QByteArray field = colon < 0 ? text : text.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : text.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        m_current.data.append(value).append('\n');
        m_hasData = true;
    } else if (field == "event") {
        m_current.event = value;
    } else if (field == "id") {
        if (!value.contains('\0')) {
            m_lastEventId = value;
            m_current.id = value;
        }
    }
}

QList<SseParser::Message> SseParser::take()
{
    return std::exchange(m_ready, {});
}

} // namespace Prometeu
