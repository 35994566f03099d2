#pragma once

#include "packer/assetrecord.h"
#include "packer/diagnostic.h"
#include "packer/project.h"

#include <QHash>

namespace Prometeu {

// One asset under inspection by the doctor, plus a factory for diagnostics
// that already know which file they are about.
struct AssetContext {
    const Project &project;
    const AssetRecord &record;

    QString absolutePath() const;
    Diagnostic diagnostic(Severity severity, const QString &code, const QString &message,
                          int line = 0, int column = 0) const;
};

// Each inspector checks one concern and returns what it found. They run on
// worker threads, concurrently, and must never throw, crash or block on any
// input.
namespace AssetInspection {

// File-level checks every asset gets: scanner problems, vanished, empty,
// unreadable, larger than the cartridge. Returns false when the content
// must not be inspected further (nothing there to read).
bool inspectFile(const AssetContext &asset, QList<Diagnostic> *out);

QList<Diagnostic> inspectImage(const AssetContext &asset);
QList<Diagnostic> inspectAudio(const AssetContext &asset);
QList<Diagnostic> inspectJson(const AssetContext &asset, const QByteArray &content);
QList<Diagnostic> inspectText(const AssetContext &asset, const QByteArray &content);
QList<Diagnostic> inspectTileMap(const AssetContext &asset, const QByteArray &content);

// Name rules need the whole asset list (collisions), so they run once,
// before the per-asset pass. Result is keyed by asset path.
QHash<QString, QList<Diagnostic>> inspectNames(const Project &project,
                                               const QList<AssetRecord> &assets);

// Longest asset path, in UTF-8 bytes, a cartridge entry can hold.
constexpr int maxCartridgeNameBytes = 255;

// Whether the cartridge can hold this asset's path; if not (too long, a
// control character, a character or a trailing dot or space that some
// systems refuse) appends name.invalid to `out`. One pass and no
// allocation for a good name: the build checks every name on every build.
bool inspectName(const AssetContext &asset, QList<Diagnostic> *out);

} // namespace AssetInspection
} // namespace Prometeu
