#include "packer/buildoperation.h"

#include "packer/assetconverter.h"
#include "packer/buildcache.h"
#include "packer/buildstate.h"
#include "packer/contenthash.h"
#include "packer/filetreewalker.h"
#include "packer/operationscope.h"
#include "packer/parallelmap.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLockFile>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>

#include <zstd.h>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class BuildText
{
    Q_DECLARE_TR_FUNCTIONS(BuildOperation)
};

// One included asset as it moves through the build.
struct WorkItem {
    AssetRecord record;
    QJsonObject settings;
    QByteArray input; // kept only when it had to be read for hashing
    QString inputHash;
    QString key;
    bool failed = false;
    bool hit = false;
    bool loaded = false; // blob holds verified stored bytes
    CartridgeBlob blob;
    QList<Diagnostic> diagnostics;
};

qint64 modifiedMs(const QString &path, qint64 *size = nullptr)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    if (size)
        *size = info.st_size;
    return qint64(info.st_mtim.tv_sec) * 1000 + info.st_mtim.tv_nsec / 1000000;
}

bool readInput(const QString &path, QByteArray *bytes, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return false;
    }
    *bytes = file.readAll();
    return true;
}

// Converts and compresses one asset, and stores it in the cache.
void convertItem(WorkItem &item, const Project &project, const BuildCache &cache)
{
    const AssetContext asset{project, item.record};
    if (item.input.isNull()) {
        QString error;
        if (!readInput(asset.absolutePath(), &item.input, &error)) {
            item.diagnostics.append(asset.diagnostic(Severity::Error, u"file.unreadable"_s,
                                                     BuildText::tr("The file cannot be read: %1.")
                                                         .arg(embeddableReason(error))));
            item.failed = true;
            return;
        }
    }
    const ConversionResult result = AssetConverter::convert(asset, item.input, item.settings);
    item.diagnostics += result.diagnostics;
    item.input = QByteArray();
    if (!result.ok) {
        item.failed = true;
        return;
    }
    CartridgeBlob &blob = item.blob;
    blob.originalSize = quint64(result.payload.size());
    blob.originalHash = ContentHash::digest(result.payload);
    blob.compression = CartridgeFormat::Compression::None;
    blob.stored = result.payload;
    if (item.settings.value(u"compression"_s).toString() == u"zstd"_s && !result.payload.isEmpty()) {
        QByteArray compressed(qsizetype(ZSTD_compressBound(size_t(result.payload.size()))), Qt::Uninitialized);
        const size_t size = ZSTD_compress(compressed.data(), size_t(compressed.size()), result.payload.constData(),
                                          size_t(result.payload.size()), 3);
        // Keep compression only where it pays.
        if (!ZSTD_isError(size) && qsizetype(size) < result.payload.size()) {
            compressed.truncate(qsizetype(size));
            blob.stored = compressed;
            blob.compression = CartridgeFormat::Compression::Zstd;
        }
    }
    QString error;
    if (!cache.store(item.key, blob, &error)) {
        // The build can go on: the cartridge gets the bytes, the next build converts again.
        item.diagnostics.append(asset.diagnostic(Severity::Warning, u"cache.unwritable"_s, error));
    }
    item.loaded = true;
}

QString signatureOf(const QList<WorkItem> &items)
{
    QByteArray material;
    for (const WorkItem &item : items) {
        if (!item.failed)
            material += item.record.path.toUtf8() + '\0' + item.key.toLatin1() + '\n';
    }
    return QString::fromLatin1(ContentHash::digest(material).toHex());
}

} // namespace

QString BuildOperation::defaultCartridgePath(const Project &project)
{
    return project.rootPath() + u"/build/"_s + project.id() + u".pcart"_s;
}

BuildOperation::BuildOperation(Project project, QThreadPool *pool, QString cartridgePath)
    : m_project(std::move(project))
    , m_pool(pool)
    , m_cartridgePath(cartridgePath.isEmpty() ? defaultCartridgePath(m_project) : std::move(cartridgePath))
{
}

