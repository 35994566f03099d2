#include "ui/assettreemodel.h"

#include <packer/eventpayloads.h>
#include <packer/scanoperation.h>

#include <QBrush>
#include <QFont>
#include <QJsonArray>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Prometeu {

struct AssetTreeModel::Node {
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children; // only rows the views know of
    int row = 0;
    bool folder = false;
    bool attached = false;
    QString name;
    QString path; // relative; folders without the trailing '/'
    QString kind;
    qint64 size = -1;
    QString hash;
    QString toolTip;
    bool excluded = false;
    DiagnosticCounts counts; // a folder's: the sum of everything under it
    int assets = 0;          // a folder's: how many assets are under it
};

namespace {

// A live reload is a build too: its diagnostics are build diagnostics.
bool isBuild(OperationKind kind) { return kind == OperationKind::Build || kind == OperationKind::HotReload; }

// An SVG icon costs a parse; ten thousand assets share a handful.
const QIcon &cachedIcon(const QString &name)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.insert(name, QIcon(u":/icons/%1.svg"_s.arg(name)));
    return *it;
}

const QColor dimColor(0x8a, 0x8f, 0x98);

template<typename T>
bool assign(T &field, const T &value)
{
    if (field == value)
        return false;
    field = value;
    return true;
}

} // namespace

AssetTreeModel::AssetTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
    m_root->folder = true;
    m_root->attached = true;
}

AssetTreeModel::~AssetTreeModel() = default;

namespace {

// The asset kinds the packer reports, with their names for people; one
// table for the icons and the labels.
struct KindName {
    QLatin1StringView wire;
    const char *label;
};
constexpr KindName kindNames[] = {
    {"image"_L1, QT_TRANSLATE_NOOP("Prometeu::AssetTreeModel", "image")},
    {"audio"_L1, QT_TRANSLATE_NOOP("Prometeu::AssetTreeModel", "audio")},
    {"data"_L1, QT_TRANSLATE_NOOP("Prometeu::AssetTreeModel", "data")},
    {"text"_L1, QT_TRANSLATE_NOOP("Prometeu::AssetTreeModel", "text")},
    {"script"_L1, QT_TRANSLATE_NOOP("Prometeu::AssetTreeModel", "script")},
    {"tilemap"_L1, QT_TRANSLATE_NOOP("Prometeu::AssetTreeModel", "tile map")},
    {"unknown"_L1, QT_TRANSLATE_NOOP("Prometeu::AssetTreeModel", "unknown")},
};

const KindName *findKind(const QString &kind)
{
    for (const KindName &entry : kindNames) {
        if (kind == entry.wire)
            return &entry;
    }
    return nullptr;
}

// "error", "warning" or empty: what the status badge shows.
QString badgeOf(const DiagnosticCounts &counts)
{
    return counts.errors > 0 ? u"error"_s : counts.warnings > 0 ? u"warning"_s : QString();
}

} // namespace

QIcon AssetTreeModel::kindIcon(const QString &kind)
{
    return cachedIcon(u"kind-"_s + (findKind(kind) ? kind : u"unknown"_s));
}

QString AssetTreeModel::kindLabel(const QString &kind)
{
    const KindName *entry = findKind(kind);
    return entry ? tr(entry->label) : kind;
}

// --- QAbstractItemModel ---------------------------------------------------

AssetTreeModel::Node *AssetTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex AssetTreeModel::indexOf(const Node *node, int column) const
{
    if (!node || node == m_root.get() || !node->attached)
        return {};
    return createIndex(node->row, column, const_cast<Node *>(node));
}

QModelIndex AssetTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    const Node *node = nodeOf(parent);
    if (row < 0 || row >= int(node->children.size()))
        return {};
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex AssetTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeOf(child)->parent);
}

int AssetTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int AssetTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

Qt::ItemFlags AssetTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!nodeOf(index)->folder)
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QVariant AssetTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Asset");
    case KindColumn: return tr("Kind");
    case SizeColumn: return tr("Size");
    case StatusColumn: return tr("Status");
    }
    return {};
}

