#pragma once

#include "packer/assetgraph.h"
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
    AssetGraph graph; // what each asset uses, as its content names it
};

// Checks every scanned asset on the thread pool and explains what is wrong.
//
// Event contract (docs/events.md): each asset that has diagnostics gets one
// diagnostics_updated carrying its complete list; assets without one are
// clean. A final diagnostics_updated with "complete": true carries the
// totals. What assets use (docs/dependencies.md) is read on the way:
// a reference to nothing is `deps.missing`, assets that use each other
// `deps.cycle`, both at the line that names the other asset.
class DoctorOperation
{
public:
    DoctorOperation(Project project, QList<AssetRecord> assets, QThreadPool *pool);
    DoctorReport run(OperationScope &scope);

    // The content-reading part, usable on its own (tests, future watch
    // mode); `references` gets what the asset names, when it can name any.
    static QList<Diagnostic> inspectAsset(const Project &project, const AssetRecord &record,
                                          QList<AssetReference> *references = nullptr);

private:
    Project m_project;
    QList<AssetRecord> m_assets;
    QThreadPool *m_pool;
};

} // namespace Prometeu
