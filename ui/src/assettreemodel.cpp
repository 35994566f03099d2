#include "ui/assettreemodel.h"

#include <QIcon>
#include <QJsonArray>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Prometeu {

AssetTreeModel::AssetTreeModel(QObject *parent)
    : QStandardItemModel(0, ColumnCount, parent)
{
    setHorizontalHeaderLabels({tr("Asset"), tr("Kind"), tr("Size"), tr("Status")});
}

namespace {

// An SVG icon costs a parse; ten thousand assets share a handful.
const QIcon &cachedIcon(const QString &name)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.insert(name, QIcon(u":/icons/%1.svg"_s.arg(name)));
    return *it;
}

// Only a real change emits dataChanged (and re-sorts the views' proxy).
void setIfChanged(QStandardItem *item, const QVariant &value, int role)
{
    if (item->data(role) != value)
        item->setData(value, role);
}

// The cells of the row an attached item's name sits in.
QList<QStandardItem *> rowItems(QStandardItemModel *model, QStandardItem *name)
{
    QStandardItem *parent = name->parent() ? name->parent() : model->invisibleRootItem();
    QList<QStandardItem *> row;
    for (int column = 0; column < AssetTreeModel::ColumnCount; ++column)
        row.append(parent->child(name->row(), column));
    return row;
}

QList<QStandardItem *> newRow(QStandardItem *name, int columns)
{
    name->setEditable(false);
    QList<QStandardItem *> row{name};
    for (int column = 1; column < columns; ++column) {
        row.append(new QStandardItem);
        row.last()->setEditable(false);
    }
    return row;
}

} // namespace

QIcon AssetTreeModel::kindIcon(const QString &kind)
{
    static const QStringList known{u"image"_s, u"audio"_s, u"data"_s, u"text"_s, u"script"_s, u"tilemap"_s};
    return cachedIcon(u"kind-"_s + (known.contains(kind) ? kind : u"unknown"_s));
}

void AssetTreeModel::attach(QStandardItem *parent, const QList<QStandardItem *> &row)
{
    // While a batch is applied, rows for folders already in the model wait
    // and new folders fill up detached (no signals); attachPending() then
    // inserts each with one rowsInserted.
    if (m_batching && parent->model())
        m_pending.append({parent, row});
    else
        parent->appendRow(row);
}

void AssetTreeModel::attachPending()
{
    const auto pending = std::exchange(m_pending, {});
    for (const auto &[parent, row] : pending)
        parent->appendRow(row);
}

QStandardItem *AssetTreeModel::ensureFolder(const QString &folder)
{
    if (folder.isEmpty())
        return invisibleRootItem();
    if (QStandardItem *item = m_folders.value(folder))
        return item;
    const qsizetype slash = folder.lastIndexOf(u'/');
    QStandardItem *parent = ensureFolder(slash < 0 ? QString() : folder.left(slash));
    auto *name = new QStandardItem(cachedIcon(u"folder"_s), folder.mid(slash + 1));
    name->setData(folder + u'/', PathRole);
    name->setData(true, IsFolderRole);
    m_folders.insert(folder, name);
    attach(parent, newRow(name, ColumnCount));
    return name;
}

QStandardItem *AssetTreeModel::ensureAsset(const QString &path, const AssetFacts &facts)
{
    if (QStandardItem *item = m_assets.value(path)) {
        if (!item->model())
            attachPending(); // still waiting to be inserted: land it first
        setFacts(rowItems(this, item), facts); // only what changed emits dataChanged
        return item;
    }
    const qsizetype slash = path.lastIndexOf(u'/');
    QStandardItem *parent = ensureFolder(slash < 0 ? QString() : path.left(slash));
    auto *name = new QStandardItem(path.mid(slash + 1));
    name->setData(path, PathRole);
    name->setData(false, IsFolderRole);
    QList<QStandardItem *> row = newRow(name, ColumnCount);
    for (int column = 1; column < ColumnCount; ++column)
        row[column]->setData(path, PathRole);
    // Filled before it is attached: a new row costs one insertion, not one
    // dataChanged per cell.
    setFacts(row, facts);
    fillStatus(row, path);
    m_assets.insert(path, name);
    attach(parent, row);
    return name;
}