QString AssetTreeModel::statusText(const Node &node) const
{
    QStringList parts;
    if (node.excluded)
        parts.append(tr("excluded"));
    if (node.counts.errors > 0)
        parts.append(tr("%n error(s)", nullptr, node.counts.errors));
    if (node.counts.warnings > 0)
        parts.append(tr("%n warning(s)", nullptr, node.counts.warnings));
    if (node.counts.infos > 0)
        parts.append(tr("%n note(s)", nullptr, node.counts.infos));
    if (node.folder) // a closed folder still says what is wrong inside it
        return parts.join(u", "_s);
    return parts.isEmpty() ? tr("ok") : parts.join(u", "_s);
}

QVariant AssetTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &node = *nodeOf(index);
    // Roles every column answers: the views and the proxy ask any cell.
    switch (role) {
    case PathRole: return node.folder ? node.path + u'/' : node.path;
    case IsFolderRole: return node.folder;
    case KindRole: return node.kind;
    case SizeRole: return node.size;
    case HashRole: return node.hash;
    case ExcludedRole: return node.excluded;
    case ErrorCountRole: return node.counts.errors;
    case WarningCountRole: return node.counts.warnings;
    case BadgeRole: return badgeOf(node.counts);
    case Qt::ToolTipRole: return node.folder ? node.path : node.toolTip;
    default: break;
    }
    if (node.folder) {
        if (index.column() == NameColumn && role == Qt::DisplayRole)
            return node.name;
        if (index.column() == NameColumn && role == Qt::DecorationRole)
            return cachedIcon(u"folder"_s);
        if (index.column() == SizeColumn && role == Qt::DisplayRole)
            return tr("%n asset(s)", nullptr, node.assets);
        if (index.column() == SizeColumn && role == Qt::ForegroundRole)
            return QBrush(dimColor);
        if (index.column() != StatusColumn)
            return {};
    }
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return node.name;
        if (role == Qt::DecorationRole)
            return node.kind.isEmpty() ? QVariant() : QVariant(kindIcon(node.kind));
        if (role == Qt::FontRole && node.excluded) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        break;
    case KindColumn:
        if (role == Qt::DisplayRole)
            return kindLabel(node.kind);
        break;
    case SizeColumn:
        if (role == Qt::DisplayRole)
            return node.size >= 0 ? QLocale().formattedDataSize(node.size) : QString();
        break;
    case StatusColumn:
        if (role == Qt::DisplayRole)
            return statusText(node);
        if (role == Qt::DecorationRole) {
            const QString badge = badgeOf(node.counts);
            return badge.isEmpty() ? QVariant() : QVariant(cachedIcon(badge));
        }
        if (role == Qt::ForegroundRole)
            return QBrush(node.counts.errors > 0     ? QColor(0xf8, 0x71, 0x71)
                          : node.counts.warnings > 0 ? QColor(0xfb, 0xbf, 0x24)
                                                     : dimColor);
        return {};
    }
    if (role == Qt::ForegroundRole && node.excluded)
        return QBrush(dimColor);
    return {};
}

// --- Structure ------------------------------------------------------------

void AssetTreeModel::attach(Node *parent, std::unique_ptr<Node> node)
{
    node->parent = parent;
    if (parent->attached) {
        // The views learn of it at the end of the batch, with its siblings.
        m_pending[parent].push_back(std::move(node));
    } else {
        // Its folder is itself still waiting: it arrives with it.
        node->row = int(parent->children.size());
        parent->children.push_back(std::move(node));
    }
}

void AssetTreeModel::attachPending()
{
    if (m_pending.empty())
        return;
    auto pending = std::exchange(m_pending, {});
    // Every key is a folder the views already know (rows for a folder made
    // in this batch went straight into it), so the order does not matter.
    for (auto &[parent, rows] : pending) {
        const int first = int(parent->children.size());
        beginInsertRows(indexOf(parent), first, first + int(rows.size()) - 1);
        for (auto &row : rows) {
            row->row = int(parent->children.size());
            parent->children.push_back(std::move(row));
            // The whole new subtree becomes visible at once.
            std::vector<Node *> stack{parent->children.back().get()};
            while (!stack.empty()) {
                Node *node = stack.back();
                stack.pop_back();
                node->attached = true;
                for (const auto &child : node->children)
                    stack.push_back(child.get());
            }
        }
        endInsertRows();
    }
}

