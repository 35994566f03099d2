#include "packer/assetdependencies.h"

#include "packer/textposition.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// A path written relative to `folder` (of the assets folder), as a path in
// the assets folder; empty when it leaves it or is absolute.
QString resolveIn(const QString &folder, const QString &written)
{
    if (written.isEmpty() || written.startsWith(u'/') || written.contains(u'\\') || written.contains(u':'))
        return {};
    const QString joined = folder.isEmpty() ? written : folder + u'/' + written;
    const QString clean = QDir::cleanPath(joined);
    if (clean == u".."_s || clean.startsWith(u"../"_s) || clean == u"."_s)
        return {};
    return clean;
}

class ReferenceList
{
public:
    void add(const QString &path, const QString &written, TextPosition position, bool required = true)
    {
        const QString key = path.isEmpty() ? u'\0' + written : path;
        if (const auto seen = m_seen.constFind(key); seen != m_seen.cend()) {
            m_list[*seen].required = m_list[*seen].required || required;
            return;
        }
        m_seen.insert(key, m_list.size());
        m_list.append({path, written, position.line, position.column, required});
    }
    QList<AssetReference> take() { return std::move(m_list); }

private:
    QHash<QString, qsizetype> m_seen; // key: path, or the written text of one that leads outside
    QList<AssetReference> m_list;
};

void tileMapReferences(const QString &folder, const QByteArray &content, ReferenceList *out)
{
    QXmlStreamReader xml(content);
    // A malformed map is the inspector's to report; what was named before
    // the error is still what the map uses.
    while (!xml.atEnd() && !xml.hasError()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QXmlStreamAttributes attributes = xml.attributes();
        QStringView attribute;
        if (xml.name() == u"tileset"_s || xml.name() == u"image"_s)
            attribute = attributes.value(u"source"_s);
        else if (xml.name() == u"object"_s)
            attribute = attributes.value(u"template"_s);
        if (attribute.isEmpty())
            continue;
        const QString written = attribute.toString();
        out->add(resolveIn(folder, written), written, {int(xml.lineNumber()), int(xml.columnNumber())});
    }
}

void collectJsonStrings(const QJsonValue &value, QStringList *out)
{
    if (value.isString()) {
        if (AssetDependencies::looksLikeAssetPath(value.toString()))
            out->append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectJsonStrings(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectJsonStrings(it.value(), out);
    }
}

void dataReferences(const QByteArray &content, ReferenceList *out)
{
    const QJsonDocument document = QJsonDocument::fromJson(content);
    QStringList strings;
    collectJsonStrings(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()), &strings);
    for (const QString &written : std::as_const(strings)) {
        // Where the file first writes it (as written, without escapes).
        const qsizetype at = content.indexOf('"' + written.toUtf8() + '"');
        out->add(resolveIn({}, written), written, at >= 0 ? textPositionAt(content, at + 1) : TextPosition{});
    }
}

bool isNameCharacter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Lua's long bracket at `i` ("[[", "[==["): its level, or -1.
int longBracketLevel(const QByteArray &text, qsizetype i)
{
    if (i >= text.size() || text.at(i) != '[')
        return -1;
    int level = 0;
    qsizetype j = i + 1;
    while (j < text.size() && text.at(j) == '=') {
        ++level;
        ++j;
    }
    return j < text.size() && text.at(j) == '[' ? level : -1;
}

// Past the long bracket's closing "]==]" from `i`, or the end.
qsizetype skipLongBracket(const QByteArray &text, qsizetype i, int level)
{
    const QByteArray close = ']' + QByteArray(level, '=') + ']';
    const qsizetype end = text.indexOf(close, i);
    return end < 0 ? text.size() : end + close.size();
}

