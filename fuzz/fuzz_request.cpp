// The stream server's request parsing: the front door's head parser and
// policy check on arbitrary bytes, and the client-side SSE parser on the
// same bytes fed in two pieces split at an input-chosen point.
#include "fuzzsupport.h"

#include <server/requesthead.h>
#include <hub/sseparser.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = FuzzSupport::bytes(data, size);
    Prometeu::RequestHead head;
    if (Prometeu::RequestHead::parse(input, &head) == Prometeu::RequestHead::Status::Complete) {
        Prometeu::RequestPolicy policy;
        policy.token = "fuzz-token";
        policy.port = 8080;
        const auto verdict = policy.check(head);
        if (verdict.status != 200 && verdict.reason.isEmpty())
            __builtin_trap();
        (void)head.path();
        (void)head.isWebSocketUpgrade();
    }
    Prometeu::SseParser parser;
    const qsizetype split = input.isEmpty() ? 0 : qsizetype(uint8_t(input[0])) % (input.size() + 1);
    parser.feed(input.left(split));
    parser.feed(input.mid(split));
    (void)parser.take();
    return 0;
}
