#include "packer/project.h"

#include "packer/textposition.h"

#include <support/writeall.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// Gives lupdate a context for the strings of this file.
class ProjectLoaderText
{
    Q_DECLARE_TR_FUNCTIONS(ProjectLoader)
};

// Edit distance, to suggest the field a typo meant.
int editDistance(const QString &a, const QString &b)
{
    QList<int> previous(b.size() + 1);
    QList<int> current(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

// Reads typed fields out of the parsed manifest and reports every problem
// at the line and column of the offending key.
class ManifestReader
{
public:
    ManifestReader(const QByteArray &json, const QString &file, QList<Diagnostic> *diagnostics)
        : m_json(json), m_file(file), m_diagnostics(diagnostics) {}

    bool hasErrors() const { return m_errors > 0; }

    void report(Severity severity, const QString &code, const QString &message,
                const QStringList &keyPath)
    {
        Diagnostic d;
        d.severity = severity;
        d.code = code;
        d.message = message;
        d.file = m_file;
        const qsizetype offset = locateJsonKey(m_json, keyPath);
        const TextPosition position = textPositionAt(m_json, offset < 0 ? 0 : offset);
        d.line = position.line;
        d.column = position.column;
        if (severity == Severity::Error)
            ++m_errors;
        if (m_diagnostics)
            m_diagnostics->append(d);
    }

    void typeError(const QStringList &path, const QString &expected)
    {
        report(Severity::Error, u"project.invalid_field"_s,
               ProjectLoaderText::tr("'%1' must be %2.").arg(path.join(u'.'), expected), path);
    }

    void readString(const QJsonObject &object, const QStringList &path, QString *target,
                    bool required = false)
    {
        const QJsonValue value = object.value(path.last());
        if (value.isUndefined()) {
            if (required) {
                report(Severity::Error, u"project.missing_field"_s,
                       ProjectLoaderText::tr("Required field '%1' is missing.").arg(path.join(u'.')), {});
            }
            return;
        }
        if (!value.isString() || value.toString().trimmed().isEmpty()) {
            typeError(path, ProjectLoaderText::tr("a non-empty string"));
            return;
        }
        *target = value.toString();
    }

    void readInt(const QJsonObject &object, const QStringList &path, qint64 *target, qint64 min,
                 qint64 max)
    {
        const QJsonValue value = object.value(path.last());
        if (value.isUndefined())
            return;
        const double number = value.toDouble();
        if (!value.isDouble() || number != std::floor(number) || number < double(min)
            || number > double(max)) {
            typeError(path, ProjectLoaderText::tr("a whole number from %1 to %2").arg(min).arg(max));
            return;
        }
        *target = static_cast<qint64>(number);
    }

    void readInt(const QJsonObject &object, const QStringList &path, int *target, int min, int max)
    {
        qint64 wide = *target;
        readInt(object, path, &wide, min, max);
        *target = static_cast<int>(wide);
    }

    void readBool(const QJsonObject &object, const QStringList &path, bool *target)
    {
        const QJsonValue value = object.value(path.last());
        if (value.isUndefined())
            return;
        if (!value.isBool()) {
            typeError(path, ProjectLoaderText::tr("true or false"));
            return;
        }
        *target = value.toBool();
    }

    void readStringList(const QJsonObject &object, const QStringList &path, QStringList *target)
    {
        const QJsonValue value = object.value(path.last());
        if (value.isUndefined())
            return;
        QStringList list;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (!item.isString()) {
                typeError(path, ProjectLoaderText::tr("an array of strings"));
                return;
            }
            list.append(item.toString());
        }
        if (!value.isArray() || list.isEmpty()) {
            typeError(path, ProjectLoaderText::tr("a non-empty array of strings"));
            return;
        }
        *target = list;
    }

    QJsonObject readObject(const QJsonObject &object, const QStringList &path)
    {
        const QJsonValue value = object.value(path.last());
        if (value.isUndefined())
            return {};
        if (!value.isObject()) {
            typeError(path, ProjectLoaderText::tr("an object"));
            return {};
        }
        return value.toObject();
    }

    void warnUnknownKeys(const QJsonObject &object, const QStringList &parent,
                         const QStringList &known)
    {
        for (const QString &key : object.keys()) {
            if (known.contains(key))
                continue;
            QString message = ProjectLoaderText::tr("Unknown field '%1' is ignored.")
                                  .arg((parent + QStringList{key}).join(u'.'));
            for (const QString &candidate : known) {
                if (editDistance(key, candidate) <= 2) {
                    message += u' ' + ProjectLoaderText::tr("Did you mean '%1'?").arg(candidate);
                    break;
                }
            }
            report(Severity::Warning, u"project.unknown_field"_s, message, parent + QStringList{key});
        }
    }

private:
    const QByteArray &m_json;
    QString m_file;
    QList<Diagnostic> *m_diagnostics;
    int m_errors = 0;
};

} // namespace

