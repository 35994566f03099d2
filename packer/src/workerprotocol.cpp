#include "packer/workerprotocol.h"

#include "packer/wirenames.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>

#include <atomic>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

constexpr std::pair<StoredConversion::Failure, const char16_t *> failureNames[] = {
    {StoredConversion::Failure::None, u"none"},
    {StoredConversion::Failure::Refused, u"refused"},
    {StoredConversion::Failure::Unreadable, u"unreadable"},
    {StoredConversion::Failure::Crashed, u"crashed"},
    {StoredConversion::Failure::TimedOut, u"timed_out"},
    {StoredConversion::Failure::OutOfMemory, u"out_of_memory"},
};

std::optional<QJsonObject> objectOf(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

QByteArray WorkerProtocol::encode(const Request &request)
{
    return QJsonDocument(QJsonObject{{u"id"_s, qint64(request.id)},
                                     {u"root"_s, request.projectRoot},
                                     {u"asset"_s, request.job.asset},
                                     {u"kind"_s, wireName(request.job.kind)},
                                     {u"settings"_s, request.job.settings}})
        .toJson(QJsonDocument::Compact);
}

QByteArray WorkerProtocol::line(int slot, const QByteArray &encodedRequest)
{
    return QByteArray::number(slot) + ' ' + encodedRequest + '\n';
}

std::optional<WorkerProtocol::Request> WorkerProtocol::decodeRequest(const QByteArray &text)
{
    const qsizetype space = text.indexOf(' ');
    bool slotOk = false;
    const int slot = space > 0 ? text.left(space).toInt(&slotOk) : -1;
    if (!slotOk || slot < 0 || slot > 1024)
        return std::nullopt;
    const std::optional<QJsonObject> object = objectOf(text.mid(space + 1));
    if (!object || !object->value(u"id"_s).isDouble())
        return std::nullopt;
    Request request;
    request.slot = slot;
    request.id = quint64(object->value(u"id"_s).toInteger());
    request.projectRoot = object->value(u"root"_s).toString();
    request.job.asset = object->value(u"asset"_s).toString();
    request.job.kind = assetKindFromString(object->value(u"kind"_s).toString()).value_or(AssetKind::Unknown);
    request.job.settings = object->value(u"settings"_s).toObject();
    if (request.projectRoot.isEmpty() || request.job.asset.isEmpty())
        return std::nullopt;
    return request;
}

QByteArray WorkerProtocol::encode(const Response &response)
{
    const StoredConversion &result = response.result;
    QJsonArray diagnostics;
    for (const Diagnostic &diagnostic : result.diagnostics)
        diagnostics.append(diagnostic.toJson());
    QJsonObject object{{u"id"_s, qint64(response.id)},
                       {u"failure"_s, wireNameIn(failureNames, result.failure)},
                       {u"diagnostics"_s, diagnostics},
                       {u"duration_ms"_s, result.durationMs}};
    if (result.ok()) {
        object.insert(u"compression"_s, wireName(result.blob.compression));
        object.insert(u"stored_size"_s, qint64(result.blob.storedSize));
        object.insert(u"original_size"_s, qint64(result.blob.originalSize));
        object.insert(u"original_hash"_s, QString::fromLatin1(result.blob.originalHash.toHex()));
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<WorkerProtocol::Response> WorkerProtocol::decodeResponse(const QByteArray &text)
{
    const std::optional<QJsonObject> object = objectOf(text);
    if (!object || !object->value(u"id"_s).isDouble())
        return std::nullopt;
    Response response;
    response.id = quint64(object->value(u"id"_s).toInteger());
    const auto failure = wireValueIn<StoredConversion::Failure>(failureNames, object->value(u"failure"_s).toString());
    if (!failure)
        return std::nullopt;
    StoredConversion &result = response.result;
    result.failure = *failure;
    result.durationMs = object->value(u"duration_ms"_s).toDouble();
    for (const QJsonValue &value : object->value(u"diagnostics"_s).toArray()) {
        if (const auto diagnostic = Diagnostic::fromJson(value.toObject()))
            result.diagnostics.append(*diagnostic);
    }
    if (result.ok()) {
        const QString compressionName = object->value(u"compression"_s).toString();
        const std::optional<CartridgeFormat::Compression> compression =
            compressionName == u"zstd"_s   ? std::optional(CartridgeFormat::Compression::Zstd)
            : compressionName == u"none"_s ? std::optional(CartridgeFormat::Compression::None)
                                           : std::nullopt;
        const qint64 stored = object->value(u"stored_size"_s).toInteger(-1);
        const qint64 original = object->value(u"original_size"_s).toInteger(-1);
        const QByteArray hash = QByteArray::fromHex(object->value(u"original_hash"_s).toString().toLatin1());
        if (!compression || stored < 0 || original < 0 || hash.size() != 16)
            return std::nullopt;
        result.blob.compression = *compression;
        result.blob.storedSize = quint64(stored);
        result.blob.originalSize = quint64(original);
        result.blob.originalHash = hash;
    }
    return response;
}

WorkerProtocol::ProgressPage::~ProgressPage()
{
    close();
}

bool WorkerProtocol::ProgressPage::create(const QString &path)
{
    return map(path, true);
}

bool WorkerProtocol::ProgressPage::open(const QString &path)
{
    return map(path, false);
}

bool WorkerProtocol::ProgressPage::map(const QString &path, bool create)
{
    close();
    const int fd = ::open(QFile::encodeName(path).constData(),
                          create ? O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC : O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    void *page = MAP_FAILED;
    if (::ftruncate(fd, sizeof(quint64)) == 0)
        page = ::mmap(nullptr, sizeof(quint64), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
    if (page == MAP_FAILED)
        return false;
    m_page = page;
    return true;
}

void WorkerProtocol::ProgressPage::close()
{
    if (m_page)
        ::munmap(m_page, sizeof(quint64));
    m_page = nullptr;
}

void WorkerProtocol::ProgressPage::setCurrent(quint64 id)
{
    if (m_page)
        std::atomic_ref(*static_cast<quint64 *>(m_page)).store(id, std::memory_order_release);
}

quint64 WorkerProtocol::ProgressPage::current() const
{
    return m_page ? std::atomic_ref(*static_cast<quint64 *>(m_page)).load(std::memory_order_acquire) : 0;
}

} // namespace Prometeu
