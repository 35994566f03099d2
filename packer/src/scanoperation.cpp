#include "packer/scanoperation.h"

#include "packer/contenthash.h"
#include "packer/filetreewalker.h"
#include "packer/operationscope.h"
#include "packer/scanindex.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QLocale>
#include <QMultiHash>
#include "packer/parallelmap.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// Gives lupdate a context for the strings of this file.
class ScanOperationText
{
    Q_DECLARE_TR_FUNCTIONS(ScanOperation)
};

const QString indexFileName = u"scan-index.bin"_s;

} // namespace

QString AssetChange::typeName(Type type)
{
    switch (type) {
    case Type::Added: return u"added"_s;
    case Type::Modified: return u"modified"_s;
    case Type::Removed: return u"removed"_s;
    case Type::Renamed: return u"renamed"_s;
    }
    return {};
}

QJsonObject AssetChange::toJson() const
{
    QJsonObject object{{u"change"_s, typeName(type)}, {u"path"_s, path}};
    if (type == Type::Renamed)
        object.insert(u"previous_path"_s, previousPath);
    return object;
}

AssetChange AssetChange::fromJson(const QJsonObject &object)
{
    AssetChange change;
    const QString type = object.value(u"change"_s).toString();
    for (Type candidate : {Type::Added, Type::Modified, Type::Removed, Type::Renamed}) {
        if (typeName(candidate) == type)
            change.type = candidate;
    }
    change.path = object.value(u"path"_s).toString();
    change.previousPath = object.value(u"previous_path"_s).toString();
    return change;
}

ScanOperation::ScanOperation(Project project, QThreadPool *pool)
    : m_project(std::move(project))
    , m_pool(pool)
{
}

QList<AssetChange> ScanOperation::diff(const QList<AssetRecord> &previous,
                                       const QList<AssetRecord> &current)
{
    QHash<QString, const AssetRecord *> before;
    for (const AssetRecord &record : previous)
        before.insert(record.path, &record);
    QHash<QString, const AssetRecord *> after;
    for (const AssetRecord &record : current)
        after.insert(record.path, &record);

    QList<AssetChange> changes;
    QList<const AssetRecord *> added;
    QMultiHash<QString, const AssetRecord *> removedByHash;
    QList<const AssetRecord *> removed;

    for (const AssetRecord &record : current) {
        const AssetRecord *old = before.value(record.path);
        if (!old) {
            added.append(&record);
        } else if (old->hash != record.hash || old->size != record.size) {
            changes.append({AssetChange::Type::Modified, record.path, {}});
        }
    }
    for (const AssetRecord &record : previous) {
        if (!after.contains(record.path)) {
            removed.append(&record);
            if (!record.hash.isEmpty())
                removedByHash.insert(record.hash, &record);
        }
    }

    // A file that disappeared under one name and appeared with identical
    // content under another was renamed (or moved), not removed and added.
    QSet<const AssetRecord *> renamedFrom;
    for (const AssetRecord *record : std::as_const(added)) {
        const AssetRecord *source = nullptr;
        if (!record->hash.isEmpty()) {
            const auto candidates = removedByHash.values(record->hash);
            for (const AssetRecord *candidate : candidates) {
                if (!renamedFrom.contains(candidate)
                    && (!source || candidate->path < source->path)) {
                    source = candidate;
                }
            }
        }
        if (source) {
            renamedFrom.insert(source);
            changes.append({AssetChange::Type::Renamed, record->path, source->path});
        } else {
            changes.append({AssetChange::Type::Added, record->path, {}});
        }
    }
    for (const AssetRecord *record : std::as_const(removed)) {
        if (!renamedFrom.contains(record))
            changes.append({AssetChange::Type::Removed, record->path, {}});
    }
    std::sort(changes.begin(), changes.end(),
              [](const AssetChange &a, const AssetChange &b) { return a.path < b.path; });
    return changes;
}

void ScanOperation::hashAll(QList<AssetRecord> &records, const ScanIndex &index, OperationScope &scope)
{
    scope.beginProgress(u"hashing"_s, records.size());
    const auto cancelled = [&scope] { return scope.isCancelled(); };
    const QLocale locale = QLocale::system(); // once: it is not cheap to make
    parallelMap(m_pool, records, [&](AssetRecord &record) {
        if (scope.isCancelled())
            return;
        if (record.problem == EntryProblem::None) {
            // Unchanged size and mtime: trust the previous hash, like ninja.
            const AssetRecord *known = index.find(record.path);
            if (known && known->size == record.size && known->modifiedMs == record.modifiedMs
                && !known->hash.isEmpty()) {
                record.hash = known->hash;
            } else {
                record.hash = ContentHash::ofFile(m_project.assetsPath() + u'/' + record.path,
                                                  nullptr, cancelled);
            }
        }
        if (scope.isCancelled())
            return;
        QJsonObject payload = record.toJson();
        const QString summary = record.problem == EntryProblem::None
            ? ScanOperationText::tr("Found %1 %2 (%3).")
                  .arg(wireName(record.kind), record.path, locale.formattedDataSize(record.size))
            : ScanOperationText::tr("Found %1, which cannot be read as a file.").arg(record.path);
        scope.events().publish(EventKind::AssetDiscovered, summary, payload, {record.path});
        scope.advance();
    });
}

