#include "session/runtimehandshake.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Prometeu {

std::optional<RuntimeHandshake> RuntimeHandshake::parse(const QByteArray &line, const QString &expectedToken, Error *error)
{
    auto failed = [error](Error why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return failed(Error::NotJson);
    const QJsonObject hello = document.object();
    // An empty expected token never matches: a runtime must prove it is ours.
    const QString token = hello.value(u"token"_s).toString();
    if (expectedToken.isEmpty() || token != expectedToken)
        return failed(Error::WrongToken);
    RuntimeHandshake handshake;
    handshake.pid = hello.value(u"pid"_s).toInteger();
    for (const QJsonValue &capability : hello.value(u"capabilities"_s).toArray())
        if (capability.isString())
            handshake.capabilities.append(capability.toString());
    if (error)
        *error = Error::None;
    return handshake;
}

} // namespace Prometeu
