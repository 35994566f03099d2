#include "hub/hubframe.h"

#include "hub/canonicaljson.h"
#include "hub/sseformat.h"

#include <QDateTime>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Prometeu {

HubFrameBody::HubFrameBody(QString kind, HubSource source, QString projectId)
    : m_kind(std::move(kind)), m_projectId(std::move(projectId)), m_source(std::move(source))
{
}

HubFrameBody::HubFrameBody(quint64 seq, QString kind, QByteArray json)
    : m_seq(seq), m_kind(std::move(kind)), m_json(std::move(json))
{
}

QJsonObject HubFrameBody::envelopeOf(const HubSource &source) const
{
    if (const auto *event = std::get_if<PackerEvent>(&source)) {
        QJsonObject object = event->toJson();
        object.insert(u"channel"_s, u"packer"_s);
        return object;
    }
    if (const auto *entry = std::get_if<LogEntry>(&source)) {
        QJsonObject object = entry->toJson();
        object.insert(u"project_id"_s, m_projectId);
        object.insert(u"kind"_s, u"log"_s);
        object.insert(u"channel"_s, u"log"_s);
        return object;
    }
    const auto &change = std::get<SessionStateChange>(source);
    return QJsonObject{
        {u"project_id"_s, m_projectId},
        {u"kind"_s, u"state_changed"_s},
        {u"previous"_s, wireName(change.previous)},
        {u"state"_s, wireName(change.current)},
        {u"reason"_s, change.reason},
        {u"run"_s, qint64(change.run)},
        {u"timestamp"_s, QDateTime::fromMSecsSinceEpoch(change.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {u"channel"_s, u"session"_s},
    };
}

void HubFrameBody::make() const
{
    std::call_once(m_once, [this] {
        if (m_source) {
            m_envelope = envelopeOf(*m_source);
            m_source.reset(); // no longer needed
            // Hashed without seq and hash, as the hash promises.
            m_envelope.insert(u"hash"_s, QString::fromLatin1(envelopeHash(m_envelope)));
            m_envelope.insert(u"seq"_s, qint64(m_seq));
            m_json = QJsonDocument(m_envelope).toJson(QJsonDocument::Compact);
        } else {
            m_envelope = QJsonDocument::fromJson(m_json).object();
        }
        m_sse = sseMessage(m_seq, m_kind.toUtf8(), m_json);
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
