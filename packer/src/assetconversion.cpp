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
    ZSTD_CCtx *context = compressionContext();
    if (!context)
        return std::nullopt;
    // Whatever an earlier call left (one that stopped mid-frame) is gone.
    ZSTD_CCtx_reset(context, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setPledgedSrcSize(context, quint64(payload.size()));
    QByteArray piece(1 << 20, Qt::Uninitialized);
    ZSTD_inBuffer in{payload.constData(), size_t(payload.size()), 0};
    qint64 written = 0;
    for (;;) {
        ZSTD_outBuffer out{piece.data(), size_t(piece.size()), 0};
        const size_t left = ZSTD_compressStream2(context, &out, &in, ZSTD_e_end);
        if (ZSTD_isError(left) || written + qint64(out.pos) >= payload.size())
            return std::nullopt;
        if (out.pos > 0 && !write(written, QByteArrayView(piece.constData(), qsizetype(out.pos)))) {
            *writeFailed = true;
            return std::nullopt;
        }
        written += qint64(out.pos);
        if (left == 0)
            return written;
    }
}
} // namespace

bool readAssetInput(const AssetContext &asset, QByteArray *bytes, QList<Diagnostic> *diagnostics)
{
    QString why;
    if (!readWholeFile(asset.absolutePath(), bytes, &why)) {
        diagnostics->append(asset.diagnostic(Severity::Error, u"file.unreadable"_s,
                                             ConversionText::tr("The file cannot be read: %1.").arg(embeddableReason(why))));
        return false;
    }
    return true;
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
    const ConversionResult result = AssetConverter::convert(asset, bytes, job.settings);
    bytes = QByteArray();
    stored.diagnostics = result.diagnostics;
    if (!result.ok) {
        stored.failure = result.unavailable ? StoredConversion::Failure::Unavailable : StoredConversion::Failure::Refused;
        return stored;
    }
    CartridgeBlob &blob = stored.blob;
    blob.originalSize = quint64(result.payload.size());
    blob.originalHash = ContentHash::digest(result.payload);
    blob.compression = CartridgeFormat::Compression::None;
    const bool compress = job.settings.value(u"compression"_s).toString() == u"zstd"_s;
    if (result.payload.size() > streamedAbove) {
        // In pieces, into `large` or, without one, into memory here.
        QByteArray inMemory;
        const StoredWriter write = large ? large : StoredWriter([&inMemory](qint64, QByteArrayView piece) {
            inMemory.append(piece);
            return true;
        });
        bool writeFailed = false;
        std::optional<qint64> size = compress ? compressInPieces(result.payload, 3, write, &writeFailed) : std::nullopt;
        if (size) {
            blob.compression = CartridgeFormat::Compression::Zstd;
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
