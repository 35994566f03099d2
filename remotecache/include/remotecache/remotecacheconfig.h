#pragma once

#include <packer/project.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace Prometeu {

// How to reach a team's shared build cache, resolved from wherever it was
// configured (RemoteCacheSources). Credentials never appear in the URL it
// keeps: they are in `authorization`, sent with every request.
struct RemoteCacheConfig {
    QUrl url; // the base; its path ends with '/'
    bool read = true;
    bool write = true;
    int timeoutMs = RemoteCacheSection().timeoutMs; // per request, from sending to the last byte
    QByteArray authorization;    // the Authorization header's value, or empty
    QString origin;              // where it was configured, for messages
    qint64 uploadMemoryLimit = 64 * 1024 * 1024; // bytes waiting to be uploaded
    // Objects fetched ahead of the build's workers, received or on the
    // way, not yet taken: past this, the next object waits (one a worker
    // is waiting for is fetched whatever the bound).
    qint64 downloadMemoryLimit = 64 * 1024 * 1024;
    int exitGraceMs = 5'000;     // how long a closing store lets unfinished uploads go on
    // Assets whose source is smaller are converted here and never fetched
    // or uploaded (RemoteCacheSection::minSize).
    qint64 minSize = RemoteCacheSection().minSize;
    int maxInFlight = 24;        // requests at once (over Qt's six connections to a host, pipelined)

    bool isUsable() const { return url.isValid() && !url.isEmpty() && (read || write); }
    QString displayUrl() const { return url.toDisplayString(QUrl::RemoveUserInfo); }
};

// Where a project's team cache may be configured, strongest first: the
// command line, the user's settings file, the project's prometeu.json.
// The token comes from PROMETEU_REMOTE_CACHE_TOKEN (a bearer token) or
// from a user name and password in the URL (basic authentication).
struct RemoteCacheSources {
    bool disabledOnCommandLine = false; // --no-remote-cache
    QString commandLineUrl;             // --remote-cache URL
    std::optional<QJsonObject> user;    // "remote_cache" in the user's settings file
    QString userOrigin;                 // that file, for messages
    RemoteCacheSection project;         // "remote_cache" in prometeu.json
    QByteArray token;                   // PROMETEU_REMOTE_CACHE_TOKEN

    // The sources as this process sees them (the environment and the
    // settings file at UserSettings::defaultPath()).
    static RemoteCacheSources gather(const RemoteCacheSection &project, bool disabledOnCommandLine = false,
                                     const QString &commandLineUrl = {});

    // Nothing when no source names a cache (or one turns it off); *problem
    // says why a named one cannot be used (a bad URL).
    std::optional<RemoteCacheConfig> resolve(QString *problem = nullptr) const;
};

// The user's own settings, a JSON file beside other programs' settings
// (~/.config/prometeu/settings.json); written atomically, other keys kept.
class UserSettings
{
public:
    static QString defaultPath();
    explicit UserSettings(QString path = defaultPath());

    QString path() const { return m_path; }
    // The whole file; an absent file is an empty object, an unreadable or
    // malformed one nothing, with *error.
    std::optional<QJsonObject> load(QString *error = nullptr) const;
    // Replaces one top-level key, keeping the others.
    bool save(const QString &key, const QJsonValue &value, QString *error = nullptr) const;

private:
    QString m_path;
};

} // namespace Prometeu
