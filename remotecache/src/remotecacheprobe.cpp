#include "remotecache/remotecacheprobe.h"

#include "remotecache/httpcacheclient.h"
#include "remotecache/remotecachestore.h"

#include <support/sha256.h>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace Prometeu {

RemoteCacheProbe::RemoteCacheProbe(QObject *parent)
    : QObject(parent)
{
}

RemoteCacheProbe::~RemoteCacheProbe() = default;

void RemoteCacheProbe::probe(const RemoteCacheConfig &config)
{
    m_client = HttpCacheClient::create(
        HttpCacheClient::Options{config.url, config.authorization, config.timeoutMs, 2});
    const QString where = config.displayUrl();
    QPointer<RemoteCacheProbe> self(this);
    // Answers arrive on the client's thread; the sentence is told here.
    auto tell = [self](bool ok, const QString &sentence) {
        QMetaObject::invokeMethod(self, [self, ok, sentence] {
            if (self)
                Q_EMIT self->finished(ok, sentence);
        }, Qt::QueuedConnection);
    };
    auto describe = [where](const HttpCacheReply &reply) {
        switch (reply.outcome) {
        case HttpCacheReply::Outcome::Unauthorized:
            return tr("%1 refused our credentials (%2).").arg(where, reply.detail);
        case HttpCacheReply::Outcome::Timeout:
            return tr("%1 did not answer in time.").arg(where);
        case HttpCacheReply::Outcome::Unreachable:
            return tr("%1 cannot be reached: %2.").arg(where, reply.detail);
        default:
            return tr("%1 answered %2.").arg(where, reply.detail);
        }
    };
    const QByteArray probe = "prometeu team cache probe\n";
    const QString object =
        RemoteCacheStore::objectPath(Sha256::hex(probe));
    const bool write = config.write;
    HttpCacheClient *client = m_client.get();
    client->get(RemoteCacheStore::actionPath(u"probe"_s), 1 << 20,
                [client, tell, describe, write, probe, object, where](const HttpCacheReply &reply) {
        const bool readable = reply.outcome == HttpCacheReply::Outcome::NotFound
            || reply.outcome == HttpCacheReply::Outcome::Ok;
        if (!readable) {
            tell(false, describe(reply));
            return;
        }
        if (!write) {
            tell(true, tr("%1 answers; reading works (writing is off).").arg(where));
            return;
        }
        client->put(object, probe, [tell, describe, where](const HttpCacheReply &reply) {
            if (reply.outcome == HttpCacheReply::Outcome::Ok)
                tell(true, tr("%1 answers; reading and writing work.").arg(where));
            else
                tell(false, tr("Reading works, but writing does not: %1").arg(describe(reply)));
        });
    });
}

} // namespace Prometeu
