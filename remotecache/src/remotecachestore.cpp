#include "remotecache/remotecachestore.h"

#include "remotecache/httpcacheclient.h"

#include <support/sha256.h>

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QJsonObject>
#include <QLocale>

#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class RemoteText
{
    Q_DECLARE_TR_FUNCTIONS(RemoteCacheStore)
};

// The kinds of trouble a build reports once each.
enum class Fault { Unreachable, Timeout, Unauthorized, ServerError, BadObject, UploadRefused, UploadsDropped, GaveUp };

// After this many transport failures in a row the server is not asked
// again during the build: a dead or slow server costs a few timeouts, not
// one per asset.
constexpr int failuresBeforeGivingUp = 3;

// An AC record is a few hundred bytes of JSON (more with a converter's
// warnings): a longer answer is not one of ours, and is cut off.
constexpr qint64 maxRecordBytes = 1 << 20;
// No cartridge holds more (cartridge.max_bytes is at most 4 GiB): a record
// naming a larger object is not one of ours, and its object is never asked for.
constexpr qint64 maxObjectBytes = qint64(4) << 30;

bool isHex(const QString &text, qsizetype length)
{
    return text.size() == length
        && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit() || (c >= u'a' && c <= u'f'); });
}

// The AC record: which CAS object a cache key maps to, and what the local
// store needs to keep it (docs/remote-cache.md).
struct ActionRecord {
    QString key;
    QByteArray cas; // hex
    qint64 size = 0;
    CartridgeFormat::Compression compression = CartridgeFormat::Compression::None;
    quint64 originalSize = 0;
    QByteArray originalHash; // 16 raw bytes
    QByteArray converterWarnings; // diagnosticsToJson; optional in the record

    QByteArray toJson() const
    {
        QJsonObject object{
            {u"format"_s, u"prometeu-cache-1"_s},
            {u"key"_s, key},
            {u"cas"_s, QString::fromLatin1(cas)},
            {u"size"_s, size},
            {u"compression"_s,
             compression == CartridgeFormat::Compression::Zstd ? u"zstd"_s : u"none"_s},
            {u"original_size"_s, qint64(originalSize)},
            {u"original_hash"_s, QString::fromLatin1(originalHash.toHex())},
        };
        if (const QJsonArray warnings = QJsonDocument::fromJson(converterWarnings).array(); !warnings.isEmpty())
            object.insert(u"warnings"_s, warnings);
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }

    static std::optional<ActionRecord> fromJson(const QByteArray &json, const QString &expectedKey)
    {
        const QJsonObject object = QJsonDocument::fromJson(json).object();
        ActionRecord record;
        record.key = object.value(u"key"_s).toString();
        const QString cas = object.value(u"cas"_s).toString();
        const QString compression = object.value(u"compression"_s).toString();
        const QString originalHash = object.value(u"original_hash"_s).toString();
        record.size = object.value(u"size"_s).toInteger(-1);
        const qint64 originalSize = object.value(u"original_size"_s).toInteger(-1);
        if (object.value(u"format"_s).toString() != u"prometeu-cache-1"_s || record.key != expectedKey
            || !isHex(cas, 64) || record.size < 0 || originalSize < 0 || !isHex(originalHash, 32)
            || record.size > maxObjectBytes || originalSize > maxObjectBytes
            || (compression != u"zstd"_s && compression != u"none"_s)
            || (compression == u"none"_s && originalSize != record.size)) {
            return std::nullopt;
        }
        record.cas = cas.toLatin1();
        record.compression =
            compression == u"zstd"_s ? CartridgeFormat::Compression::Zstd : CartridgeFormat::Compression::None;
        record.originalSize = quint64(originalSize);
        record.originalHash = QByteArray::fromHex(originalHash.toLatin1());
        if (const QJsonArray warnings = object.value(u"warnings"_s).toArray(); !warnings.isEmpty())
            record.converterWarnings = QJsonDocument(warnings).toJson(QJsonDocument::Compact);
        return record;
    }
};