// require "name", require("name"), require 'name': a literal module name
// (a computed one cannot be known before the game runs). Comments and
// strings are skipped, so a require in either does not count.
void scriptReferences(const QByteArray &text, ReferenceList *out)
{
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const char c = text.at(i);
        if (c == '-' && i + 1 < n && text.at(i + 1) == '-') {
            const int level = longBracketLevel(text, i + 2);
            if (level >= 0) {
                i = skipLongBracket(text, i + 2, level);
            } else {
                const qsizetype end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
            }
            continue;
        }
        if (c == '"' || c == '\'') {
            const qsizetype start = i;
            bool escaped = false;
            for (++i; i < n && text.at(i) != c && text.at(i) != '\n'; ++i) {
                if (text.at(i) == '\\') {
                    escaped = true;
                    ++i;
                }
            }
            if (!escaped && i < n && text.at(i) == c) {
                const QString literal = QString::fromUtf8(text.sliced(start + 1, i - start - 1));
                if (AssetDependencies::looksLikeAssetPath(literal))
                    out->add(resolveIn({}, literal), literal, textPositionAt(text, start + 1), false);
            }
            ++i;
            continue;
        }
        if (c == '[') {
            const int level = longBracketLevel(text, i);
            if (level >= 0) {
                i = skipLongBracket(text, i, level);
                continue;
            }
        }
        if (!isNameCharacter(c)) {
            ++i;
            continue;
        }
        const qsizetype start = i;
        while (i < n && isNameCharacter(text.at(i)))
            ++i;
        const bool isMember = start > 0 && (text.at(start - 1) == '.' || text.at(start - 1) == ':');
        if (isMember || QByteArrayView(text).sliced(start, i - start) != "require")
            continue;
        qsizetype j = i;
        const auto skipSpace = [&] {
            while (j < n && (text.at(j) == ' ' || text.at(j) == '\t' || text.at(j) == '\r' || text.at(j) == '\n'))
                ++j;
        };
        skipSpace();
        if (j < n && text.at(j) == '(') {
            ++j;
            skipSpace();
        }
        if (j >= n || (text.at(j) != '"' && text.at(j) != '\''))
            continue;
        const char quote = text.at(j);
        const qsizetype nameStart = j + 1;
        qsizetype nameEnd = nameStart;
        while (nameEnd < n && text.at(nameEnd) != quote && text.at(nameEnd) != '\n' && text.at(nameEnd) != '\\')
            ++nameEnd;
        if (nameEnd >= n || text.at(nameEnd) != quote || nameEnd == nameStart)
            continue;
        const QString written = QString::fromUtf8(text.sliced(nameStart, nameEnd - nameStart));
        out->add(resolveIn({}, AssetDependencies::moduleEntry(written)), written, textPositionAt(text, start));
        i = nameEnd + 1;
    }
}

} // namespace

bool AssetDependencies::canReference(AssetKind kind)
{
    return kind == AssetKind::TileMap || kind == AssetKind::Data || kind == AssetKind::Script;
}

QList<AssetReference> AssetDependencies::referencesIn(const QString &assetPath, AssetKind kind, const QByteArray &content)
{
    ReferenceList references;
    switch (kind) {
    case AssetKind::TileMap: {
        const qsizetype slash = assetPath.lastIndexOf(u'/');
        tileMapReferences(slash < 0 ? QString() : assetPath.left(slash), content, &references);
        break;
    }
    case AssetKind::Data:
        dataReferences(content, &references);
        break;
    case AssetKind::Script:
        if (assetPath.endsWith(u".lua"_s, Qt::CaseInsensitive))
            scriptReferences(content, &references);
        break;
    default:
        break;
    }
    return references.take();
}

bool AssetDependencies::looksLikeAssetPath(const QString &text)
{
    static const QStringList suffixes{u".png"_s, u".jpg"_s, u".jpeg"_s, u".bmp"_s, u".gif"_s, u".wav"_s,
                                      u".ogg"_s, u".flac"_s, u".json"_s, u".tmx"_s, u".tsx"_s, u".lua"_s, u".txt"_s};
    if (text.contains(u' ') || text.size() > 255)
        return false;
    for (const QString &suffix : suffixes) {
        if (text.endsWith(suffix, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString AssetDependencies::moduleEntry(const QString &moduleName)
{
    if (moduleName.endsWith(u".lua"_s))
        return moduleName;
    QString entry = moduleName;
    entry.replace(u'.', u'/');
    return entry + u".lua"_s;
}

} // namespace Prometeu
