#include "ui/settingsformat.h"

#include <support/writeall.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileDevice>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// JSON, parsed safely whatever a damaged file holds; bytes (the window's
// layout) are tagged, the rest (text, lists, numbers, switches) are JSON's own.
const QString bytesTag = u"$bytes"_s;

QJsonValue encode(const QVariant &value)
{
    if (value.typeId() == QMetaType::QByteArray)
        return QJsonObject{{bytesTag, QString::fromLatin1(value.toByteArray().toBase64())}};
    return QJsonValue::fromVariant(value);
}

QVariant decode(const QJsonValue &value)
{
    if (value.isObject() && value.toObject().contains(bytesTag))
        return QByteArray::fromBase64(value.toObject().value(bytesTag).toString().toLatin1());
    return value.toVariant();
}

bool readSettings(QIODevice &device, QSettings::SettingsMap &map)
{
    const QByteArray bytes = device.readAll();
    if (bytes.isEmpty())
        return true; // a new file
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    const QJsonObject values = document.object().value(u"settings"_s).toObject();
    for (auto it = values.begin(); it != values.end(); ++it)
        map.insert(it.key(), decode(it.value()));
    return true;
}

bool writeSettings(QIODevice &device, const QSettings::SettingsMap &map)
{
    QJsonObject values;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        values.insert(it.key(), encode(it.value()));
    if (!writeAll(device, QJsonDocument(QJsonObject{{u"settings"_s, values}}).toJson()))
        return false;
    // QSettings commits its QSaveFile after this returns; a flush that
    // fails here keeps the old file (see the header).
    auto *file = qobject_cast<QFileDevice *>(&device);
    return !file || file->flush();
}

} // namespace

QSettings::Format SettingsFormat::format()
{
    static const QSettings::Format registered =
        QSettings::registerFormat(u"settings"_s, readSettings, writeSettings, Qt::CaseSensitive);
    return registered;
}

std::unique_ptr<QSettings> SettingsFormat::openUserSettings()
{
    auto settings = std::make_unique<QSettings>(format(), QSettings::UserScope, QCoreApplication::organizationName(),
                                                QCoreApplication::applicationName());
    const QString path = settings->fileName();
    settings.reset();
    const QFileInfo info(path);
    return openUserSettings(path, info.dir().filePath(info.completeBaseName() + u".conf"_s));
}

std::unique_ptr<QSettings> SettingsFormat::openUserSettings(const QString &path, const QString &olderIniPath)
{
    const bool carryOver = !QFileInfo::exists(path) && QFileInfo::exists(olderIniPath);
    auto settings = std::make_unique<QSettings>(path, format());
    if (carryOver) {
        const QSettings older(olderIniPath, QSettings::IniFormat);
        const QStringList keys = older.allKeys();
        for (const QString &key : keys)
            settings->setValue(key, older.value(key));
        settings->sync();
    }
    return settings;
}

} // namespace Prometeu