struct Fetched {
    enum class State { Found, Missing, Failed } state = State::Failed;
    ActionRecord record;
    QByteArray bytes;
};

// A promise kept whatever happens: one dropped unanswered (a shutdown
// that discards a queued request) answers Failed rather than leaving a
// build's worker waiting on a broken promise.
class FetchPromise
{
public:
    std::shared_future<Fetched> future() { return m_promise.get_future().share(); }
    void set(Fetched fetched)
    {
        if (!std::exchange(m_set, true))
            m_promise.set_value(std::move(fetched));
    }
    ~FetchPromise() { set({}); }

private:
    std::promise<Fetched> m_promise;
    bool m_set = false;
};

} // namespace

struct RemoteCacheStore::Shared : std::enable_shared_from_this<RemoteCacheStore::Shared> {
    RemoteCacheConfig config;
    HttpCacheClient *client = nullptr;
    std::shared_ptr<LocalCacheStore> local;
    std::condition_variable uploadsSettled;
    int uploadsPending = 0;     // objects not yet uploaded (sending, or deferred)
    std::deque<QString> deferred; // keys whose upload waits for memory; read back from the local cache
    bool closing = false;         // the store is going: what was deferred is abandoned
    bool uploadStarted = false;   // this build sent an upload...
    bool uploadAnswered = false;  // ...and the server answered one (a refusal is known then)

    std::mutex mutex;
    quint64 generation = 0; // one per build; late uploads of an earlier build count nowhere
    RemoteCacheStats stats;
    struct Note {
        int count = 0;
        QString detail;
    };
    std::map<Fault, Note> faults;
    int failuresInARow = 0;
    bool skipped = false;
    bool writesRefused = false;
    qint64 uploadBytes = 0; // waiting or in flight
    QHash<QString, std::shared_future<Fetched>> fetches;
    // Fetching ahead is bounded in memory: an object whose record has come
    // waits here while downloadMemoryLimit bytes are ahead of the workers.
    // Without the bound a fast server filled memory with the whole
    // cartridge (2 GB peak for a 1 GiB one) while the workers stored it.
    struct Parked {
        ActionRecord record;
        std::shared_ptr<FetchPromise> promise;
    };
    QHash<QString, Parked> parked;       // by key
    std::deque<QString> parkedOrder;     // keys as they came; some may have left `parked` since
    qint64 aheadBytes = 0;  // objects requested or received, not yet taken by load()
    quint64 fetchRound = 0; // one per beginBuild: a late answer to an earlier round releases nothing
    QSet<QString> wanted;   // keys a worker is waiting for
    QSet<QString> small;    // this build's keys under minSize: converted here, not shared

    // Whether an object of `size` may be fetched ahead now; one always may
    // when nothing is ahead (an object larger than the bound still comes).
    bool roomAheadLocked(qint64 size) const
    {
        return aheadBytes == 0 || aheadBytes + size <= config.downloadMemoryLimit;
    }

    void noteLocked(Fault fault, const QString &detail)
    {
        Note &note = faults[fault];
        if (note.count++ == 0)
            note.detail = detail;
    }

    void succeeded()
    {
        std::lock_guard lock(mutex);
        failuresInARow = 0;
    }

    void failed(const HttpCacheReply &reply, bool write)
    {
        using Outcome = HttpCacheReply::Outcome;
        if (reply.outcome == Outcome::Cancelled)
            return;
        // Cancelling answers the reads it drops, whose callbacks take this
        // lock: done once it is let go (under it, a lane that gave up
        // deadlocked on itself; seen under ThreadSanitizer's timing).
        bool giveUp = false;
        const auto cancelAfter = qScopeGuard([&] {
            if (giveUp)
                client->cancelQueuedReads();
        });
        std::lock_guard lock(mutex);
        ++stats.errors;
        if (write && (reply.outcome == Outcome::Rejected || reply.outcome == Outcome::NotFound || reply.status == 403)) {
            writesRefused = true;
            noteLocked(Fault::UploadRefused, reply.detail);
            return;
        }
        switch (reply.outcome) {
        case Outcome::Unreachable: noteLocked(Fault::Unreachable, reply.detail); break;
        case Outcome::Timeout: noteLocked(Fault::Timeout, reply.detail); break;
        case Outcome::Unauthorized: noteLocked(Fault::Unauthorized, reply.detail); break;
        case Outcome::Truncated: noteLocked(Fault::BadObject, RemoteText::tr("cut short: %1").arg(reply.detail)); break;
        case Outcome::TooLarge: noteLocked(Fault::BadObject, RemoteText::tr("too long: %1").arg(reply.detail)); break;
        default: noteLocked(Fault::ServerError, reply.detail); break;
        }
        if (reply.isTransportFault() && ++failuresInARow >= failuresBeforeGivingUp && !skipped) {
            skipped = true;
            noteLocked(Fault::GaveUp, {});
            giveUp = true;
        }
    }

