#pragma once

#include "session/logentry.h"

#include <packer/buildoperation.h>
#include <packer/packereventsink.h>
#include <packer/project.h>

#include <QFuture>
#include <QHash>
#include <QObject>
#include <memory>
#include <optional>

class QThreadPool;

namespace Prometeu {
class Packer;
}

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
    // Ready: what the validated cartridge holds, entry name -> content hash
    // (XXH3-128, raw), read from the table of contents validation checked.
    QHash<QString, QByteArray> contents;
};

// Where the shipper reports. Called from the shipper's worker thread.
class ShipperOutput
{
public:
    virtual ~ShipperOutput() = default;
    virtual void message(const ShipperMessage &message) = 0;
    virtual void finished(const ShipperResult &result) = 0;
};

// Owns preparation: build (through the project's packer), pack-validation
// (cartridge limits, every referenced asset present, the written cartridge
// reads back and verifies), pack (the cartridge moved atomically into
// place). Lives in a thread with an event loop: the build is started from
// it and followed with a QFutureWatcher; validation and pack then run on the
// pool. Cancelling the returned future stops the build or the stage that
// runs.
class Shipper : public QObject
{
    Q_OBJECT
public:
    // `packer` is the project's one packer (not owned): the build's events
    // reach whatever listens to it (Activity, history) like any build's.
    Shipper(Packer *packer, QThreadPool *pool, QObject *parent = nullptr);
    ~Shipper() override;

    // `kind`: Build for Play, HotReload for a new generation of a running
    // game's cartridge. `changes`: what a watcher saw change since the last
    // build, when it knows (the build then looks at only that).
    QFuture<ShipperResult> prepare(ShipperOutput *output, const QString &cartridgePath = {},
                                   OperationKind kind = OperationKind::Build,
                                   const std::optional<AssetChanges> &changes = std::nullopt);
    // Cancels the preparation that runs and waits until it has let go of
    // everything (no event loop needed: for destructors).
    void abort();

private:
    struct Preparation;
    void onBuilt(const std::shared_ptr<Preparation> &preparation, const QFuture<BuildReport> &build);

    Packer *m_packer;
    QThreadPool *m_pool;
    std::shared_ptr<Preparation> m_active;
    struct ValidationMemo;
    std::shared_ptr<ValidationMemo> m_memo;
};

} // namespace Prometeu
