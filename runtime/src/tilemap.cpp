#include "runtime/tilemap.h"

#include <QCoreApplication>
#include <QDir>
#include <QXmlStreamReader>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class MapText
{
    Q_DECLARE_TR_FUNCTIONS(TileMap)
};

// A path in a map is relative to the map; the result must stay inside the
// cartridge.
std::optional<QString> resolve(const QString &from, const QString &relative)
{
    const QString folder = from.contains(u'/') ? from.section(u'/', 0, -2) + u'/' : QString();
    const QString path = QDir::cleanPath(folder + relative);
    if (path.startsWith(u"../"_s) || path == u".."_s || path.startsWith(u'/'))
        return std::nullopt;
    return path;
}

int intAttribute(const QXmlStreamAttributes &attributes, QLatin1StringView name, int fallback = 0)
{
    bool ok = false;
    const int value = attributes.value(name).toInt(&ok);
    return ok ? value : fallback;
}

class MapParser
{
public:
    MapParser(QString name, const TileMap::ExternalFile &external) : m_name(std::move(name)), m_external(external) {}

    std::optional<TileMap> parse(const QByteArray &tmx, QString *error)
    {
        QXmlStreamReader xml(tmx);
        if (!xml.readNextStartElement() || xml.name() != u"map"_s)
            return fail(error, MapText::tr("not a TMX map (no <map> element)"));
        const QXmlStreamAttributes attributes = xml.attributes();
        const QStringView orientation = attributes.value(u"orientation"_s);
        if (!orientation.isEmpty() && orientation != u"orthogonal"_s)
            return fail(error, MapText::tr("only orthogonal maps can be drawn (this one is %1)").arg(orientation));
        if (attributes.value(u"infinite"_s) == u"1"_s)
            return fail(error, MapText::tr("infinite maps are not supported"));
        m_map.width = intAttribute(attributes, QLatin1StringView("width"));
        m_map.height = intAttribute(attributes, QLatin1StringView("height"));
        m_map.tileWidth = intAttribute(attributes, QLatin1StringView("tilewidth"));
        m_map.tileHeight = intAttribute(attributes, QLatin1StringView("tileheight"));
        if (m_map.width <= 0 || m_map.height <= 0 || m_map.tileWidth <= 0 || m_map.tileHeight <= 0
            || m_map.tileWidth > 4096 || m_map.tileHeight > 4096
            || qint64(m_map.width) * m_map.height > TileMap::maxCells)
            return fail(error, MapText::tr("the map's size (%1×%2 tiles of %3×%4) is missing or out of range")
                                   .arg(m_map.width).arg(m_map.height).arg(m_map.tileWidth).arg(m_map.tileHeight));
        while (xml.readNextStartElement()) {
            bool ok = true;
            if (xml.name() == u"tileset"_s)
                ok = readTileSet(xml, xml.attributes(), m_name);
            else if (xml.name() == u"layer"_s)
                ok = readLayer(xml);
            else
                xml.skipCurrentElement();
            if (!ok)
                return fail(error, m_error);
        }
        if (xml.hasError())
            return fail(error, MapText::tr("XML error at line %1: %2").arg(xml.lineNumber()).arg(xml.errorString()));
        std::sort(m_map.tileSets.begin(), m_map.tileSets.end(),
                  [](const TileSet &a, const TileSet &b) { return a.firstGid < b.firstGid; });
        return std::move(m_map);
    }

private:
    std::optional<TileMap> fail(QString *error, const QString &reason)
    {
        if (error)
            *error = reason;
        return std::nullopt;
    }

    bool problem(const QString &reason)
    {
        m_error = reason;
        return false;
    }