    // Starts fetching one key's record and object; under the lock.
    std::shared_future<Fetched> fetchLocked(const QString &key, const std::shared_ptr<Shared> &self)
    {
        auto promise = std::make_shared<FetchPromise>();
        std::shared_future<Fetched> future = promise->future();
        fetches.insert(key, future);
        client->get(actionPath(key), maxRecordBytes, [self, promise, key, round = fetchRound](const HttpCacheReply &reply) {
            if (reply.outcome == HttpCacheReply::Outcome::NotFound) {
                self->succeeded();
                promise->set({Fetched::State::Missing, {}, {}});
                return;
            }
            if (reply.outcome != HttpCacheReply::Outcome::Ok) {
                self->failed(reply, false);
                return; // the promise answers Failed
            }
            const std::optional<ActionRecord> record = ActionRecord::fromJson(reply.body, key);
            if (!record) {
                std::lock_guard lock(self->mutex);
                ++self->stats.errors;
                self->noteLocked(Fault::BadObject, RemoteText::tr("a record that is not ours or is damaged"));
                return;
            }
            self->succeeded();
            std::unique_lock lock(self->mutex);
            if (round != self->fetchRound)
                return; // fetched ahead for a build that is over: the promise answers Failed
            if (!self->wanted.contains(key) && !self->roomAheadLocked(record->size)) {
                self->parked.insert(key, {*record, promise});
                self->parkedOrder.push_back(key);
                return;
            }
            self->aheadBytes += record->size;
            lock.unlock();
            self->getObject(*record, promise, round);
        });
        return future;
    }

    // The second half of a fetch; its size was counted in aheadBytes.
    void getObject(const ActionRecord &record, const std::shared_ptr<FetchPromise> &promise, quint64 round)
    {
        std::shared_ptr<Shared> self = shared_from_this();
        client->get(objectPath(record.cas), record.size, [self, promise, record, round](const HttpCacheReply &reply) {
            if (reply.outcome == HttpCacheReply::Outcome::Ok) {
                self->succeeded();
                promise->set({Fetched::State::Found, record, reply.body}); // released when load() takes it
                return;
            }
            self->release(record.size, round);
            if (reply.outcome == HttpCacheReply::Outcome::NotFound) {
                self->succeeded();
                promise->set({Fetched::State::Missing, {}, {}}); // a record whose object is gone
            } else {
                self->failed(reply, false);
            }
        }, true);
    }

    // Fetched bytes were taken (or never came): parked objects may go.
    void release(qint64 size, quint64 round)
    {
        std::vector<Parked> go;
        {
            std::lock_guard lock(mutex);
            if (round != fetchRound)
                return; // a build since reset the account
            aheadBytes -= size;
            while (!parkedOrder.empty() && !skipped) {
                const auto it = parked.find(parkedOrder.front());
                if (it == parked.end()) { // a worker asked for it first (want)
                    parkedOrder.pop_front();
                    continue;
                }
                if (!roomAheadLocked(it->record.size))
                    break;
                aheadBytes += it->record.size;
                go.push_back(std::move(*it));
                parked.erase(it);
                parkedOrder.pop_front();
            }
        }
        for (const Parked &next : go)
            getObject(next.record, next.promise, round);
    }

