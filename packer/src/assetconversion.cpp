#include "packer/assetconversion.h"

#include "packer/assetconverter.h"
#include "packer/largebuffer.h"
#include "packer/contenthash.h"
#include "wholefile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLocale>
#include <QScopeGuard>

#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <future>
#include <optional>
#include <memory>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {
class ConversionText
{
    Q_DECLARE_TR_FUNCTIONS(AssetConversion)
};
// One compression context a thread, kept: ZSTD_compress() makes and frees
// one a call, and for the many small assets of a game that allocation and
// its table set-up cost more than compressing them (a quarter of a cold
// build's CPU on 10,000 small files).
ZSTD_CCtx *compressionContext()
{
    struct FreeContext {
        void operator()(ZSTD_CCtx *context) const { ZSTD_freeCCtx(context); }
    };
    thread_local std::unique_ptr<ZSTD_CCtx, FreeContext> context(ZSTD_createCCtx());
    return context.get();
}

size_t compressZstd(QByteArray *into, const QByteArray &from, int level)
{
    ZSTD_CCtx *context = compressionContext();
    if (!context)
        return ZSTD_compress(into->data(), size_t(into->size()), from.constData(), size_t(from.size()), level);
    return ZSTD_compressCCtx(context, into->data(), size_t(into->size()), from.constData(), size_t(from.size()),
                             level);
}

// This thread's context, set to compress one frame of `size` bytes at
// `level`; null without a context.
ZSTD_CCtx *beginFrame(qint64 size, int level)
{
    ZSTD_CCtx *context = compressionContext();
    if (!context)
        return nullptr;
    // Whatever an earlier call left (one that stopped mid-frame) is gone.
    ZSTD_CCtx_reset(context, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setPledgedSrcSize(context, quint64(size));
    return context;
}

// Compresses all of `in` into the frame begun on `context` (`last`: the
// frame's last input, which ends it), through `piece` a buffer-full at a
// time, each handed to `write` at *written. False where compression does
// not pay (the output reached `limit`, the payload's size), fails, or
// `write` refuses (then *writeFailed).
bool compressInto(ZSTD_CCtx *context, ZSTD_inBuffer &in, bool last, QByteArray &piece, qint64 limit,
                  const StoredWriter &write, qint64 *written, bool *writeFailed)
{
    const ZSTD_EndDirective directive = last ? ZSTD_e_end : ZSTD_e_continue;
    for (;;) {
        ZSTD_outBuffer out{piece.data(), size_t(piece.size()), 0};
        const size_t left = ZSTD_compressStream2(context, &out, &in, directive);
        if (ZSTD_isError(left) || *written + qint64(out.pos) >= limit)
            return false;
        if (out.pos > 0 && !write(*written, QByteArrayView(piece.constData(), qsizetype(out.pos)))) {
            *writeFailed = true;
            return false;
        }
        *written += qint64(out.pos);
        if (last ? left == 0 : in.pos == in.size)
            return true;
    }
}

// A large payload is compressed a piece at a time, each piece handed to
// `write`: a worker puts them straight into its output file, so it never
// holds the payload and a whole compressed copy at once (a six-minute
// sound, 60 MB of samples zstd shrinks by a tenth, was twice that).
// Returns the compressed size; nullopt where compression does not pay
// (the output reached the payload's size) or cannot be done, and then
// *writeFailed says whether `write` failed.
std::optional<qint64> compressInPieces(const QByteArray &payload, int level, const StoredWriter &write,
                                       bool *writeFailed)
{
    ZSTD_CCtx *context = beginFrame(payload.size(), level);
    if (!context)
        return std::nullopt;
    QByteArray piece(1 << 20, Qt::Uninitialized);
    ZSTD_inBuffer in{payload.constData(), size_t(payload.size()), 0};
    qint64 written = 0;
    if (!compressInto(context, in, true, piece, payload.size(), write, &written, writeFailed))
        return std::nullopt;
    return written;
}
// A payload taken a piece at a time as its converter makes it
// (PayloadPieces): hashed and compressed as it comes, the stored bytes
// written through `write`. A long sound then never sits in memory whole
// beside its compressed copy (66 MB of samples and 59 MB of zstd in one
// worker, on supertux-data).
class PayloadStream
{
public:
    PayloadStream(bool compress, const StoredWriter &write) : m_compress(compress), m_write(write) { }

    // Only a payload worth it: the small ones are compressed whole.
    bool begin(qint64 size)
    {
        if (size <= streamedAbove || m_size >= 0)
            return false;
        if (m_compress) {
            m_context = beginFrame(size, 3);
            if (!m_context)
                return false;
            m_out = QByteArray(1 << 20, Qt::Uninitialized);
        }
        m_size = size;
        return true;
    }

    bool add(QByteArrayView piece)
    {
        if (m_refused || m_taken + piece.size() > m_size)
            return refuse();
        m_hash.add(piece);
        m_taken += piece.size();
        if (!m_context)
            return put(piece);
        const bool last = m_taken == m_size;
        ZSTD_inBuffer in{piece.data(), size_t(piece.size()), 0};
        // Compression that does not pay refuses too: the payload is then
        // stored as it is, which needs it whole (the converter starts over).
        if (!compressInto(m_context, in, last, m_out, m_size, m_write, &m_written, &m_writeFailed))
            return refuse();
        m_ended = last;
        return true;
    }

    // The whole payload came, and went through `write`.
    bool finished() const { return !m_refused && m_size >= 0 && m_taken == m_size && (!m_context || m_ended); }
    qint64 size() const { return m_size; }
    qint64 written() const { return m_written; }
    bool compressed() const { return m_context != nullptr; }
    bool writeFailed() const { return m_writeFailed; }
    QByteArray digest() const { return m_hash.digest(); }

private:
    bool put(QByteArrayView bytes)
    {
        if (!m_write(m_written, bytes)) {
            m_writeFailed = true;
            return refuse();
        }
        m_written += bytes.size();
        return true;
    }
    bool refuse()
    {
        m_refused = true;
        return false;
    }

    bool m_compress;
    const StoredWriter &m_write;
    ZSTD_CCtx *m_context = nullptr;
    QByteArray m_out;
    ContentHash::Stream m_hash;
    qint64 m_size = -1;
    qint64 m_taken = 0;
    qint64 m_written = 0;
    bool m_ended = false;
    bool m_refused = false;
    bool m_writeFailed = false;
};

} // namespace

