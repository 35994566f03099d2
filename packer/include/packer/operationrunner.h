#pragma once

#include "packer/operationscope.h"

#include <support/largepageheap.h>

#include <QCoreApplication>
#include <QFuture>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

class QThreadPool;

namespace Prometeu {

namespace Detail {

// Closes an operation that never ran: QtConcurrent skips the task of a
// future cancelled before a pool thread picked it up, and then this guard,
// destroyed with the task, publishes the cancelled operation_finished.
class OperationGuard
{
public:
    explicit OperationGuard(std::shared_ptr<OperationPublisher> publisher)
        : m_publisher(std::move(publisher)) {}
    ~OperationGuard()
    {
        m_publisher->finish(OperationOutcome::Cancelled,
                            QCoreApplication::translate("Packer", "Cancelled before it started."));
    }
    OperationGuard(const OperationGuard &) = delete;
    OperationGuard &operator=(const OperationGuard &) = delete;

private:
    std::shared_ptr<OperationPublisher> m_publisher;
};

} // namespace Detail

// Runs `body` on `pool` as a cancellable QFuture, with the lifecycle spine
// published around it: operation_started now (in the caller's thread, so the
// operation is visible the moment it is requested), operation_finished when
// the body returns, throws, is cancelled, or never runs at all.
//
// Body signature: Result (OperationScope &). A cancelled or failed future has
// no result (see OperationScope::keepResultOnFailure for the exception).
template<typename Result, typename Body>
QFuture<Result> runOperation(QThreadPool *pool, std::shared_ptr<OperationPublisher> publisher,
                             const QString &startSummary, const QJsonObject &startPayload,
                             Body body)
{
    publisher->start(startSummary, startPayload);
    auto guard = std::make_shared<Detail::OperationGuard>(publisher);
    return QtConcurrent::run(
        pool,
        [publisher, guard, body = std::move(body)](QPromise<Result> &promise) mutable {
            useLargePagesForThreadHeap(); // an operation's records are most of a command's heap
            OperationScope scope(
                publisher, [&promise] { return promise.isCanceled(); },
                [&promise](int done, int total) {
                    promise.setProgressRange(0, total);
                    promise.setProgressValue(done);
                });
            std::optional<Result> result;
            try {
                result.emplace(body(scope));
            } catch (const std::exception &error) {
                scope.failWithException(QString::fromLocal8Bit(error.what()));
            } catch (...) {
                scope.failWithException(QStringLiteral("unknown exception"));
            }
            const OperationOutcome outcome = scope.conclude();
            const bool deliver = outcome == OperationOutcome::Succeeded
                || (outcome == OperationOutcome::Failed && scope.keepsResultOnFailure());
            if (result && deliver)
                promise.addResult(std::move(*result));
        });
}

} // namespace Prometeu
