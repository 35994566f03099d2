#include "hub/hubframe.h"

#include "hub/canonicaljson.h"
#include "hub/sseformat.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Prometeu {

HubFrameBody::HubFrameBody(QByteArray kind, std::function<QJsonObject()> envelope)
    : m_kind(std::move(kind)), m_build(std::move(envelope))
{
}

HubFrameBody::HubFrameBody(quint64 seq, QByteArray kind, QByteArray json)
    : m_seq(seq), m_kind(std::move(kind)), m_json(std::move(json))
{
}

void HubFrameBody::make() const
{
    std::call_once(m_once, [this] {
        if (m_build) {
            m_envelope = m_build();
            m_build = nullptr; // what it captured is no longer needed
            // Hashed without seq and hash, as the hash promises.
            m_envelope.insert(u"hash"_s, QString::fromLatin1(envelopeHash(m_envelope)));
            m_envelope.insert(u"seq"_s, qint64(m_seq));
            m_json = QJsonDocument(m_envelope).toJson(QJsonDocument::Compact);
        } else {
            m_envelope = QJsonDocument::fromJson(m_json).object();
        }
        m_sse = sseMessage(m_seq, m_kind, m_json);
    });
}

const QJsonObject &HubFrameBody::envelope() const
{
    make();
    return m_envelope;
}

const QByteArray &HubFrameBody::json() const
{
    make();
    return m_json;
}

const QByteArray &HubFrameBody::sse() const
{
    make();
    return m_sse;
}

} // namespace Prometeu