namespace {

// Why the build could not read an asset's file, in the same words whether
// it was read whole or hashed in pieces.
Diagnostic unreadable(const AssetContext &asset, const QString &why)
{
    return asset.diagnostic(Severity::Error, u"file.unreadable"_s,
                            ConversionText::tr("The file cannot be read: %1.").arg(embeddableReason(why)));
}

} // namespace

bool readAssetInput(const AssetContext &asset, QByteArray *bytes, QList<Diagnostic> *diagnostics)
{
    QString why;
    if (!readWholeFile(asset.absolutePath(), bytes, &why)) {
        diagnostics->append(unreadable(asset, why));
        return false;
    }
    return true;
}

QString hashAssetInput(const AssetContext &asset, QList<Diagnostic> *diagnostics, const std::function<bool()> &cancelled)
{
    QString why;
    const QString hash = ContentHash::ofFile(asset.absolutePath(), &why, cancelled);
    if (hash.isEmpty() && !(cancelled && cancelled()))
        diagnostics->append(unreadable(asset, why));
    return hash;
}

StoredConversion convertAsset(const Project &project, const ConversionJob &job, const StoredWriter &large)
{
    StoredConversion stored;
    QElapsedTimer timer;
    timer.start();
    const auto took = qScopeGuard([&] { stored.durationMs = double(timer.nsecsElapsed()) / 1e6; });
    AssetRecord record;
    record.path = job.asset;
    record.kind = job.kind;
    const AssetContext asset{project, record};
    QByteArray bytes = job.input;
    if (bytes.isNull() && !readAssetInput(asset, &bytes, &stored.diagnostics)) {
        stored.failure = StoredConversion::Failure::Unreadable;
        return stored;
    }
    const bool compress = job.settings.value(u"compression"_s).toString() == u"zstd"_s;
    // A large payload's stored bytes go into `large` or, without one, into
    // memory here, given room for them at once: grown piece by piece, the
    // array held its old and new copies at each step (25 MiB for a 16 MiB
    // font). Pages of the room never written are never touched.
    QByteArray inMemory;
    const StoredWriter write = large ? large : StoredWriter([&inMemory](qint64 offset, QByteArrayView piece) {
        inMemory.truncate(qsizetype(offset)); // a payload started over
        inMemory.append(piece);
        return true;
    });
    const auto makeRoom = [&](qint64 size) {
        if (!large)
            inMemory.reserve(qsizetype(ZSTD_compressBound(size_t(size))));
    };
    PayloadStream stream(compress, write);
    const PayloadPieces pieces{[&](qint64 size) {
                                   if (!stream.begin(size))
                                       return false;
                                   makeRoom(size);
                                   return true;
                               },
                               [&](QByteArrayView piece) { return stream.add(piece); }};
    const ConversionResult result = AssetConverter::convert(asset, bytes, job.settings, &pieces);
    bytes = QByteArray();
    stored.diagnostics = result.diagnostics;
    if (!result.ok) {
        stored.failure = result.unavailable ? StoredConversion::Failure::Unavailable : StoredConversion::Failure::Refused;
        return stored;
    }
    CartridgeBlob &blob = stored.blob;
    if (result.streamed) {
        if (!stream.finished()) {
            // A converter that said it streamed what it did not: as if it crashed.
            stored.failure = StoredConversion::Failure::Crashed;
            return stored;
        }
        blob.originalSize = quint64(stream.size());
        blob.originalHash = stream.digest();
        blob.compression = stream.compressed() ? CartridgeFormat::Compression::Zstd : CartridgeFormat::Compression::None;
        blob.storedSize = quint64(stream.written());
        inMemory.squeeze();
        blob.stored = std::move(inMemory); // null when written through `large`
        return stored;
    }
    blob.originalSize = quint64(result.payload.size());
    blob.originalHash = ContentHash::digest(result.payload);
    blob.compression = CartridgeFormat::Compression::None;
    if (result.payload.size() > streamedAbove) {
        inMemory.clear();
        if (compress)
            makeRoom(result.payload.size());
        bool writeFailed = false;
        std::optional<qint64> size = compress ? compressInPieces(result.payload, 3, write, &writeFailed) : std::nullopt;
        if (size) {
            blob.compression = CartridgeFormat::Compression::Zstd;
            inMemory.squeeze();
            blob.stored = std::move(inMemory); // null when written through `large`
        } else if (!large) {
            blob.stored = result.payload; // compression did not pay
            size = result.payload.size();
        } else if (!writeFailed && write(0, result.payload)) {
            size = result.payload.size();
        }
        if (!size) {
            // Only a worker's output file refuses bytes: it stops, and its
            // host says the job's worker failed (as a crash would).
            stored.failure = StoredConversion::Failure::Crashed;
            return stored;
        }
        blob.storedSize = quint64(*size);
        return stored;
    }
    blob.stored = result.payload;
    if (compress && !result.payload.isEmpty()) {
        QByteArray compressed = uninitializedLargeBuffer(qsizetype(ZSTD_compressBound(size_t(result.payload.size()))));
        const size_t size = compressZstd(&compressed, result.payload, 3);
        // Keep compression only where it pays.
        if (!ZSTD_isError(size) && qsizetype(size) < result.payload.size()) {
            compressed.truncate(qsizetype(size));
            blob.stored = compressed;
            blob.compression = CartridgeFormat::Compression::Zstd;
        }
    }
    blob.storedSize = quint64(blob.stored.size());
    return stored;
}

