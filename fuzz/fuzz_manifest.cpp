// prometeu.json and prometeu.assets.json text: the manifest parser and the
// per-asset options parser. A refusal must come with a diagnostic.
#include "fuzzsupport.h"

#include <packer/assetoptions.h>
#include <packer/project.h>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzSupport::ensureApplication();
    const QByteArray text = FuzzSupport::bytes(data, size);
    QList<Prometeu::Diagnostic> diagnostics;
    const auto manifest = Prometeu::ProjectLoader::parseManifest(text, u"prometeu.json"_s, &diagnostics);
    if (!manifest && diagnostics.isEmpty())
        __builtin_trap();
    QString error;
    const auto options = Prometeu::AssetOptionsFile::parse(text, u"prometeu.assets.json"_s, &error);
    if (!options && error.isEmpty())
        __builtin_trap();
    return 0;
}