Project::Project(QString rootPath, ProjectManifest manifest)
    : m_rootPath(QDir::cleanPath(QDir(rootPath).absolutePath()))
    , m_manifest(std::move(manifest))
{
}

QString Project::manifestPath() const
{
    return m_rootPath + u'/' + QLatin1StringView(manifestFileName);
}

QString Project::assetsPath() const
{
    return QDir::cleanPath(m_rootPath + u'/' + m_manifest.assetsFolder);
}

QString Project::statePath() const
{
    return m_rootPath + u'/' + QLatin1StringView(stateFolderName);
}

QString Project::statePath(const QString &fileName) const
{
    return statePath() + u'/' + fileName;
}

QString Project::projectRelativeAssetPath(const QString &assetPath) const
{
    const QString relative = QDir(m_rootPath).relativeFilePath(assetsPath() + u'/' + assetPath);
    return QDir::cleanPath(relative);
}

bool Project::ensureStateFolder(QString *error) const
{
    QDir root(m_rootPath);
    const QString name = QLatin1StringView(stateFolderName);
    if (!QFileInfo(statePath()).isDir() && !root.mkpath(name)) {
        if (error)
            *error = ProjectLoaderText::tr("Cannot create the folder %1.").arg(statePath());
        return false;
    }
    const QString ignorePath = statePath(u".gitignore"_s);
    if (!QFileInfo::exists(ignorePath)) {
        QSaveFile ignore(ignorePath);
        if (ignore.open(QIODevice::WriteOnly)) {
            writeAll(ignore, "# Generated by Prometeu Studio: caches and history, never source.\n*\n");
            commitWhole(ignore);
        }
    }
    return true;
}

QString ProjectLoadResult::errorText() const
{
    QStringList lines;
    for (const Diagnostic &d : diagnostics) {
        if (d.severity == Severity::Error)
            lines.append(d.toCompilerStyle());
    }
    return lines.join(u'\n');
}

