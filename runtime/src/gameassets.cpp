#include "runtime/gameassets.h"

#include <packer/assetrecord.h>
#include <packer/cartridge.h>

#include <QCoreApplication>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class AssetsText
{
    Q_DECLARE_TR_FUNCTIONS(GameAssets)
};

// A TMX map; TSX tile sets share its kind but are read by the maps.
bool isMap(const CartridgeEntry &entry)
{
    return entry.kind == AssetKind::TileMap && !entry.name.endsWith(u".tsx"_s, Qt::CaseInsensitive);
}

template<typename T>
T readLittle(const QByteArray &bytes, qsizetype offset)
{
    return qFromLittleEndian<T>(bytes.constData() + offset);
}

} // namespace

std::optional<QImage> GameAssets::decodeImage(const QByteArray &payload, QString *error)
{
    constexpr qsizetype headerSize = 8;
    if (payload.size() < headerSize) {
        *error = AssetsText::tr("image payload too short");
        return std::nullopt;
    }
    const int width = readLittle<quint16>(payload, 0);
    const int height = readLittle<quint16>(payload, 2);
    const int format = uchar(payload[4]);
    const int paletteCount = readLittle<quint16>(payload, 6);
    const qsizetype pixels = qsizetype(width) * height;
    const qsizetype expected = format == 0 ? headerSize + pixels * 4
                             : format == 1 ? headerSize + qsizetype(paletteCount) * 4 + pixels
                                           : -1;
    if (width == 0 || height == 0 || expected != payload.size()) {
        *error = AssetsText::tr("image payload of %1 bytes does not match its header (%2×%3, format %4)")
                     .arg(payload.size()).arg(width).arg(height).arg(format);
        return std::nullopt;
    }
    QImage image(width, height, QImage::Format_RGBA8888);
    if (image.isNull()) {
        *error = AssetsText::tr("not enough memory for a %1×%2 image").arg(width).arg(height);
        return std::nullopt;
    }
    const uchar *data = reinterpret_cast<const uchar *>(payload.constData()) + headerSize;
    if (format == 0) {
        for (int y = 0; y < height; ++y)
            memcpy(image.scanLine(y), data + qsizetype(y) * width * 4, size_t(width) * 4);
    } else {
        const uchar *palette = data;
        const uchar *indexes = data + qsizetype(paletteCount) * 4;
        for (int y = 0; y < height; ++y) {
            uchar *row = image.scanLine(y);
            for (int x = 0; x < width; ++x) {
                const int index = indexes[qsizetype(y) * width + x];
                if (index < paletteCount)
                    memcpy(row + x * 4, palette + index * 4, 4);
                else
                    memset(row + x * 4, 0, 4);
            }
        }
    }
    // Premultiplied: what QPainter blends fastest.
    return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

std::optional<PcmSound> GameAssets::decodeAudio(const QByteArray &payload, QString *error)
{
    constexpr qsizetype headerSize = 12;
    if (payload.size() < headerSize) {
        *error = AssetsText::tr("audio payload too short");
        return std::nullopt;
    }
    PcmSound sound;
    sound.sampleRate = int(readLittle<quint32>(payload, 0));
    sound.channels = readLittle<quint16>(payload, 4);
    const int bits = readLittle<quint16>(payload, 6);
    const quint32 frames = readLittle<quint32>(payload, 8);
    if (bits != 16 || sound.channels < 1 || sound.channels > 8 || sound.sampleRate < 1000 || sound.sampleRate > 384000
        || qsizetype(frames) * sound.channels * 2 != payload.size() - headerSize) {
        *error = AssetsText::tr("audio payload of %1 bytes does not match its header (%2 Hz, %3 channels, %4 bits)")
                     .arg(payload.size()).arg(sound.sampleRate).arg(sound.channels).arg(bits);
        return std::nullopt;
    }
    sound.samples.resize(qsizetype(frames) * sound.channels);
    for (qsizetype i = 0; i < sound.samples.size(); ++i)
        sound.samples[i] = readLittle<qint16>(payload, headerSize + 2 * i);
    return sound;
}

void GameAssets::load(CartridgeReader &reader, QStringList *problems)
{
    QList<const CartridgeEntry *> all;
    for (const CartridgeEntry &entry : reader.entries())
        all.append(&entry);
    takeAll(reader, std::move(all), problems);
}

QStringList GameAssets::reload(CartridgeReader &reader, const QStringList &names, QStringList *problems)
{
    QHash<QString, const CartridgeEntry *> byName;
    for (const CartridgeEntry &entry : reader.entries())
        byName.insert(entry.name, &entry);
    QList<const CartridgeEntry *> wanted;
    for (const QString &name : names) {
        if (const CartridgeEntry *entry = byName.value(name))
            wanted.append(entry);
        else
            problems->append(AssetsText::tr("%1: not in the cartridge").arg(name));
    }
    return takeAll(reader, std::move(wanted), problems);
}

QStringList GameAssets::withDependents(const QStringList &names) const
{
    QStringList all = names;
    for (auto it = m_mapReads.cbegin(); it != m_mapReads.cend(); ++it) {
        if (!all.contains(it.key())
            && std::any_of(it->cbegin(), it->cend(), [&](const QString &read) { return names.contains(read); }))
            all.append(it.key());
    }
    return all;
}

GameAssets GameAssets::stage(CartridgeReader &reader, const QStringList &names, QHash<QString, QByteArray> rawEntries,
                             QStringList *taken, QStringList *problems)
{
    GameAssets staged;
    staged.m_bytes = std::move(rawEntries);
    *taken = staged.reload(reader, names, problems);
    return staged;
}

void GameAssets::adopt(GameAssets &&staged, const QStringList &taken)
{
    for (const QString &name : taken) {
        const int kind = staged.m_kinds.value(name, -1);
        if (kind < 0)
            continue;
        // An entry may change kind between generations only by being
        // renamed, but a stale value of another kind must not stay behind.
        m_images.remove(name);
        m_maps.remove(name);
        m_mapReads.remove(name);
        m_sounds.remove(name);
        m_bytes.remove(name);
        switch (AssetKind(kind)) {
        case AssetKind::Image:
            m_images.insert(name, staged.m_images.take(name));
            break;
        case AssetKind::Audio:
            m_sounds.insert(name, staged.m_sounds.take(name));
            break;
        case AssetKind::TileMap:
            if (staged.m_maps.contains(name)) {
                m_maps.insert(name, staged.m_maps.take(name));
                m_mapReads.insert(name, staged.m_mapReads.take(name));
            } else {
                m_bytes.insert(name, staged.m_bytes.take(name)); // a TSX tile set
            }
            break;
        default:
            m_bytes.insert(name, staged.m_bytes.take(name));
            break;
        }
        m_kinds.insert(name, kind);
    }
}

QStringList GameAssets::takeAll(CartridgeReader &reader, QList<const CartridgeEntry *> entries, QStringList *problems)
{
    // Maps last: their external tile sets must be loaded first.
    std::stable_partition(entries.begin(), entries.end(), [](const CartridgeEntry *entry) { return !isMap(*entry); });
    QStringList taken;
    for (const CartridgeEntry *entry : std::as_const(entries)) {
        QString problem;
        if (take(reader, *entry, &problem))
            taken.append(entry->name);
        else
            problems->append(problem);
    }
    return taken;
}

bool GameAssets::take(CartridgeReader &reader, const CartridgeEntry &entry, QString *problem)
{
    const QString &name = entry.name;
    const std::optional<QByteArray> payload = reader.read(entry);
    if (!payload) {
        *problem = AssetsText::tr("%1: %2").arg(name, reader.errorString());
        return false;
    }
    QString error;
    switch (entry.kind) {
    case AssetKind::Image:
        if (auto image = decodeImage(*payload, &error)) {
            m_images.insert(name, *image);
            break;
        }
        *problem = AssetsText::tr("%1: %2").arg(name, error);
        return false;
    case AssetKind::Audio:
        if (auto sound = decodeAudio(*payload, &error)) {
            m_sounds.insert(name, std::make_shared<const PcmSound>(std::move(*sound)));
            break;
        }
        *problem = AssetsText::tr("%1: %2").arg(name, error);
        return false;
    case AssetKind::TileMap:
        if (isMap(entry)) {
            QStringList reads;
            const auto read = [this, &reads](const QString &file) {
                reads.append(file);
                return raw(file);
            };
            if (auto map = TileMap::parse(*payload, name, read, &error)) {
                m_maps.insert(name, std::move(*map));
                m_mapReads.insert(name, reads);
                break;
            }
            *problem = AssetsText::tr("%1: %2").arg(name, error);
            return false;
        }
        m_bytes.insert(name, *payload); // a TSX tile set: read by the maps that use it
        break;
    default:
        m_bytes.insert(name, *payload);
        break;
    }
    m_kinds.insert(name, int(entry.kind));
    return true;
}

const QImage *GameAssets::image(const QString &name) const
{
    const auto found = m_images.constFind(name);
    return found == m_images.cend() ? nullptr : &found.value();
}

const TileMap *GameAssets::map(const QString &name) const
{
    const auto found = m_maps.constFind(name);
    return found == m_maps.cend() ? nullptr : &found.value();
}

std::shared_ptr<const PcmSound> GameAssets::sound(const QString &name) const { return m_sounds.value(name); }

std::optional<QByteArray> GameAssets::script(const QString &name) const
{
    if (m_kinds.value(name, -1) != int(AssetKind::Script))
        return std::nullopt;
    return m_bytes.value(name);
}

std::optional<QByteArray> GameAssets::data(const QString &name) const
{
    if (m_kinds.value(name, -1) != int(AssetKind::Data))
        return std::nullopt;
    return m_bytes.value(name);
}

std::optional<QByteArray> GameAssets::raw(const QString &name) const
{
    const auto found = m_bytes.constFind(name);
    if (found == m_bytes.cend())
        return std::nullopt;
    return found.value();
}

} // namespace Prometeu