    // A worker waits for `key`: if its object is parked, it goes now.
    void want(const QString &key)
    {
        std::optional<Parked> now;
        quint64 round = 0;
        {
            std::lock_guard lock(mutex);
            round = fetchRound;
            wanted.insert(key);
            const auto it = parked.find(key);
            if (it != parked.end()) {
                aheadBytes += it->record.size;
                now = std::move(*it);
                parked.erase(it); // its key stays in parkedOrder, skipped there
            }
        }
        if (now)
            getObject(now->record, now->promise, round);
    }

    // Sends one object, then the record naming it (in that order: a reader
    // never finds a record whose object has not arrived). The bytes were
    // counted in uploadBytes and the object in uploadsPending.
    void upload(const QString &key, const CartridgeBlob &blob, quint64 generationOfBuild)
    {
        ActionRecord record;
        record.key = key;
        record.cas = Sha256::hex(blob.stored);
        record.size = blob.stored.size();
        record.compression = blob.compression;
        record.originalSize = blob.originalSize;
        record.originalHash = blob.originalHash;
        record.converterWarnings = blob.converterWarnings;
        const QByteArray recordJson = record.toJson();
        std::shared_ptr<Shared> self = shared_from_this();
        const qint64 size = record.size;
        bool first = false;
        {
            std::lock_guard lock(mutex);
            if (generationOfBuild == generation)
                first = !std::exchange(uploadStarted, true);
        }
        client->put(objectPath(record.cas), blob.stored,
                    [self, recordJson, key, size, generationOfBuild](const HttpCacheReply &reply) {
            {
                std::lock_guard lock(self->mutex);
                if (generationOfBuild == self->generation)
                    self->uploadAnswered = true;
            }
            self->uploadsSettled.notify_all();
            if (reply.outcome != HttpCacheReply::Outcome::Ok) {
                self->failed(reply, true);
                self->settle(size, false, generationOfBuild, 0);
                return;
            }
            self->succeeded();
            self->client->put(actionPath(key), recordJson,
                              [self, size, generationOfBuild, bytes = size + recordJson.size()](const HttpCacheReply &reply) {
                const bool ok = reply.outcome == HttpCacheReply::Outcome::Ok;
                ok ? self->succeeded() : self->failed(reply, true);
                self->settle(size, ok, generationOfBuild, bytes);
            });
        }, first);
    }

    // One upload is over: its memory is free for a deferred one.
    void settle(qint64 size, bool uploaded, quint64 generationOfBuild, qint64 bytes)
    {
        QList<std::pair<QString, quint64>> next;
        {
            std::lock_guard lock(mutex);
            uploadBytes -= size;
            --uploadsPending;
            if (uploaded && generationOfBuild == generation) {
                ++stats.uploaded;
                stats.bytesUp += bytes;
            }
            const bool goOn = !skipped && !writesRefused && !closing;
            while (!deferred.empty() && (!goOn || uploadBytes < config.uploadMemoryLimit / 2)) {
                next.append({deferred.front(), goOn ? generation : 0});
                deferred.pop_front();
                if (!goOn)
                    --uploadsPending;
                else
                    uploadBytes += 1; // reserved; the real size is added below
                if (!goOn)
                    continue;
                break; // one at a time keeps memory near the bound
            }
        }
        uploadsSettled.notify_all();
        for (const auto &[key, build] : next) {
            if (build == 0)
                continue;
            CartridgeBlob blob;
            const bool loaded = local->load(key, &blob) == CacheStore::Lookup::Hit;
            {
                std::lock_guard lock(mutex);
                uploadBytes -= 1;
                if (loaded)
                    uploadBytes += blob.stored.size();
                else
                    --uploadsPending;
            }
            if (loaded)
                upload(key, blob, build);
            else
                uploadsSettled.notify_all();
        }
    }

    bool waitForUploads(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(mutex);
        return uploadsSettled.wait_for(lock, timeout, [this] { return uploadsPending == 0; });
    }

