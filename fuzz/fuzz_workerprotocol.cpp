// What a converter worker writes back is read by the build's host (and what
// the host writes, by the worker): frames split at an input-chosen point,
// each decoded as an answer and as a request. A decoded answer must encode
// to a frame that decodes to the same outcome.
#include "fuzzsupport.h"

#include <packer/workerprotocol.h>

using namespace Prometeu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The first byte chooses where the rest is split.
    FuzzSupport::ensureApplication();
    const QByteArray whole = FuzzSupport::bytes(data, size);
    if (whole.isEmpty())
        return 0;
    const QByteArray input = whole.mid(1);
    const qsizetype split = qsizetype(uint8_t(whole[0])) % (input.size() + 1);
    WorkerProtocol::FrameReader frames;
    WorkerProtocol::RequestDecoder requests;
    frames.append(input.constData(), split);
    bool second = false;
    for (;;) {
        const std::optional<QByteArrayView> body = frames.next();
        if (!body) {
            if (second || frames.failed())
                break;
            frames.append(input.constData() + split, input.size() - split);
            second = true;
            continue;
        }
        if (const auto request = requests.decode(*body)) {
            if (request->slot < 0 || request->slot >= WorkerProtocol::slots
                || !WorkerProtocol::SharedArea::fits(qMax<qint64>(0, request->inputSize)))
                __builtin_trap();
        }
        if (const auto response = WorkerProtocol::decodeResponse(*body)) {
            if (response->result.ok() && response->result.blob.originalHash.size() != 16)
                __builtin_trap(); // an answer that parses is whole
            const QByteArray again = WorkerProtocol::encode(*response);
            WorkerProtocol::FrameReader reread;
            reread.append(again.constData(), again.size());
            const auto back = reread.next();
            const auto decoded = back ? WorkerProtocol::decodeResponse(*back) : std::nullopt;
            if (!decoded || decoded->id != response->id || decoded->result.failure != response->result.failure
                || decoded->result.blob.storedSize != response->result.blob.storedSize
                || decoded->result.diagnostics.size() != response->result.diagnostics.size())
                __builtin_trap();
        }
    }
    return 0;
}
