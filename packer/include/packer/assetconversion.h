#pragma once

#include "packer/assetinspection.h"
#include "packer/assetrecord.h"
#include "packer/cartridge.h"
#include "packer/diagnostic.h"
#include "packer/project.h"

#include <QJsonObject>

#include <functional>

namespace Prometeu {

// One asset to convert, as a build hands it over (to this process or to a
// worker process: everything here crosses the worker protocol).
struct ConversionJob {
    QString asset; // path in the assets folder
    AssetKind kind = AssetKind::Unknown;
    QJsonObject settings; // AssetConverter::settings()
    qint64 sourceBytes = 0; // the file's size as scanned: how much work to expect (not sent to workers)
    QByteArray input; // the file's bytes when the build already read them (to hash): not read again
};

// What converting one asset gave: its stored (cartridge) form, or why not.
struct StoredConversion {
    enum class Failure {
        None,
        Refused,     // the converter found the input unusable (its diagnostics say why)
        Unreadable,  // the file could not be read
        Crashed,     // the worker process died on it (convert.crashed)
        TimedOut,    // ... or took longer than converters.timeout_ms (convert.timeout)
        OutOfMemory, // ... or needed more than converters.memory_mib (convert.out_of_memory)
        Unavailable, // the converter could not be loaded (codecs.unavailable): not the input's fault
    };
    Failure failure = Failure::None;
    CartridgeBlob blob; // stored bytes, compression and sizes (no name or kind)
    QList<Diagnostic> diagnostics;
    double durationMs = 0; // reading, converting and compressing it (not waiting for a worker)
    // Set by a runner whose large results stay where its worker wrote them
    // (blob.stored null, blob.storedSize bytes): readable only until the
    // `done` callback it was handed to returns. Whoever keeps the result
    // longer takes the bytes first (a cache's storeFrom(), or takeSpooled()).
    StoredReader spooled;
    bool ok() const { return failure == Failure::None; }
};

// Reads a result's spooled bytes into blob.stored; false when they cannot
// be read (the result then failed as Crashed, with a diagnostic on `asset`).
bool takeSpooled(StoredConversion &result, const AssetContext &asset);

// Reads an asset's file whole; when it cannot, appends the file.unreadable
// diagnostic naming the cause. Shared by hashing and converting.
bool readAssetInput(const AssetContext &asset, QByteArray *bytes, QList<Diagnostic> *diagnostics);
// The same file's ContentHash, read in pieces and not kept: for an asset
// converted from its file elsewhere (a worker), so a 5 GB sound is never
// held here. Empty, with the same diagnostic, when it cannot be read.
QString hashAssetInput(const AssetContext &asset, QList<Diagnostic> *diagnostics,
                       const std::function<bool()> &cancelled = {});

// Where the stored bytes of a large conversion go, a piece at a time
// (offset, bytes): a worker's output file.
using StoredWriter = std::function<bool(qint64 offset, QByteArrayView bytes)>;
// Payloads above this are compressed a piece at a time (and, given a
// StoredWriter, written through it rather than held).
constexpr qsizetype streamedAbove = 4 * 1024 * 1024;

// Reads `job`'s file (unless its input is already there), converts it and
// compresses it as the project's settings say, in this process. With
// `large`, a payload above streamedAbove is written through it: blob.stored
// stays null and blob.storedSize says how many bytes were written.
StoredConversion convertAsset(const Project &project, const ConversionJob &job, const StoredWriter &large = {});

// Where a build's conversions run: in its own threads, or in worker
// processes that a crash, a hang or a memory blow-up cannot take down
// with it (ConverterWorkerPool).
class ConversionRunner
{
public:
    using Done = std::function<void(StoredConversion)>;
    virtual ~ConversionRunner() = default;
    // Starts converting one asset and returns at once; `done` is called
    // exactly once, on another thread, with the outcome (keep it short:
    // hand the result over). Callable from several threads at once.
    virtual void submit(const Project &project, const ConversionJob &job, Done done) = 0;
    // How much work to keep submitted: enough that no worker waits for the
    // next job, and no more, so that an asset asked for now (AssetPriority)
    // does not wait behind a long queue of large ones.
    struct Capacity {
        int jobs = 1;           // at most this many submitted ...
        qint64 sourceBytes = 0; // ... and, past `eager` jobs, this much source
        int eager = 1;
        bool admits(int jobsInFlight, qint64 bytesInFlight) const
        {
            return jobsInFlight < eager || (jobsInFlight < jobs && bytesInFlight < sourceBytes);
        }
    };
    virtual Capacity capacity() const = 0;
    // Whether this runner takes assets of this kind; the build converts the
    // others itself.
    virtual bool takes(AssetKind kind) const = 0;
    // submit(), waiting for the outcome.
    StoredConversion convert(const Project &project, const ConversionJob &job);
};

} // namespace Prometeu
