#include "packer/assetpriority.h"

namespace Prometeu {

void AssetPriority::request(const QStringList &assets)
{
    std::lock_guard lock(m_mutex);
    // Bounded: what nobody's build took stays only until many more are asked for.
    if (m_assets.size() > 10'000)
        m_assets.clear();
    for (const QString &asset : assets)
        m_assets.insert(asset);
    m_generation.fetch_add(1, std::memory_order_release);
}

QSet<QString> AssetPriority::requested() const
{
    std::lock_guard lock(m_mutex);
    return m_assets;
}

void AssetPriority::taken(const QString &asset)
{
    std::lock_guard lock(m_mutex);
    m_assets.remove(asset);
}

} // namespace Prometeu
