#pragma once

#include <QString>
#include <QStringView>
#include <optional>
#include <string>

namespace Prometeu {

// Lookups in a table of {enum value, wire name} pairs, the single source of
// the names an enum has in JSON, logs and on the command line.
// The names are string literals: the QString refers to them in place
// (no allocation), which matters at one call per event.
template<typename Table, typename Enum>
QString wireNameIn(const Table &table, Enum value)
{
    for (const auto &[key, name] : table) {
        if (key == value)
            return QString::fromRawData(reinterpret_cast<const QChar *>(name),
                                        qsizetype(std::char_traits<char16_t>::length(name)));
    }
    return {};
}

template<typename Enum, typename Table>
std::optional<Enum> wireValueIn(const Table &table, const QString &text)
{
    for (const auto &[key, name] : table) {
        if (text == QStringView(name))
            return key;
    }
    return std::nullopt;
}

} // namespace Prometeu