std::optional<ProjectManifest> ProjectLoader::parseManifest(const QByteArray &json,
                                                            const QString &fileLabel,
                                                            QList<Diagnostic> *diagnostics)
{
    ManifestReader reader(json, fileLabel, diagnostics);

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        Diagnostic d;
        d.code = u"project.syntax"_s;
        d.message = ProjectLoaderText::tr("Invalid JSON: %1.").arg(parseError.errorString());
        d.file = fileLabel;
        const TextPosition position = jsonErrorPosition(json, parseError.offset);
        d.line = position.line;
        d.column = position.column;
        if (diagnostics)
            diagnostics->append(d);
        return std::nullopt;
    }
    if (!document.isObject()) {
        reader.report(Severity::Error, u"project.syntax"_s,
                      ProjectLoaderText::tr("The manifest must be a JSON object."), {});
        return std::nullopt;
    }

    const QJsonObject root = document.object();
    ProjectManifest manifest;
    reader.readString(root, {u"id"_s}, &manifest.id, true);
    reader.readString(root, {u"name"_s}, &manifest.name, true);
    static const QRegularExpression idPattern(u"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"_s);
    if (!manifest.id.isEmpty() && !idPattern.match(manifest.id).hasMatch()) {
        reader.report(Severity::Error, u"project.invalid_field"_s,
                      ProjectLoaderText::tr("'id' must be 1 to 64 letters, digits, '.', '_' or '-', starting "
                         "with a letter or digit."),
                      {u"id"_s});
    }
    reader.readString(root, {u"assets"_s}, &manifest.assetsFolder);
    if (QDir::isAbsolutePath(manifest.assetsFolder)
        || QDir::cleanPath(manifest.assetsFolder).startsWith(u".."_s)) {
        reader.report(Severity::Error, u"project.invalid_field"_s,
                      ProjectLoaderText::tr("'assets' must be a folder inside the project."), {u"assets"_s});
    }

    const QJsonObject cartridge = reader.readObject(root, {u"cartridge"_s});
    const QStringList c{u"cartridge"_s};
    reader.readInt(cartridge, c + QStringList{u"max_bytes"_s}, &manifest.cartridge.maxBytes, 1,
                   qint64(4) * 1024 * 1024 * 1024);
    reader.readInt(cartridge, c + QStringList{u"max_image_width"_s},
                   &manifest.cartridge.maxImageWidth, 1, 65535);
    reader.readInt(cartridge, c + QStringList{u"max_image_height"_s},
                   &manifest.cartridge.maxImageHeight, 1, 65535);
    reader.readString(cartridge, c + QStringList{u"compression"_s}, &manifest.cartridge.compression);
    if (manifest.cartridge.compression != u"zstd"_s && manifest.cartridge.compression != u"none"_s) {
        reader.report(Severity::Error, u"project.invalid_field"_s,
                      ProjectLoaderText::tr("'cartridge.compression' must be \"zstd\" or \"none\"."),
                      c + QStringList{u"compression"_s});
    }
    reader.warnUnknownKeys(cartridge, c,
                           {u"max_bytes"_s, u"max_image_width"_s, u"max_image_height"_s,
                            u"compression"_s});

    const QJsonObject audio = reader.readObject(root, {u"audio"_s});
    const QStringList a{u"audio"_s};
    reader.readInt(audio, a + QStringList{u"sample_rate"_s}, &manifest.audio.sampleRate, 8000, 192000);
    reader.readInt(audio, a + QStringList{u"channels"_s}, &manifest.audio.channels, 1, 2);
    reader.warnUnknownKeys(audio, a, {u"sample_rate"_s, u"channels"_s});

    const QJsonObject runtime = reader.readObject(root, {u"runtime"_s});
    const QStringList r{u"runtime"_s};
    reader.readStringList(runtime, r + QStringList{u"command"_s}, &manifest.runtime.command);
    reader.readBool(runtime, r + QStringList{u"handshake"_s}, &manifest.runtime.handshake);
    reader.readInt(runtime, r + QStringList{u"handshake_timeout_ms"_s},
                   &manifest.runtime.handshakeTimeoutMs, 100, 600000);
    reader.readInt(runtime, r + QStringList{u"stop_grace_ms"_s}, &manifest.runtime.stopGraceMs, 0,
                   600000);
    reader.warnUnknownKeys(runtime, r,
                           {u"command"_s, u"handshake"_s, u"handshake_timeout_ms"_s,
                            u"stop_grace_ms"_s});

    if (root.contains(u"remote_cache"_s)) {
        const QJsonObject remote = reader.readObject(root, {u"remote_cache"_s});
        const QStringList rc{u"remote_cache"_s};
        manifest.remoteCache.present = true;
        reader.readString(remote, rc + QStringList{u"url"_s}, &manifest.remoteCache.url);
        reader.readBool(remote, rc + QStringList{u"read"_s}, &manifest.remoteCache.read);
        reader.readBool(remote, rc + QStringList{u"write"_s}, &manifest.remoteCache.write);
        reader.readInt(remote, rc + QStringList{u"timeout_ms"_s}, &manifest.remoteCache.timeoutMs, 100, 600000);
        reader.readInt(remote, rc + QStringList{u"min_size"_s}, &manifest.remoteCache.minSize, 0,
                       qint64(1) << 40);
        const QString scheme = QUrl(manifest.remoteCache.url).scheme();
        if (!manifest.remoteCache.url.isEmpty() && scheme != u"http"_s && scheme != u"https"_s) {
            // A warning, not an error: the project still opens and builds
            // with its local cache.
            reader.report(Severity::Warning, u"project.invalid_field"_s,
                          ProjectLoaderText::tr("'remote_cache.url' must be an http:// or https:// address; "
                                                "the team cache is not used."),
                          rc + QStringList{u"url"_s});
            manifest.remoteCache.url.clear();
        }
        reader.warnUnknownKeys(remote, rc, {u"url"_s, u"read"_s, u"write"_s, u"timeout_ms"_s, u"min_size"_s});
    }

    const QJsonObject converters = reader.readObject(root, {u"converters"_s});
    const QStringList cv{u"converters"_s};
    reader.readInt(converters, cv + QStringList{u"timeout_ms"_s}, &manifest.converters.timeoutMs, 100, 86'400'000);
    reader.readInt(converters, cv + QStringList{u"memory_mib"_s}, &manifest.converters.memoryMiB, 256, 1'048'576);
    reader.warnUnknownKeys(converters, cv, {u"timeout_ms"_s, u"memory_mib"_s});

    reader.warnUnknownKeys(root, {},
                           {u"id"_s, u"name"_s, u"assets"_s, u"cartridge"_s, u"audio"_s,
                            u"runtime"_s, u"remote_cache"_s, u"converters"_s});

    if (reader.hasErrors())
        return std::nullopt;
    return manifest;
}

