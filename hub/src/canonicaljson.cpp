#include "hub/canonicaljson.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QStringEncoder>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// Bytes that JSON cannot hold raw in a string: control characters, the
// quote and the backslash.
bool needsEscape(unsigned char byte)
{
    return byte < 0x20 || byte == '"' || byte == '\\';
}

void appendEscaped(QByteArray &out, QByteArrayView utf8)
{
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (byte) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (byte < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out.append("\\u00");
                out.append(hex[byte >> 4]);
                out.append(hex[byte & 0xf]);
            } else {
                out.append(c);
            }
        }
    }
}

void appendNumber(QByteArray &out, double number)
{
    // JSON has no NaN or infinity; QJsonValue never holds them from a parse,
    // but a constructed value might.
    if (!std::isfinite(number)) {
        out.append("null");
        return;
    }
    if (number == 0) {
        out.append('0'); // -0 too, as ECMAScript prints it
        return;
    }
    constexpr double exactLimit = 9007199254740992.0; // 2^53
    if (std::trunc(number) == number && std::fabs(number) < exactLimit) {
        out.append(QByteArray::number(static_cast<qint64>(number)));
        return;
    }
    out.append(QByteArray::number(number, 'g', QLocale::FloatingPointShortest));
}

void append(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        break;
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double:
        appendNumber(out, value.toDouble());
        break;
    case QJsonValue::String:
        appendCanonicalString(out, value.toString());
        break;
    case QJsonValue::Array: {
        out.append('[');
        bool first = true;
        for (const QJsonValue &item : value.toArray()) {
            if (!std::exchange(first, false))
                out.append(',');
            append(out, item);
        }
        out.append(']');
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        const auto member = [&out](bool first, const QString &key, const QJsonValue &item) {
            if (!first)
                out.append(',');
            appendCanonicalString(out, key);
            out.append(':');
            append(out, item);
        };
        // Qt keeps an object's keys sorted by UTF-16 code units, the order
        // JCS asks for: written as they come, checked as they go (sorting
        // the keys and looking each up again was most of an event's
        // envelope). Should an object ever hold them otherwise, it is
        // written again from its sorted keys.
        out.append('{');
        const qsizetype membersStart = out.size();
        QString previous;
        bool sorted = true;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            QString key = it.key();
            const bool first = it == object.constBegin();
            if (!first && !(previous < key)) {
                sorted = false;
                break;
            }
            member(first, key, it.value());
            previous = std::move(key);
        }
        if (!sorted) {
            out.truncate(membersStart);
            QStringList keys = object.keys();
            std::sort(keys.begin(), keys.end()); // QString's operator< compares UTF-16 code units
            for (qsizetype i = 0; i < keys.size(); ++i)
                member(i == 0, keys[i], object.value(keys[i]));
        }
        out.append('}');
        break;
    }
    }
}

} // namespace

QByteArray canonicalJson(const QJsonValue &value)
{
    QByteArray out;
    append(out, value);
    return out;
}

void appendCanonicalJson(QByteArray &out, const QJsonValue &value)
{
    append(out, value);
}

void appendCanonicalString(QByteArray &out, QStringView text)
{
    // Encoded in place (no temporary QByteArray), then escaped only if
    // some byte needs it, which an ordinary log line's never does.
    out.append('"');
    const qsizetype start = out.size();
    // Printable ASCII without a quote or backslash (names, kinds, most log
    // lines) is copied a unit a byte: the encoder's set-up cost more than
    // the copy for the short strings an envelope is made of.
    out.resize(start + text.size() + 1);
    char *to = out.data() + start;
    qsizetype done = 0;
    for (const QChar c : text) {
        const char16_t unit = c.unicode();
        if (unit >= 0x80 || needsEscape((unsigned char)unit))
            break;
        to[done++] = char(unit);
    }
    if (done == text.size()) {
        to[done] = '"';
        return;
    }
    out.resize(start + text.size() * 3);
    QStringEncoder encoder(QStringEncoder::Utf8);
    char *end = encoder.appendToBuffer(out.data() + start, text);
    out.truncate(end - out.constData());
    const auto *first = reinterpret_cast<const unsigned char *>(out.constData() + start);
    const auto *last = reinterpret_cast<const unsigned char *>(out.constData() + out.size());
    const auto *escape = std::find_if(first, last, needsEscape);
    if (escape != last) {
        const qsizetype at = start + (escape - first);
        const QByteArray rest = out.sliced(at);
        out.truncate(at);
        appendEscaped(out, rest);
    }
    out.append('"');
}

QByteArray envelopeHash(const QJsonObject &envelope)
{
    QJsonObject hashed = envelope;
    hashed.remove(u"seq"_s);
    hashed.remove(u"hash"_s);
    return QCryptographicHash::hash(canonicalJson(hashed), QCryptographicHash::Sha256).toHex();
}

} // namespace Prometeu
