#pragma once

#include <QByteArray>
#include <QStringList>

namespace Prometeu {

// A 1-based line and column (columns count characters, not bytes), as
// editors and compilers report them.
struct TextPosition {
    int line = 0;
    int column = 0;
    bool isValid() const { return line > 0; }
};

// Position of a byte offset in UTF-8 text.
TextPosition textPositionAt(const QByteArray &utf8, qsizetype offset);

// Where a QJsonParseError points, as a user wants it: Qt's offset is one
// character past the culprit (the stray comma, the quote after a missing
// comma), so step back onto it.
TextPosition jsonErrorPosition(const QByteArray &json, int parseErrorOffset);

// Byte offset of the key at `path` in a JSON text (e.g. {"cartridge",
// "max_bytes"}), or -1. Used to point errors found after parsing (wrong type,
// bad value) at the place in the file where the user has to fix them.
qsizetype locateJsonKey(const QByteArray &json, const QStringList &path);

} // namespace Prometeu