AssetTreeModel::Node *AssetTreeModel::ensureFolder(const QString &folder)
{
    if (folder.isEmpty())
        return m_root.get();
    if (Node *node = m_folders.value(folder))
        return node;
    const qsizetype slash = folder.lastIndexOf(u'/');
    Node *parent = ensureFolder(slash < 0 ? QString() : folder.left(slash));
    auto node = std::make_unique<Node>();
    node->folder = true;
    node->name = folder.mid(slash + 1);
    node->path = folder;
    Node *raw = node.get();
    m_folders.insert(folder, raw);
    attach(parent, std::move(node));
    return raw;
}

AssetTreeModel::Node *AssetTreeModel::ensureAsset(const QString &path, const AssetFacts &facts)
{
    if (Node *node = m_assets.value(path)) {
        if (setFacts(node, facts))
            markChanged(node);
        return node;
    }
    const qsizetype slash = path.lastIndexOf(u'/');
    Node *parent = ensureFolder(slash < 0 ? QString() : path.left(slash));
    auto node = std::make_unique<Node>();
    node->name = path.mid(slash + 1);
    node->path = path;
    setFacts(node.get(), facts);
    Node *raw = node.get();
    m_assets.insert(path, raw);
    attach(parent, std::move(node));
    addToFolders(raw, {}, 1);
    updateStatus(raw);
    return raw;
}

bool AssetTreeModel::setFacts(Node *node, const AssetFacts &facts)
{
    bool changed = false;
    if (!facts.kind.isEmpty())
        changed |= assign(node->kind, facts.kind);
    if (facts.size >= 0)
        changed |= assign(node->size, facts.size);
    if (!facts.hash.isNull())
        changed |= assign(node->hash, facts.hash);
    if (!facts.toolTip.isNull())
        changed |= assign(node->toolTip, facts.toolTip);
    return changed;
}

bool AssetTreeModel::updateStatus(Node *node)
{
    DiagnosticCounts counts;
    for (const Diagnostic &diagnostic : diagnostics(node->path))
        counts.add(diagnostic);
    m_totals.errors += counts.errors - node->counts.errors;
    m_totals.warnings += counts.warnings - node->counts.warnings;
    m_totals.infos += counts.infos - node->counts.infos;
    addToFolders(node,
                 {counts.errors - node->counts.errors, counts.warnings - node->counts.warnings,
                  counts.infos - node->counts.infos},
                 0);
    bool changed = assign(node->excluded, m_excluded.contains(node->path));
    changed |= assign(node->counts.errors, counts.errors);
    changed |= assign(node->counts.warnings, counts.warnings);
    changed |= assign(node->counts.infos, counts.infos);
    return changed;
}

void AssetTreeModel::addToFolders(Node *node, const DiagnosticCounts &delta, int assets)
{
    if (delta == DiagnosticCounts{} && assets == 0)
        return;
    for (Node *folder = node->parent; folder && folder != m_root.get(); folder = folder->parent) {
        folder->counts.errors += delta.errors;
        folder->counts.warnings += delta.warnings;
        folder->counts.infos += delta.infos;
        folder->assets += assets;
        markChanged(folder);
    }
}

void AssetTreeModel::markChanged(Node *node)
{
    if (node->attached)
        m_changed.insert(node);
}

void AssetTreeModel::emitChanged()
{
    if (m_changed.isEmpty())
        return;
    // One range per folder: the sorted proxy re-sorts a range in one pass.
    QHash<Node *, std::pair<int, int>> ranges;
    for (Node *node : std::as_const(m_changed)) {
        auto it = ranges.find(node->parent);
        if (it == ranges.end())
            ranges.insert(node->parent, {node->row, node->row});
        else
            *it = {std::min(it->first, node->row), std::max(it->second, node->row)};
    }
    m_changed.clear();
    for (auto it = ranges.cbegin(); it != ranges.cend(); ++it) {
        const QModelIndex parent = indexOf(it.key());
        Q_EMIT dataChanged(index(it->first, 0, parent), index(it->second, ColumnCount - 1, parent));
    }
}

