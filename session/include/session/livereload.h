#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "session/logentry.h"
#include "session/shipper.h"

#include <memory>
#include <optional>

namespace Prometeu {

class ExecutionSession;
class RuntimeConnection;

// Live reload: while a game runs, what changed on disk is rebuilt through
// the cache, validated and packed into a new generation of the game's
// cartridge (Shipper, as a `hot_reload` operation), and the entries whose
// content changed are named to the runtime in a `reload` message
// (docs/runtime-protocol.md). The runtime answers `reloaded`. A build that
// fails sends nothing: the game keeps what it has, and the next good save
// reloads. A runtime whose handshake did not declare "reload" gets a
// "restart needed" line instead, never silence.
//
// One reload at a time: changes that arrive meanwhile are folded into one
// more reload when the current one has been answered.
class LiveReload : public QObject
{
    Q_OBJECT
public:
    static constexpr int answerTimeoutMs = 10'000;

    LiveReload(Shipper *shipper, ExecutionSession *session, QObject *parent = nullptr);
    ~LiveReload() override;

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }

    // A game is running from `cartridgePath`, which holds `contents` (entry
    // name -> content hash, as ShipperResult gives it), connected on `connection`.
    void attach(const QString &cartridgePath, const QHash<QString, QByteArray> &contents,
                RuntimeConnection *connection);
    // The run is over: cancels what runs; answers no longer count.
    void detach();
    bool isAttached() const { return !m_cartridgePath.isEmpty(); }
    // Whether a build for a reload is still running (the run waits for it).
    bool isPreparing() const { return m_preparation.isRunning(); }

    // Something changed on disk: `changes` says what, when the caller
    // knows (a watcher); without, the build looks at every asset.
    void request(const std::optional<AssetChanges> &changes = std::nullopt);

Q_SIGNALS:
    // The runtime answered a reload (entries it replaced).
    void reloaded(qint64 generation, const QStringList &entries);
    // A reload ended without reaching the game (build failed, nothing
    // changed, runtime cannot reload, no answer); a sentence.
    void skipped(const QString &reason);
    // The preparation let go (after detach, the run may end).
    void idle();

private:
    class Output;
    void startBuild();
    void onPrepared();
    void onMessage(const QJsonObject &message);
    void settle();
    void say(LogSeverity severity, const QString &text);

    Shipper *m_shipper;
    ExecutionSession *m_session;
    std::unique_ptr<Output> m_output;
    QFutureWatcher<ShipperResult> m_preparation;
    QPointer<RuntimeConnection> m_connection;
    QMetaObject::Connection m_messages;
    QString m_cartridgePath;
    QHash<QString, QByteArray> m_inGame;  // entry -> content hash the game has
    QHash<QString, QByteArray> m_sent;    // what the last reload message offered
    qint64 m_generation = 0;
    qint64 m_awaiting = 0; // the generation sent, until answered
    bool m_pending = false;
    ChangesSinceBuild m_changes; // forgotten with each run: its first build looks at everything
    bool m_enabled = true;
    QElapsedTimer m_since;
    QTimer m_answerTimer;
};

} // namespace Prometeu
