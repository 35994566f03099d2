#include "packer/assetconversion.h"

#include "packer/assetconverter.h"
#include "packer/largebuffer.h"
#include "packer/contenthash.h"
#include "wholefile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QScopeGuard>

#include <zstd.h>

#include <future>
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
size_t compressZstd(QByteArray *into, const QByteArray &from, int level)
{
    struct FreeContext {
        void operator()(ZSTD_CCtx *context) const { ZSTD_freeCCtx(context); }
    };
    thread_local std::unique_ptr<ZSTD_CCtx, FreeContext> context(ZSTD_createCCtx());
    if (!context)
        return ZSTD_compress(into->data(), size_t(into->size()), from.constData(), size_t(from.size()), level);
    return ZSTD_compressCCtx(context.get(), into->data(), size_t(into->size()), from.constData(),
                             size_t(from.size()), level);
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

StoredConversion convertAsset(const Project &project, const ConversionJob &job)
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
    blob.stored = result.payload;
    if (job.settings.value(u"compression"_s).toString() == u"zstd"_s && !result.payload.isEmpty()) {
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

StoredConversion ConversionRunner::convert(const Project &project, const ConversionJob &job)
{
    std::promise<StoredConversion> outcome;
    std::future<StoredConversion> result = outcome.get_future();
    submit(project, job, [&outcome](StoredConversion stored) { outcome.set_value(std::move(stored)); });
    return result.get();
}

} // namespace Prometeu