    // A server that refuses uploads (read-only, wrong token) says so on
    // the first one: the build waits for that answer (at most `cap`) so
    // its warning belongs to the build that caused it.
    void waitForFirstUploadAnswer(std::chrono::milliseconds cap)
    {
        std::unique_lock lock(mutex);
        uploadsSettled.wait_for(lock, cap, [this] { return !uploadStarted || uploadAnswered || uploadsPending == 0; });
    }

    QList<Diagnostic> warningsLocked() const
    {
        QList<Diagnostic> warnings;
        const QString where = config.displayUrl();
        auto add = [&](const QString &code, const QString &message) {
            Diagnostic d;
            d.severity = Severity::Warning;
            d.code = code;
            d.message = message;
            d.file = config.origin;
            warnings.append(d);
        };
        for (const auto &[fault, note] : faults) {
            switch (fault) {
            case Fault::Unreachable:
                add(u"remote_cache.unreachable"_s,
                    RemoteText::tr("The team cache at %1 could not be reached (%2); what it would have "
                                   "provided was converted on this machine.")
                        .arg(where, note.detail));
                break;
            case Fault::Timeout:
                add(u"remote_cache.timeout"_s,
                    RemoteText::tr("The team cache at %1 did not answer within %2 s (%n request(s)); what it "
                                   "would have provided was converted on this machine.",
                                   nullptr, note.count)
                        .arg(where, QLocale::system().toString(config.timeoutMs / 1000.0, 'g', 3)));
                break;
            case Fault::Unauthorized:
                add(u"remote_cache.unauthorized"_s,
                    RemoteText::tr("The team cache at %1 refused our credentials (%2). Check the token in "
                                   "PROMETEU_REMOTE_CACHE_TOKEN, or the user name and password in the address.")
                        .arg(where, note.detail));
                break;
            case Fault::ServerError:
                add(u"remote_cache.server_error"_s,
                    RemoteText::tr("The team cache at %1 failed %n request(s) (%2); those assets were "
                                   "converted on this machine.",
                                   nullptr, note.count)
                        .arg(where, note.detail));
                break;
            case Fault::BadObject:
                add(u"remote_cache.bad_object"_s,
                    RemoteText::tr("%n object(s) from the team cache at %1 failed verification (%2) and were "
                                   "not used; they were converted on this machine.",
                                   nullptr, note.count)
                        .arg(where, note.detail));
                break;
            case Fault::UploadRefused:
                add(u"remote_cache.upload_refused"_s,
                    RemoteText::tr("The team cache at %1 refused uploads (%2): this build's conversions stay "
                                   "on this machine. Set \"write\": false for a read-only cache.")
                        .arg(where, note.detail));
                break;
            case Fault::UploadsDropped:
                add(u"remote_cache.uploads_dropped"_s,
                    RemoteText::tr("%n conversion(s) were not uploaded to the team cache at %1: more than %2 "
                                   "was waiting to be sent.",
                                   nullptr, note.count)
                        .arg(where, QLocale::system().formattedDataSize(config.uploadMemoryLimit)));
                break;
            case Fault::GaveUp:
                add(u"remote_cache.skipped"_s,
                    RemoteText::tr("After %n failed request(s) in a row the team cache at %1 was not asked "
                                   "again during this build.",
                                   nullptr, failuresBeforeGivingUp)
                        .arg(where));
                break;
            }
        }
        return warnings;
    }

    void startBuildLocked()
    {
        ++generation;
        stats = {};
        stats.url = config.displayUrl();
        faults.clear();
        failuresInARow = 0;
        skipped = false;
        writesRefused = false;
        uploadStarted = uploadAnswered = false;
        forgetFetchesLocked();
    }

    // What was fetched ahead for a build that is over is not wanted; the
    // parked promises answer Failed as they go.
    void forgetFetchesLocked()
    {
        fetches.clear();
        parked.clear();
        parkedOrder.clear();
        wanted.clear();
        small.clear();
        aheadBytes = 0;
        ++fetchRound;
    }
};

