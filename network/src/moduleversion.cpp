#include <support/networkmodule.h>

// What the loader checks before it calls anything here: the interfaces
// this module implements are the ones the process was built with.
extern "C" Q_DECL_EXPORT int prometeuNetworkModuleVersion()
{
    return Prometeu::NetworkModule::interfaceVersion;
}
