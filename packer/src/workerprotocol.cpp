#include "packer/workerprotocol.h"

#include "packer/wirenames.h"

#include <QDataStream>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QtEndian>

#include <atomic>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

constexpr QDataStream::Version streamVersion = QDataStream::Qt_6_4;
constexpr qsizetype sizeBytes = sizeof(quint32);

// A stream writing a frame: its size is filled in by finish().
class FrameWriter
{
public:
    FrameWriter() : m_stream(&m_frame, QIODevice::WriteOnly)
    {
        m_stream.setVersion(streamVersion);
        m_stream.setByteOrder(QDataStream::LittleEndian);
        m_stream << quint32(0);
    }
    QDataStream &stream() { return m_stream; }
    QByteArray finish()
    {
        qToLittleEndian(quint32(m_frame.size() - sizeBytes), m_frame.data());
        return std::move(m_frame);
    }

private:
    QByteArray m_frame;
    QDataStream m_stream;
};

// Reads a body in place.
class BodyReader
{
public:
    explicit BodyReader(QByteArrayView body)
        : m_bytes(QByteArray::fromRawData(body.data(), body.size()))
        , m_stream(m_bytes)
    {
        m_stream.setVersion(streamVersion);
        m_stream.setByteOrder(QDataStream::LittleEndian);
    }
    QDataStream &stream() { return m_stream; }
    // Everything read, and nothing left over.
    bool whole() const { return m_stream.status() == QDataStream::Ok && m_stream.atEnd(); }

private:
    QByteArray m_bytes;
    QDataStream m_stream;
};

constexpr auto lastFailure = StoredConversion::Failure::Unavailable;

} // namespace

QByteArray WorkerProtocol::encode(const Request &request)
{
    QByteArray body;
    QDataStream out(&body, QIODevice::WriteOnly);
    out.setVersion(streamVersion);
    out.setByteOrder(QDataStream::LittleEndian);
    out << quint64(request.id) << qint64(request.inputSize) << request.projectRoot << request.job.asset
        << wireName(request.job.kind) << QJsonDocument(request.job.settings).toJson(QJsonDocument::Compact);
    return body;
}

QByteArray WorkerProtocol::frame(int slot, const QByteArray &encodedRequest)
{
    QByteArray frame(2 * sizeBytes + encodedRequest.size(), Qt::Uninitialized);
    qToLittleEndian(quint32(sizeBytes + encodedRequest.size()), frame.data());
    qToLittleEndian(qint32(slot), frame.data() + sizeBytes);
    std::memcpy(frame.data() + 2 * sizeBytes, encodedRequest.constData(), size_t(encodedRequest.size()));
    return frame;
}

std::optional<WorkerProtocol::Request> WorkerProtocol::RequestDecoder::decode(QByteArrayView body)
{
    if (body.size() < sizeBytes)
        return std::nullopt;
    Request request;
    request.slot = qFromLittleEndian<qint32>(body.data());
    BodyReader reader(body.sliced(sizeBytes));
    QString kind;
    QByteArray settings;
    reader.stream() >> request.id >> request.inputSize >> request.projectRoot >> request.job.asset >> kind >> settings;
    if (!reader.whole() || request.slot < 0 || request.slot >= slots || request.inputSize < -1
        || request.inputSize > windowBytes || request.projectRoot.isEmpty() || request.job.asset.isEmpty())
        return std::nullopt;
    request.job.kind = assetKindFromString(kind).value_or(AssetKind::Unknown);
    // A build's assets of one kind mostly share their settings: each
    // distinct text is parsed once.
    auto parsed = m_settings.constFind(settings);
    if (parsed == m_settings.cend()) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(settings, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return std::nullopt;
        if (m_settings.size() >= 256)
            m_settings.clear();
        parsed = m_settings.insert(settings, document.object());
    }
    request.job.settings = parsed.value();
    return request;
}

QByteArray WorkerProtocol::encode(const Response &response)
{
    const StoredConversion &result = response.result;
    // JSON: there are seldom any
    const QByteArray diagnostics = result.diagnostics.isEmpty() ? QByteArray() : diagnosticsToJson(result.diagnostics);
    FrameWriter frame;
    frame.stream() << quint64(response.id) << quint8(result.failure) << result.durationMs
                   << quint8(result.blob.compression) << quint64(result.blob.storedSize)
                   << quint64(result.blob.originalSize) << result.blob.originalHash << diagnostics;
    return frame.finish();
}