void AssetTreeModel::setFacts(const QList<QStandardItem *> &row, const AssetFacts &facts)
{
    if (!facts.kind.isEmpty()) {
        if (row[KindColumn]->data(KindRole).toString() != facts.kind) {
            row[NameColumn]->setIcon(kindIcon(facts.kind));
            row[KindColumn]->setData(facts.kind, KindRole);
            row[KindColumn]->setText(facts.kind);
        }
    }
    if (facts.size >= 0 && (row[SizeColumn]->data(SizeRole).toLongLong() != facts.size || row[SizeColumn]->text().isEmpty())) {
        row[SizeColumn]->setData(facts.size, SizeRole);
        row[SizeColumn]->setText(QLocale().formattedDataSize(facts.size));
    }
    if (!facts.hash.isNull())
        setIfChanged(row[NameColumn], facts.hash, HashRole);
    if (!facts.toolTip.isNull())
        setIfChanged(row[NameColumn], facts.toolTip, Qt::ToolTipRole);
}

void AssetTreeModel::removeAsset(const QString &path)
{
    QStandardItem *item = m_assets.take(path);
    m_doctorDiagnostics.remove(path);
    m_buildDiagnostics.remove(path);
    if (!item)
        return;
    QStandardItem *parent = item->parent() ? item->parent() : invisibleRootItem();
    parent->removeRow(item->row());
    // Empty folders go with their last asset.
    while (parent != invisibleRootItem() && parent->rowCount() == 0) {
        const QString folder = parent->data(PathRole).toString().chopped(1);
        QStandardItem *grandParent = parent->parent() ? parent->parent() : invisibleRootItem();
        m_folders.remove(folder);
        grandParent->removeRow(parent->row());
        parent = grandParent;
    }
    Q_EMIT assetRemoved(path);
}