    bool readTileSet(QXmlStreamReader &xml, const QXmlStreamAttributes &outer, const QString &relativeTo)
    {
        TileSet set;
        set.firstGid = quint32(intAttribute(outer, QLatin1StringView("firstgid"), 1));
        const QString source = outer.value(u"source"_s).toString();
        if (!source.isEmpty()) {
            xml.skipCurrentElement();
            return readExternalTileSet(set.firstGid, source, relativeTo);
        }
        set.tileWidth = intAttribute(outer, QLatin1StringView("tilewidth"), m_map.tileWidth);
        set.tileHeight = intAttribute(outer, QLatin1StringView("tileheight"), m_map.tileHeight);
        set.columns = intAttribute(outer, QLatin1StringView("columns"));
        set.tileCount = intAttribute(outer, QLatin1StringView("tilecount"));
        set.spacing = qMax(0, intAttribute(outer, QLatin1StringView("spacing")));
        set.margin = qMax(0, intAttribute(outer, QLatin1StringView("margin")));
        if (set.firstGid == 0 || set.firstGid > TileMap::gidMask || set.tileWidth <= 0 || set.tileHeight <= 0)
            return problem(MapText::tr("tile set \"%1\" has no valid first gid or tile size")
                               .arg(outer.value(u"name"_s)));
        while (xml.readNextStartElement()) {
            if (xml.name() == u"image"_s) {
                const auto image = resolve(relativeTo, xml.attributes().value(u"source"_s).toString());
                if (!image)
                    return problem(MapText::tr("tile set image outside the cartridge: %1")
                                       .arg(xml.attributes().value(u"source"_s)));
                set.image = *image;
                xml.skipCurrentElement();
            } else if (xml.name() == u"tile"_s) {
                const int id = intAttribute(xml.attributes(), QLatin1StringView("id"), -1);
                while (xml.readNextStartElement()) {
                    if (xml.name() == u"image"_s && id >= 0) {
                        const auto image = resolve(relativeTo, xml.attributes().value(u"source"_s).toString());
                        if (!image)
                            return problem(MapText::tr("tile image outside the cartridge: %1")
                                               .arg(xml.attributes().value(u"source"_s)));
                        set.tileImages.insert(id, *image);
                    }
                    xml.skipCurrentElement();
                }
            } else {
                xml.skipCurrentElement();
            }
        }
        if (set.image.isEmpty() && set.tileImages.isEmpty())
            return problem(MapText::tr("tile set \"%1\" has no image").arg(outer.value(u"name"_s)));
        if (!set.image.isEmpty() && set.columns <= 0)
            return problem(MapText::tr("tile set \"%1\" has no column count").arg(outer.value(u"name"_s)));
        m_map.tileSets.append(set);
        return true;
    }

    bool readExternalTileSet(quint32 firstGid, const QString &source, const QString &relativeTo)
    {
        const auto name = resolve(relativeTo, source);
        const auto bytes = name && m_external && ++m_externalDepth < 8 ? m_external(*name) : std::nullopt;
        if (!bytes)
            return problem(MapText::tr("external tile set %1 is not in the cartridge").arg(source));
        QXmlStreamReader tsx(*bytes);
        if (!tsx.readNextStartElement() || tsx.name() != u"tileset"_s)
            return problem(MapText::tr("%1 is not a TSX tile set").arg(*name));
        QXmlStreamAttributes attributes = tsx.attributes();
        attributes.append(u"firstgid"_s, QString::number(firstGid));
        attributes.erase(std::remove_if(attributes.begin(), attributes.end(),
                                        [](const QXmlStreamAttribute &a) { return a.name() == u"source"_s; }),
                         attributes.end());
        return readTileSet(tsx, attributes, *name);
    }

