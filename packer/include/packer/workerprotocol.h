#pragma once

#include "packer/assetconversion.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace Prometeu {

// What ConverterWorkerPool and `prometeu-worker` say to each other: one
// line per job on the worker's stdin (an output slot, a space, a JSON
// object), one JSON line per answer on its stdout, in the same order.
// The converted bytes do not cross the pipe: the worker writes them at the
// start of its output file for that slot (<--output>.<slot>, never
// truncated, so no block is freed and taken again) and the answer gives
// their size. Several jobs may be queued on a worker, each in its own slot.
//
// Answers are written several at a time (answersPerWrite, or sooner when
// the worker has nothing more to read or the first of them has waited
// answerDelayMs), so the host wakes once for several small assets and
// hears of a large one's end at once.
// Which job the worker is on is therefore told apart from its answers: it
// stores that job's id in a shared page (ProgressPage, <--output>.progress)
// before converting it. The host reads the page to time a job out and, when
// the worker dies, to know which job it died of; answers the worker had not
// written yet are lost with it and their jobs are given again.
namespace WorkerProtocol {

constexpr int answersPerWrite = 16;
constexpr int answerDelayMs = 4;

// One 8-byte page both processes map: the id of the job being converted.
class ProgressPage
{
public:
    ProgressPage() = default;
    ~ProgressPage();
    ProgressPage(const ProgressPage &) = delete;
    ProgressPage &operator=(const ProgressPage &) = delete;

    // The host makes the file (zero: no job yet) before starting the worker.
    bool create(const QString &path);
    // The worker opens what the host made.
    bool open(const QString &path);
    void close();
    bool isOpen() const { return m_page != nullptr; }

    void setCurrent(quint64 id);
    quint64 current() const; // 0: none yet (or the page could not be made)

private:
    bool map(const QString &path, bool create);
    void *m_page = nullptr;
};

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