void AssetTreeModel::renameAsset(const QString &from, const QString &to)
{
    QStandardItem *old = m_assets.value(from);
    if (!old || from == to)
        return;
    const QStandardItem *parent = old->parent() ? old->parent() : invisibleRootItem();
    AssetFacts facts;
    facts.kind = parent->child(old->row(), KindColumn)->data(KindRole).toString();
    facts.size = parent->child(old->row(), SizeColumn)->data(SizeRole).toLongLong();
    facts.hash = old->data(HashRole).toString();
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

void AssetTreeModel::setExcluded(const QSet<QString> &assets)
{
    const QSet<QString> changed = (assets - m_excluded) + (m_excluded - assets);
    m_excluded = assets;
    for (const QString &path : changed)
        refreshStatus(path);
}

void AssetTreeModel::refreshStatus(const QString &path)
{
    QStandardItem *item = m_assets.value(path);
    if (!item)
        return;
    fillStatus(rowItems(this, item), path);
    Q_EMIT assetUpdated(path);
}

void AssetTreeModel::fillStatus(const QList<QStandardItem *> &row, const QString &path)
{
    DiagnosticCounts counts;
    for (const Diagnostic &diagnostic : diagnostics(path))
        counts.add(diagnostic);
    const bool excluded = m_excluded.contains(path);
    QStandardItem *name = row[NameColumn];
    QStandardItem *status = row[StatusColumn];
    setIfChanged(name, excluded, ExcludedRole);
    setIfChanged(name, counts.errors, ErrorCountRole);
    setIfChanged(name, counts.warnings, WarningCountRole);
    QStringList parts;
    if (excluded)
        parts.append(tr("excluded"));
    if (counts.errors > 0)
        parts.append(tr("%n error(s)", nullptr, counts.errors));
    if (counts.warnings > 0)
        parts.append(tr("%n warning(s)", nullptr, counts.warnings));
    if (counts.infos > 0)
        parts.append(tr("%n note(s)", nullptr, counts.infos));
    setIfChanged(status, parts.isEmpty() ? tr("ok") : parts.join(u", "_s), Qt::DisplayRole);
    const QString badge = counts.errors > 0 ? u"error"_s : counts.warnings > 0 ? u"warning"_s : QString();
    if (status->data(Qt::UserRole + 100).toString() != badge) {
        status->setData(badge, Qt::UserRole + 100);
        status->setIcon(badge.isEmpty() ? QIcon() : cachedIcon(badge));
    }
    const QColor dim(0x8a, 0x8f, 0x98);
    QFont font;
    font.setStrikeOut(excluded);
    setIfChanged(name, excluded ? QVariant(font) : QVariant(), Qt::FontRole);
    for (int column = 0; column < ColumnCount; ++column) {
        if (column != StatusColumn)
            setIfChanged(row[column], excluded ? QVariant(QBrush(dim)) : QVariant(), Qt::ForegroundRole);
    }
    setIfChanged(status,
        QVariant(counts.errors > 0     ? QBrush(QColor(0xf8, 0x71, 0x71))
                 : counts.warnings > 0 ? QBrush(QColor(0xfb, 0xbf, 0x24))
                                       : QBrush(dim)),
        Qt::ForegroundRole);
}

void AssetTreeModel::apply(const QList<PackerEvent> &events)
{
    // Discovered assets are inserted at the end of the batch, grouped; any
    // other event first lands what is pending, so it finds its rows.
    m_batching = true;
    for (const PackerEvent &event : events) {
        if (event.kind != EventKind::AssetDiscovered && !m_pending.isEmpty())
            attachPending();
        const QJsonObject &payload = event.payload;
        switch (event.kind) {
        case EventKind::OperationStarted:
            if (event.operation == OperationKind::Scan || event.operation == OperationKind::Doctor
                || event.operation == OperationKind::Build)
                m_seenByOperation.insert(event.operationId, {});
            break;
        case EventKind::OperationFinished:
            finishOperation(event);
            break;
        case EventKind::AssetDiscovered: {
            const QString path = payload.value(u"path"_s).toString();
            if (path.isEmpty())
                break;
            AssetFacts facts;
            facts.kind = payload.value(u"kind"_s).toString();
            facts.size = payload.value(u"size"_s).toInteger();
            facts.hash = payload.value(u"hash"_s).toString();
            facts.toolTip = payload.contains(u"problem"_s)
                ? tr("%1 (%2)").arg(path, payload.value(u"problem"_s).toString())
                : path;
            const bool known = m_assets.contains(path);
            ensureAsset(path, facts);
            m_seenByOperation[event.operationId].insert(path);
            if (known)
                Q_EMIT assetUpdated(path);
            break;
        }
        case EventKind::AssetChanged: {
            const QString change = payload.value(u"change"_s).toString();
            if (change == u"removed"_s)
                removeAsset(payload.value(u"path"_s).toString());
            else if (change == u"renamed"_s)
                renameAsset(payload.value(u"previous_path"_s).toString(), payload.value(u"path"_s).toString());
            break;
        }
        case EventKind::DiagnosticsUpdated: {
            const QString asset = payload.value(u"asset"_s).toString();
            if (payload.value(u"complete"_s).toBool() || asset.isEmpty())
                break;
            QList<Diagnostic> list;
            for (const QJsonValue &value : payload.value(u"diagnostics"_s).toArray()) {
                if (const auto diagnostic = Diagnostic::fromJson(value.toObject()))
                    list.append(*diagnostic);
            }
            auto &target = event.operation == OperationKind::Build ? m_buildDiagnostics : m_doctorDiagnostics;
            target.insert(asset, list);
            m_seenByOperation[event.operationId].insert(asset);
            refreshStatus(asset);
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
    m_batching = false;
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
    } else if (event.operation == OperationKind::Doctor || event.operation == OperationKind::Build) {
        // A completed run replaces the diagnostics of every asset it checked.
        auto &target = event.operation == OperationKind::Build ? m_buildDiagnostics : m_doctorDiagnostics;
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
    const QStandardItem *item = m_assets.value(path);
    return item ? item->index() : QModelIndex();
}

QList<Diagnostic> AssetTreeModel::diagnostics(const QString &path) const
{
    return m_doctorDiagnostics.value(path) + m_buildDiagnostics.value(path);
}

DiagnosticCounts AssetTreeModel::totals() const
{
    DiagnosticCounts counts;
    for (const auto *map : {&m_doctorDiagnostics, &m_buildDiagnostics}) {
        for (const auto &list : *map) {
            for (const Diagnostic &diagnostic : list)
                counts.add(diagnostic);
        }
    }
    return counts;
}

} // namespace Prometeu
