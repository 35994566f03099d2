#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace Prometeu {

enum class Severity { Error, Warning, Info };

QString wireName(Severity severity);
std::optional<Severity> severityFromString(const QString &text);

// One finding about the project: stable code (`image.corrupt`), a sentence
// for the user, and where to look.
struct Diagnostic {
    Severity severity = Severity::Error;
    QString code;    // stable, dotted; documented in docs/diagnostics.md
    QString message; // a sentence a game developer understands
    QString asset;   // relative to the assets folder; empty for project files
    QString file;    // relative to the project root, always set
    int line = 0;    // 1-based, 0 when not applicable
    int column = 0;

    QJsonObject toJson() const;
    static std::optional<Diagnostic> fromJson(const QJsonObject &object);
    // "assets/data/level.json:3:14: error: ... [json.syntax]", the format
    // editors and terminals turn into links.
    QString toCompilerStyle() const;

    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

// A list of diagnostics as compact JSON bytes (one array), and back: where
// a list is kept or sent whole (the build state, the worker protocol).
// Entries that do not parse are skipped; anything but an array reads as none.
QByteArray diagnosticsToJson(const QList<Diagnostic> &diagnostics);
QList<Diagnostic> diagnosticsFromJson(const QByteArray &json);

struct DiagnosticCounts {
    int errors = 0;
    int warnings = 0;
    int infos = 0;
    void add(const Diagnostic &diagnostic);
    QJsonObject toJson() const;
    // "2 errors, 0 warnings, 1 note", in the user's language: the CLI's
    // totals and the doctor's summaries say it the same way.
    QString sentence() const;
    friend bool operator==(const DiagnosticCounts &, const DiagnosticCounts &) = default;
};

} // namespace Prometeu

namespace Prometeu {
// A library's error text ("Format not recognised.") made fit to embed in a
// sentence of ours: trailing period and whitespace removed.
QString embeddableReason(const QString &libraryText);
} // namespace Prometeu
