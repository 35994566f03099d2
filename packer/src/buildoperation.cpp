#include "packer/buildoperation.h"
#include "packer/workerprotocol.h"

#include "packer/assetconversion.h"
#include "packer/assetconverter.h"
#include "packer/assetdependencies.h"
#include "packer/assetinspection.h"
#include "packer/assetpriority.h"
#include "packer/buildlock.h"
#include "packer/cachestore.h"
#include "packer/buildstate.h"
#include "packer/contenthash.h"
#include "packer/eventpayloads.h"
#include "packer/filetreewalker.h"
#include "packer/operationscope.h"
#include "packer/parallelmap.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocale>


#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <functional>
#include <future>
#include <optional>
#include <system_error>
#include <thread>

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
    const BuildState::Asset *known = nullptr; // the previous build's record of it
    QJsonObject settings; // made only when a key is computed or a conversion runs
    QByteArray input; // kept only when it had to be read for hashing, within the build's budget
    bool read = false; // read and hashed by this build (its stat moved, or it is new)
    QString inputHash;
    QString key;
    bool failed = false;
    bool hit = false;
    bool unchanged = false; // the cartridge being replaced holds it with this key
    bool converterRefused = false; // its converter failed on this input (remembered for the next build)
    bool skipped = false; // not loaded: the build fails anyway on a remembered failure
    bool loaded = false; // blob describes verified stored bytes (held, or fetched again at the write)
    bool inCache = false; // the cache holds blob's bytes: they may be let go until the write
    std::optional<CartridgeEntry> previousEntry; // where the cartridge being replaced has them
    CacheOutcome::Source source = CacheOutcome::Source::Local; // of a hit
    // What its content names (from the content when read, else from the
    // record), and the digest of everything it uses, in its key.
    QStringList uses;
    QString dependencies;
    bool forced = false;
    BuildReason reason = BuildReason::None;
    QString reasonDetail;
    double durationMs = 0; // loading or converting it
    double conversionMs = 0; // of that, converting (in a worker: its own time, not the wait for it)
    QElapsedTimer started;
    QString corruptEntry; // why its cache object was refused, if it was
    CartridgeBlob blob;
    QList<Diagnostic> diagnostics;
    QList<Diagnostic> converterWarnings; // what its converter said for this key (kept in the build state)
    bool finished = false; // by phase 2 (through std::atomic_ref while followed)
};

// What the cartridge says of an item: its bytes are fetched when written.
CartridgeBlob entryOf(const WorkItem &item)
{
    CartridgeBlob entry;
    entry.name = item.record.path;
    entry.kind = item.record.kind;
    entry.compression = item.blob.compression;
    entry.storedSize = item.blob.storedSize;
    entry.originalSize = item.blob.originalSize;
    entry.originalHash = item.blob.originalHash;
    return entry;
}

// An asset not converted this time: its converter's warnings for this key
// are said again (the converter is a pure function of the key), so a
// warning does not vanish from the second build on while its cause is
// still there. They come with the cache object it was loaded from (which
// may have been made for another path: another branch's, a teammate's),
// else from the previous build's state, and are said about this asset.
void replayWarnings(WorkItem &item, const Project &project)
{
    QList<Diagnostic> said;
    if (!item.blob.converterWarnings.isEmpty())
        said = diagnosticsFromJson(item.blob.converterWarnings);
    else if (item.known && item.known->key == item.key)
        said = item.known->warnings;
    if (said.isEmpty())
        return;
    const AssetContext asset{project, item.record};
    for (const Diagnostic &warning : std::as_const(said)) {
        item.converterWarnings.append(
            warning.asset == item.record.path
                ? warning
                : asset.diagnostic(warning.severity, warning.code, warning.message, warning.line, warning.column));
    }
    item.diagnostics += item.converterWarnings;
}

// Milliseconds, as FileTreeWalker records them.
qint64 modifiedMsOf(const struct stat &info)
{
    return qint64(info.st_mtim.tv_sec) * 1000 + info.st_mtim.tv_nsec / 1000000;
}

qint64 modifiedMs(const QString &path, qint64 *size = nullptr)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    if (size)
        *size = info.st_size;
    return modifiedMsOf(info);
}


// A conversion a worker answered, as its callback hands it to the build.
struct Answered {
    WorkItem *item = nullptr;
    StoredConversion result;
    bool inCache = false; // its bytes went straight from the worker's file into the cache
    QString cacheError;   // ... or could not, and were read into memory instead
};

// On the runner's thread, while the worker's file can still be read: a
// large result is streamed into the cache rather than held in the build's
// memory until a build thread takes it (two workers answering 60 MB sounds
// held 120 MB here). Only what the cache cannot take is read into memory.
void takeLargeResult(Answered &answered, const QString &key, const CacheStore &cache, const AssetContext &asset)
{
    StoredConversion &result = answered.result;
    if (!result.spooled)
        return;
    if (result.ok() && !result.diagnostics.isEmpty())
        result.blob.converterWarnings = diagnosticsToJson(result.diagnostics);
    if (cache.storeFrom(key, result.blob, result.spooled, &answered.cacheError)) {
        answered.inCache = true;
        result.spooled = {};
        return;
    }
    takeSpooled(result, asset);
}

// Takes one asset's conversion into the build: its bytes, stored in the cache.
void acceptConversion(WorkItem &item, StoredConversion result, const Project &project, const CacheStore &cache,
                      bool inCache = false, QString cacheError = {})
{
    item.input = QByteArray();
    item.diagnostics += result.diagnostics;
    item.conversionMs = result.durationMs;
    if (!result.ok()) {
        item.failed = true;
        // Only a converter's own refusal is certain to happen again; a
        // crash, a timeout or an unreadable file is tried again next time.
        item.converterRefused = result.failure == StoredConversion::Failure::Refused;
        return;
    }
    item.converterWarnings = result.diagnostics;
    item.blob = std::move(result.blob);
    if (!item.converterWarnings.isEmpty())
        item.blob.converterWarnings = diagnosticsToJson(item.converterWarnings);
    QString error = std::move(cacheError);
    if (inCache || (error.isEmpty() && cache.store(item.key, item.blob, &error))) {
        item.inCache = true;
    } else {
        // The build can go on: the cartridge gets the bytes, the next build converts again.
        const AssetContext asset{project, item.record};
        item.diagnostics.append(asset.diagnostic(Severity::Warning, u"cache.unwritable"_s, error));
    }
    item.loaded = true;
}

ConversionJob jobOf(const WorkItem &item)
{
    return {item.record.path, item.record.kind, item.settings, item.record.size, item.input};
}

// Converts one asset (here, or in a worker process and waiting for it when
// a runner is given) and stores it in the cache.
void convertItem(WorkItem &item, const Project &project, const CacheStore &cache, ConversionRunner *runner)
{
    acceptConversion(item, runner ? runner->convert(project, jobOf(item)) : convertAsset(project, jobOf(item)), project,
                     cache);
}

// Phase 2's queue: what is asked for now (AssetPriority) first, then the
// rest in path order. Taken from by every worker thread.
class WorkQueue
{
public:
    WorkQueue(QList<WorkItem *> items, AssetPriority *priority)
        : m_items(items.cbegin(), items.cend()), m_priority(priority)
    {
    }

    WorkItem *take()
    {
        std::lock_guard lock(m_mutex);
        if (m_items.empty())
            return nullptr;
        // The queue is searched only when something new was asked for, and
        // again while what was asked for is still in it.
        if (m_priority && m_priority->generation() != m_searched) {
            m_searched = m_priority->generation();
            const QSet<QString> wanted = m_priority->requested();
            const auto found = wanted.isEmpty() ? m_items.end()
                                                : std::find_if(m_items.begin(), m_items.end(), [&](WorkItem *item) {
                                                      return wanted.contains(item->record.path);
                                                  });
            if (found != m_items.end()) {
                WorkItem *item = *found;
                m_items.erase(found);
                m_priority->taken(item->record.path);
                m_searched = 0; // there may be more
                return item;
            }
        }
        WorkItem *item = m_items.front();
        m_items.pop_front();
        return item;
    }

