// The runtime's handshake line, as the Studio receives it on its socket.
#include "fuzzsupport.h"

#include <session/runtimehandshake.h>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > size_t(Prometeu::RuntimeHandshake::maxLineBytes) + 1)
        return 0; // the launcher refuses longer lines before parsing
    Prometeu::RuntimeHandshake::Error error = Prometeu::RuntimeHandshake::Error::None;
    const auto hello = Prometeu::RuntimeHandshake::parse(FuzzSupport::bytes(data, size), u"expected-token"_s, &error);
    if (hello.has_value() != (error == Prometeu::RuntimeHandshake::Error::None))
        __builtin_trap();
    return 0;
}
