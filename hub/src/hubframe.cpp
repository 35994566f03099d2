#include "hub/hubframe.h"

#include "hub/envelopewriter.h"
#include "hub/sseformat.h"

#include <QJsonDocument>

#include <algorithm>

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

void HubFrameBody::make(bool asSse) const
{
    m_once.run([this, asSse] {
        if (!m_source) {
            // Read back: the hash is in the JSON already.
            const QByteArray hash = QJsonDocument::fromJson(m_json).object().value(u"hash"_s).toString().toLatin1();
            std::copy_n(hash.constData(), qMin<qsizetype>(hash.size(), qsizetype(m_hash.size())), m_hash.begin());
            return;
        }
        // The message's head on the stack (canonical JSON is one line); if
        // it cannot be written so, the JSON alone, framed by sse() later.
        char prefixText[96];
        const qsizetype prefixSize = asSse ? writeSseHead(prefixText, sizeof prefixText, m_seq, m_kind) : 0;
        const QByteArrayView prefix(prefixText, prefixSize);
        EncodedEnvelope encoded = std::visit(
            [this, prefix](const auto &source) {
                using Source = std::decay_t<decltype(source)>;
                if constexpr (std::is_same_v<Source, PackerEvent>)
                    return encodeEnvelope(source, m_seq, prefix);
                else
                    return encodeEnvelope(source, m_projectId, m_seq, prefix);
            },
            *m_source);
        m_source.reset(); // no longer needed
        m_hash = encoded.hashHex;
        m_jsonOffset = encoded.jsonOffset;
        m_jsonSize = encoded.jsonSize;
        (prefixSize > 0 ? m_sse : m_json) = std::move(encoded.text);
    });
}

const QByteArray &HubFrameBody::json() const
{
    make(false);
    m_jsonOnce.run([this] {
        if (m_json.isNull())
            m_json = m_sse.mid(m_jsonOffset, m_jsonSize);
    });
    return m_json;
}

QByteArray HubFrameBody::hash() const
{
    make(false);
    return QByteArray(m_hash.data(), qsizetype(m_hash.size()));
}

const QByteArray &HubFrameBody::sse() const
{
    make(true);
    m_sseOnce.run([this] {
        if (m_sse.isNull())
            m_sse = sseMessage(m_seq, m_kind.toUtf8(), m_json);
    });
    return m_sse;
}

const QJsonObject &HubFrameBody::envelope() const
{
    m_envelopeOnce.run([this] { m_envelope = QJsonDocument::fromJson(json()).object(); });
    return m_envelope;
}

} // namespace Prometeu
