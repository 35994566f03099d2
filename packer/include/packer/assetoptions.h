#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace Prometeu {

// Per-asset settings a user chooses, kept beside the manifest in
// <project>/prometeu.assets.json so they are versioned with the game.
struct AssetOptions {
    bool excluded = false;
    QString pixelFormat; // "", "rgba8888" or "indexed8"
    int sampleRate = 0;  // 0: the project's audio.sample_rate

    bool isDefault() const { return !excluded && pixelFormat.isEmpty() && sampleRate == 0; }
    QJsonObject toJson() const;
    static std::optional<AssetOptions> fromJson(const QJsonObject &object, QString *error);
    friend bool operator==(const AssetOptions &, const AssetOptions &) = default;
};

class AssetOptionsFile
{
public:
    static constexpr auto fileName = "prometeu.assets.json";

    // A missing file means every asset has default options.
    static std::optional<AssetOptionsFile> load(const QString &projectRoot, QString *error);
    // The file's text; `fileLabel` names it in errors.
    static std::optional<AssetOptionsFile> parse(const QByteArray &json, const QString &fileLabel, QString *error);
    // Atomic (QSaveFile); assets with default options are not written.
    bool save(const QString &projectRoot, QString *error) const;

    AssetOptions options(const QString &asset) const { return m_options.value(asset); }
    void setOptions(const QString &asset, const AssetOptions &options);
    const QHash<QString, AssetOptions> &all() const { return m_options; }

private:
    QHash<QString, AssetOptions> m_options;
};

} // namespace Prometeu
