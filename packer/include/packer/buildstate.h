#pragma once

#include "packer/diagnostic.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace Prometeu {

// What the previous build knew, in <project>/.prometeu/build-state.bin:
// per asset the stat and hashes that let a rebuild skip reading unchanged
// files (like ninja's log), and what the last written cartridge contains.
struct BuildState {
    static constexpr const char *fileName = "build-state.bin";
    struct Asset {
        qint64 size = 0;
        qint64 modifiedMs = 0;
        QString inputHash;
        QString key;
        int converterVersion = 0; // AssetConverter::version() its key was made with
        // What its content names (paths in the assets folder, existing or
        // not), and the digest of everything it uses transitively, with
        // which its key was made (empty: it uses nothing).
        QStringList uses;
        QString dependencies;
        // The warnings its converter gave for this key: a build that does
        // not convert it again says them again, as a compiler's cached
        // warnings are replayed. Kept as values, not JSON: a no-op over
        // pingus-data replays 827 of them, and parsing them again was a
        // tenth of its time.
        QList<Diagnostic> warnings;
    };
    struct Cartridge {
        QString path;
        qint64 size = 0;
        qint64 modifiedMs = 0;
        QString signature; // hash of the sorted (name, cache key) list
    };

    QHash<QString, Asset> assets;
    // Assets whose converter refused their input: converters are pure, so
    // the same key fails the same way, and a build that knows it will fail
    // need not load everything else again, and says the same diagnostics.
    struct Failure {
        Asset asset;
        QList<Diagnostic> diagnostics;
    };
    QHash<QString, Failure> failures;
    Cartridge cartridge;
    // What else the keys were made from (settings, converter versions; see
    // AssetConverter::keyContext()): while it is the same, an asset whose
    // stat did not move keeps its recorded key without one being computed.
    QByteArray keyContext;

    static BuildState load(const QString &path);
    bool save(const QString &path, QString *error) const;
};

} // namespace Prometeu
