#pragma once

#include "packer/project.h"

namespace Prometeu {

class OperationScope;

struct PreviewReport {
    QString path; // the PNG in the cache
    int width = 0;
    int height = 0;
    QString error; // why there is no preview
};

// Makes a preview PNG for one asset in <project>/.prometeu/cache/previews:
// a thumbnail for an image (pixel art kept crisp), a waveform for a sound.
// Named by content hash, so an unchanged asset's preview is reused.
// Publishes preview_ready with the path and dimensions.
class PreviewOperation
{
public:
    static constexpr int thumbnailSize = 128;
    static constexpr int waveformWidth = 256;
    static constexpr int waveformHeight = 64;

    PreviewOperation(Project project, QString asset);
    PreviewReport run(OperationScope &scope);

private:
    Project m_project;
    QString m_asset;
};

} // namespace Prometeu
