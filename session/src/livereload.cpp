#include "session/livereload.h"

#include "session/executionsession.h"
#include "session/runtimeconnection.h"
#include "session/shipper.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class ReloadText
{
    Q_DECLARE_TR_FUNCTIONS(LiveReload)
};

QString listed(const QStringList &entries)
{
    constexpr qsizetype shown = 8;
    QString text = entries.mid(0, shown).join(u", "_s);
    if (entries.size() > shown)
        text += ReloadText::tr(" and %n more", nullptr, int(entries.size() - shown));
    return text;
}

} // namespace

// The reload's build lines go to the merged log like Play's; its outcome
// is read from the future, never turned into a session state.
class LiveReload::Output final : public ShipperOutput
{
public:
    explicit Output(ExecutionSession *session) : m_session(session) {}
    void message(const ShipperMessage &message) override
    {
        m_session->appendLog(message.stage, message.severity, message.text, message.asset, message.line);
    }
    void finished(const ShipperResult &) override {}

private:
    ExecutionSession *m_session;
};

LiveReload::LiveReload(Shipper *shipper, ExecutionSession *session, QObject *parent)
    : QObject(parent)
    , m_shipper(shipper)
    , m_session(session)
    , m_output(std::make_unique<Output>(session))
{
    connect(&m_preparation, &QFutureWatcherBase::finished, this, &LiveReload::onPrepared);
    m_answerTimer.setSingleShot(true);
    m_answerTimer.setInterval(answerTimeoutMs);
    connect(&m_answerTimer, &QTimer::timeout, this, [this] {
        say(LogSeverity::Warning, ReloadText::tr("The game did not answer reload %1 within %2 s; live reload goes on "
                                                 "with the next change.")
                                      .arg(m_awaiting)
                                      .arg(answerTimeoutMs / 1000));
        Q_EMIT skipped(ReloadText::tr("no answer"));
        m_awaiting = 0;
        settle();
    });
}

LiveReload::~LiveReload()
{
    if (m_preparation.isRunning()) {
        m_preparation.cancel();
        m_preparation.waitForFinished();
    }
}

void LiveReload::say(LogSeverity severity, const QString &text)
{
    m_session->appendLog(LogSource::Studio, severity, text);
}

void LiveReload::attach(const QString &cartridgePath, const QHash<QString, QByteArray> &contents,
                        RuntimeConnection *connection)
{
    detach();
    m_inGame = contents;
    m_cartridgePath = cartridgePath;
    m_connection = connection;
    m_messages = connect(connection, &RuntimeConnection::messageReceived, this, &LiveReload::onMessage);
}

void LiveReload::detach()
{
    disconnect(m_messages);
    m_connection = nullptr;
    m_cartridgePath.clear();
    m_inGame.clear();
    m_sent.clear();
    m_awaiting = 0;
    m_pending = false;
    m_changes.forget();
    m_answerTimer.stop();
    if (m_preparation.isRunning())
        m_preparation.cancel(); // onPrepared reports idle once it lets go
}

void LiveReload::request(const std::optional<AssetChanges> &changes)
{
    if (!m_enabled || !isAttached() || !m_connection)
        return;
    m_changes.note(changes);
    if (!m_connection->supports(u"reload"_s)) {
        say(LogSeverity::Warning, ReloadText::tr("Assets changed, but this runtime cannot reload them: restart needed "
                                                 "(Stop, then Play) to see the changes."));
        Q_EMIT skipped(ReloadText::tr("restart needed"));
        return;
    }
    if (m_preparation.isRunning() || m_awaiting) {
        m_pending = true; // one more reload when this one is done
        return;
    }
    startBuild();
}

void LiveReload::startBuild()
{
    m_pending = false;
    m_since.start();
    m_preparation.setFuture(
        m_shipper->prepare(m_output.get(), m_cartridgePath, OperationKind::HotReload, m_changes.takeForBuild()));
}

void LiveReload::onPrepared()
{
    const bool cancelled = m_preparation.isCanceled() || m_preparation.future().resultCount() == 0;
    if (!isAttached() || cancelled) {
        Q_EMIT idle();
        return;
    }
    const ShipperResult result = m_preparation.result();
    if (result.outcome != ShipperResult::Outcome::Ready) {
        say(LogSeverity::Warning, ReloadText::tr("Live reload: nothing reached the game, which keeps its previous "
                                                 "version (%1). The next good save reloads.")
                                      .arg(result.reason));
        Q_EMIT skipped(result.reason);
        settle();
        return;
    }
    const QHash<QString, QByteArray> &contents = result.contents;
    QStringList changed;
    for (auto it = contents.cbegin(); it != contents.cend(); ++it) {
        if (m_inGame.value(it.key()) != it.value())
            changed.append(it.key());
    }
    std::sort(changed.begin(), changed.end());
    if (changed.isEmpty()) {
        say(LogSeverity::Debug, ReloadText::tr("Live reload: the cartridge's content did not change."));
        Q_EMIT skipped(ReloadText::tr("nothing changed"));
        settle();
        return;
    }
    m_sent = contents;
    m_awaiting = ++m_generation;
    m_connection->send(QJsonObject{{u"command"_s, u"reload"_s},
                                   {u"generation"_s, m_awaiting},
                                   {u"cartridge"_s, m_cartridgePath},
                                   {u"entries"_s, QJsonArray::fromStringList(changed)}});
    say(LogSeverity::Info, ReloadText::tr("Live reload %1: sent %2 to the game.").arg(m_awaiting).arg(listed(changed)));
    m_answerTimer.start();
}

void LiveReload::onMessage(const QJsonObject &message)
{
    if (message.value(u"event"_s).toString() != u"reloaded"_s)
        return;
    const qint64 generation = message.value(u"generation"_s).toInteger();
    if (!m_awaiting || generation != m_awaiting)
        return; // an answer to a reload this run no longer waits for
    m_answerTimer.stop();
    QStringList replaced;
    for (const QJsonValue &entry : message.value(u"entries"_s).toArray()) {
        const QString name = entry.toString();
        if (m_sent.contains(name)) {
            m_inGame.insert(name, m_sent.value(name));
            replaced.append(name);
        }
    }
    const QJsonArray problems = message.value(u"problems"_s).toArray();
    for (const QJsonValue &problem : problems)
        say(LogSeverity::Warning, ReloadText::tr("Live reload %1: the game could not take %2")
                                      .arg(generation)
                                      .arg(problem.toString()));
    say(LogSeverity::Info, ReloadText::tr("Live reload %1: the game reloaded %2 in %3 ms.")
                               .arg(generation)
                               .arg(listed(replaced))
                               .arg(m_since.elapsed()));
    m_awaiting = 0;
    Q_EMIT reloaded(generation, replaced);
    settle();
}

void LiveReload::settle()
{
    if (m_pending && isAttached())
        startBuild();
    else
        Q_EMIT idle();
}

} // namespace Prometeu
