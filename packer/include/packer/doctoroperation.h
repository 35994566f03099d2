#pragma once

#include "packer/assetrecord.h"
#include "packer/diagnostic.h"
#include "packer/project.h"

class QThreadPool;

namespace Prometeu {

class OperationScope;

struct DoctorReport {
    QList<Diagnostic> diagnostics; // sorted by file, line, code
    DiagnosticCounts counts;
    int assetsChecked = 0;
};

// Checks every scanned asset on the thread pool and explains what is wrong.
//
// Event contract (docs/events.md): each asset that has diagnostics gets one
// diagnostics_updated carrying its complete list; assets without one are
// clean. A final diagnostics_updated with "complete": true carries the
// totals.
class DoctorOperation
{
public:
    DoctorOperation(Project project, QList<AssetRecord> assets, QThreadPool *pool);
    DoctorReport run(OperationScope &scope);

    // The content-reading part, usable on its own (tests, future watch mode).
    static QList<Diagnostic> inspectAsset(const Project &project, const AssetRecord &record);

private:
    Project m_project;
    QList<AssetRecord> m_assets;
    QThreadPool *m_pool;
};

} // namespace Prometeu
