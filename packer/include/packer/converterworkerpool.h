#pragma once

#include "packer/assetconversion.h"

#include <QString>

#include <memory>

class QThread;

namespace Prometeu {

class ScratchFolder;

// Conversions in `prometeu-worker` processes, up to as many as the build's
// jobs: a converter that crashes on a hostile file, hangs past
// converters.timeout_ms or needs more than converters.memory_mib fails
// that asset (convert.crashed, convert.timeout, convert.out_of_memory), its
// worker is replaced, and the build goes on. The first worker starts when
// first needed; another only when the jobs waiting would take longer than
// starting it (timed as they are answered), or have waited for a while.
// Workers are reused for every later job, and end with the pool (or, if
// the process owning it dies, with it).
//
// The processes belong to a thread of the pool's own, whose event loop
// reads their answers; convert() may be called from any thread.
class ConverterWorkerPool final : public ConversionRunner
{
public:
    struct Options {
        QString workerPath;   // the prometeu-worker executable
        int workers = 2;      // at most this many processes
        int memoryMiB = 2048; // each one's address space (ConverterLimits)
        QString scratchFolder; // where workers leave converted bytes (one file each); empty: a ScratchFolder
    };

    explicit ConverterWorkerPool(Options options);
    ~ConverterWorkerPool() override;

    void submit(const Project &project, const ConversionJob &job, Done done) override;
    // Enough that every worker always has its next jobs written to it
    // (Host's depth and bytes a worker, plus as much again waiting).
    Capacity capacity() const override;
    // Images and sounds: their converters run native decoders (libpng,
    // libjpeg, libsndfile, ...) over bytes from anywhere. Data, text, maps
    // and scripts are checked by Qt's own parsers, in time and memory
    // linear in the file: those stay in the build's threads, where they
    // cost no round trip (docs/dependencies.md).
    bool takes(AssetKind kind) const override { return kind == AssetKind::Image || kind == AssetKind::Audio; }

    // For tests and diagnostics: processes started so far, and the ids of
    // those running now.
    int workersStarted() const;
    QList<qint64> runningProcessIds() const;

    class Host;

private:
    Options m_options;
    std::unique_ptr<ScratchFolder> m_scratch;
    std::unique_ptr<QThread> m_thread;
    Host *m_host = nullptr; // lives in m_thread
};

} // namespace Prometeu