void AssetTreeModel::removeAsset(const QString &path)
{
    attachPending(); // rows are removed from what the views know
    Node *node = m_assets.take(path);
    m_doctorDiagnostics.remove(path);
    m_buildDiagnostics.remove(path);
    if (!node)
        return;
    m_totals.errors -= node->counts.errors;
    m_totals.warnings -= node->counts.warnings;
    m_totals.infos -= node->counts.infos;
    addToFolders(node, {-node->counts.errors, -node->counts.warnings, -node->counts.infos}, -1);
    // Empty folders go with their last asset.
    while (node != m_root.get()) {
        Node *parent = node->parent;
        const int row = node->row;
        m_changed.remove(node);
        if (node->folder)
            m_folders.remove(node->path);
        beginRemoveRows(indexOf(parent), row, row);
        parent->children.erase(parent->children.begin() + row);
        for (size_t i = size_t(row); i < parent->children.size(); ++i)
            parent->children[i]->row = int(i);
        endRemoveRows();
        if (parent == m_root.get() || !parent->children.empty())
            break;
        node = parent;
    }
    Q_EMIT assetRemoved(path);
}

void AssetTreeModel::renameAsset(const QString &from, const QString &to)
{
    const Node *old = m_assets.value(from);
    if (!old || from == to)
        return;
    AssetFacts facts;
    facts.kind = old->kind;
    facts.size = old->size;
    facts.hash = old->hash;
    facts.toolTip = to;
    const auto doctor = m_doctorDiagnostics.value(from);
    const auto build = m_buildDiagnostics.value(from);
    const bool excluded = m_excluded.remove(from);
    removeAsset(from);
    if (excluded)
        m_excluded.insert(to);
    if (!doctor.isEmpty())
        m_doctorDiagnostics.insert(to, doctor);
    if (!build.isEmpty())
        m_buildDiagnostics.insert(to, build);
    ensureAsset(to, facts);
    attachPending();
    refreshStatus(to);
}

// --- Status ---------------------------------------------------------------

void AssetTreeModel::setExcluded(const QSet<QString> &assets)
{
    const QSet<QString> changed = (assets - m_excluded) + (m_excluded - assets);
    m_excluded = assets;
    for (const QString &path : changed)
        refreshStatus(path);
    emitChanged();
}

void AssetTreeModel::refreshStatus(const QString &path)
{
    Node *node = m_assets.value(path);
    if (!node)
        return;
    if (updateStatus(node))
        markChanged(node);
    Q_EMIT assetUpdated(path);
}

