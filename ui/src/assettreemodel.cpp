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

QIcon AssetTreeModel::kindIcon(const QString &kind)
{
    static const QStringList known{u"image"_s, u"audio"_s, u"data"_s, u"text"_s, u"script"_s, u"tilemap"_s};
    return QIcon(u":/icons/kind-%1.svg"_s.arg(known.contains(kind) ? kind : u"unknown"_s));
}

QStandardItem *AssetTreeModel::ensureFolder(const QString &folder)
{
    if (folder.isEmpty())
        return invisibleRootItem();
    if (QStandardItem *item = m_folders.value(folder))
        return item;
    const qsizetype slash = folder.lastIndexOf(u'/');
    QStandardItem *parent = ensureFolder(slash < 0 ? QString() : folder.left(slash));
    auto *name = new QStandardItem(QIcon(u":/icons/folder.svg"_s), folder.mid(slash + 1));
    name->setData(folder + u'/', PathRole);
    name->setData(true, IsFolderRole);
    name->setEditable(false);
    QList<QStandardItem *> row{name};
    for (int column = 1; column < ColumnCount; ++column) {
        row.append(new QStandardItem);
        row.last()->setEditable(false);
    }
    parent->appendRow(row);
    m_folders.insert(folder, name);
    return name;
}

QStandardItem *AssetTreeModel::ensureAsset(const QString &path)
{
    if (QStandardItem *item = m_assets.value(path))
        return item;
    const qsizetype slash = path.lastIndexOf(u'/');
    QStandardItem *parent = ensureFolder(slash < 0 ? QString() : path.left(slash));
    auto *name = new QStandardItem(path.mid(slash + 1));
    name->setData(path, PathRole);
    name->setData(false, IsFolderRole);
    name->setEditable(false);
    QList<QStandardItem *> row{name};
    for (int column = 1; column < ColumnCount; ++column) {
        row.append(new QStandardItem);
        row.last()->setEditable(false);
        row.last()->setData(path, PathRole);
    }
    parent->appendRow(row);
    m_assets.insert(path, name);
    refreshStatus(path);
    return name;
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
    const int row = old->row();
    const QString kind = parent->child(row, KindColumn)->data(KindRole).toString();
    const QVariant size = parent->child(row, SizeColumn)->data(SizeRole);
    const QVariant hash = old->data(HashRole);
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
    QStandardItem *item = ensureAsset(to);
    QStandardItem *newParent = item->parent() ? item->parent() : invisibleRootItem();
    item->setIcon(kindIcon(kind));
    item->setData(hash, HashRole);
    newParent->child(item->row(), KindColumn)->setData(kind, KindRole);
    newParent->child(item->row(), KindColumn)->setText(kind);
    newParent->child(item->row(), SizeColumn)->setData(size, SizeRole);
    newParent->child(item->row(), SizeColumn)->setText(QLocale().formattedDataSize(size.toLongLong()));
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
    QStandardItem *parent = item->parent() ? item->parent() : invisibleRootItem();
    QStandardItem *status = parent->child(item->row(), StatusColumn);
    DiagnosticCounts counts;
    for (const Diagnostic &diagnostic : diagnostics(path))
        counts.add(diagnostic);
    const bool excluded = m_excluded.contains(path);
    item->setData(excluded, ExcludedRole);
    item->setData(counts.errors, ErrorCountRole);
    item->setData(counts.warnings, WarningCountRole);
    QStringList parts;
    if (excluded)
        parts.append(tr("excluded"));
    if (counts.errors > 0)
        parts.append(tr("%n error(s)", nullptr, counts.errors));
    if (counts.warnings > 0)
        parts.append(tr("%n warning(s)", nullptr, counts.warnings));
    if (counts.infos > 0)
        parts.append(tr("%n note(s)", nullptr, counts.infos));
    status->setText(parts.isEmpty() ? tr("ok") : parts.join(u", "_s));
    status->setIcon(counts.errors > 0     ? QIcon(u":/icons/error.svg"_s)
                    : counts.warnings > 0 ? QIcon(u":/icons/warning.svg"_s)
                                          : QIcon());
    const QColor dim(0x8a, 0x8f, 0x98);
    for (int column = 0; column < ColumnCount; ++column) {
        QStandardItem *cell = parent->child(item->row(), column);
        QFont font = cell->font();
        font.setStrikeOut(excluded && column == NameColumn);
        cell->setFont(font);
        if (column != StatusColumn)
            cell->setForeground(excluded ? QBrush(dim) : QBrush());
    }
    status->setForeground(counts.errors > 0     ? QBrush(QColor(0xf8, 0x71, 0x71))
                          : counts.warnings > 0 ? QBrush(QColor(0xfb, 0xbf, 0x24))
                                                : QBrush(dim));
    Q_EMIT assetUpdated(path);
}

void AssetTreeModel::apply(const QList<PackerEvent> &events)
{
    for (const PackerEvent &event : events) {
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
            QStandardItem *item = ensureAsset(path);
            QStandardItem *parent = item->parent() ? item->parent() : invisibleRootItem();
            const QString kind = payload.value(u"kind"_s).toString();
            const qint64 size = payload.value(u"size"_s).toInteger();
            item->setIcon(kindIcon(kind));
            item->setData(payload.value(u"hash"_s).toString(), HashRole);
            item->setToolTip(payload.contains(u"problem"_s)
                                 ? tr("%1 (%2)").arg(path, payload.value(u"problem"_s).toString())
                                 : path);
            QStandardItem *kindItem = parent->child(item->row(), KindColumn);
            if (kindItem->text() != kind) {
                kindItem->setText(kind);
                kindItem->setData(kind, KindRole);
            }
            QStandardItem *sizeItem = parent->child(item->row(), SizeColumn);
            if (sizeItem->data(SizeRole).toLongLong() != size || sizeItem->text().isEmpty()) {
                sizeItem->setData(size, SizeRole);
                sizeItem->setText(QLocale().formattedDataSize(size));
            }
            m_seenByOperation[event.operationId].insert(path);
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
