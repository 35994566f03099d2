#include "packer/assetinspection.h"

#include "packer/textposition.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QStringDecoder>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// Gives lupdate a context for the strings of this file.
class AssetInspectionText
{
    Q_DECLARE_TR_FUNCTIONS(AssetInspection)
};

// Offset of the first byte that is not part of valid UTF-8, or -1.
qsizetype firstInvalidUtf8(const QByteArray &bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char c = data[i];
        int length = 0;
        char32_t minimum = 0;
        char32_t value = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            length = 2; minimum = 0x80; value = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3; minimum = 0x800; value = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4; minimum = 0x10000; value = c & 0x07;
        } else {
            return i;
        }
        if (i + length > size)
            return i;
        for (int k = 1; k < length; ++k) {
            if ((data[i + k] & 0xC0) != 0x80)
                return i;
            value = (value << 6) | (data[i + k] & 0x3F);
        }
        if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            return i;
        i += length;
    }
    return -1;
}

} // namespace

QList<Diagnostic> AssetInspection::inspectJson(const AssetContext &asset, const QByteArray &content)
{
    QJsonParseError error;
    QJsonDocument::fromJson(content, &error);
    if (error.error == QJsonParseError::NoError)
        return {};
    const TextPosition position = jsonErrorPosition(content, error.offset);
    return {asset.diagnostic(Severity::Error, u"json.syntax"_s,
                             AssetInspectionText::tr("JSON syntax error: %1.").arg(embeddableReason(error.errorString())), position.line,
                             position.column)};
}

QList<Diagnostic> AssetInspection::inspectText(const AssetContext &asset, const QByteArray &content)
{
    const qsizetype bad = firstInvalidUtf8(content);
    if (bad < 0)
        return {};
    const TextPosition position = textPositionAt(content, bad);
    return {asset.diagnostic(Severity::Error, u"text.encoding"_s,
                             AssetInspectionText::tr("The text is not valid UTF-8 (byte 0x%1); save it as UTF-8.")
                                 .arg(uint(static_cast<unsigned char>(content.at(bad))), 2, 16, QChar(u'0')),
                             position.line, position.column)};
}

QList<Diagnostic> AssetInspection::inspectTileMap(const AssetContext &asset, const QByteArray &content)
{
    QXmlStreamReader xml(content);
    bool sawRoot = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && !sawRoot) {
            sawRoot = true;
            const bool isTileSet = asset.record.path.endsWith(u".tsx"_s, Qt::CaseInsensitive);
            if (isTileSet && xml.name() != u"tileset"_s) {
                return {asset.diagnostic(Severity::Error, u"tilemap.malformed"_s,
                                         AssetInspectionText::tr("A TSX tile set must start with <tileset>, not <%1>.")
                                             .arg(xml.name()),
                                         int(xml.lineNumber()), int(xml.columnNumber()))};
            }
            if (!isTileSet && xml.name() != u"map"_s) {
                return {asset.diagnostic(Severity::Error, u"tilemap.malformed"_s,
                                         AssetInspectionText::tr("A TMX tile map must start with <map>, not <%1>.")
                                             .arg(xml.name()),
                                         int(xml.lineNumber()), int(xml.columnNumber()))};
            }
        }
    }
    if (xml.hasError()) {
        return {asset.diagnostic(Severity::Error, u"tilemap.malformed"_s,
                                 AssetInspectionText::tr("The tile map is not well-formed XML: %1.").arg(embeddableReason(xml.errorString())),
                                 int(xml.lineNumber()), int(xml.columnNumber()))};
    }
    if (!sawRoot) {
        return {asset.diagnostic(Severity::Error, u"tilemap.malformed"_s,
                                 AssetInspectionText::tr("The tile map has no root element."))};
    }
    return {};
}

namespace {

// Whether every character is printable ASCII but the forbidden ones, and
// no part starts or ends with a space or ends with a dot: most names, said
// yes to without the character-by-character look below (a no-op build asks
// for every file).
bool plainName(QStringView path)
{
    if (path.size() > AssetInspection::maxCartridgeNameBytes)
        return false;
    char16_t previous = u'/';
    for (const QChar c : path) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u >= 0x7F)
            return false;
        switch (u) {
        case u'\\': case u':': case u'*': case u'?': case u'"': case u'<': case u'>': case u'|':
            return false;
        case u' ':
            if (previous == u'/')
                return false;
            break;
        case u'/':
            if (previous == u' ' || previous == u'.')
                return false;
            break;
        default:
            break;
        }
        previous = u;
    }
    return previous != u' ' && previous != u'.';
}

