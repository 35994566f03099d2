#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringView>

namespace Prometeu {

// Canonical JSON, after RFC 8785 (JCS): object keys sorted by UTF-16 code
// units, no insignificant whitespace, strings as raw UTF-8 with only the
// mandatory escapes, numbers in their shortest round-trip form (integers
// without a fraction or exponent). Two values that are equal as JSON have
// byte-identical canonical forms, whatever order their keys came in.
QByteArray canonicalJson(const QJsonValue &value);

// The same, appended to `out`; and a string alone (with its quotes).
// Shared with the envelope writer (hub/envelopewriter.h).
void appendCanonicalJson(QByteArray &out, const QJsonValue &value);
void appendCanonicalString(QByteArray &out, QStringView text);

// SHA-256 (lowercase hex) of an envelope's canonical form, leaving out the
// fields a stream adds around it ("seq", "hash"): the same event hashes the
// same whenever and however often it is published.
QByteArray envelopeHash(const QJsonObject &envelope);

} // namespace Prometeu
