#pragma once

#include "runtime/tilemap.h"

#include <QByteArray>
#include <QHash>
#include <QImage>
#include <QJsonDocument>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Prometeu {

class CartridgeReader;
struct CartridgeEntry;

// Decoded PCM: the cartridge's audio payload (docs/cartridge.md).
struct PcmSound {
    int sampleRate = 0;
    int channels = 0;
    QList<qint16> samples; // interleaved
    qint64 frames() const { return channels > 0 ? samples.size() / channels : 0; }
};

// Everything a game reads from its cartridge, decoded once: images, maps,
// sounds, scripts, data. Loading decodes every entry; a reload decodes
// only the named entries of a newer cartridge and swaps them in, leaving
// the rest (and the previous version of anything that fails) as it was.
class GameAssets
{
public:
    // Decodes image and audio payloads; nullopt with *error for damaged ones.
    static std::optional<QImage> decodeImage(const QByteArray &payload, QString *error);
    static std::optional<PcmSound> decodeAudio(const QByteArray &payload, QString *error);

    // Reads every entry. Entries that cannot be decoded are left out and
    // reported in *problems (one sentence each, naming the entry).
    void load(CartridgeReader &reader, QStringList *problems);
    // Replaces `names` from `reader` (a newer generation of the cartridge).
    // Returns the names actually replaced; the rest are in *problems.
    QStringList reload(CartridgeReader &reader, const QStringList &names, QStringList *problems);

    // A reload in two halves, so decoding stays off the game's frame
    // thread: stage() reads and decodes `names` on any thread into a new
    // GameAssets (maps see `rawEntries`, a copy of this one's raw entries,
    // for tile sets not in the reload); adopt() then swaps what it took into
    // this one, which is quick.
    static GameAssets stage(CartridgeReader &reader, const QStringList &names, QHash<QString, QByteArray> rawEntries,
                            QStringList *taken, QStringList *problems);
    void adopt(GameAssets &&staged, const QStringList &taken);
    QHash<QString, QByteArray> rawEntries() const { return m_bytes; }
    // `names`, plus the maps that read one of them when they were parsed
    // (an external tile set): a reload of a .tsx re-reads those maps too.
    QStringList withDependents(const QStringList &names) const;

    bool contains(const QString &name) const { return m_kinds.contains(name); }
    qsizetype size() const { return m_kinds.size(); }
    const QImage *image(const QString &name) const;
    const TileMap *map(const QString &name) const;
    std::shared_ptr<const PcmSound> sound(const QString &name) const;
    std::optional<QByteArray> script(const QString &name) const;
    std::optional<QByteArray> data(const QString &name) const;
    // Bytes of any non-media entry (text, TSX tile sets, unknown files).
    std::optional<QByteArray> raw(const QString &name) const;

private:
    // Takes `entries` (maps after everything else); returns the names taken.
    QStringList takeAll(CartridgeReader &reader, QList<const CartridgeEntry *> entries, QStringList *problems);
    bool take(CartridgeReader &reader, const CartridgeEntry &entry, QString *problem);

    QHash<QString, int> m_kinds; // entry name -> AssetKind
    QHash<QString, QImage> m_images;
    QHash<QString, TileMap> m_maps;
    QHash<QString, std::shared_ptr<const PcmSound>> m_sounds; // shared with voices still playing
    QHash<QString, QByteArray> m_bytes;                        // scripts, data, text, TSX tile sets, unknown
    QHash<QString, QStringList> m_mapReads;                    // map -> the raw entries its parse read
};

} // namespace Prometeu
