#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

#include <atomic>
#include <mutex>

namespace Prometeu {

// Assets somebody needs now (selected for a preview, reloading into the
// running game, used by one of those): a running build takes them before
// the rest of its queue. Shared between the packer's owner, which asks,
// and every build, which takes; thread-safe.
class AssetPriority
{
public:
    void request(const QStringList &assets);
    // Changes whenever something is requested: a build that found none of
    // the requested assets in its queue looks again only then.
    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }
    QSet<QString> requested() const;
    // Called by the build that takes it: it is no longer waited for.
    void taken(const QString &asset);

private:
    mutable std::mutex m_mutex;
    QSet<QString> m_assets;
    std::atomic<quint64> m_generation{0};
};

} // namespace Prometeu
