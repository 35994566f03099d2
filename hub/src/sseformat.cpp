#include "hub/sseformat.h"

#include <algorithm>
#include <charconv>

namespace Prometeu {

namespace {

void appendData(QByteArray &out, const QByteArray &data)
{
    // CRLF, CR and LF all end a line in SSE: every one starts a new field.
    qsizetype start = 0;
    for (qsizetype i = 0; i <= data.size(); ++i) {
        if (i == data.size() || data[i] == '\n' || data[i] == '\r') {
            out.append("data: ");
            out.append(data.constData() + start, i - start);
            out.append('\n');
            if (i + 1 < data.size() && data[i] == '\r' && data[i + 1] == '\n')
                ++i;
            start = i + 1;
        }
    }
}

} // namespace

QByteArray sseMessage(quint64 id, const QByteArray &event, const QByteArray &data)
{
    QByteArray out;
    out.reserve(data.size() + event.size() + 40);
    out.append("id: ").append(QByteArray::number(id)).append('\n');
    out.append("event: ").append(event).append('\n');
    appendData(out, data);
    out.append('\n');
    return out;
}

qsizetype writeSseHead(char *buffer, qsizetype capacity, quint64 id, QStringView event)
{
    char digits[24];
    const auto number = std::to_chars(digits, digits + sizeof digits, id);
    const QByteArrayView parts[] = {"id: ", QByteArrayView(digits, number.ptr - digits), "\nevent: "};
    qsizetype size = 0;
    for (const QByteArrayView part : parts)
        size += part.size();
    constexpr QByteArrayView dataField = "\ndata: ";
    if (size + event.size() + dataField.size() > capacity)
        return 0;
    for (const QChar c : event) {
        if (c.unicode() >= 0x80)
            return 0;
    }
    char *out = buffer;
    for (const QByteArrayView part : parts)
        out = std::copy(part.begin(), part.end(), out);
    for (const QChar c : event)
        *out++ = char(c.unicode());
    out = std::copy(dataField.begin(), dataField.end(), out);
    return out - buffer;
}

QByteArray sseMessage(const QByteArray &event, const QByteArray &data)
{
    QByteArray out;
    out.append("event: ").append(event).append('\n');
    appendData(out, data);
    out.append('\n');
    return out;
}

QByteArray sseComment(const QByteArray &text)
{
    QByteArray out(": ");
    out.append(text);
    out.replace('\n', ' ');
    out.replace('\r', ' ');
    out.append("\n\n");
    return out;
}

} // namespace Prometeu
