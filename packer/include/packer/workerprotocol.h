#pragma once

#include "packer/assetconversion.h"

#include <QByteArray>
#include <optional>

namespace Prometeu {

// What ConverterWorkerPool and `prometeu-worker` say to each other: one
// line per job on the worker's stdin (an output slot, a space, a JSON
// object), one JSON line per answer on its stdout, in the same order.
// The converted bytes do not cross the pipe: the worker writes them at the
// start of its output file for that slot (<--output>.<slot>, never
// truncated, so no block is freed and taken again) and the answer gives
// their size. Several jobs may be queued on a worker, each in its own slot.
namespace WorkerProtocol {

struct Request {
    quint64 id = 0;
    int slot = 0;
    QString projectRoot;
    ConversionJob job;
};

struct Response {
    quint64 id = 0;
    StoredConversion result; // blob.stored empty: the bytes are in the output file
};

// The JSON of a request (its slot is written before it, see line()).
QByteArray encode(const Request &request);
QByteArray line(int slot, const QByteArray &encodedRequest);
std::optional<Request> decodeRequest(const QByteArray &line);
QByteArray encode(const Response &response);
std::optional<Response> decodeResponse(const QByteArray &line);

} // namespace WorkerProtocol
} // namespace Prometeu
