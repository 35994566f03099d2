#include "support/networkmodule.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>

#include <dlfcn.h>
#include <memory>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class NetworkText
{
    Q_DECLARE_TR_FUNCTIONS(NetworkModule)
};

struct Loaded {
    // Kept for the life of the process: its objects may live until exit.
    std::unique_ptr<QLibrary> library;
    QString why;
};

// PROMETEU_NETWORK_LIBRARY when set (and then only there), else beside
// libprometeu-core.so (this code's own file), as the build tree and an
// install lay them out.
QStringList candidates()
{
    if (const QString chosen = qEnvironmentVariable("PROMETEU_NETWORK_LIBRARY"); !chosen.isEmpty())
        return {chosen};
    QStringList out;
    Dl_info self{};
    if (dladdr(reinterpret_cast<const void *>(&candidates), &self) != 0 && self.dli_fname)
        out.append(QFileInfo(QString::fromLocal8Bit(self.dli_fname)).dir().filePath(u"libprometeu-network.so"_s));
#ifdef PROMETEU_NETWORK_BUILD_PATH
    out.append(QString::fromUtf8(PROMETEU_NETWORK_BUILD_PATH));
#endif
    return out;
}

Loaded load()
{
    using VersionFunction = int (*)();
    Loaded loaded;
    QStringList tried;
    for (const QString &path : candidates()) {
        if (!QFileInfo(path).isFile()) {
            tried.append(QDir::cleanPath(path));
            continue;
        }
        auto library = std::make_unique<QLibrary>(path);
        // Every symbol now: a module that cannot be bound is refused here,
        // in words, instead of failing later inside a call.
        library->setLoadHints(QLibrary::ResolveAllSymbolsHint);
        const auto version = reinterpret_cast<VersionFunction>(library->resolve("prometeuNetworkModuleVersion"));
        if (!version) {
            tried.append(library->errorString());
            continue;
        }
        if (version() != NetworkModule::interfaceVersion) {
            tried.append(NetworkText::tr("%1 was built for another version of Prometeu").arg(QDir::cleanPath(path)));
            continue;
        }
        loaded.library = std::move(library);
        return loaded;
    }
    loaded.why = NetworkText::tr("the network module (libprometeu-network.so) could not be loaded: %1")
                     .arg(tried.isEmpty() ? NetworkText::tr("no place to look") : tried.join(u"; "_s));
    return loaded;
}

const Loaded &loadedModule()
{
    static const Loaded loaded = load(); // once, whichever thread asks first
    return loaded;
}

} // namespace

QFunctionPointer NetworkModule::resolve(const char *symbol, QString *why)
{
    const Loaded &loaded = loadedModule();
    if (!loaded.library) {
        if (why)
            *why = loaded.why;
        return nullptr;
    }
    const QFunctionPointer function = loaded.library->resolve(symbol);
    if (!function && why)
        *why = NetworkText::tr("the network module has no %1: %2")
                   .arg(QString::fromLatin1(symbol), loaded.library->errorString());
    return function;
}

} // namespace Prometeu
