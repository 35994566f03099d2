#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace Prometeu {

// Lookups in a table of {enum value, wire name} pairs, the single source of
// the names an enum has in JSON, logs and on the command line.
template<typename Table, typename Enum>
QString wireNameIn(const Table &table, Enum value)
{
    for (const auto &[key, name] : table) {
        if (key == value)
            return QString::fromUtf16(name);
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