    bool readLayer(QXmlStreamReader &xml)
    {
        TileLayer layer;
        layer.name = xml.attributes().value(u"name"_s).toString();
        layer.visible = xml.attributes().value(u"visible"_s) != u"0"_s;
        const qsizetype cells = qsizetype(m_map.width) * m_map.height;
        while (xml.readNextStartElement()) {
            if (xml.name() != u"data"_s) {
                xml.skipCurrentElement();
                continue;
            }
            const QString encoding = xml.attributes().value(u"encoding"_s).toString();
            const QString compression = xml.attributes().value(u"compression"_s).toString();
            if (encoding.isEmpty()) {
                while (xml.readNextStartElement()) {
                    if (xml.name() == u"tile"_s && layer.cells.size() < cells)
                        layer.cells.append(xml.attributes().value(u"gid"_s).toUInt());
                    xml.skipCurrentElement();
                }
            } else {
                const QString text = xml.readElementText();
                if (encoding == u"csv"_s) {
                    layer.cells.reserve(cells);
                    for (QStringView field : QStringView(text).split(u',')) {
                        if (layer.cells.size() == cells)
                            break;
                        if (field.trimmed().isEmpty())
                            continue; // a trailing comma
                        bool ok = false;
                        const quint32 gid = field.trimmed().toUInt(&ok);
                        if (!ok)
                            return problem(MapText::tr("layer \"%1\" has a cell that is not a number").arg(layer.name));
                        layer.cells.append(gid);
                    }
                } else if (encoding == u"base64"_s) {
                    QByteArray bytes = QByteArray::fromBase64(text.trimmed().toLatin1());
                    if (compression == u"zlib"_s) {
                        // qUncompress wants the expected size in front, big-endian.
                        const quint32 size = quint32(cells * 4);
                        QByteArray sized(4, '\0');
                        sized[0] = char(size >> 24), sized[1] = char(size >> 16), sized[2] = char(size >> 8),
                        sized[3] = char(size);
                        bytes = qUncompress(sized + bytes);
                    } else if (!compression.isEmpty()) {
                        return problem(MapText::tr("layer \"%1\" uses %2 compression; save it as CSV, base64 or zlib")
                                           .arg(layer.name, compression));
                    }
                    if (bytes.size() != cells * 4)
                        return problem(MapText::tr("layer \"%1\" holds %2 bytes of tiles where %3 were expected")
                                           .arg(layer.name).arg(bytes.size()).arg(cells * 4));
                    layer.cells.resize(cells);
                    const auto *raw = reinterpret_cast<const uchar *>(bytes.constData());
                    for (qsizetype i = 0; i < cells; ++i)
                        layer.cells[i] = quint32(raw[4 * i]) | quint32(raw[4 * i + 1]) << 8
                                         | quint32(raw[4 * i + 2]) << 16 | quint32(raw[4 * i + 3]) << 24;
                } else {
                    return problem(MapText::tr("layer \"%1\" has an unknown encoding %2").arg(layer.name, encoding));
                }
            }
        }
        if (layer.cells.size() != cells)
            return problem(MapText::tr("layer \"%1\" has %2 cells where the map has %3")
                               .arg(layer.name).arg(layer.cells.size()).arg(cells));
        m_map.layers.append(std::move(layer));
        return true;
    }

    QString m_name;
    const TileMap::ExternalFile &m_external;
    TileMap m_map;
    QString m_error;
    int m_externalDepth = 0;
};

} // namespace

QTransform TileMap::flipTransform(quint32 cell)
{
    // Qt's products apply left to right: D * S swaps x and y, then flips.
    QTransform transform;
    transform.scale(cell & flipHorizontal ? -1 : 1, cell & flipVertical ? -1 : 1);
    if (cell & flipDiagonal)
        transform = QTransform(0, 1, 1, 0, 0, 0) * transform;
    return transform;
}

const TileSet *TileMap::tileSetFor(quint32 gid) const
{
    gid &= gidMask;
    if (gid == 0)
        return nullptr;
    const TileSet *found = nullptr;
    for (const TileSet &set : tileSets) {
        if (set.firstGid > gid)
            break;
        found = &set;
    }
    return found;
}

QStringList TileMap::imageNames() const
{
    QStringList names;
    for (const TileSet &set : tileSets) {
        if (!set.image.isEmpty())
            names.append(set.image);
        for (const QString &image : set.tileImages)
            names.append(image);
    }
    names.removeDuplicates();
    return names;
}

std::optional<TileMap> TileMap::parse(const QByteArray &tmx, const QString &name, const ExternalFile &external,
                                      QString *error)
{
    return MapParser(name, external).parse(tmx, error);
}

} // namespace Prometeu