QString nameProblem(QStringView path)
{
    if (plainName(path))
        return {};
    static constexpr char16_t forbidden[] = u"\\:*?\"<>|";
    qsizetype utf8Bytes = 0;
    qsizetype partStart = 0;
    for (qsizetype i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == u'/') {
            const QStringView part = path.sliced(partStart, i - partStart);
            if (!part.isEmpty() && (part.startsWith(u' ') || part.endsWith(u' ') || part.endsWith(u'.')))
                return AssetInspectionText::tr("'%1' starts or ends with a space or ends with a dot").arg(part);
            partStart = i + 1;
            utf8Bytes += i < path.size() ? 1 : 0;
            continue;
        }
        const char16_t c = path[i].unicode();
        if (c < 0x20 || c == 0x7F)
            return AssetInspectionText::tr("it contains a control character");
        if (std::char_traits<char16_t>::find(forbidden, std::size(forbidden) - 1, c))
            return AssetInspectionText::tr("it contains '%1'").arg(QChar(c));
        // A surrogate pair is one four-byte character: two bytes each.
        utf8Bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : QChar::isSurrogate(c) ? 2 : 3;
    }
    if (utf8Bytes > AssetInspection::maxCartridgeNameBytes)
        return AssetInspectionText::tr("the path is longer than %1 bytes").arg(AssetInspection::maxCartridgeNameBytes);
    return {};
}

} // namespace

bool AssetInspection::inspectName(const AssetContext &asset, QList<Diagnostic> *out)
{
    const QString reason = nameProblem(asset.record.path);
    if (reason.isEmpty())
        return true;
    out->append(asset.diagnostic(Severity::Error, u"name.invalid"_s,
                                 AssetInspectionText::tr("The cartridge cannot hold this name: %1. Rename the file.").arg(reason)));
    return false;
}

QHash<QString, QList<Diagnostic>> AssetInspection::inspectNames(const Project &project,
                                                                const QList<AssetRecord> &assets)
{
    static const QStringList reserved{u"CON"_s, u"PRN"_s, u"AUX"_s, u"NUL"_s,
                                      u"COM1"_s, u"COM2"_s, u"COM3"_s, u"COM4"_s,
                                      u"LPT1"_s, u"LPT2"_s, u"LPT3"_s, u"LPT4"_s};
    QHash<QString, QList<Diagnostic>> result;
    QHash<QString, QList<const AssetRecord *>> byFoldedName;

    for (const AssetRecord &record : assets) {
        const AssetContext asset{project, record};
        byFoldedName[record.path.toCaseFolded()].append(&record);
        if (record.problem == EntryProblem::BadEncoding)
            continue; // reported by inspectFile; the name below is lossy

        if (QList<Diagnostic> invalid; !inspectName(asset, &invalid)) {
            result[record.path].append(invalid);
            continue;
        }
        const QString base = record.path.section(u'/', -1).section(u'.', 0, 0).toUpper();
        if (reserved.contains(base)) {
            result[record.path].append(asset.diagnostic(
                Severity::Warning, u"name.portability"_s,
                AssetInspectionText::tr("'%1' is a reserved device name on Windows; teammates there cannot check it out.")
                    .arg(record.path.section(u'/', -1))));
        }
    }

    for (const QList<const AssetRecord *> &group : std::as_const(byFoldedName)) {
        if (group.size() < 2)
            continue;
        for (const AssetRecord *record : group) {
            QStringList others;
            for (const AssetRecord *other : group) {
                if (other != record)
                    others.append(other->path);
            }
            const AssetContext asset{project, *record};
            result[record->path].append(asset.diagnostic(
                Severity::Error, u"name.collision"_s,
                AssetInspectionText::tr("The name differs only in letter case from %1; they collide on Windows and "
                   "macOS and in the cartridge.")
                    .arg(others.join(u", "_s))));
        }
    }
    return result;
}

} // namespace Prometeu
