#pragma once

#include <QSettings>

#include <memory>

namespace Prometeu {

// The Studio's settings file: a QSettings format whose save is whole or
// not at all. Qt 6.4's INI save cuts the file on a full disk and reports
// success: QSaveFile::commit() ignores its last flush failing
// (QTBUG-75077), so a settings file that fits in its buffer became its
// first few hundred bytes (the window layout, recent projects, the event
// server's port: gone). This format's writer flushes before QSettings
// commits: a failed flush fails the save, the old file stays and
// QSettings::status() says AccessError. The file is JSON.
class SettingsFormat
{
public:
    // Registered with QSettings the first time it is asked for.
    static QSettings::Format format();

    // The user's settings, where QSettings keeps them
    // (~/.config/Prometeu/prometeu-studio.settings). The first time, what
    // an older Studio kept in its INI file beside it is carried over.
    static std::unique_ptr<QSettings> openUserSettings();
    // The same, with both places named (tests).
    static std::unique_ptr<QSettings> openUserSettings(const QString &path, const QString &olderIniPath);
};

} // namespace Prometeu
