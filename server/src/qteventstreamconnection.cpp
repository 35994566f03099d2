#include <hub/eventstreamconnection.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace Prometeu {

namespace {

// A served stream over Qt Network, in the network module.
class QtEventStreamConnection final : public EventStreamConnection
{
public:
    using EventStreamConnection::EventStreamConnection;

    void open(const QUrl &url, const Headers &headers) override
    {
        abort();
        QNetworkRequest request(url);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        request.setTransferTimeout(0);
        QNetworkReply *reply = m_network.get(request);
        m_reply = reply;
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] { Q_EMIT bytesArrived(reply->readAll()); });
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            if (reply != m_reply)
                return; // dropped by abort()
            m_reply = nullptr;
            Q_EMIT ended(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                         reply->errorString());
        });
    }

    void abort() override
    {
        if (QNetworkReply *reply = std::exchange(m_reply, nullptr))
            reply->abort(); // its finished() is then ignored
    }

private:
    QNetworkAccessManager m_network;
    QNetworkReply *m_reply = nullptr;
};

} // namespace

} // namespace Prometeu

// The module's maker of stream connections (EventStreamConnection::create).
extern "C" Q_DECL_EXPORT Prometeu::EventStreamConnection *prometeuNewEventStreamConnection(QObject *parent)
{
    return new Prometeu::QtEventStreamConnection(parent);
}
