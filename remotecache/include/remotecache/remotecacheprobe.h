#pragma once

#include "remotecache/remotecacheconfig.h"

#include <QObject>

#include <memory>

namespace Prometeu {

class HttpCacheClient;

// "Test connection": asks a team cache for a record that does not exist
// (a reachable server answers 404) and, when writing is on, stores a tiny
// object whose name is its own SHA-256 (harmless: any cache may hold it).
// Says what it found in one sentence.
class RemoteCacheProbe : public QObject
{
    Q_OBJECT
public:
    explicit RemoteCacheProbe(QObject *parent = nullptr);
    ~RemoteCacheProbe() override;

    void probe(const RemoteCacheConfig &config);

Q_SIGNALS:
    void finished(bool ok, const QString &sentence);

private:
    std::unique_ptr<HttpCacheClient> m_client;
};

} // namespace Prometeu
