// The cartridge reader on hostile files: open, then read and verify every
// entry it lists. It must refuse with an error, never crash, hang or make a
// huge allocation.
#include "fuzzsupport.h"

#include <packer/cartridge.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzSupport::ensureApplication();
    const QString path = FuzzSupport::scratchFile(FuzzSupport::bytes(data, size), ".pcart");
    Prometeu::CartridgeReader reader;
    if (!reader.open(path)) {
        if (reader.errorString().isEmpty())
            __builtin_trap(); // a refusal must say why
        return 0;
    }
    for (const Prometeu::CartridgeEntry &entry : reader.entries())
        (void)reader.read(entry);
    return 0;
}
