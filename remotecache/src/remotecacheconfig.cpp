#include "remotecache/remotecacheconfig.h"

#include <support/writeall.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// The address as the user wrote it, without a user name or password
// (QUrl shows an address it cannot parse as nothing at all, and takes
// "bob:secret@host" for a scheme and a path).
QString shownAddress(const QString &text)
{
    const qsizetype scheme = text.indexOf(u"://"_s);
    const qsizetype start = scheme >= 0 ? scheme + 3 : 0;
    const qsizetype slash = text.indexOf(u'/', start);
    const qsizetype end = slash >= 0 ? slash : text.size();
    const qsizetype at = end > start ? text.lastIndexOf(u'@', end - 1) : -1;
    return at >= start ? text.left(start) + text.mid(at + 1) : text;
}

class ConfigText
{
    Q_DECLARE_TR_FUNCTIONS(RemoteCacheConfig)
};

} // namespace

RemoteCacheSources RemoteCacheSources::gather(const RemoteCacheSection &project, bool disabledOnCommandLine,
                                              const QString &commandLineUrl)
{
    RemoteCacheSources sources;
    sources.disabledOnCommandLine = disabledOnCommandLine;
    sources.commandLineUrl = commandLineUrl;
    sources.project = project;
    sources.token = qgetenv("PROMETEU_REMOTE_CACHE_TOKEN").trimmed();
    const UserSettings settings;
    sources.userOrigin = settings.path();
    if (const auto file = settings.load(); file && file->value(u"remote_cache"_s).isObject())
        sources.user = file->value(u"remote_cache"_s).toObject();
    return sources;
}

std::optional<RemoteCacheConfig> RemoteCacheSources::resolve(QString *problem) const
{
    if (disabledOnCommandLine)
        return std::nullopt;
    RemoteCacheConfig config;
    QString url;
    // Read and write switches come from the strongest source that names
    // them; the URL from the strongest that names one.
    if (project.present) {
        url = project.url;
        config.read = project.read;
        config.write = project.write;
        config.timeoutMs = project.timeoutMs;
        config.minSize = project.minSize;
        config.origin = u"prometeu.json"_s;
    }
    if (user) {
        if (user->contains(u"url"_s)) {
            url = user->value(u"url"_s).toString(); // "" turns the project's off for this user
            config.origin = userOrigin;
        }
        config.read = user->value(u"read"_s).toBool(config.read);
        config.write = user->value(u"write"_s).toBool(config.write);
        config.timeoutMs = qBound(100, user->value(u"timeout_ms"_s).toInt(config.timeoutMs), 600'000);
        config.minSize = qMax<qint64>(0, user->value(u"min_size"_s).toInteger(config.minSize));
    }
    if (!commandLineUrl.isEmpty()) {
        url = commandLineUrl;
        config.origin = ConfigText::tr("command line (--remote-cache)");
    }
    if (url.trimmed().isEmpty())
        return std::nullopt;

    QUrl parsed = QUrl::fromUserInput(url.trimmed());
    if (!parsed.isValid() || (parsed.scheme() != u"http"_s && parsed.scheme() != u"https"_s)
        || parsed.host().isEmpty()) {
        if (problem)
            *problem = ConfigText::tr("The team cache address \"%1\" (from %2) is not an http:// or https:// "
                                      "address; building without it.")
                           .arg(shownAddress(url.trimmed()), config.origin);
        return std::nullopt;
    }
    if (!token.isEmpty()) {
        config.authorization = "Bearer " + token;
    } else if (!parsed.userName().isEmpty()) {
        config.authorization = "Basic " + (parsed.userName().toUtf8() + ':' + parsed.password().toUtf8()).toBase64();
    }
    parsed.setUserInfo({});
    if (!parsed.path().endsWith(u'/'))
        parsed.setPath(parsed.path() + u'/');
    config.url = parsed;
    if (!config.read && !config.write)
        return std::nullopt;
    return config;
}

QString UserSettings::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/prometeu/settings.json"_s;
}

UserSettings::UserSettings(QString path)
    : m_path(std::move(path))
{
}

std::optional<QJsonObject> UserSettings::load(QString *error) const
{
    QFile file(m_path);
    if (!file.exists())
        return QJsonObject();
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = ConfigText::tr("Cannot read %1: %2.").arg(QDir::toNativeSeparators(m_path), file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(4 * 1024 * 1024), &parseError);
    if (!document.isObject()) {
        if (error)
            *error = ConfigText::tr("%1 is not a JSON object (%2); its settings are ignored.")
                         .arg(QDir::toNativeSeparators(m_path),
                              parseError.error == QJsonParseError::NoError ? ConfigText::tr("wrong type")
                                                                           : parseError.errorString());
        return std::nullopt;
    }
    return document.object();
}

bool UserSettings::save(const QString &key, const QJsonValue &value, QString *error) const
{
    QString loadError;
    auto settings = load(&loadError);
    if (!settings) {
        // Never overwrite a file we could not understand: it may be the
        // user's half-edited work.
        if (error)
            *error = loadError;
        return false;
    }
    settings->insert(key, value);
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || !writeAll(file, QJsonDocument(*settings).toJson()) || !commitWhole(file)) {
        if (error)
            *error = ConfigText::tr("Cannot save %1: %2.").arg(QDir::toNativeSeparators(m_path), file.errorString());
        return false;
    }
    return true;
}

} // namespace Prometeu