    bool isEmpty() const
    {
        std::lock_guard lock(m_mutex);
        return m_items.empty();
    }

private:
    mutable std::mutex m_mutex;
    std::deque<WorkItem *> m_items;
    AssetPriority *m_priority;
    quint64 m_searched = 0;
};

// A cartridge's signature: the hash of its (entry name, cache key) pairs in
// name order. Kept in the build state, it says what the cartridge holds.
class CartridgeSignature
{
public:
    // Hashed as they are (UTF-16), streamed: 10,000 conversions and one
    // big concatenation were a tenth of a no-op build.
    void add(const QString &name, const QString &key)
    {
        m_hash.add(QStringView(name));
        m_hash.add(QByteArrayView("\0", 2));
        m_hash.add(QStringView(key));
        m_hash.add(QByteArrayView("\n\0", 2));
    }
    QString result() const { return QString::fromLatin1(m_hash.digest().toHex()); }

private:
    ContentHash::Stream m_hash;
};

// `items` are in name order (the walk's).
QString signatureOf(const QList<WorkItem> &items)
{
    CartridgeSignature signature;
    for (const WorkItem &item : items) {
        if (!item.failed)
            signature.add(item.record.path, item.key);
    }
    return signature.result();
}

// Whether the recorded state is exactly what the cartridge at `path` was
// written from: the same file (size and time), and every asset the state
// lists in it with the key it records. A build that failed part-way
// saves the state without its failed assets, so the two then differ.
bool describesCartridge(const BuildState &state, const QString &path)
{
    // A standing failure means the last build did not write what its
    // record lists: a new file that failed is in neither, and a build
    // trusting the record would silently leave it out.
    if (state.cartridge.path != path || state.cartridge.signature.isEmpty() || !state.failures.isEmpty())
        return false;
    qint64 size = 0;
    if (modifiedMs(path, &size) != state.cartridge.modifiedMs || size != state.cartridge.size)
        return false;
    QStringList names = state.assets.keys();
    std::sort(names.begin(), names.end());
    CartridgeSignature signature;
    for (const QString &name : std::as_const(names))
        signature.add(name, state.assets.value(name).key);
    return signature.result() == state.cartridge.signature;
}

bool isUnder(const QString &path, const QString &folder)
{
    return path.size() > folder.size() && path.startsWith(folder) && path.at(folder.size()) == u'/';
}

bool hasIgnoredPart(const QString &path)
{
    const QStringList parts = path.split(u'/');
    return std::any_of(parts.cbegin(), parts.cend(), [](const QString &part) {
        return part.isEmpty() || part == u".."_s || FileTreeWalker::isIgnoredName(part);
    });
}

} // namespace

QString BuildOperation::defaultCartridgePath(const Project &project)
{
    return project.rootPath() + u"/build/"_s + project.id() + u".pcart"_s;
}

BuildOperation::BuildOperation(Project project, QThreadPool *pool, std::shared_ptr<CacheStore> cache,
                               BuildRequest request)
    : m_project(std::move(project))
    , m_pool(pool)
    , m_cache(std::move(cache))
    , m_request(std::move(request))
{
    if (m_request.cartridgePath.isEmpty())
        m_request.cartridgePath = defaultCartridgePath(m_project);
}

namespace {

// One run of a build, step by step: lock, select, key, convert or reuse,
// write. Each step returns false when the build cannot go on (it has then
// failed the scope, or the scope was cancelled).
class BuildRun
{
public:
    BuildRun(const Project &project, QThreadPool *pool, std::shared_ptr<const CacheStore> cache,
             ConversionRunner *runner, AssetPriority *priority, OperationScope &scope, const BuildRequest &request)
        : m_project(project), m_pool(pool), m_cache(*cache), m_sharedCache(std::move(cache)), m_runner(runner),
          m_priority(priority), m_scope(scope), m_request(request)
    {
        m_timer.start();
        m_report.cartridgePath = QFileInfo(request.cartridgePath).absoluteFilePath();
        m_writePath = request.stagingPath.isEmpty() ? m_report.cartridgePath
                                                    : QFileInfo(request.stagingPath).absoluteFilePath();
    }

    ~BuildRun()
    {
        stopFollowing();
        // Freed one by one, a 1,825-asset record and its items were a
        // millisecond of a no-op's end; a pool thread frees them while the
        // build's end is published (the lists share their data: no copy).
        if (m_items.size() > 256)
            m_pool->start([previous = std::move(m_previous), items = std::move(m_items)] {});
    }

    BuildReport run()
    {
        if (!takeLock() || !selectAssets())
            return m_report;
        if (!computeKeys())
            return m_report;
        reuseFromCartridge();
        announceLoads();
        if (!convertOrReuse())
            return m_report;
        return conclude();
    }

private:
    bool takeLock();
    bool selectAssets();
    std::optional<QList<AssetRecord>> recordsAfter(const AssetChanges &changes) const;
    bool computeKeys();
    void keyDependents();
    void forEachUsed(const WorkItem &item, const std::function<void(const QString &, const WorkItem *)> &visit) const;
    void explain(WorkItem &item) const;
    QString changedDependency(const WorkItem &item) const;
    ConversionRunner *runnerFor(const WorkItem &item) const;
    bool convertsFromItsFile(const WorkItem &item) const;
    void reuseFromCartridge();
    void announceLoads();
    bool convertOrReuse();
    bool startItem(WorkItem &item);
    bool takeInputAgain(WorkItem &item);
    void finishItem(WorkItem &item);
    void publishOutcome(WorkItem &item, const QString &corruptReason);
    void publishReplayed(const QList<Diagnostic> &warnings);
    BuildReport conclude();
    BuildState nextState() const;
    const QJsonObject &settingsOf(WorkItem &item) const;
    BuildReport writeCartridge();
    BuildReport finish(bool ok, const QString &summary);
    void startFollowing(const QList<WorkItem *> &work);
    void follow();
    bool followWith(WorkItem &item, QString *error);
    static constexpr quint64 followedWholeUpTo = 8 * 1024 * 1024;
    // How far ahead the follower waits when it catches up (follow()).
    static constexpr qsizetype followedRun = 32;
    void stopFollowing();

