#include "packer/assetoptions.h"

#include "packer/textposition.h"

#include <support/writeall.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {
class AssetOptionsText
{
    Q_DECLARE_TR_FUNCTIONS(AssetOptions)
};
} // namespace

QJsonObject AssetOptions::toJson() const
{
    QJsonObject object;
    if (excluded)
        object.insert(u"exclude"_s, true);
    if (!pixelFormat.isEmpty())
        object.insert(u"pixel_format"_s, pixelFormat);
    if (sampleRate > 0)
        object.insert(u"sample_rate"_s, sampleRate);
    return object;
}

std::optional<AssetOptions> AssetOptions::fromJson(const QJsonObject &object, QString *error)
{
    AssetOptions options;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        if (key == u"exclude"_s && value.isBool()) {
            options.excluded = value.toBool();
        } else if (key == u"pixel_format"_s
                   && (value.toString() == u"rgba8888"_s || value.toString() == u"indexed8"_s)) {
            options.pixelFormat = value.toString();
        } else if (key == u"sample_rate"_s && value.isDouble() && value.toInt() >= 8000
                   && value.toInt() <= 192000) {
            options.sampleRate = value.toInt();
        } else {
            if (error) {
                *error = AssetOptionsText::tr("'%1' is not a valid option (exclude: true/false, "
                                              "pixel_format: \"rgba8888\"/\"indexed8\", "
                                              "sample_rate: 8000 to 192000)")
                             .arg(key);
            }
            return std::nullopt;
        }
    }
    return options;
}

std::optional<AssetOptionsFile> AssetOptionsFile::load(const QString &projectRoot, QString *error)
{
    const QString path = projectRoot + u'/' + QLatin1StringView(fileName);
    QFile file(path);
    if (!file.exists())
        return AssetOptionsFile();
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = AssetOptionsText::tr("Cannot read %1: %2.").arg(path, file.errorString());
        return std::nullopt;
    }
    return parse(file.readAll(), path, error);
}

std::optional<AssetOptionsFile> AssetOptionsFile::parse(const QByteArray &json, const QString &fileLabel, QString *error)
{
    AssetOptionsFile result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        const TextPosition at = jsonErrorPosition(json, parseError.offset);
        if (error) {
            *error = u"%1:%2:%3: "_s.arg(fileLabel).arg(at.line).arg(at.column)
                + AssetOptionsText::tr("invalid JSON: %1.").arg(parseError.errorString());
        }
        return std::nullopt;
    }
    const QJsonObject assets = document.object().value(u"assets"_s).toObject();
    for (auto it = assets.constBegin(); it != assets.constEnd(); ++it) {
        QString why;
        const auto options = AssetOptions::fromJson(it.value().toObject(), &why);
        if (!options) {
            if (error)
                *error = u"%1: %2: %3."_s.arg(fileLabel, it.key(), why);
            return std::nullopt;
        }
        result.m_options.insert(it.key(), *options);
    }
    return result;
}

void AssetOptionsFile::setOptions(const QString &asset, const AssetOptions &options)
{
    if (options.isDefault())
        m_options.remove(asset);
    else
        m_options.insert(asset, options);
}

bool AssetOptionsFile::save(const QString &projectRoot, QString *error) const
{
    QJsonObject assets;
    for (auto it = m_options.constBegin(); it != m_options.constEnd(); ++it)
        assets.insert(it.key(), it.value().toJson());
    const QJsonObject root{{u"version"_s, 1}, {u"assets"_s, assets}};
    const QString path = projectRoot + u'/' + QLatin1StringView(fileName);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !writeAll(file, QJsonDocument(root).toJson()) || !commitWhole(file)) {
        if (error)
            *error = AssetOptionsText::tr("Cannot write %1: %2.").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace Prometeu
