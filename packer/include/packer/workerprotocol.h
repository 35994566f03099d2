#pragma once

#include "packer/assetconversion.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace Prometeu {

// What ConverterWorkerPool and `prometeu-worker` say to each other: one
// frame per job on the worker's stdin, one frame per answer on its stdout,
// in the same order. A frame is its body's size (4 bytes, little-endian)
// and a body in QDataStream's binary form: a request is its slot and the
// job, an answer the outcome (JSON lines cost more, per job, than
// converting a small sprite). Several jobs may be queued on a worker, each
// in its own slot.
//
// Bytes do not cross the pipe. Both processes map one shared file
// (SharedArea, <--output>.shared) with two windows a slot: the host puts a
// source it already read (for hashing) in the slot's input window, and the
// worker leaves the converted bytes in its output window; the answer gives
// their size. What does not fit a window goes by file instead: the worker
// reads the source itself, and writes a large result at the start of the
// slot's own file (<--output>.<slot>, never truncated below what it held,
// so no block is freed and taken again), which the host reads from there
// while it keeps the slot. For a game's many small sprites
// that leaves no system call a job beside the pipe's, which are shared by
// many jobs.
//
// Answers are written several at a time (answersPerWrite, or sooner when
// the worker has nothing more to read or the first of them has waited
// answerDelayMs), so the host wakes once for several small assets and
// hears of a large one's end at once.
// Which job the worker is on is therefore told apart from its answers: it
// stores that job's id in the shared area before converting it. The host
// reads it to time a job out and, when the worker dies, to know which job
// it died of; answers the worker had not written yet are lost with it and
// their jobs are given again.
namespace WorkerProtocol {

constexpr int answersPerWrite = 16;
constexpr int answerDelayMs = 4;
constexpr int slots = 2 * answersPerWrite; // jobs a worker may hold
constexpr qint64 windowBytes = 128 * 1024; // each slot's input and output window

// The file both processes map: the id of the job being converted, then
// each slot's input and output windows. Sparse: only what jobs touch takes
// memory (at most 2 x slots x windowBytes, 8 MiB, a worker).
class SharedArea
{
public:
    SharedArea() = default;
    ~SharedArea();
    SharedArea(const SharedArea &) = delete;
    SharedArea &operator=(const SharedArea &) = delete;

    // The host makes the file (zero: no job yet) before starting the worker.
    bool create(const QString &path);
    // The worker opens what the host made.
    bool open(const QString &path);
    void close();
    bool isOpen() const { return m_area != nullptr; }

    void setCurrent(quint64 id);
    quint64 current() const; // 0: none yet (or the area could not be made)

    // Whether `size` bytes fit one window (a source, or a result).
    static bool fits(qint64 size) { return size >= 0 && size <= windowBytes; }
    // A slot's windows, windowBytes each (slot in [0, slots)).
    char *input(int slot) const;
    char *output(int slot) const;

private:
    bool map(const QString &path, bool create);
    char *m_area = nullptr;
};

struct Request {
    quint64 id = 0;
    int slot = 0;
    qint64 inputSize = -1; // the source's bytes in the slot's input window; -1: read the file
    QString projectRoot;
    ConversionJob job;
};

struct Response {
    quint64 id = 0;
    StoredConversion result; // blob.stored empty: the bytes are in the output window or file
};

// A request's body but its slot, which is known only when it is given to
// a worker: frame() puts the two together.
QByteArray encode(const Request &request);
QByteArray frame(int slot, const QByteArray &encodedRequest);
// Reads requests, parsing each distinct settings object once (a build's
// assets of one kind mostly share theirs).
class RequestDecoder
{
public:
    std::optional<Request> decode(QByteArrayView body);

private:
    QHash<QByteArray, QJsonObject> m_settings;
};
// An answer's whole frame.
QByteArray encode(const Response &response);
std::optional<Response> decodeResponse(QByteArrayView body);

// Splits what a pipe gave into frames' bodies.
class FrameReader
{
public:
    static constexpr quint32 maxBodyBytes = 16 * 1024 * 1024; // larger: not this protocol

    void append(const char *data, qsizetype size);
    // The next whole frame's body (valid until the next append()); nullopt
    // when none is whole yet, or the stream is broken (failed()).
    std::optional<QByteArrayView> next();
    bool hasFrame() const;
    // A size no frame can have: nothing after it can be trusted.
    bool failed() const { return m_failed; }

private:
    QByteArray m_buffer;
    qsizetype m_start = 0;
    bool m_failed = false;
};

} // namespace WorkerProtocol
} // namespace Prometeu
