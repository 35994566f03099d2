#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace Prometeu {

// The runtime's first message on the handshake socket (docs/runtime-protocol.md):
// one line of JSON, {"hello": "prometeu-runtime", "token": ..., "pid": ...}.
struct RuntimeHandshake {
    static constexpr qsizetype maxLineBytes = 4096; // a hello is one short line

    qint64 pid = 0;
    // What the runtime can do beyond stop: "reload" (docs/runtime-protocol.md).
    QStringList capabilities;

    enum class Error { None, NotJson, WrongToken };
    // `line` is what arrived up to and including its newline; any bytes
    // are accepted and judged, never trusted.
    static std::optional<RuntimeHandshake> parse(const QByteArray &line, const QString &expectedToken, Error *error);
};

} // namespace Prometeu
