#include "remotecache/httpcacheclient.h"

#include <support/networkmodule.h>

#include <QThread>

namespace Prometeu {

namespace {

// Stands in when the network module cannot be loaded: every request is
// answered as by a server that cannot be reached, with the reason. On a
// thread of its own, as the real client answers: callers may hold their
// locks while they ask.
class UnavailableHttpCacheClient final : public HttpCacheClient
{
public:
    explicit UnavailableHttpCacheClient(QString why)
        : m_why(std::move(why))
    {
        m_thread.setObjectName(QStringLiteral("team cache"));
        m_anchor.moveToThread(&m_thread);
        m_thread.start();
    }
    ~UnavailableHttpCacheClient() override
    {
        // Every request is answered before this returns, as the real
        // client's are: what was asked is queued ahead of this call.
        QMetaObject::invokeMethod(&m_anchor, [] {}, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    void get(const QString &, qint64, Done done, bool) override { answer(std::move(done)); }
    void put(const QString &, QByteArray, Done done, bool) override { answer(std::move(done)); }
    void cancelQueuedReads() override {}
    bool waitForWrites(std::chrono::milliseconds) override { return true; }
    int writesOutstanding() const override { return 0; }

private:
    void answer(Done done)
    {
        HttpCacheReply reply;
        reply.outcome = HttpCacheReply::Outcome::Unreachable;
        reply.detail = m_why;
        QMetaObject::invokeMethod(&m_anchor, [done = std::move(done), reply] { done(reply); }, Qt::QueuedConnection);
    }

    QString m_why;
    QThread m_thread;
    QObject m_anchor; // lives on m_thread
};

} // namespace

std::unique_ptr<HttpCacheClient> HttpCacheClient::create(const Options &options)
{
    using Maker = HttpCacheClient *(*)(const Options &);
    QString why;
    if (const auto make = reinterpret_cast<Maker>(NetworkModule::resolve("prometeuNewHttpCacheClient", &why)))
        return std::unique_ptr<HttpCacheClient>(make(options));
    return std::make_unique<UnavailableHttpCacheClient>(why);
}

} // namespace Prometeu