ProjectLoadResult ProjectLoader::load(const QString &projectPath)
{
    ProjectLoadResult result;
    // The manifest itself names its project ("prometeu build game/prometeu.json").
    const QFileInfo given(projectPath);
    const bool manifestGiven = given.isFile() && given.fileName() == QLatin1StringView(Project::manifestFileName);
    const QString root = QDir::cleanPath(manifestGiven ? given.absolutePath() : QDir(projectPath).absolutePath());
    const QString manifestPath = root + u'/' + QLatin1StringView(Project::manifestFileName);
    // Name the file the way the user typed their way to it when that is short.
    const QString relative = QDir::current().relativeFilePath(manifestPath);
    const QString label = relative.startsWith(u".."_s) ? manifestPath : relative;

    auto error = [&](const QString &code, const QString &message) {
        Diagnostic d;
        d.code = code;
        d.message = message;
        d.file = label;
        result.diagnostics.append(d);
        return result;
    };

    if (QFileInfo(root).isFile()) {
        error(u"project.not_found"_s,
              ProjectLoaderText::tr("This is a file, not a project folder: give the folder that holds prometeu.json."));
        result.diagnostics.last().file = QDir::toNativeSeparators(projectPath);
        return result;
    }
    if (!QFileInfo(root).isDir())
        return error(u"project.not_found"_s, ProjectLoaderText::tr("There is no project folder here."));
    QFile file(manifestPath);
    if (!QFileInfo::exists(manifestPath)) {
        return error(u"project.missing_manifest"_s,
                     ProjectLoaderText::tr("This folder has no prometeu.json, so it is not a Prometeu project."));
    }
    if (!file.open(QIODevice::ReadOnly))
        return error(u"project.unreadable"_s, ProjectLoaderText::tr("Cannot read the manifest: %1.").arg(file.errorString()));
    constexpr qint64 maxManifestBytes = 1024 * 1024;
    if (file.size() > maxManifestBytes)
        return error(u"project.too_large"_s, ProjectLoaderText::tr("The manifest is larger than 1 MiB."));
    const QByteArray json = file.read(maxManifestBytes);

    auto manifest = parseManifest(json, label, &result.diagnostics);
    if (!manifest)
        return result;

    Project project(root, *manifest);
    if (!QFileInfo(project.assetsPath()).isDir()) {
        return error(u"project.missing_assets"_s,
                     ProjectLoaderText::tr("The assets folder '%1' does not exist.").arg(manifest->assetsFolder));
    }
    result.project = project;
    return result;
}

} // namespace Prometeu