RemoteCacheStore::RemoteCacheStore(std::shared_ptr<LocalCacheStore> local, RemoteCacheConfig config)
    : m_local(std::move(local))
    , m_shared(std::make_shared<Shared>())
{
    m_shared->config = std::move(config);
    m_client = HttpCacheClient::create(HttpCacheClient::Options{
        m_shared->config.url, m_shared->config.authorization, m_shared->config.timeoutMs,
        m_shared->config.maxInFlight});
    m_shared->client = m_client.get();
    m_shared->local = m_local;
    std::lock_guard lock(m_shared->mutex);
    m_shared->startBuildLocked();
}

RemoteCacheStore::~RemoteCacheStore()
{
    m_shared->waitForUploads(std::chrono::milliseconds(m_shared->config.exitGraceMs));
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->closing = true;
    }
    m_client.reset(); // abandons what is left; callbacks answer Cancelled
}

const RemoteCacheConfig &RemoteCacheStore::config() const
{
    return m_shared->config;
}

QString RemoteCacheStore::actionPath(const QString &key)
{
    return u"ac/"_s + QString::fromLatin1(Sha256::hex("prometeu-cache-1/" + key.toLatin1()));
}

QString RemoteCacheStore::objectPath(const QByteArray &sha256Hex)
{
    return u"cas/"_s + QString::fromLatin1(sha256Hex);
}

void RemoteCacheStore::beginBuild(const QList<PlannedLoad> &loads) const
{
    std::lock_guard lock(m_shared->mutex);
    // The previous finishBuild started this build's figures; what arrived
    // since (an upload of that build refused after its build_finished) is
    // this build's to report. A cancelled build never finished: only its
    // read-side state is reset here.
    m_shared->failuresInARow = 0;
    m_shared->skipped = false;
    m_shared->forgetFetchesLocked();
    for (const PlannedLoad &load : loads) {
        if (load.sourceBytes < m_shared->config.minSize)
            m_shared->small.insert(load.key);
        else if (m_shared->config.read && !m_local->contains(load.key) && !m_shared->fetches.contains(load.key))
            m_shared->fetchLocked(load.key, m_shared);
    }
}

CacheStore::Lookup RemoteCacheStore::load(const QString &key, CartridgeBlob *blob, QString *why, Source *source) const
{
    const Lookup local = m_local->load(key, blob, why, source);
    if (local == Lookup::Hit || !m_shared->config.read)
        return local;
    std::shared_future<Fetched> future;
    {
        std::lock_guard lock(m_shared->mutex);
        if (m_shared->small.contains(key)) {
            ++m_shared->stats.keptLocal;
            return local;
        }
        if (m_shared->skipped)
            return local;
        const auto it = m_shared->fetches.constFind(key);
        future = it != m_shared->fetches.cend() ? *it : m_shared->fetchLocked(key, m_shared);
    }
    m_shared->want(key);
    const Fetched fetched = future.get(); // the client's deadline bounds the wait
    quint64 round = 0;
    {
        std::lock_guard lock(m_shared->mutex);
        round = m_shared->fetchRound;
        m_shared->fetches.remove(key);
        m_shared->wanted.remove(key);
        if (fetched.state == Fetched::State::Missing)
            ++m_shared->stats.misses;
    }
    if (fetched.state != Fetched::State::Found)
        return local;
    m_shared->release(fetched.record.size, round);
    // Never ship what the server says without checking it: the bytes must
    // be the ones the record names. Checked and stored outside the lock:
    // under it, one worker's hashing and disk write held up the other
    // workers and every network callback (machine B ran on one core).
    const ActionRecord &record = fetched.record;
    if (fetched.bytes.size() != record.size || Sha256::hex(fetched.bytes) != record.cas) {
        std::lock_guard lock(m_shared->mutex);
        ++m_shared->stats.errors;
        m_shared->noteLocked(Fault::BadObject, fetched.bytes.size() != record.size
                                                   ? RemoteText::tr("%1 of %2 bytes")
                                                         .arg(fetched.bytes.size())
                                                         .arg(record.size)
                                                   : RemoteText::tr("wrong SHA-256"));
        return local;
    }
    CartridgeBlob fromTeam;
    fromTeam.compression = record.compression;
    fromTeam.stored = fetched.bytes;
    fromTeam.originalSize = record.originalSize;
    fromTeam.originalHash = record.originalHash;
    fromTeam.converterWarnings = record.converterWarnings;
    QString error;
    m_local->store(key, fromTeam, &error); // next time it is a local hit; if not, it is still good now
    {
        std::lock_guard lock(m_shared->mutex);
        ++m_shared->stats.hits;
        m_shared->stats.bytesDown += fetched.bytes.size();
    }
    blob->compression = fromTeam.compression;
    blob->stored = fromTeam.stored;
    blob->storedSize = quint64(fromTeam.stored.size());
    blob->originalSize = fromTeam.originalSize;
    blob->originalHash = fromTeam.originalHash;
    blob->converterWarnings = fromTeam.converterWarnings;
    if (source)
        *source = Source::Remote;
    return Lookup::Hit;
}


