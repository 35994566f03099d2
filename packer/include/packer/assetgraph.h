#pragma once

#include "packer/assetdependencies.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QStringList>

namespace Prometeu {

// Which assets use which: made from every asset's references (as the
// doctor or a build read them) and the list of assets that exist. A value;
// answers in path order.
class AssetGraph
{
public:
    AssetGraph() = default;
    // `assets`: every asset of the project; `references`: what each one
    // names (assets absent from it name nothing).
    AssetGraph(const QStringList &assets, QHash<QString, QList<AssetReference>> references);

    bool isEmpty() const { return m_assets.isEmpty(); }
    bool contains(const QString &asset) const { return m_assets.contains(asset); }
    QStringList assets() const;

    // The references as the content wrote them, in its order.
    QList<AssetReference> references(const QString &asset) const { return m_references.value(asset); }
    // The assets it uses directly (those that exist).
    QStringList uses(const QString &asset) const;
    // The assets that use it directly.
    QStringList usedBy(const QString &asset) const;
    // Everything it uses, directly or through others (not itself).
    QStringList usesTransitively(const QString &asset) const;
    // Everything a change to it rebuilds besides itself: what cannot work
    // without it (AssetReference::required), what cannot work without those, ...
    QStringList dependents(const QString &asset) const;
    // References to what is not an asset (or outside the assets folder).
    QList<AssetReference> missing(const QString &asset) const;
    // Groups of assets that use each other (strongly connected), each sorted.
    QList<QStringList> cycles() const;
    // Assets nobody names and that are not where the game starts (the main
    // script): candidates for removal. A script that builds a name at run
    // time ("level" .. n .. ".json") is not seen, hence "candidates".
    QStringList unused() const;
    bool isUnused(const QString &asset) const;
    // Where the game starts: the runtime runs scripts/main.lua or main.lua.
    static bool isEntryPoint(const QString &asset);

    // {"assets": {path: {"uses": [...], "used_by": [...], "missing": [...]}}, "cycles": [[...]]}
    QJsonObject toJson() const;
    // Graphviz: `prometeu deps --dot | dot -Tsvg > deps.svg`.
    QByteArray toDot() const;

private:
    QSet<QString> m_assets;
    QHash<QString, QList<AssetReference>> m_references;
    QHash<QString, QStringList> m_usedBy;
    QHash<QString, QStringList> m_requiredBy;
};

} // namespace Prometeu
