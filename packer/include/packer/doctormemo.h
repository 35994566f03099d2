#pragma once

#include "packer/assetdependencies.h"
#include "packer/assetrecord.h"
#include "packer/diagnostic.h"

#include <QByteArray>
#include <QHash>
#include <QList>

#include <optional>

namespace Prometeu {

class Project;

// What the doctor found in each asset's content the last time, kept in
// <project>/.prometeu/doctor-memo.bin by the content it was found in, so
// that opening an unchanged project does not decode every image and sound
// again (Hedgewars' data: 14 s of two cores on every open before).
//
// An entry's key is the asset's content hash (from the scan), path, kind
// and size, and the context the checks ran in: their version, the
// manifest's bytes and the language of the messages. Anything that moves
// any of these checks the asset again. What the doctor works out across
// assets (names, missing references, cycles) is never memoized.
class DoctorMemo
{
public:
    static constexpr auto fileName = "doctor-memo.bin";
    // Raise when a check changes what it finds in the same bytes.
    // 2: a cut-short sound is a warning (it was an error the build disagreed
    // with); 3: so is a picture or sound larger than the cartridge may hold.
    static constexpr int checksVersion = 3;

    struct Findings {
        QList<Diagnostic> diagnostics;
        QList<AssetReference> references;
    };

    static QByteArray contextOf(const Project &project);
    // Empty when the asset cannot be memoized (a scanner problem, no hash).
    static QByteArray keyOf(const QByteArray &context, const AssetRecord &record);

    const Findings *find(const QByteArray &key) const;
    void insert(const QByteArray &key, Findings findings);
    qsizetype size() const { return m_entries.size(); }

    // Missing, unreadable or damaged: an empty memo (everything is checked).
    static DoctorMemo load(const QString &path);
    // Atomic (QSaveFile).
    bool save(const QString &path, QString *error = nullptr) const;

private:
    QHash<QByteArray, Findings> m_entries;
};

} // namespace Prometeu
