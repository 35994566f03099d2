#include "packer/assetgraph.h"

#include <QJsonArray>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

QStringList sorted(QStringList list)
{
    std::sort(list.begin(), list.end());
    return list;
}

QByteArray dotQuoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return '"' + escaped.toUtf8() + '"';
}

} // namespace

AssetGraph::AssetGraph(const QStringList &assets, QHash<QString, QList<AssetReference>> references)
    : m_assets(assets.cbegin(), assets.cend())
    , m_references(std::move(references))
{
    for (auto it = m_references.cbegin(); it != m_references.cend(); ++it) {
        for (const AssetReference &reference : it.value()) {
            if (!reference.path.isEmpty() && reference.path != it.key() && m_assets.contains(reference.path)) {
                m_usedBy[reference.path].append(it.key());
                if (reference.required)
                    m_requiredBy[reference.path].append(it.key());
            }
        }
    }
    for (QStringList &users : m_usedBy)
        std::sort(users.begin(), users.end());
}

QStringList AssetGraph::assets() const
{
    return sorted(m_assets.values());
}

QStringList AssetGraph::uses(const QString &asset) const
{
    QStringList list;
    for (const AssetReference &reference : m_references.value(asset)) {
        if (!reference.path.isEmpty() && reference.path != asset && m_assets.contains(reference.path))
            list.append(reference.path);
    }
    return sorted(list);
}

QStringList AssetGraph::usedBy(const QString &asset) const
{
    return m_usedBy.value(asset);
}

namespace {
QStringList reachable(const QString &from, const std::function<QStringList(const QString &)> &next)
{
    QSet<QString> seen{from};
    QStringList pending{from};
    QStringList found;
    while (!pending.isEmpty()) {
        const QString at = pending.takeLast();
        for (const QString &other : next(at)) {
            if (seen.contains(other))
                continue;
            seen.insert(other);
            found.append(other);
            pending.append(other);
        }
    }
    return sorted(found);
}
} // namespace

QStringList AssetGraph::usesTransitively(const QString &asset) const
{
    return reachable(asset, [this](const QString &at) { return uses(at); });
}

QStringList AssetGraph::dependents(const QString &asset) const
{
    // Through what each cannot work without: what a build keys on.
    return reachable(asset, [this](const QString &at) { return m_requiredBy.value(at); });
}

QList<AssetReference> AssetGraph::missing(const QString &asset) const
{
    QList<AssetReference> list;
    for (const AssetReference &reference : m_references.value(asset)) {
        if (reference.path.isEmpty() || !m_assets.contains(reference.path))
            list.append(reference);
    }
    return list;
}

QList<QStringList> AssetGraph::cycles() const
{
    // Tarjan's strongly connected components, iteratively (a chain of
    // 100,000 assets must not overflow the stack).
    QHash<QString, int> index;
    QHash<QString, int> low;
    QSet<QString> onStack;
    QStringList stack;
    QList<QStringList> found;
    int counter = 0;
    struct Frame {
        QString node;
        QStringList next;
        qsizetype position = 0;
    };
    for (const QString &root : sorted(m_references.keys())) {
        if (index.contains(root))
            continue;
        QList<Frame> frames{{root, uses(root), 0}};
        index[root] = low[root] = counter++;
        stack.append(root);
        onStack.insert(root);
        while (!frames.isEmpty()) {
            Frame &frame = frames.last();
            if (frame.position < frame.next.size()) {
                const QString other = frame.next.at(frame.position++);
                if (!index.contains(other)) {
                    index[other] = low[other] = counter++;
                    stack.append(other);
                    onStack.insert(other);
                    frames.append({other, uses(other), 0});
                } else if (onStack.contains(other)) {
                    low[frame.node] = std::min(low[frame.node], index[other]);
                }
                continue;
            }
            const QString node = frame.node;
            frames.removeLast();
            if (!frames.isEmpty())
                low[frames.last().node] = std::min(low[frames.last().node], low[node]);
            if (low[node] != index[node])
                continue;
            QStringList component;
            QString member;
            do {
                member = stack.takeLast();
                onStack.remove(member);
                component.append(member);
            } while (member != node);
            if (component.size() > 1)
                found.append(sorted(component));
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

bool AssetGraph::isEntryPoint(const QString &asset)
{
    return asset == u"scripts/main.lua"_s || asset == u"main.lua"_s;
}

bool AssetGraph::isUnused(const QString &asset) const
{
    return m_assets.contains(asset) && !m_usedBy.contains(asset) && !isEntryPoint(asset);
}

QStringList AssetGraph::unused() const
{
    QStringList list;
    for (const QString &asset : m_assets) {
        if (isUnused(asset))
            list.append(asset);
    }
    return sorted(list);
}

QJsonObject AssetGraph::toJson() const
{
    QJsonObject assets;
    for (const QString &asset : this->assets()) {
        QJsonObject entry{{u"uses"_s, QJsonArray::fromStringList(uses(asset))},
                          {u"used_by"_s, QJsonArray::fromStringList(usedBy(asset))}};
        QJsonArray missingList;
        for (const AssetReference &reference : missing(asset)) {
            missingList.append(QJsonObject{{u"written"_s, reference.written},
                                           {u"path"_s, reference.path},
                                           {u"line"_s, reference.line},
                                           {u"required"_s, reference.required}});
        }
        if (!missingList.isEmpty())
            entry.insert(u"missing"_s, missingList);
        if (isUnused(asset))
            entry.insert(u"unused"_s, true);
        assets.insert(asset, entry);
    }
    QJsonArray cycleList;
    for (const QStringList &cycle : cycles())
        cycleList.append(QJsonArray::fromStringList(cycle));
    return {{u"assets"_s, assets}, {u"cycles"_s, cycleList}};
}

QByteArray AssetGraph::toDot() const
{
    QByteArray dot = "digraph assets {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n";
    for (const QString &asset : assets()) {
        dot += "  " + dotQuoted(asset);
        if (isUnused(asset))
            dot += " [style=dashed]";
        dot += ";\n";
    }
    for (const QString &asset : assets()) {
        for (const QString &used : uses(asset))
            dot += "  " + dotQuoted(asset) + " -> " + dotQuoted(used) + ";\n";
        for (const AssetReference &reference : missing(asset)) {
            const QByteArray name = dotQuoted(reference.path.isEmpty() ? reference.written : reference.path);
            dot += "  " + name + " [color=red, fontcolor=red, label=" + dotQuoted(reference.written + u" (missing)"_s)
                + "];\n  " + dotQuoted(asset) + " -> " + name + " [color=red];\n";
        }
    }
    dot += "}\n";
    return dot;
}

} // namespace Prometeu