bool takeSpooled(StoredConversion &result, const AssetContext &asset)
{
    if (!result.spooled)
        return true;
    const StoredReader read = std::exchange(result.spooled, {});
    QByteArray bytes = uninitializedLargeBuffer(qsizetype(result.blob.storedSize));
    if (read(0, bytes.data(), bytes.size())) {
        result.blob.stored = std::move(bytes);
        return true;
    }
    const QString why = QString::fromLocal8Bit(std::strerror(errno));
    result.diagnostics.append(asset.diagnostic(
        Severity::Error, u"convert.crashed"_s,
        ConversionText::tr("The converted bytes (%1) could not be read back from the converter's output file: %2.")
            .arg(QLocale::system().formattedDataSize(qint64(result.blob.storedSize)), why)));
    result.failure = StoredConversion::Failure::Crashed;
    result.blob = {};
    return false;
}

StoredConversion ConversionRunner::convert(const Project &project, const ConversionJob &job)
{
    std::promise<StoredConversion> outcome;
    std::future<StoredConversion> result = outcome.get_future();
    submit(project, job, [&](StoredConversion stored) {
        AssetRecord record;
        record.path = job.asset;
        record.kind = job.kind;
        takeSpooled(stored, AssetContext{project, record});
        outcome.set_value(std::move(stored));
    });
    return result.get();
}

} // namespace Prometeu
