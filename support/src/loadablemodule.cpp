#include "support/loadablemodule.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <dlfcn.h>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class ModuleText
{
    Q_DECLARE_TR_FUNCTIONS(LoadableModule)
};

} // namespace

QStringList LoadableModule::candidates(const char *variable, const QString &fileName, const char *buildPath)
{
    if (const QString chosen = qEnvironmentVariable(variable); !chosen.isEmpty())
        return {chosen};
    QStringList out;
    Dl_info self{};
    if (dladdr(reinterpret_cast<const void *>(&LoadableModule::candidates), &self) != 0 && self.dli_fname)
        out.append(QFileInfo(QString::fromLocal8Bit(self.dli_fname)).dir().filePath(fileName));
    if (buildPath)
        out.append(QString::fromUtf8(buildPath));
    return out;
}

LoadableModule LoadableModule::load(const QStringList &candidates, const char *entry,
                                    const std::function<bool(QFunctionPointer)> &fits, QLibrary::LoadHints hints)
{
    LoadableModule loaded;
    QStringList tried;
    for (const QString &path : candidates) {
        if (!QFileInfo(path).isFile()) {
            tried.append(QDir::cleanPath(path));
            continue;
        }
        auto library = std::make_unique<QLibrary>(path);
        library->setLoadHints(hints);
        if (!library->load()) {
            tried.append(library->errorString());
            continue;
        }
        // (Qt 6.4 says "Unknown error" for a symbol that is not there.)
        const QFunctionPointer function = library->resolve(entry);
        if (!function) {
            tried.append(ModuleText::tr("%1 does not export %2, so it is not the library looked for")
                             .arg(QDir::cleanPath(path), QString::fromLatin1(entry)));
            continue;
        }
        if (!fits(function)) {
            tried.append(ModuleText::tr("%1 was built for another version of Prometeu").arg(QDir::cleanPath(path)));
            continue;
        }
        loaded.library = std::move(library);
        return loaded;
    }
    loaded.tried = tried.isEmpty() ? ModuleText::tr("no place to look") : tried.join(u"; "_s);
    return loaded;
}

} // namespace Prometeu