    const Project &m_project;
    QThreadPool *m_pool;
    const CacheStore &m_cache;
    // The same, for what a runner's callback may still be doing after a
    // cancelled build has returned.
    std::shared_ptr<const CacheStore> m_sharedCache;
    ConversionRunner *m_runner; // null: conversions run in this process
    AssetPriority *m_priority;  // may be null
    QHash<QString, const WorkItem *> m_byPath; // made only when an asset uses another
    OperationScope &m_scope;
    const BuildRequest &m_request;
    QString m_writePath; // the cartridge path, or the request's staging path
    QElapsedTimer m_timer;
    BuildReport m_report;
    BuildLock m_lock;
    QString m_statePath;
    std::optional<AssetOptionsFile> m_options;
    // The cartridge this build replaces, when unchanged entries come from it.
    CartridgeReader m_previousCartridge;
    // Converted and loaded bytes held until the write, up to a budget; past
    // it they are let go and read again from the cache when written, so a
    // build's memory is bounded by its jobs, not by the project.
    static constexpr qint64 heldBudget = 8 * 1024 * 1024;
    // Sources read for hashing are kept for their conversion up to this
    // much in all; past it they are read again when converted (and checked
    // against their hash). Keeping every one held a whole tree's sources
    // through a cold build: 241 MB of supertux-data's.
    static constexpr qint64 inputBudget = 8 * 1024 * 1024;
    std::atomic<qint64> m_inputBytes{0};
    std::atomic<qint64> m_heldBytes{0};
    void holdOrRelease(WorkItem &item);
    std::optional<QByteArray> fetchForWrite(WorkItem &item, QString *error);
    QByteArray m_keyContext;
    BuildState m_previous;
    QList<WorkItem> m_items;
    QString m_signature;
    qint64 m_cartridgeSize = 0;
    bool m_upToDate = false;
    CartridgeBlob m_fetched; // fetchForWrite's buffer, reused entry after entry
    bool m_failsAnyway = false; // an asset failed before conversion (a remembered refusal, a broken link)
    bool m_statsMoved = false;
    // Whether m_previous describes the cartridge on disk; worked out only
    // when needed (it hashes every recorded key: not for a no-op).
    bool previousIsCartridge();
    std::optional<bool> m_previousIsCartridge;
    // The cartridge written while phase 2 converts (startFollowing): entry
    // after entry in its order, each as soon as it is finished, on a thread
    // of its own. Before, a cold build of hedgewars-data wrote its 1.1 GB
    // only after the last conversion: 2.9 s with one core busy or none.
    struct Following {
        std::mutex mutex;
        std::condition_variable changed;
        bool stop = false;
        std::atomic<const WorkItem *> awaited{nullptr}; // what the follower sleeps for
        std::optional<CartridgeStream> stream;
        QList<WorkItem *> order; // path order, the cartridge's
        std::thread thread;
        bool failed = false; // the write goes the usual way after phase 2
    } m_following;
};

bool BuildRun::previousIsCartridge()
{
    if (!m_previousIsCartridge)
        m_previousIsCartridge = describesCartridge(m_previous, m_report.cartridgePath);
    return *m_previousIsCartridge;
}

bool BuildRun::takeLock()
{
    QString error;
    if (!m_project.ensureStateFolder(&error)) {
        m_scope.fail(error);
        return false;
    }
    // One build of a project at a time, across processes. A lock left by a
    // process that died is taken over; its half-written cache objects are
    // swept first, since nothing else can be writing them now. A state
    // folder this user cannot write (a read-only checkout) has no cache to
    // protect: a no-op build there still works, unlocked.
    switch (m_lock.lock(m_project.statePath(u"build.lock"_s), [this] { return m_scope.isCancelled(); })) {
    case BuildLock::Result::Cancelled:
        return false;
    case BuildLock::Result::Unavailable:
        return true;
    case BuildLock::Result::Locked:
        break;
    }
    const bool previousDied = m_lock.previousDied();
    if (previousDied)
        m_cache.recoverFromInterruptedBuild();
    // A cartridge's temporary left by a killed build (or by a killed Play's
    // build into its staging path) goes at the next build, whichever: a
    // build that ended well since does not say the earlier one died.
    CartridgeWriter::removeInterruptedWrites(m_report.cartridgePath);
    if (m_writePath != m_report.cartridgePath)
        CartridgeWriter::removeInterruptedWrites(m_writePath);
    // And the build state's (QSaveFile's <name>.XXXXXX): only builds write
    // it, and only under this lock.
    const QString state = m_project.statePath(QLatin1StringView(BuildState::fileName));
    const QFileInfo stateFile(state);
    for (const QFileInfo &left : stateFile.absoluteDir().entryInfoList({stateFile.fileName() + u".??????"_s},
                                                                       QDir::Files | QDir::Hidden | QDir::NoSymLinks))
        QFile::remove(left.filePath());
    return true;
}

bool BuildRun::selectAssets()
{
    QString error;
    m_options = AssetOptionsFile::load(m_project.rootPath(), &error);
    if (!m_options) {
        m_scope.fail(error);
        return false;
    }
    m_keyContext = AssetConverter::keyContext(m_project.manifest(), *m_options);
    m_statePath = m_project.statePath(QLatin1StringView(BuildState::fileName));
    // Read while the assets folder is walked: the walk waits on the file
    // system, the read on the CPU (a tenth of a 10,000-asset no-op each).
    std::future<BuildState> previous =
        std::async(std::launch::async, [path = m_statePath] { return BuildState::load(path); });
    std::optional<QList<AssetRecord>> records;
    if (m_request.changes) {
        m_previous = previous.get();
        if (previousIsCartridge())
            records = recordsAfter(*m_request.changes);
    }
    const bool everything = !records;
    if (everything)
        records = FileTreeWalker(m_project.assetsPath(), m_project.rootPath(), m_pool)
                      .walk([this] { return m_scope.isCancelled(); },
                            [this](qsizetype found) { m_scope.reportFound(u"walking"_s, found); });
    if (previous.valid())
        m_previous = previous.get();
    m_items.reserve(records->size());
    const bool anyOptions = !m_options->all().isEmpty();
    for (AssetRecord &record : *records) {
        if (anyOptions && m_options->options(record.path).excluded) {
            ++m_report.excluded;
            continue;
        }
        WorkItem item;
        item.record = std::move(record);
        m_items.append(std::move(item));
    }
    QJsonObject payload{{u"assets"_s, m_items.size()},
                        {u"excluded"_s, m_report.excluded},
                        {u"target"_s, m_report.cartridgePath},
                        {u"jobs"_s, m_pool->maxThreadCount()}};
    if (m_request.changes) {
        // Whether the build trusted the previous record for what did not change.
        payload.insert(u"looked_at"_s, everything ? u"everything"_s : u"changes"_s);
    }
    m_scope.events().publish(EventKind::BuildStarted,
                             BuildText::tr("Building %n asset(s) into %1.", nullptr, int(m_items.size()))
                                 .arg(QDir(m_project.rootPath()).relativeFilePath(m_report.cartridgePath)),
                             payload);
    return true;
}

// The assets as they are now, from the previous build's record and a look
// at only what changed; nothing when the changes need a whole walk (the
// assets folder itself, or something the walker must judge: a link, a
// folder that became a file).
std::optional<QList<AssetRecord>> BuildRun::recordsAfter(const AssetChanges &changes) const
{
    QStringList folders = changes.folders.values();
    std::sort(folders.begin(), folders.end());
    QStringList outermost;
    for (const QString &folder : std::as_const(folders)) {
        if (folder.isEmpty())
            return std::nullopt;
        if (outermost.isEmpty() || !isUnder(folder, outermost.last()))
            outermost.append(folder);
    }
    const auto inChangedFolder = [&](const QString &path) {
        return std::any_of(outermost.cbegin(), outermost.cend(),
                           [&](const QString &folder) { return isUnder(path, folder); });
    };

    QList<AssetRecord> records;
    records.reserve(m_previous.assets.size() + 16);
    for (auto it = m_previous.assets.cbegin(); it != m_previous.assets.cend(); ++it) {
        if (changes.files.contains(it.key()) || inChangedFolder(it.key()))
            continue;
        AssetRecord record;
        record.path = it.key();
        record.kind = classifyAsset(it.key());
        record.size = it->size;
        record.modifiedMs = it->modifiedMs;
        records.append(std::move(record));
    }
    const QString assets = m_project.assetsPath() + u'/';
    for (const QString &folder : std::as_const(outermost)) {
        if (hasIgnoredPart(folder))
            continue;
        struct stat info;
        if (::lstat(QFile::encodeName(assets + folder).constData(), &info) != 0) {
            if (errno == ENOENT)
                continue; // removed, with everything in it
            return std::nullopt;
        }
        if (!S_ISDIR(info.st_mode))
            return std::nullopt;
        for (AssetRecord &record : FileTreeWalker(assets + folder, m_project.rootPath()).walk()) {
            record.path = folder + u'/' + record.path;
            records.append(std::move(record));
        }
    }
    for (const QString &file : changes.files) {
        if (hasIgnoredPart(file) || inChangedFolder(file))
            continue;
        struct stat info;
        if (::lstat(QFile::encodeName(assets + file).constData(), &info) != 0) {
            if (errno == ENOENT)
                continue; // removed
            return std::nullopt;
        }
        if (!S_ISREG(info.st_mode))
            return std::nullopt;
        AssetRecord record;
        record.path = file;
        record.kind = classifyAsset(file);
        record.size = info.st_size;
        record.modifiedMs = modifiedMsOf(info);
        records.append(std::move(record));
    }
    std::sort(records.begin(), records.end(), [](const AssetRecord &a, const AssetRecord &b) { return a.path < b.path; });
    return records;
}

// Whether the file is as the record saw it (same size and time), so the
// record's input hash still stands for its content (ninja's rule).
bool sameStat(const BuildState::Asset &recorded, const AssetRecord &record)
{
    return record.problem == EntryProblem::None && recorded.size == record.size
        && recorded.modifiedMs == record.modifiedMs && !recorded.inputHash.isEmpty();
}

const QJsonObject &BuildRun::settingsOf(WorkItem &item) const
{
    if (item.settings.isEmpty()) {
        item.settings = AssetConverter::settings(item.record.kind, m_options->options(item.record.path),
                                                 m_project.manifest());
    }
    return item.settings;
}

// Phase 1: cache keys. Sources are read only when their stat changed; keys
// are computed only when that or their context (settings, converters) did.
bool BuildRun::computeKeys()
{
    const bool sameContext = !m_previous.keyContext.isEmpty() && m_previous.keyContext == m_keyContext;
    QList<WorkItem *> toKey;
    const bool anyForced = m_request.forceAll || !m_request.force.isEmpty();
    const qint64 maxFileBytes = m_project.manifest().cartridge.maxBytes;
    for (WorkItem &item : m_items) {
        if (anyForced)
            item.forced = m_request.forceAll || m_request.force.contains(item.record.path);
        if (item.record.problem != EntryProblem::BadEncoding) {
            // What the doctor says the cartridge cannot hold, the build does
            // not write (a newline in a name would break every line-based
            // reader of it; docs/cartridge.md promises 255 bytes at most).
            if (!AssetInspection::inspectName(AssetContext{m_project, item.record}, &item.diagnostics)) {
                item.failed = true;
                m_failsAnyway = true;
                continue;
            }
        }
        // A file stored as it is that is larger than the whole cartridge may
        // be: file.too_large, as the doctor says it, and never read (a 5 GB
        // file of unknown type was read whole: 5 GB of memory for a build
        // whose doctor had said no). A picture or a sound may shrink to fit
        // (a long sound resampled): converted, and the cartridge judged.
        if (item.record.problem == EntryProblem::None && storedAsItIs(item.record.kind)
            && item.record.size > maxFileBytes
            && !AssetInspection::inspectFile(AssetContext{m_project, item.record}, &item.diagnostics)) {
            item.failed = true;
            m_failsAnyway = true;
            continue;
        }
        const auto found = m_previous.assets.constFind(item.record.path);
        if (found != m_previous.assets.cend())
            item.known = &*found;
        const BuildState::Asset *known = item.known;
        if (!known) {
            const auto failure = m_previous.failures.constFind(item.record.path);
            if (failure != m_previous.failures.cend() && sameContext && sameStat(failure->asset, item.record)
                && !failure->asset.key.isEmpty()) {
                // The same input and settings its converter refused: it
                // fails the same way, with the same words.
                item.inputHash = failure->asset.inputHash;
                item.key = failure->asset.key;
                item.failed = item.converterRefused = true;
                item.diagnostics += failure->diagnostics;
                m_failsAnyway = true;
                continue;
            }
        }
        if (sameContext && known && sameStat(*known, item.record) && !known->key.isEmpty()) {
            item.inputHash = known->inputHash;
            item.key = known->key;
            item.uses = known->uses;
        } else {
            toKey.append(&item);
        }
    }
    m_scope.beginProgress(u"hashing"_s, toKey.size());
    parallelMap(m_pool, toKey, [&](WorkItem *work) {
        if (m_scope.isCancelled())
            return;
        WorkItem &item = *work;
        const AssetContext asset{m_project, item.record};
        if (item.record.problem != EntryProblem::None) {
            AssetInspection::inspectFile(asset, &item.diagnostics);
            item.failed = true;
        } else {
            if (item.known && sameStat(*item.known, item.record)) {
                item.inputHash = item.known->inputHash;
                item.uses = item.known->uses;
            } else if (convertsFromItsFile(item) && !AssetDependencies::canReference(item.record.kind)) {
                // Its worker reads the file: hashed in pieces, never held
                // here (a sound of 5 GB was read whole to be hashed).
                item.inputHash = hashAssetInput(asset, &item.diagnostics, [this] { return m_scope.isCancelled(); });
                item.read = !item.inputHash.isEmpty();
                item.failed = !item.read;
            } else if (readAssetInput(asset, &item.input, &item.diagnostics)) {
                item.read = true;
                item.inputHash = ContentHash::ofBytes(item.input);
                if (AssetDependencies::canReference(item.record.kind)) {
                    // What it cannot work without is part of its key; a
                    // script's mere mention of a file name is not.
                    for (const AssetReference &reference :
                         AssetDependencies::referencesIn(item.record.path, item.record.kind, item.input)) {
                        if (reference.required)
                            item.uses.append(reference.path.isEmpty() ? u".."_s : reference.path);
                    }
                }
                const qint64 size = item.input.size();
                if (convertsFromItsFile(item)) {
                    item.input = QByteArray(); // never handed over: not kept
                } else if (m_inputBytes.fetch_add(size) + size > inputBudget) {
                    m_inputBytes -= size;
                    item.input = QByteArray(); // read again when converted
                }
            } else {
                item.failed = true;
            }
            // One that uses others is keyed once every input is hashed.
            if (!item.failed && item.uses.isEmpty())
                item.key = cacheKey(item.inputHash, item.record.kind, AssetConverter::version(item.record.kind),
                                    settingsOf(item));
        }
        m_scope.advance();
    });
    if (m_scope.isCancelled())
        return false;
    // A broken link or an unreadable file fails the build as surely as a
    // remembered refusal: what is cached need not be loaded for a cartridge
    // that will not be written (SuperTux's two dangling font links made each
    // rebuild read 400 MB of cache objects: 2.2 s instead of a no-op).
    if (std::any_of(m_items.cbegin(), m_items.cend(), [](const WorkItem &item) { return item.failed; }))
        m_failsAnyway = true;
    keyDependents();

    // Files re-read because their stat moved: their new stat must be saved
    // even when nothing else changes, or every later build re-reads them.
    m_statsMoved = std::any_of(m_items.cbegin(), m_items.cend(),
                               [](const WorkItem &item) { return item.read; });

    // A build whose every key matches the cartridge on disk changes nothing
    // and reads nothing: not the sources, not the cache.
    m_signature = signatureOf(m_items);
    const qint64 cartridgeModified = modifiedMs(m_report.cartridgePath, &m_cartridgeSize);
    m_upToDate = !anyForced && m_previous.cartridge.signature == m_signature
        && m_previous.cartridge.path == m_report.cartridgePath
        && cartridgeModified == m_previous.cartridge.modifiedMs && m_cartridgeSize == m_previous.cartridge.size;
    return true;
}

// Calls `visit` once for each path the item uses, directly or through
// others, with the item of that path (null when it is not an asset).
void BuildRun::forEachUsed(const WorkItem &item,
                           const std::function<void(const QString &, const WorkItem *)> &visit) const
{
    QSet<QString> seen{item.record.path};
    QStringList pending = item.uses;
    while (!pending.isEmpty()) {
        const QString path = pending.takeLast();
        if (seen.contains(path))
            continue;
        seen.insert(path);
        const WorkItem *used = m_byPath.value(path);
        visit(path, used);
        if (used)
            pending += used->uses;
    }
}

// Assets that use others: their key is made with the digest of what they
// use, directly or through others, so a changed tile set image rebuilds
// the maps that use it and nothing else. A key taken from the record
// stands while that digest is the one it was made with.
void BuildRun::keyDependents()
{
    const bool anyUses = std::any_of(m_items.cbegin(), m_items.cend(),
                                     [](const WorkItem &item) { return !item.uses.isEmpty(); });
    if (!anyUses)
        return; // a project without maps, data or scripts naming others pays nothing here
    m_byPath.reserve(m_items.size());
    for (const WorkItem &item : std::as_const(m_items))
        m_byPath.insert(item.record.path, &item);
    for (WorkItem &item : m_items) {
        if (item.failed || item.uses.isEmpty())
            continue;
        // Everything reachable, each with the hash of its content now.
        QList<std::pair<QString, QString>> closure;
        forEachUsed(item, [&](const QString &path, const WorkItem *used) {
            closure.append({path, !used ? u"missing"_s : used->inputHash.isEmpty() ? u"unreadable"_s : used->inputHash});
        });
        std::sort(closure.begin(), closure.end());
        ContentHash::Stream digest;
        for (const auto &[path, hash] : std::as_const(closure)) {
            digest.add(QStringView(path));
            digest.add(QByteArrayView("\0", 1));
            digest.add(QStringView(hash));
            digest.add(QByteArrayView("\n", 1));
        }
        item.dependencies = QString::fromLatin1(digest.digest().toHex());
        if (!item.key.isEmpty() && item.known && item.known->dependencies == item.dependencies)
            continue;
        QJsonObject settings = settingsOf(item);
        settings.insert(u"dependencies"_s, item.dependencies);
        item.key = cacheKey(item.inputHash, item.record.kind, AssetConverter::version(item.record.kind), settings);
    }
}

// Why an asset that is loaded or converted is looked at again: the first
// cause that holds (provenance, docs/events.md). Asked only of those, on
// the worker that handles it: a no-op build explains nothing.
void BuildRun::explain(WorkItem &item) const
{
    const BuildState::Asset *known = item.known;
    if (item.forced) {
        item.reason = BuildReason::Forced;
    } else if (!known) {
        item.reason = m_previous.failures.contains(item.record.path) ? BuildReason::FailedBefore : BuildReason::New;
    } else if (known->key == item.key) {
        item.reason = BuildReason::NotInCartridge;
    } else if (known->inputHash != item.inputHash) {
        item.reason = BuildReason::SourceChanged;
    } else if (known->converterVersion != AssetConverter::version(item.record.kind)) {
        item.reason = BuildReason::ConverterChanged;
    } else if (known->dependencies != item.dependencies) {
        item.reason = BuildReason::DependencyChanged;
        item.reasonDetail = changedDependency(item);
    } else {
        item.reason = BuildReason::OptionsChanged;
    }
}

// The first (in path order) of what the item uses whose content is not
// what the previous build saw, or that came or went.
QString BuildRun::changedDependency(const WorkItem &item) const
{
    QStringList changed;
    forEachUsed(item, [&](const QString &path, const WorkItem *used) {
        if (path == u".."_s)
            return; // outside the assets folder: no record to compare with
        const auto before = m_previous.assets.constFind(path);
        const QString was = before == m_previous.assets.cend() ? QString() : before->inputHash;
        if (!used || used->inputHash != was)
            changed.append(path);
    });
    std::sort(changed.begin(), changed.end());
    return changed.isEmpty() ? QString() : changed.first();
}

// What did not change is already in the cartridge this build replaces:
// copied from there in one sequential read, not loaded from the cache
// entry by entry (a one-asset change among 3,000 loaded 2,999 objects).
void BuildRun::reuseFromCartridge()
{
    if (m_failsAnyway) {
        // The cartridge will not be written: what it would have held from
        // the record need not be read now (a failing project's rebuild
        // costs its changes, not a reload of everything).
        for (WorkItem &item : m_items) {
            if (!item.failed && item.known && item.known->key == item.key)
                item.hit = item.skipped = true;
        }
        return;
    }
    if (m_upToDate || !previousIsCartridge())
        return;
    QHash<QString, WorkItem *> reusable;
    for (WorkItem &item : m_items) {
        if (!item.failed && !item.forced && item.known && item.known->key == item.key)
            reusable.insert(item.record.path, &item);
    }
    // open() verifies the whole file's checksum; the bytes are read when
    // the new cartridge is written, one entry at a time.
    if (reusable.isEmpty() || !m_previousCartridge.open(m_report.cartridgePath))
        return; // the cache has them too
    for (const CartridgeEntry &entry : m_previousCartridge.entries()) {
        WorkItem *item = reusable.value(entry.name);
        if (!item)
            continue;
        item->blob.compression = entry.compression;
        item->blob.storedSize = entry.storedSize;
        item->blob.originalSize = entry.originalSize;
        item->blob.originalHash = entry.hash;
        item->previousEntry = entry;
        item->hit = item->loaded = item->unchanged = true;
    }
}

void BuildRun::holdOrRelease(WorkItem &item)
{
    if (!item.inCache || item.blob.stored.isNull())
        return; // nowhere else to read them from
    const qint64 size = item.blob.stored.size();
    if (m_heldBytes.fetch_add(size) + size > heldBudget) {
        m_heldBytes -= size;
        item.blob.stored = QByteArray();
    }
}

// The bytes of an entry the write has reached: held, or from the cartridge
// being replaced, or from the cache, or (if both were lost meanwhile)
// converted again.
std::optional<QByteArray> BuildRun::fetchForWrite(WorkItem &item, QString *error)
{
    if (!item.blob.stored.isNull()) {
        m_heldBytes -= item.blob.stored.size();
        return std::exchange(item.blob.stored, QByteArray());
    }
    if (item.previousEntry) {
        if (auto stored = m_previousCartridge.readStored(*item.previousEntry))
            return stored;
    }
    // One blob for every entry of the write: the cache reads each object
    // into the memory the last one used (the writer has let go of it by
    // then). Fresh memory for each was 40 % of this process's page faults
    // writing supertux-data's 1 GiB cartridge.
    QString why;
    if (m_cache.load(item.key, &m_fetched, &why) == CacheStore::Lookup::Hit
        && m_fetched.storedSize == item.blob.storedSize)
        return m_fetched.stored;
    WorkItem again;
    again.record = item.record;
    again.key = item.key;
    settingsOf(again);
    convertItem(again, m_project, m_cache, runnerFor(again));
    if (again.failed || again.blob.storedSize != item.blob.storedSize) {
        *error = BuildText::tr("%1 could no longer be read from the cache or the previous cartridge").arg(item.record.path);
        return std::nullopt;
    }
    return again.blob.stored;
}

// Tells the store which objects phase 2 will ask it for, so a shared one
// fetches them several at a time rather than one per worker.
void BuildRun::announceLoads()
{
    QList<CacheStore::PlannedLoad> loads;
    for (const WorkItem &item : std::as_const(m_items)) {
        if (item.failed || item.loaded || item.skipped || item.forced)
            continue;
        if (m_upToDate && item.known && item.known->key == item.key)
            continue;
        loads.append({item.key, item.record.size});
    }
    if (!loads.isEmpty())
        m_cache.beginBuild(loads);
}

// Phase 2: what the cartridge does not already hold is loaded from a
// cache (cache_hit) or converted (cache_miss). What it holds with the same
// key is unchanged, and is counted rather than announced: a no-op build of
// 100,000 assets publishes two events, not 100,000.
bool BuildRun::convertOrReuse()
{
    QList<WorkItem *> work;
    QList<Diagnostic> replayed;
    for (WorkItem &item : m_items) {
        if (!item.failed && !item.loaded && m_upToDate) {
            // The cartridge on disk already holds this exact conversion, so
            // nothing needs the cache object; a later build that does need it
            // and finds it gone simply converts again.
            if (item.known && item.known->key == item.key)
                item.hit = item.unchanged = true;
        }
        // Unchanged here, copied from the cartridge this build replaces, or
        // not loaded because the build fails anyway: its warnings still stand
        // (they must not vanish while an error elsewhere is being fixed).
        if (item.unchanged || item.skipped) {
            replayWarnings(item, m_project);
            replayed += item.diagnostics;
        } else {
            work.append(&item);
        }
    }
    // One event for them all: a no-op over a tree with 700 unknown files
    // would otherwise publish (and record, and stream) 700 events.
    if (!replayed.isEmpty())
        publishReplayed(replayed);
    m_scope.beginProgress(u"converting"_s, work.size());
    startFollowing(work);
    WorkQueue queue(work, m_priority);
    // Conversions handed to worker processes and not yet taken back. Shared
    // with the runner's callbacks: a cancelled build returns at once (a
    // converter hanging until its timeout must not hold the cancel up), and
    // answers arriving later land here, unread.
    struct Handover {
        std::mutex mutex;
        std::condition_variable changed;
        std::deque<Answered> done;
        int inFlight = 0;
        // Sources given, and converted bytes answered and not yet taken:
        // a 100 KB sound answers 1.5 MB of samples, and answers counted by
        // their sources piled up (130 MB of them at once, building a real
        // tree of 3,200 files).
        qint64 bytesInFlight = 0;
    };
    const auto handover = std::make_shared<Handover>();
    const ConversionRunner::Capacity room = m_runner ? m_runner->capacity() : ConversionRunner::Capacity{};
    QList<int> threads(m_pool->maxThreadCount());
    // Each thread finishes what the workers answered, takes the next asset
    // (a cache hit is finished at once; a conversion runs here, or goes to
    // a worker while this thread goes on), and waits only when there is
    // nothing else to do.
    parallelMap(m_pool, threads, [&](int) {
        // Held from one turn to the next: the lock taken to count an answer
        // off is the one that looks for the next (the two pool threads and
        // the workers' answers met on it 13,000 times in a 10,000-asset
        // build).
        std::unique_lock lock(handover->mutex);
        for (;;) {
            const bool cancelled = m_scope.isCancelled();
            if (cancelled)
                return;
            if (!handover->done.empty()) {
                Answered taken = std::move(handover->done.front());
                handover->done.pop_front();
                lock.unlock();
                WorkItem *item = taken.item;
                const qint64 answered = taken.result.blob.stored.size();
                acceptConversion(*item, std::move(taken.result), m_project, m_cache, taken.inCache,
                                 std::move(taken.cacheError));
                finishItem(*item);
                lock.lock();
                handover->bytesInFlight -= item->record.size + answered;
                // This thread goes on taking work itself; the others need
                // waking only to see that everything is done. An answer wakes
                // one of them (any one can take it).
                if (--handover->inFlight == 0)
                    handover->changed.notify_all();
                continue;
            }
            WorkItem *item = !m_runner || room.admits(handover->inFlight, handover->bytesInFlight) ? queue.take() : nullptr;
            if (item) {
                lock.unlock();
                if (!startItem(*item)) {
                    finishItem(*item); // loaded, failed before, or converted here
                    lock.lock();
                    continue;
                }
                lock.lock();
                ++handover->inFlight;
                handover->bytesInFlight += item->record.size;
                lock.unlock();
                // Copies: the callback may run after a cancelled build is gone.
                m_runner->submit(m_project, jobOf(*item), [handover, item, key = item->key, cache = m_sharedCache,
                                                           project = m_project,
                                                           record = item->record](StoredConversion result) {
                    Answered answered{item, std::move(result), false, {}};
                    takeLargeResult(answered, key, *cache, AssetContext{project, record});
                    {
                        std::lock_guard lock(handover->mutex);
                        handover->bytesInFlight += answered.result.blob.stored.size();
                        handover->done.push_back(std::move(answered));
                    }
                    // Outside the lock, or the one woken waits for it at once.
                    handover->changed.notify_one();
                });
                lock.lock();
                continue;
            }
            if (handover->inFlight == 0 && queue.isEmpty())
                return;
            // Woken by an answer; looks at the cancel flag now and then.
            handover->changed.wait_for(lock, std::chrono::milliseconds(100));
        }
    });
    return !m_scope.isCancelled();
}

// Starts one asset of phase 2: loaded from a cache, or converted here, or
// (true) to be converted by a worker process.
bool BuildRun::startItem(WorkItem &item)
{
    item.started.start();
    explain(item);
    if (item.failed || item.loaded)
        return false;
    const AssetContext asset{m_project, item.record};
    // A forced asset is converted whatever the cache holds.
    switch (item.forced ? CacheStore::Lookup::Missing
                        : m_cache.load(item.key, &item.blob, &item.corruptEntry, &item.source)) {
    case CacheStore::Lookup::Hit:
        item.hit = item.loaded = item.inCache = true;
        replayWarnings(item, m_project);
        return false;
    case CacheStore::Lookup::Corrupt:
        item.diagnostics.append(asset.diagnostic(
            Severity::Warning, u"cache.corrupt"_s,
            BuildText::tr("The cached conversion was damaged (%1); converted again.").arg(item.corruptEntry)));
        item.reason = BuildReason::CacheCorrupt;
        break;
    case CacheStore::Lookup::Missing:
        item.corruptEntry.clear();
        if (item.reason == BuildReason::NotInCartridge)
            item.reason = BuildReason::CacheEvicted;
        break;
    }
    settingsOf(item);
    if (item.read && item.input.isNull() && !convertsFromItsFile(item) && !takeInputAgain(item))
        return false;
    if (runnerFor(item))
        return true;
    convertItem(item, m_project, m_cache, nullptr);
    return false;
}

// A source hashed earlier in this build whose bytes were let go (the input
// budget): read again for its conversion, and converted only if they are
// still the bytes its key was made from.
bool BuildRun::takeInputAgain(WorkItem &item)
{
    const AssetContext asset{m_project, item.record};
    if (!readAssetInput(asset, &item.input, &item.diagnostics)) {
        item.failed = true;
        return false;
    }
    if (ContentHash::ofBytes(item.input) != item.inputHash) {
        item.input = QByteArray();
        item.diagnostics.append(asset.diagnostic(
            Severity::Error, u"file.changed"_s,
            BuildText::tr("The file changed while the build was running; build again to convert what it holds now.")));
        item.failed = true;
        return false;
    }
    return true;
}

// The worker processes, for the kinds they take; null: convert here.
ConversionRunner *BuildRun::runnerFor(const WorkItem &item) const
{
    return m_runner && m_runner->takes(item.record.kind) ? m_runner : nullptr;
}

// Whether its conversion reads the source from its file whatever this
// build read: a worker is handed the bytes only when they fit an input
// window, and reads larger sources itself.
bool BuildRun::convertsFromItsFile(const WorkItem &item) const
{
    return runnerFor(item) && !WorkerProtocol::SharedArea::fits(item.record.size);
}

void BuildRun::finishItem(WorkItem &item)
{
    holdOrRelease(item);
    if (m_following.thread.joinable()) {
        // Only the item the follower sleeps for wakes it, and only then is
        // its mutex taken: woken for every item under one lock, the
        // follower was the build's busiest sleeper (8,500 of 15,000 futex
        // calls in a 10,000-asset build). Both sides store, then look at
        // the other's (sequentially consistent): one of them sees it.
        std::atomic_ref(item.finished).store(true);
        if (m_following.awaited.load() == &item) {
            { const std::lock_guard lock(m_following.mutex); } // it is asleep, or will see `finished`
            m_following.changed.notify_one();
        }
    }
    // A worker's job waits in its queue: its own time is what it cost.
    item.durationMs = runnerFor(item) && item.conversionMs > 0
        ? item.conversionMs
        : double(item.started.nsecsElapsed()) / 1e6;
    publishOutcome(item, item.corruptEntry);
    m_scope.advance();
}

void BuildRun::publishOutcome(WorkItem &item, const QString &corruptReason)
{
    CacheOutcome outcome;
    outcome.path = item.record.path;
    outcome.kind = item.record.kind;
    outcome.key = item.key;
    outcome.source = item.source;
    outcome.reason = item.reason;
    outcome.reasonDetail = item.reasonDetail;
    outcome.durationMs = item.durationMs;
    outcome.inputBytes = item.record.size;
    outcome.storedBytes = qint64(item.blob.storedSize);
    if (item.hit) {
        m_scope.events().publish(EventKind::CacheHit,
                                 item.source == CacheOutcome::Source::Remote
                                     ? BuildText::tr("%1 came from the team cache.").arg(item.record.path)
                                     : BuildText::tr("%1 came from the cache.").arg(item.record.path),
                                 outcome.toJson(), {item.record.path});
    } else {
        outcome.result = item.failed ? CacheOutcome::Result::Failed : CacheOutcome::Result::Converted;
        outcome.corruptEntry = corruptReason;
        if (!item.failed)
            outcome.bytes = qint64(item.blob.originalSize);
        m_scope.events().publish(EventKind::CacheMiss,
                                 item.failed ? BuildText::tr("%1 could not be converted.").arg(item.record.path)
                                 : item.reason == BuildReason::None
                                     ? BuildText::tr("Converted %1.").arg(item.record.path)
                                     : BuildText::tr("Converted %1: %2.")
                                           .arg(item.record.path, describe(item.reason, item.reasonDetail)),
                                 outcome.toJson(), {item.record.path});
    }
    if (!item.diagnostics.isEmpty()) {
        m_scope.events().publish(EventKind::DiagnosticsUpdated,
                                 u"%1: %2"_s.arg(item.record.path, item.diagnostics.first().message),
                                 DiagnosticsUpdate{item.record.path, item.diagnostics}.toJson(), {item.record.path});
    }
}

void BuildRun::publishReplayed(const QList<Diagnostic> &warnings)
{
    // Each asset's warnings are next to each other, in the build's order.
    QStringList assets;
    for (const Diagnostic &warning : warnings) {
        if (assets.isEmpty() || assets.constLast() != warning.asset)
            assets.append(warning.asset);
    }
    DiagnosticsUpdate update;
    update.diagnostics = warnings;
    update.replayed = true;
    m_scope.events().publish(EventKind::DiagnosticsUpdated,
                             BuildText::tr("%n unchanged asset(s) still have converter warnings.", nullptr,
                                           int(assets.size())),
                             update.toJson(), assets);
}

BuildReport BuildRun::finish(bool ok, const QString &summary)
{
    // Uploads this build started get a moment to land, so its figures are
    // whole: never more than a second (build_finished must not wait on a
    // slow server) nor a fiftieth of the build so far (a tenth was most of
    // the budget of "uploading costs a build at most 10 %"). The rest go on
    // in the background and are counted as still going.
    const auto uploadWait = std::min<std::chrono::milliseconds>(std::chrono::seconds(1),
                                                                std::chrono::milliseconds(m_timer.elapsed() / 50));
    m_report.remote = m_cache.finishBuild(uploadWait);
    QString said = summary;
    if (m_report.remote) {
        m_report.diagnostics += m_report.remote->warnings;
        if (ok && m_report.remote->hits > 0) {
            said += u' '
                + BuildText::tr("%n of them from the team cache (%1).", nullptr, m_report.remote->hits)
                      .arg(QLocale::system().formattedDataSize(m_report.remote->bytesDown));
        }
        if (!m_report.remote->warnings.isEmpty())
            said += u' ' + BuildText::tr("Team cache: %n warning(s).", nullptr, int(m_report.remote->warnings.size()));
    }
    m_report.durationMs = m_timer.elapsed();
    BuildStats stats;
    stats.succeeded = ok;
    stats.built = m_report.built;
    stats.cached = m_report.cached;
    stats.unchanged = m_report.unchanged;
    stats.failed = m_report.failed;
    stats.excluded = m_report.excluded;
    stats.cartridge = m_report.cartridgePath;
    stats.bytes = m_report.bytes;
    stats.written = m_report.cartridgeWritten;
    stats.durationMs = m_report.durationMs;
    stats.remote = m_report.remote;
    const QJsonObject payload = stats.toJson();
    m_scope.events().publish(EventKind::BuildFinished, said, payload);
    m_scope.setFinishPayload(payload);
    if (ok)
        m_scope.setFinishSummary(said);
    else
        m_scope.fail(said);
    return m_report;
}

BuildState BuildRun::nextState() const
{
    BuildState next;
    next.cartridge = m_previous.cartridge;
    next.keyContext = m_keyContext;
    next.assets.reserve(m_items.size());
    for (const WorkItem &item : m_items) {
        BuildState::Asset asset{item.record.size, item.record.modifiedMs, item.inputHash, item.key,
                                AssetConverter::version(item.record.kind), item.uses, item.dependencies, {}};
        if (!item.failed) {
            asset.warnings = item.converterWarnings;
            next.assets.insert(item.record.path, asset);
        } else {
            // Every failure is kept (so the record is never taken for a
            // complete cartridge); only a converter's refusal with its key
            // may be reported again without converting (an unreadable file
            // or a broken link is looked at again each time).
            if (!item.converterRefused)
                asset.key.clear();
            next.failures.insert(item.record.path, {asset, item.diagnostics});
        }
    }
    return next;
}

BuildReport BuildRun::conclude()
{
    for (const WorkItem &item : std::as_const(m_items)) {
        m_report.diagnostics += item.diagnostics;
        if (item.failed) {
            ++m_report.failed;
            continue;
        }
        item.hit ? ++m_report.cached : ++m_report.built;
        if (item.unchanged)
            ++m_report.unchanged;
    }
    QString error;
    if (m_report.failed > 0) {
        stopFollowing();
        m_scope.keepResultOnFailure(); // the report lists what failed and why
        // Keep what succeeded: its cache entries and stat records make the
        // next build fast once the broken asset is fixed.
        nextState().save(m_statePath, &error);
        return finish(false, BuildText::tr("Build failed: %n asset(s) could not be converted; the previous "
                                           "cartridge was left as it was.", nullptr, m_report.failed));
    }
    if (m_upToDate) {
        m_report.bytes = m_cartridgeSize;
        // A failure that went away (its file deleted) must leave the record
        // too, or the record is never trusted again.
        if (m_statsMoved || m_items.size() != m_previous.assets.size() || m_previous.keyContext != m_keyContext
            || !m_previous.failures.isEmpty())
            nextState().save(m_statePath, &error);
        return finish(true, BuildText::tr("Cartridge is up to date (%n asset(s), all cached).", nullptr,
                                          m_report.cached));
    }
    return writeCartridge();
}

// Starts writing the cartridge behind phase 2 when it will be written:
// not for an up-to-date build nor one that fails anyway.
void BuildRun::startFollowing(const QList<WorkItem *> &work)
{
    if (m_upToDate || m_failsAnyway || work.isEmpty())
        return;
    for (WorkItem &item : m_items) {
        if (item.failed || item.skipped)
            return;
        // Copied from the cartridge being replaced: ready now.
        item.finished = item.unchanged;
        m_following.order.append(&item);
    }
    std::sort(m_following.order.begin(), m_following.order.end(),
              [](const WorkItem *a, const WorkItem *b) { return a->record.path < b->record.path; });
    QStringList names;
    names.reserve(m_following.order.size());
    for (const WorkItem *item : std::as_const(m_following.order))
        names.append(item->record.path);
    QDir().mkpath(QFileInfo(m_writePath).absolutePath());
    QString error;
    m_following.stream.emplace(m_writePath);
    if (!m_following.stream->open(names, &error)) {
        // Written the usual way after phase 2, which says why if it fails.
        m_following.stream.reset();
        return;
    }
    m_following.thread = std::thread([this] { follow(); });
}

void BuildRun::follow()
{
    QString error;
    const auto finished = [](const WorkItem *item) { return std::atomic_ref(item->finished).load(); };
    const auto await = [&](const WorkItem *item) {
        std::unique_lock lock(m_following.mutex);
        m_following.awaited.store(item);
        // Looks at the cancel flag now and then.
        while (!finished(item) && !m_following.stop && !m_scope.isCancelled())
            m_following.changed.wait_for(lock, std::chrono::milliseconds(100));
        m_following.awaited.store(nullptr);
    };
    const qsizetype count = m_following.order.size();
    for (qsizetype at = 0; at < count; ++at) {
        WorkItem *item = m_following.order.at(at);
        if (!finished(item)) {
            // Conversions end roughly in the cartridge's order and keep
            // ahead of a follower that only copies: waiting for each item
            // in turn, it slept and was woken for 4 in 10 of them. It waits
            // for one a run ahead instead, then writes the run, waiting
            // for a straggler only if there is one.
            const WorkItem *ahead = m_following.order.at(std::min(count - 1, at + followedRun));
            if (!finished(ahead))
                await(ahead);
            if (!finished(item))
                await(item);
        }
        if (!finished(item) || item->failed) {
            m_following.failed = true;
            return;
        }
        if (!followWith(*item, &error)) {
            m_following.failed = true;
            return;
        }
    }
}

// One entry into the cartridge being followed. A large one that is not
// held goes a piece at a time: while the jobs convert, the follower must
// not hold a third large asset (a build's memory is bounded by its jobs).
bool BuildRun::followWith(WorkItem &item, QString *error)
{
    const CartridgeBlob entry = entryOf(item);
    if (item.blob.stored.isNull() && item.blob.storedSize > followedWholeUpTo) {
        return m_following.stream->appendInPieces(entry, [&](const PieceSink &take) {
            if (item.previousEntry)
                return m_previousCartridge.readStoredInPieces(*item.previousEntry, take);
            CartridgeBlob described;
            return m_cache.loadInPieces(item.key, &described, take, error) == CacheStore::Lookup::Hit
                && described.storedSize == item.blob.storedSize;
        }, error);
    }
    const std::optional<QByteArray> stored = fetchForWrite(item, error);
    return stored && m_following.stream->append(entry, *stored, error);
}

void BuildRun::stopFollowing()
{
    if (!m_following.thread.joinable())
        return;
    {
        std::lock_guard lock(m_following.mutex);
        m_following.stop = true;
        m_following.changed.notify_all();
    }
    m_following.thread.join();
    m_following.stream.reset(); // thrown away, uncommitted
}

BuildReport BuildRun::writeCartridge()
{
    qint64 payloadBytes = 0;
    for (const WorkItem &item : std::as_const(m_items))
        payloadBytes += qint64(item.blob.storedSize);
    const qint64 limit = m_project.manifest().cartridge.maxBytes;
    if (payloadBytes > limit) {
        stopFollowing();
        return finish(false, BuildText::tr("Build failed: the cartridge would be %1, over the project's limit of %2.")
                                 .arg(QLocale::system().formattedDataSize(payloadBytes),
                                      QLocale::system().formattedDataSize(limit)));
    }
    if (m_scope.isCancelled())
        return m_report;

    QString error;
    // A game's gigabyte takes seconds to write: the bar moves through it
    // instead of standing at "Converting 4056 of 4056".
    m_scope.beginProgress(u"writing"_s, m_items.size());
    qint64 written = -1;
    std::optional<BuildState> next;
    if (m_following.thread.joinable()) {
        // Every entry is finished: what the follower has not written yet,
        // it writes now.
        m_following.thread.join();
        if (!m_following.failed && m_following.stream->appended() == m_items.size()) {
            m_scope.advance(m_items.size());
            // The build state is made while the cartridge is committed:
            // neither needs the other, and both took a single thread at
            // the end of a build that used every core (80 ms of a
            // 100,000-asset build's tail).
            std::future<BuildState> state;
            try {
                state = std::async(std::launch::async, [this] { return nextState(); });
            } catch (const std::system_error &) {
                // No thread to be had: made here, after the commit.
            }
            written = m_following.stream->commit(&error);
            if (state.valid())
                next = state.get();
        }
        m_following.stream.reset();
    }
    if (written < 0) {
        // Every item here was loaded from the cache, converted, or found
        // in the cartridge being replaced in phase 2: only an up-to-date
        // build (concluded earlier) skips that. Their bytes are fetched as
        // the write reaches them, in the cartridge's order (the follower,
        // which pointed into m_items, is done).
        std::sort(m_items.begin(), m_items.end(),
                  [](const WorkItem &a, const WorkItem &b) { return a.record.path < b.record.path; });
        QList<CartridgeBlob> entries;
        entries.reserve(m_items.size());
        for (const WorkItem &item : std::as_const(m_items))
            entries.append(entryOf(item));
        QDir().mkpath(QFileInfo(m_writePath).absolutePath());
        written = CartridgeWriter::write(
            m_writePath, entries,
            [this](qsizetype index, QString *why) -> std::optional<QByteArray> {
                if (m_scope.isCancelled())
                    return std::nullopt;
                auto stored = fetchForWrite(m_items[index], why);
                m_scope.advance();
                return stored;
            },
            &error);
    }
    if (written < 0)
        return finish(false, error);
    m_report.bytes = written;
    m_report.cartridgeWritten = true;
    // Recorded under the cartridge's own path even when staged: the rename
    // that puts it there keeps the size and time.
    if (!next)
        next = nextState();
    next->cartridge.path = m_report.cartridgePath;
    next->cartridge.signature = m_signature;
    next->cartridge.modifiedMs = modifiedMs(m_writePath, &next->cartridge.size);
    if (!next->save(m_statePath, &error))
        return finish(false, error);
    return finish(true, BuildText::tr("Built %1, %2 from cache: %3 (%4) in %5 s.")
                            .arg(m_report.built)
                            .arg(m_report.cached)
                            .arg(QDir(m_project.rootPath()).relativeFilePath(m_report.cartridgePath),
                                 QLocale::system().formattedDataSize(m_report.bytes))
                            .arg(double(m_timer.elapsed()) / 1000.0, 0, 'f', 2));
}

} // namespace

BuildReport BuildOperation::run(OperationScope &scope)
{
    return BuildRun(m_project, m_pool, m_cache, m_runner.get(), m_priority.get(), scope, m_request).run();
}

} // namespace Prometeu