BuildReport BuildOperation::run(OperationScope &scope)
{
    QElapsedTimer timer;
    timer.start();
    BuildReport report;
    report.cartridgePath = QFileInfo(m_cartridgePath).absoluteFilePath();

    QString error;
    if (!m_project.ensureStateFolder(&error)) {
        scope.fail(error);
        return report;
    }
    // One build of a project at a time, across processes (the Studio and a
    // `prometeu build` in a terminal share the cache). A lock left by a
    // process that died is taken over; its half-written cache objects are
    // swept first, since nothing else can be writing them now.
    const QString lockPath = m_project.statePath(u"build.lock"_s);
    QLockFile lock(lockPath);
    lock.setStaleLockTime(0); // only a dead owner makes it stale, never its age
    bool previousDied = QFileInfo::exists(lockPath);
    while (!lock.tryLock(100)) {
        // A state folder this user cannot write (a read-only checkout) has
        // no cache to protect: a no-op build there still works, unlocked.
        if (lock.error() != QLockFile::LockFailedError) {
            previousDied = false;
            break;
        }
        if (scope.isCancelled())
            return report;
    }
    const auto options = AssetOptionsFile::load(m_project.rootPath(), &error);
    if (!options) {
        scope.fail(error);
        return report;
    }
    const QString statePath = m_project.statePath(u"build-state.json"_s);
    const BuildState previous = BuildState::load(statePath);
    const BuildCache cache(m_project.statePath(u"cache"_s));
    if (previousDied)
        cache.removeTemporaries();

    // Walk and select.
    QList<WorkItem> items;
    const QList<AssetRecord> records = FileTreeWalker(m_project.assetsPath(), m_project.rootPath()).walk();
    items.reserve(records.size());
    for (const AssetRecord &record : records) {
        const AssetOptions assetOptions = options->options(record.path);
        if (assetOptions.excluded) {
            ++report.excluded;
            continue;
        }
        WorkItem item;
        item.record = record;
        item.settings = AssetConverter::settings(record.kind, assetOptions, m_project.manifest());
        items.append(std::move(item));
    }
    scope.events().publish(EventKind::BuildStarted,
                           BuildText::tr("Building %n asset(s) into %1.", nullptr, int(items.size()))
                               .arg(QDir(m_project.rootPath()).relativeFilePath(report.cartridgePath)),
                           QJsonObject{{u"assets"_s, items.size()},
                                       {u"excluded"_s, report.excluded},
                                       {u"target"_s, report.cartridgePath},
                                       {u"jobs"_s, m_pool->maxThreadCount()}});

    // Phase 1: cache keys. Sources are read only when their stat changed.
    scope.beginProgress(u"hashing"_s, items.size());
    parallelMap(m_pool, items, [&](WorkItem &item) {
        if (scope.isCancelled())
            return;
        const AssetContext asset{m_project, item.record};
        if (item.record.problem != EntryProblem::None) {
            AssetInspection::inspectFile(asset, &item.diagnostics);
            item.failed = true;
        } else {
            const auto known = previous.assets.constFind(item.record.path);
            if (known != previous.assets.cend() && known->size == item.record.size
                && known->modifiedMs == item.record.modifiedMs && !known->inputHash.isEmpty()) {
                item.inputHash = known->inputHash;
            } else if (QString readError; readInput(asset.absolutePath(), &item.input, &readError)) {
                item.inputHash = ContentHash::ofBytes(item.input);
            } else {
                item.diagnostics.append(asset.diagnostic(Severity::Error, u"file.unreadable"_s,
                                                         BuildText::tr("The file cannot be read: %1.")
                                                             .arg(embeddableReason(readError))));
                item.failed = true;
            }
            if (!item.failed) {
                item.key = BuildCache::key(item.inputHash, item.record.kind,
                                           AssetConverter::version(item.record.kind), item.settings);
            }
        }
        scope.advance();
    });
    if (scope.isCancelled())
        return report;

    // Files re-read because their stat moved: their new stat must be saved
    // even when nothing else changes, or every later build re-reads them.
    const bool statsMoved = std::any_of(items.cbegin(), items.cend(),
                                        [](const WorkItem &item) { return !item.input.isNull(); });

    // A build whose every key matches the cartridge on disk changes nothing
    // and reads nothing: not the sources, not the cache.
    const QString signature = signatureOf(items);
    qint64 cartridgeSize = 0;
    const qint64 cartridgeModified = modifiedMs(report.cartridgePath, &cartridgeSize);
    const bool upToDate = previous.cartridge.signature == signature
        && previous.cartridge.path == report.cartridgePath && cartridgeModified == previous.cartridge.modifiedMs
        && cartridgeSize == previous.cartridge.size;

    // Phase 2: one cache_hit or cache_miss per asset.
    scope.beginProgress(u"converting"_s, items.size());
    parallelMap(m_pool, items, [&](WorkItem &item) {
        if (scope.isCancelled())
            return;
        const AssetContext asset{m_project, item.record};
        QString why;
        if (!item.failed) {
            const auto known = previous.assets.constFind(item.record.path);
            // Up to date: the cartridge on disk already holds this exact
            // conversion, so nothing needs the cache object; a later build
            // that does need it and finds it gone simply converts again.
            if (upToDate && known != previous.assets.cend() && known->key == item.key) {
                item.hit = true;
            } else {
                switch (cache.load(item.key, &item.blob, &why)) {
                case BuildCache::Lookup::Hit:
                    item.hit = item.loaded = true;
                    break;
                case BuildCache::Lookup::Corrupt:
                    item.diagnostics.append(asset.diagnostic(
                        Severity::Warning, u"cache.corrupt"_s,
                        BuildText::tr("The cached conversion was damaged (%1); converted again.").arg(why)));
                    [[fallthrough]];
                case BuildCache::Lookup::Missing:
                    convertItem(item, m_project, cache);
                    break;
                }
            }
        }
        QJsonObject payload{{u"path"_s, item.record.path}, {u"kind"_s, wireName(item.record.kind)}};
        if (!item.key.isEmpty())
            payload.insert(u"key"_s, item.key);
        if (item.hit) {
            scope.events().publish(EventKind::CacheHit, BuildText::tr("%1 is up to date.").arg(item.record.path),
                                   payload, {item.record.path});
        } else {
            payload.insert(u"result"_s, item.failed ? u"failed"_s : u"converted"_s);
            if (!why.isEmpty())
                payload.insert(u"corrupt_entry"_s, why);
            if (!item.failed)
                payload.insert(u"bytes"_s, qint64(item.blob.originalSize));
            scope.events().publish(EventKind::CacheMiss,
                                   item.failed ? BuildText::tr("%1 could not be converted.").arg(item.record.path)
                                               : BuildText::tr("Converted %1.").arg(item.record.path),
                                   payload, {item.record.path});
        }
        if (!item.diagnostics.isEmpty()) {
            QJsonArray list;
            for (const Diagnostic &d : std::as_const(item.diagnostics))
                list.append(d.toJson());
            scope.events().publish(EventKind::DiagnosticsUpdated,
                                   u"%1: %2"_s.arg(item.record.path, item.diagnostics.first().message),
                                   QJsonObject{{u"asset"_s, item.record.path}, {u"diagnostics"_s, list}},
                                   {item.record.path});
        }
        scope.advance();
    });
    if (scope.isCancelled())
        return report;

    BuildState next;
    next.cartridge = previous.cartridge;
    QList<CartridgeBlob> blobs;
    for (WorkItem &item : items) {
        report.diagnostics += item.diagnostics;
        if (item.failed) {
            ++report.failed;
            continue;
        }
        item.hit ? ++report.cached : ++report.built;
        next.assets.insert(item.record.path,
                           BuildState::Asset{item.record.size, item.record.modifiedMs, item.inputHash, item.key});
    }

    auto finish = [&](bool ok, const QString &summary) {
        report.durationMs = timer.elapsed();
        const QJsonObject payload{
            {u"outcome"_s, ok ? u"succeeded"_s : u"failed"_s},
            {u"built"_s, report.built},         {u"cached"_s, report.cached},
            {u"failed"_s, report.failed},       {u"excluded"_s, report.excluded},
            {u"cartridge"_s, report.cartridgePath}, {u"bytes"_s, report.bytes},
            {u"written"_s, report.cartridgeWritten}, {u"duration_ms"_s, report.durationMs},
        };
        scope.events().publish(EventKind::BuildFinished, summary, payload);
        scope.setFinishPayload(payload);
        if (ok)
            scope.setFinishSummary(summary);
        else
            scope.fail(summary);
        return report;
    };

    if (report.failed > 0) {
        scope.keepResultOnFailure(); // the report lists what failed and why
        // Keep what succeeded: its cache entries and stat records make the
        // next build fast once the broken asset is fixed.
        next.save(statePath, &error);
        return finish(false, BuildText::tr("Build failed: %n asset(s) could not be converted; the previous "
                                           "cartridge was left as it was.", nullptr, report.failed));
    }

    if (upToDate) {
        report.bytes = cartridgeSize;
        if (statsMoved || next.assets.size() != previous.assets.size())
            next.save(statePath, &error);
        return finish(true, BuildText::tr("Cartridge is up to date (%n asset(s), all cached).", nullptr,
                                          report.cached));
    }

    // Every item here was loaded from the cache or converted in phase 2:
    // only an up-to-date build (returned above) skips loading.
    std::sort(items.begin(), items.end(),
              [](const WorkItem &a, const WorkItem &b) { return a.record.path < b.record.path; });
    blobs.reserve(items.size());
    for (WorkItem &item : items) {
        item.blob.name = item.record.path;
        item.blob.kind = item.record.kind;
        blobs.append(std::move(item.blob));
    }

    qint64 payloadBytes = 0;
    for (const CartridgeBlob &blob : std::as_const(blobs))
        payloadBytes += blob.stored.size();
    const qint64 limit = m_project.manifest().cartridge.maxBytes;
    if (payloadBytes > limit) {
        return finish(false, BuildText::tr("Build failed: the cartridge would be %1, over the project's limit of %2.")
                                 .arg(QLocale::system().formattedDataSize(payloadBytes),
                                      QLocale::system().formattedDataSize(limit)));
    }
    if (scope.isCancelled())
        return report;

    QDir().mkpath(QFileInfo(report.cartridgePath).absolutePath());
    const qint64 written = CartridgeWriter::write(report.cartridgePath, blobs, &error);
    if (written < 0)
        return finish(false, error);
    report.bytes = written;
    report.cartridgeWritten = true;
    next.cartridge.path = report.cartridgePath;
    next.cartridge.signature = signature;
    next.cartridge.modifiedMs = modifiedMs(report.cartridgePath, &next.cartridge.size);
    if (!next.save(statePath, &error))
        return finish(false, error);
    return finish(true, BuildText::tr("Built %1, %2 from cache: %3 (%4) in %5 s.")
                            .arg(report.built)
                            .arg(report.cached)
                            .arg(QDir(m_project.rootPath()).relativeFilePath(report.cartridgePath),
                                 QLocale::system().formattedDataSize(report.bytes))
                            .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 2));
}

} // namespace Prometeu