void AssetTreeModel::apply(const QList<PackerEvent> &events)
{
    const DiagnosticCounts totalsBefore = m_totals;
    const qsizetype assetsBefore = m_assets.size();
    // Discovered assets are inserted at the end of the batch, grouped by
    // folder; structural changes first land what is pending.
    for (const PackerEvent &event : events) {
        const QJsonObject &payload = event.payload;
        switch (event.kind) {
        case EventKind::OperationStarted:
            if (event.operation == OperationKind::Scan || event.operation == OperationKind::Doctor
                || isBuild(event.operation))
                m_seenByOperation.insert(event.operationId, {});
            break;
        case EventKind::OperationFinished:
            finishOperation(event);
            break;
        case EventKind::AssetDiscovered: {
            const AssetRecord record = AssetRecord::fromJson(payload);
            if (record.path.isEmpty())
                break;
            AssetFacts facts;
            facts.kind = wireName(record.kind);
            facts.size = record.size;
            facts.hash = record.hash;
            facts.toolTip = record.problem != EntryProblem::None
                ? tr("%1 (%2)").arg(record.path, wireName(record.problem))
                : record.path;
            const bool known = m_assets.contains(record.path);
            ensureAsset(record.path, facts);
            m_seenByOperation[event.operationId].insert(record.path);
            if (known)
                Q_EMIT assetUpdated(record.path);
            break;
        }
        case EventKind::AssetChanged: {
            const AssetChange change = AssetChange::fromJson(payload);
            if (change.type == AssetChange::Type::Removed)
                removeAsset(change.path);
            else if (change.type == AssetChange::Type::Renamed)
                renameAsset(change.previousPath, change.path);
            break;
        }
        case EventKind::DiagnosticsUpdated: {
            const DiagnosticsUpdate update = DiagnosticsUpdate::fromJson(payload);
            // One asset's complete list, or (replayed) several assets' lists
            // in one event, each diagnostic naming its asset.
            QHash<QString, QList<Diagnostic>> lists;
            if (update.replayed) {
                for (const Diagnostic &diagnostic : update.diagnostics) {
                    if (!diagnostic.asset.isEmpty())
                        lists[diagnostic.asset].append(diagnostic);
                }
            } else if (!update.complete && !update.asset.isEmpty()) {
                lists.insert(update.asset, update.diagnostics);
            }
            if (lists.isEmpty())
                break;
            auto &target = isBuild(event.operation) ? m_buildDiagnostics : m_doctorDiagnostics;
            auto &seen = m_seenByOperation[event.operationId];
            for (auto it = lists.cbegin(); it != lists.cend(); ++it) {
                if (it.value().isEmpty())
                    target.remove(it.key());
                else
                    target.insert(it.key(), it.value());
                seen.insert(it.key());
                refreshStatus(it.key());
            }
            break;
        }
        case EventKind::ActionApplied: {
            const auto action = AssetAction::fromJson(payload.value(u"action"_s).toObject(), nullptr);
            if (!action)
                break;
            if (action->type == AssetAction::Type::Exclude) {
                m_excluded.insert(action->asset);
                refreshStatus(action->asset);
            } else if (action->type == AssetAction::Type::Include) {
                m_excluded.remove(action->asset);
                refreshStatus(action->asset);
            } else if (action->type == AssetAction::Type::Rename) {
                renameAsset(action->asset, action->newPath);
            } else {
                Q_EMIT assetUpdated(action->asset);
            }
            break;
        }
        default:
            break;
        }
    }
    attachPending();
    emitChanged();
    if (!(m_totals == totalsBefore) || m_assets.size() != assetsBefore)
        Q_EMIT totalsChanged();
}

void AssetTreeModel::finishOperation(const PackerEvent &event)
{
    const auto seen = m_seenByOperation.take(event.operationId);
    if (event.outcome() != OperationOutcome::Succeeded)
        return;
    if (event.operation == OperationKind::Scan) {
        // Whatever a complete scan did not find is gone (asset_changed says
        // so too, but the index it compares with may predate this Studio).
        const QStringList known = m_assets.keys();
        for (const QString &path : known) {
            if (!seen.contains(path))
                removeAsset(path);
        }
    } else if (event.operation == OperationKind::Doctor || isBuild(event.operation)) {
        // A completed run replaces the diagnostics of every asset it checked.
        auto &target = isBuild(event.operation) ? m_buildDiagnostics : m_doctorDiagnostics;
        const QStringList stale = target.keys();
        for (const QString &path : stale) {
            if (!seen.contains(path)) {
                target.remove(path);
                refreshStatus(path);
            }
        }
    }
}

QModelIndex AssetTreeModel::indexOfAsset(const QString &path) const
{
    return indexOf(m_assets.value(path));
}

QList<Diagnostic> AssetTreeModel::diagnostics(const QString &path) const
{
    const QList<Diagnostic> doctor = m_doctorDiagnostics.value(path);
    const QList<Diagnostic> build = m_buildDiagnostics.value(path);
    if (doctor.isEmpty() || build.isEmpty())
        return doctor + build;
    // What both say alike (a file stored as it is, a sound with no
    // samples: same code, severity and place) is one fact, shown and
    // counted once, as the doctor said it.
    QList<Diagnostic> all = doctor;
    for (const Diagnostic &diagnostic : build) {
        const bool said = std::any_of(doctor.cbegin(), doctor.cend(), [&diagnostic](const Diagnostic &other) {
            return other.code == diagnostic.code && other.severity == diagnostic.severity
                && other.line == diagnostic.line && other.column == diagnostic.column;
        });
        if (!said)
            all.append(diagnostic);
    }
    return all;
}

} // namespace Prometeu
