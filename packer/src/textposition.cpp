#include "packer/textposition.h"

#include <QString>

namespace Prometeu {

TextPosition textPositionAt(const QByteArray &utf8, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, utf8.size());
    TextPosition position{1, 1};
    for (qsizetype i = 0; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(utf8.at(i));
        if (byte == '\n') {
            ++position.line;
            position.column = 1;
        } else if ((byte & 0xC0) != 0x80) { // count lead bytes only
            ++position.column;
        }
    }
    return position;
}

TextPosition jsonErrorPosition(const QByteArray &json, int parseErrorOffset)
{
    qsizetype offset = qMax(0, parseErrorOffset - 1);
    // Never land inside a multi-byte character.
    while (offset > 0 && offset < json.size() && (static_cast<unsigned char>(json.at(offset)) & 0xC0) == 0x80)
        --offset;
    return textPositionAt(json, offset);
}

namespace {

// Just enough of a JSON scanner to follow object keys; it never needs to
// validate, because it only runs on text QJsonDocument has already accepted.
class JsonKeyScanner
{
public:
    explicit JsonKeyScanner(const QByteArray &json) : m_json(json) {}

    qsizetype find(const QStringList &path)
    {
        m_pos = 0;
        skipSpace();
        return findInValue(path, 0);
    }

private:
    qsizetype findInValue(const QStringList &path, int depth)
    {
        skipSpace();
        if (m_pos >= m_json.size())
            return -1;
        const char c = m_json.at(m_pos);
        if (c == '{')
            return findInObject(path, depth);
        skipValue();
        return -1;
    }

    qsizetype findInObject(const QStringList &path, int depth)
    {
        ++m_pos; // '{'
        for (;;) {
            skipSpace();
            if (m_pos >= m_json.size() || m_json.at(m_pos) == '}') {
                ++m_pos;
                return -1;
            }
            const qsizetype keyStart = m_pos;
            const QString key = readString();
            skipSpace();
            ++m_pos; // ':'
            if (key == path.at(depth)) {
                if (depth + 1 == path.size())
                    return keyStart;
                return findInValue(path, depth + 1);
            }
            skipValue();
            skipSpace();
            if (m_pos < m_json.size() && m_json.at(m_pos) == ',')
                ++m_pos;
        }
    }

    QString readString()
    {
        const qsizetype start = ++m_pos; // opening quote
        while (m_pos < m_json.size() && m_json.at(m_pos) != '"') {
            if (m_json.at(m_pos) == '\\')
                ++m_pos;
            ++m_pos;
        }
        const QByteArray raw = m_json.mid(start, m_pos - start);
        ++m_pos; // closing quote
        return QString::fromUtf8(raw);
    }

    void skipValue()
    {
        skipSpace();
        int nesting = 0;
        while (m_pos < m_json.size()) {
            const char c = m_json.at(m_pos);
            if (c == '"') {
                readString();
                if (nesting == 0)
                    return;
                continue;
            }
            if (c == '{' || c == '[') {
                ++nesting;
            } else if (c == '}' || c == ']') {
                if (nesting == 0)
                    return;
                if (--nesting == 0) {
                    ++m_pos;
                    return;
                }
            } else if (nesting == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\t' || c == '\r')) {
                return;
            }
            ++m_pos;
        }
    }

    void skipSpace()
    {
        while (m_pos < m_json.size()
               && (m_json.at(m_pos) == ' ' || m_json.at(m_pos) == '\n'
                   || m_json.at(m_pos) == '\t' || m_json.at(m_pos) == '\r')) {
            ++m_pos;
        }
    }

    const QByteArray &m_json;
    qsizetype m_pos = 0;
};

} // namespace

qsizetype locateJsonKey(const QByteArray &json, const QStringList &path)
{
    if (path.isEmpty())
        return -1;
    return JsonKeyScanner(json).find(path);
}

} // namespace Prometeu
