#pragma once

#include "packer/diagnostic.h"

#include <QStringList>
#include <optional>

namespace Prometeu {

// Limits the cartridge format and the target console impose on a project.
struct CartridgeLimits {
    qint64 maxBytes = 64 * 1024 * 1024;
    int maxImageWidth = 4096;
    int maxImageHeight = 4096;
    QString compression = QStringLiteral("zstd"); // "zstd" or "none"
};

struct AudioFormat {
    int sampleRate = 44100;
    int channels = 2;
};

// How Play starts the game. An empty command means the reference runtime.
struct RuntimeConfig {
    QStringList command;
    bool handshake = true;
    int handshakeTimeoutMs = 5000;
    int stopGraceMs = 2000;
};

// "remote_cache": the team's shared build cache, as the project suggests
// it (a user's own settings and the command line override it; see
// docs/remote-cache.md).
struct RemoteCacheSection {
    bool present = false;
    QString url;
    bool read = true;
    bool write = true;
    int timeoutMs = 10'000; // per request
    // Assets whose source is smaller are converted on each machine and never
    // shared: converting them costs less than the round trips of fetching
    // them (docs/remote-cache.md, "Small assets").
    qint64 minSize = 16 * 1024;
};

// How far one asset's conversion may go before it is stopped and fails
// (convert.timeout, convert.out_of_memory), when conversions run in worker
// processes (docs/dependencies.md, "Converters in their own processes").
struct ConverterLimits {
    int timeoutMs = 120'000;
    int memoryMiB = 2048; // the worker's address space
};

// The contents of prometeu.json (docs/project-format.md). Only id and name
// are required; every other field has the default written here.
struct ProjectManifest {
    QString id;
    QString name;
    QString assetsFolder = QStringLiteral("assets");
    CartridgeLimits cartridge;
    AudioFormat audio;
    RuntimeConfig runtime;
    RemoteCacheSection remoteCache;
    ConverterLimits converters;
};

// An opened project: where it lives and what its manifest says.
class Project
{
public:
    static constexpr auto manifestFileName = "prometeu.json";
    static constexpr auto stateFolderName = ".prometeu";

    Project() = default;
    Project(QString rootPath, ProjectManifest manifest);

    QString rootPath() const { return m_rootPath; }
    QString manifestPath() const;
    QString assetsPath() const;
    // <project>/.prometeu: cache, indexes, history; never source.
    QString statePath() const;
    QString statePath(const QString &fileName) const;
    const ProjectManifest &manifest() const { return m_manifest; }
    QString id() const { return m_manifest.id; }

    // Path of an asset relative to the project root ("assets/x.png"), the
    // form diagnostics show so editors and terminals can open it.
    QString projectRelativeAssetPath(const QString &assetPath) const;

    // Creates the state folder (with a .gitignore so it is never committed).
    bool ensureStateFolder(QString *error) const;

private:
    QString m_rootPath;
    ProjectManifest m_manifest;
};

// Result of opening a project folder: the project, or the errors that
// prevent it; warnings (unknown keys, odd values) either way.
struct ProjectLoadResult {
    std::optional<Project> project;
    QList<Diagnostic> diagnostics;
    bool ok() const { return project.has_value(); }
    QString errorText() const; // all errors, one per line, compiler style
};

class ProjectLoader
{
public:
    static ProjectLoadResult load(const QString &projectPath);
    // Parses manifest text; `fileLabel` names the file in diagnostics.
    static std::optional<ProjectManifest> parseManifest(const QByteArray &json,
                                                        const QString &fileLabel,
                                                        QList<Diagnostic> *diagnostics);
};

} // namespace Prometeu
