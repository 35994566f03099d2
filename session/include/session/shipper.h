#pragma once

#include "session/logentry.h"

#include <packer/packereventsink.h>
#include <packer/project.h>

#include <QFuture>

class QThreadPool;

namespace Prometeu {

// One line of preparation output, tagged with the stage that produced it.
struct ShipperMessage {
    LogSource stage = LogSource::Build; // Build, PackValidation or Pack
    LogSeverity severity = LogSeverity::Info;
    QString text;
    QString asset;
    int line = 0;
};

struct ShipperResult {
    enum class Outcome { Ready, Failed, Cancelled };
    Outcome outcome = Outcome::Failed;
    QString cartridgePath;
    QString reason; // for Failed: a sentence naming the cause
};

// Where the shipper reports. Called from the shipper's worker thread.
class ShipperOutput
{
public:
    virtual ~ShipperOutput() = default;
    virtual void message(const ShipperMessage &message) = 0;
    virtual void finished(const ShipperResult &result) = 0;
};

// Owns preparation: build (through the packer), pack-validation (cartridge
// limits, every referenced asset present, the written cartridge reads back
// and verifies), pack (the cartridge moved atomically into place). Runs on
// the thread pool; cancelling the future stops it between and inside stages.
class Shipper
{
public:
    Shipper(Project project, QThreadPool *pool);

    QFuture<ShipperResult> prepare(ShipperOutput *output, const QString &cartridgePath = {});

    // Also hands the build's packer events, unchanged, to `sink` (e.g. the
    // Studio's Activity panel). Not owned; null to stop.
    void setPackerEventSink(PackerEventSink *sink) { m_events = sink; }

private:
    Project m_project;
    QThreadPool *m_pool;
    PackerEventSink *m_events = nullptr;
};

} // namespace Prometeu