std::optional<WorkerProtocol::Response> WorkerProtocol::decodeResponse(QByteArrayView body)
{
    Response response;
    StoredConversion &result = response.result;
    quint8 failure = 0;
    quint8 compression = 0;
    QByteArray diagnostics;
    BodyReader reader(body);
    reader.stream() >> response.id >> failure >> result.durationMs >> compression >> result.blob.storedSize
        >> result.blob.originalSize >> result.blob.originalHash >> diagnostics;
    if (!reader.whole() || failure > quint8(lastFailure))
        return std::nullopt;
    result.failure = StoredConversion::Failure(failure);
    if (!diagnostics.isEmpty())
        result.diagnostics = diagnosticsFromJson(diagnostics);
    if (result.ok()) {
        if (compression != quint8(CartridgeFormat::Compression::None)
            && compression != quint8(CartridgeFormat::Compression::Zstd))
            return std::nullopt;
        // A size past what a cartridge holds is not one to allocate.
        if (result.blob.originalHash.size() != 16 || result.blob.storedSize > (quint64(1) << 32))
            return std::nullopt;
        result.blob.compression = CartridgeFormat::Compression(compression);
    } else {
        result.blob = {};
    }
    return response;
}

void WorkerProtocol::FrameReader::append(const char *data, qsizetype size)
{
    if (m_start > 0) {
        m_buffer.remove(0, m_start);
        m_start = 0;
    }
    m_buffer.append(data, size);
}

bool WorkerProtocol::FrameReader::hasFrame() const
{
    const qsizetype left = m_buffer.size() - m_start;
    if (m_failed || left < sizeBytes)
        return false;
    const quint32 size = qFromLittleEndian<quint32>(m_buffer.constData() + m_start);
    return size > maxBodyBytes || left - sizeBytes >= qsizetype(size);
}

std::optional<QByteArrayView> WorkerProtocol::FrameReader::next()
{
    if (!hasFrame())
        return std::nullopt;
    const quint32 size = qFromLittleEndian<quint32>(m_buffer.constData() + m_start);
    if (size > maxBodyBytes) {
        m_failed = true;
        return std::nullopt;
    }
    const QByteArrayView body(m_buffer.constData() + m_start + sizeBytes, qsizetype(size));
    m_start += sizeBytes + qsizetype(size);
    return body;
}

namespace {

// The job id has a page of its own; the windows follow, page-aligned.
constexpr qint64 headerBytes = 4096;
constexpr qint64 areaBytes = headerBytes + 2 * WorkerProtocol::slots * WorkerProtocol::windowBytes;

} // namespace

WorkerProtocol::SharedArea::~SharedArea()
{
    close();
}

bool WorkerProtocol::SharedArea::create(const QString &path)
{
    return map(path, true);
}

bool WorkerProtocol::SharedArea::open(const QString &path)
{
    return map(path, false);
}

bool WorkerProtocol::SharedArea::map(const QString &path, bool create)
{
    close();
    const int fd = ::open(QFile::encodeName(path).constData(),
                          create ? O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC : O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    // The worker never resizes it: a file shorter than the mapping would
    // end the host with SIGBUS. It checks the size the host made instead.
    bool sized = false;
    struct stat info;
    if (create) {
        sized = ::ftruncate(fd, off_t(areaBytes)) == 0;
    } else if (::fstat(fd, &info) == 0) {
        sized = info.st_size == off_t(areaBytes);
        if (!sized)
            errno = EINVAL;
    }
    void *area = sized ? ::mmap(nullptr, size_t(areaBytes), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
    ::close(fd);
    if (area == MAP_FAILED)
        return false;
    m_area = static_cast<char *>(area);
    return true;
}

void WorkerProtocol::SharedArea::close()
{
    if (m_area)
        ::munmap(m_area, size_t(areaBytes));
    m_area = nullptr;
}

void WorkerProtocol::SharedArea::setCurrent(quint64 id)
{
    if (m_area)
        std::atomic_ref(*reinterpret_cast<quint64 *>(m_area)).store(id, std::memory_order_release);
}

quint64 WorkerProtocol::SharedArea::current() const
{
    return m_area ? std::atomic_ref(*reinterpret_cast<quint64 *>(m_area)).load(std::memory_order_acquire) : 0;
}

char *WorkerProtocol::SharedArea::input(int slot) const
{
    Q_ASSERT(m_area && slot >= 0 && slot < slots);
    return m_area + headerBytes + 2 * qint64(slot) * windowBytes;
}

char *WorkerProtocol::SharedArea::output(int slot) const
{
    return input(slot) + windowBytes;
}

} // namespace Prometeu