bool RemoteCacheStore::store(const QString &key, const CartridgeBlob &blob, QString *error) const
{
    const bool stored = m_local->store(key, blob, error);
    if (const std::optional<quint64> generation = admitUpload(key, blob.stored.size(), stored))
        m_shared->upload(key, blob, *generation);
    return stored;
}

bool RemoteCacheStore::storeFrom(const QString &key, const CartridgeBlob &blob, const StoredReader &read,
                                 QString *error) const
{
    // Not held in memory on its way here: it goes up from the local copy.
    if (!m_local->storeFrom(key, blob, read, error))
        return false;
    const std::optional<quint64> generation = admitUpload(key, qint64(blob.storedSize), true);
    if (!generation)
        return true;
    CartridgeBlob local;
    if (m_local->load(key, &local) == CacheStore::Lookup::Hit) {
        m_shared->upload(key, local, *generation);
    } else {
        std::lock_guard lock(m_shared->mutex);
        m_shared->uploadBytes -= qint64(blob.storedSize);
        --m_shared->uploadsPending;
        m_shared->uploadsSettled.notify_all();
    }
    return true;
}

std::optional<quint64> RemoteCacheStore::admitUpload(const QString &key, qint64 size, bool storedLocally) const
{
    std::lock_guard lock(m_shared->mutex);
    if (!m_shared->config.write || m_shared->skipped || m_shared->writesRefused || m_shared->small.contains(key))
        return std::nullopt;
    if (m_shared->uploadBytes > 0 && m_shared->uploadBytes + size > m_shared->config.uploadMemoryLimit) {
        // Over the memory bound: the object is on this machine's disk,
        // and goes up from there when there is room. Only one the local
        // cache could not keep is not uploaded at all.
        if (storedLocally) {
            m_shared->deferred.push_back(key);
            ++m_shared->uploadsPending;
        } else {
            ++m_shared->stats.uploadsDropped;
            m_shared->noteLocked(Fault::UploadsDropped, {});
        }
        return std::nullopt;
    }
    if (size > m_shared->config.uploadMemoryLimit) {
        ++m_shared->stats.uploadsDropped;
        m_shared->noteLocked(Fault::UploadsDropped, {});
        return std::nullopt;
    }
    m_shared->uploadBytes += size;
    ++m_shared->uploadsPending;
    return m_shared->generation;
}

std::optional<RemoteCacheStats> RemoteCacheStore::finishBuild(std::chrono::milliseconds uploadWait) const
{
    m_shared->waitForUploads(uploadWait);
    m_shared->waitForFirstUploadAnswer(std::chrono::seconds(1));
    m_client->cancelQueuedReads(); // fetched ahead for assets that never asked (a failed or cancelled build)
    std::lock_guard lock(m_shared->mutex);
    RemoteCacheStats stats = m_shared->stats;
    stats.skipped = m_shared->skipped;
    stats.uploadsUnfinished = m_shared->uploadsPending;
    stats.warnings = m_shared->warningsLocked();
    m_shared->startBuildLocked();
    return stats;
}

} // namespace Prometeu
