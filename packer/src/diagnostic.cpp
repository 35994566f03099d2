#include "packer/diagnostic.h"

#include "packer/wirenames.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {
constexpr std::array severityNames{
    std::pair{Severity::Error, u"error"},
    std::pair{Severity::Warning, u"warning"},
    std::pair{Severity::Info, u"info"},
};
} // namespace

QString wireName(Severity severity) { return wireNameIn(severityNames, severity); }

std::optional<Severity> severityFromString(const QString &text)
{
    return wireValueIn<Severity>(severityNames, text);
}

QJsonObject Diagnostic::toJson() const
{
    QJsonObject object{
        {u"severity"_s, wireName(severity)},
        {u"code"_s, code},
        {u"message"_s, message},
        {u"file"_s, file},
    };
    if (!asset.isEmpty())
        object.insert(u"asset"_s, asset);
    if (line > 0)
        object.insert(u"line"_s, line);
    if (column > 0)
        object.insert(u"column"_s, column);
    return object;
}

std::optional<Diagnostic> Diagnostic::fromJson(const QJsonObject &object)
{
    const auto severity = severityFromString(object.value(u"severity"_s).toString());
    if (!severity || !object.value(u"code"_s).isString())
        return std::nullopt;
    Diagnostic d;
    d.severity = *severity;
    d.code = object.value(u"code"_s).toString();
    d.message = object.value(u"message"_s).toString();
    d.asset = object.value(u"asset"_s).toString();
    d.file = object.value(u"file"_s).toString();
    d.line = object.value(u"line"_s).toInt();
    d.column = object.value(u"column"_s).toInt();
    return d;
}

QByteArray diagnosticsToJson(const QList<Diagnostic> &diagnostics)
{
    QJsonArray array;
    for (const Diagnostic &diagnostic : diagnostics)
        array.append(diagnostic.toJson());
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<Diagnostic> diagnosticsFromJson(const QByteArray &json)
{
    QList<Diagnostic> diagnostics;
    for (const QJsonValue &value : QJsonDocument::fromJson(json).array()) {
        if (const auto diagnostic = Diagnostic::fromJson(value.toObject()))
            diagnostics.append(*diagnostic);
    }
    return diagnostics;
}

namespace {

// One diagnostic, one line: a control character in a file name (a newline
// is a legal one on Linux) is written as an escape, so that editors' and
// CI's problem matchers, which read line by line, still see one line.
QString oneLine(const QString &text)
{
    const auto control = [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7F; };
    if (std::none_of(text.cbegin(), text.cend(), control))
        return text;
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (!control(c))
            out += c;
        else if (c == u'\n')
            out += u"\\n"_s;
        else if (c == u'\t')
            out += u"\\t"_s;
        else if (c == u'\r')
            out += u"\\r"_s;
        else
            out += u"\\x%1"_s.arg(c.unicode(), 2, 16, QChar(u'0'));
    }
    return out;
}

} // namespace

QString Diagnostic::toCompilerStyle() const
{
    QString location = oneLine(file);
    if (line > 0) {
        location += u':' + QString::number(line);
        if (column > 0)
            location += u':' + QString::number(column);
    }
    return u"%1: %2: %3 [%4]"_s.arg(location, wireName(severity), oneLine(message), code);
}

void DiagnosticCounts::add(const Diagnostic &diagnostic)
{
    switch (diagnostic.severity) {
    case Severity::Error: ++errors; break;
    case Severity::Warning: ++warnings; break;
    case Severity::Info: ++infos; break;
    }
}

QString DiagnosticCounts::sentence() const
{
    return QCoreApplication::translate("DiagnosticCounts", "%1, %2, %3")
        .arg(QCoreApplication::translate("DiagnosticCounts", "%n error(s)", nullptr, errors),
             QCoreApplication::translate("DiagnosticCounts", "%n warning(s)", nullptr, warnings),
             QCoreApplication::translate("DiagnosticCounts", "%n note(s)", nullptr, infos));
}

QJsonObject DiagnosticCounts::toJson() const
{
    return {{u"errors"_s, errors}, {u"warnings"_s, warnings}, {u"infos"_s, infos}};
}

} // namespace Prometeu

namespace Prometeu {
QString embeddableReason(const QString &libraryText)
{
    QString text = libraryText.trimmed();
    while (text.endsWith(u'.'))
        text.chop(1);
    return text;
}
} // namespace Prometeu
