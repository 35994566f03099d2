#include "support/networkmodule.h"

#include "support/loadablemodule.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

class NetworkText
{
    Q_DECLARE_TR_FUNCTIONS(NetworkModule)
};

struct Loaded {
    LoadableModule module;
    QString why;
};

Loaded load()
{
    using VersionFunction = int (*)();
    Loaded loaded;
    // Every symbol at once: a module that cannot be bound is refused here,
    // in words, instead of failing later inside a call.
    loaded.module = LoadableModule::load(
        LoadableModule::candidates("PROMETEU_NETWORK_LIBRARY", u"libprometeu-network.so"_s, PROMETEU_NETWORK_BUILD_PATH),
        "prometeuNetworkModuleVersion",
        [](QFunctionPointer version) {
            return reinterpret_cast<VersionFunction>(version)() == NetworkModule::interfaceVersion;
        },
        QLibrary::ResolveAllSymbolsHint);
    if (!loaded.module.library)
        loaded.why = NetworkText::tr("the network module (libprometeu-network.so) could not be loaded: %1")
                         .arg(loaded.module.tried);
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
    QLibrary *library = loaded.module.library.get();
    if (!library) {
        if (why)
            *why = loaded.why;
        return nullptr;
    }
    const QFunctionPointer function = library->resolve(symbol);
    if (!function && why)
        *why = NetworkText::tr("the network module %1 has no %2: it was built for another version of Prometeu")
                   .arg(library->fileName(), QString::fromLatin1(symbol));
    return function;
}

} // namespace Prometeu
