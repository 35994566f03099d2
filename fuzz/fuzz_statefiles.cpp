// The files a build, a scan and a check leave in <project>/.prometeu and
// read back first thing next time: the build record, the scan index and the
// doctor's memo. The input's first byte picks the file, the rest is its
// content. Damage must read as nothing known (everything is looked at
// again), never crash, hang or make a huge allocation; whatever does load
// must save and load back the same.
#include "fuzzsupport.h"

#include <packer/buildstate.h>
#include <packer/doctormemo.h>
#include <packer/scanindex.h>

// What loads saves, and loads back with as many entries.
template <typename File>
void loadsBackTheSame(const QString &path, const QString &again)
{
    const File loaded = File::load(path);
    if (!loaded.save(again))
        __builtin_trap();
    if (File::load(again).size() != loaded.size())
        __builtin_trap();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Qt::StringLiterals;
    FuzzSupport::ensureApplication();
    if (size == 0)
        return 0;
    const QByteArray content = FuzzSupport::bytes(data + 1, size - 1);
    const QString path = FuzzSupport::scratchFile(content, ".state");
    const QString again = path + u".again"_s;
    switch (data[0] % 3) {
    case 0: {
        const Prometeu::BuildState state = Prometeu::BuildState::load(path);
        if (!state.save(again, nullptr))
            __builtin_trap();
        const Prometeu::BuildState back = Prometeu::BuildState::load(again);
        if (back.assets.size() != state.assets.size() || back.failures.size() != state.failures.size()
            || back.keyContext != state.keyContext || back.cartridge.signature != state.cartridge.signature) {
            __builtin_trap();
        }
        for (auto it = state.assets.cbegin(); it != state.assets.cend(); ++it) {
            if (back.assets.value(it.key()).warnings != it->warnings)
                __builtin_trap();
        }
        break;
    }
    case 1:
        loadsBackTheSame<Prometeu::ScanIndex>(path, again);
        break;
    default:
        loadsBackTheSame<Prometeu::DoctorMemo>(path, again);
        break;
    }
    return 0;
}