ScanReport ScanOperation::run(OperationScope &scope)
{
    ScanReport report;
    // A project that cannot be written (a read-only share, a mounted
    // image) is still scanned and checked: without its index, every scan
    // reads every file, and says so.
    QString stateError;
    const bool keepsIndex = m_project.ensureStateFolder(&stateError);
    const QString indexPath = m_project.statePath(indexFileName);
    const ScanIndex previous = keepsIndex ? ScanIndex::load(indexPath, &report.indexWarning) : ScanIndex{};
    if (!keepsIndex) {
        report.indexWarning = ScanOperationText::tr("The scan's index cannot be kept (%1): every scan reads every "
                                                    "file again.")
                                  .arg(embeddableReason(stateError));
    }
    report.firstScan = previous.isEmpty() && !QFile::exists(indexPath);

    FileTreeWalker walker(m_project.assetsPath(), m_project.rootPath(), m_pool);
    report.assets = walker.walk([&scope] { return scope.isCancelled(); },
                                [&scope](qsizetype found) { scope.reportFound(u"walking"_s, found); });
    if (scope.isCancelled())
        return report;

    hashAll(report.assets, previous, scope);
    if (scope.isCancelled())
        return report;

    // The usual rescan finds exactly what the index holds: then there is
    // nothing to diff and nothing to write (the index, written with an
    // fsync, was a third of a 10,000-file rescan).
    const bool sameAsIndex = !report.firstScan && previous.size() == report.assets.size()
        && std::all_of(report.assets.cbegin(), report.assets.cend(), [&previous](const AssetRecord &record) {
               const AssetRecord *known = previous.find(record.path);
               return known && *known == record;
           });
    if (!report.firstScan && !sameAsIndex) {
        report.changes = diff(previous.records(), report.assets);
        for (const AssetChange &change : std::as_const(report.changes)) {
            QString summary;
            QStringList affected{change.path};
            switch (change.type) {
            case AssetChange::Type::Added: summary = ScanOperationText::tr("%1 was added.").arg(change.path); break;
            case AssetChange::Type::Modified: summary = ScanOperationText::tr("%1 was modified.").arg(change.path); break;
            case AssetChange::Type::Removed: summary = ScanOperationText::tr("%1 was removed.").arg(change.path); break;
            case AssetChange::Type::Renamed:
                summary = ScanOperationText::tr("%1 was renamed to %2.").arg(change.previousPath, change.path);
                affected.append(change.previousPath);
                break;
            }
            scope.events().publish(EventKind::AssetChanged, summary, change.toJson(), affected);
        }
    }

    if (!sameAsIndex && keepsIndex) {
        ScanIndex next;
        next.setRecords(report.assets);
        QString saveError;
        if (!next.save(indexPath, &saveError)) {
            report.indexWarning = ScanOperationText::tr("The scan's index could not be saved (%1): the next scan "
                                                        "reads every file again.")
                                      .arg(embeddableReason(saveError));
        }
    }

    QHash<AssetChange::Type, int> counts;
    for (const AssetChange &change : std::as_const(report.changes))
        ++counts[change.type];
    QJsonObject payload{
        {u"assets"_s, report.assets.size()},
        {u"first_scan"_s, report.firstScan},
        {u"added"_s, counts.value(AssetChange::Type::Added)},
        {u"modified"_s, counts.value(AssetChange::Type::Modified)},
        {u"removed"_s, counts.value(AssetChange::Type::Removed)},
        {u"renamed"_s, counts.value(AssetChange::Type::Renamed)},
    };
    if (!report.indexWarning.isEmpty())
        payload.insert(u"index_warning"_s, report.indexWarning);
    scope.setFinishPayload(payload);
    if (report.firstScan) {
        scope.setFinishSummary(ScanOperationText::tr("Found %n asset(s).", nullptr, report.assets.size()));
    } else if (report.changes.isEmpty()) {
        scope.setFinishSummary(ScanOperationText::tr("Found %n asset(s); nothing changed.", nullptr, report.assets.size()));
    } else {
        scope.setFinishSummary(ScanOperationText::tr("Found %1 assets: %2 added, %3 modified, %4 removed, %5 renamed.")
                                   .arg(report.assets.size())
                                   .arg(counts.value(AssetChange::Type::Added))
                                   .arg(counts.value(AssetChange::Type::Modified))
                                   .arg(counts.value(AssetChange::Type::Removed))
                                   .arg(counts.value(AssetChange::Type::Renamed)));
    }
    return report;
}

} // namespace Prometeu
