#pragma once

#include "packer/operationpublisher.h"

#include <QMutex>
#include <functional>
#include <memory>

namespace Prometeu {

// What an operation's body sees while it runs: where to publish, whether it
// has been cancelled, and how to report progress and failure. The runner
// (operationrunner.h) turns what the body recorded here into exactly one
// operation_finished.
class OperationScope
{
public:
    OperationScope(std::shared_ptr<OperationPublisher> publisher,
                   std::function<bool()> isCancelled,
                   std::function<void(int, int)> reportFutureProgress = {});

    OperationPublisher &events() { return *m_publisher; }
    bool isCancelled() const;

    // Starts a progress phase ("hashing", "checking") over `total` items.
    void beginProgress(const QString &phase, qint64 total);
    // Counts `count` items done. Thread-safe; publishes progress_updated
    // when the integer percentage changes and when the phase completes, so a
    // 10,000-file scan publishes ~100 progress events, not 10,000.
    void advance(qint64 count = 1);
    // Progress of a phase whose total is not known yet (the walk of the
    // assets folder): progress_updated with total 0 and `found` done.
    void reportFound(const QString &phase, qint64 found);

    void fail(const QString &summary);
    // A failed operation delivers no result, unless its body calls this
    // because the result explains the failure (e.g. which assets failed).
    void keepResultOnFailure() { m_keepResultOnFailure = true; }
    bool keepsResultOnFailure() const { return m_keepResultOnFailure; }
    void setFinishSummary(const QString &summary) { m_finishSummary = summary; }
    void setFinishPayload(const QJsonObject &payload) { m_finishPayload = payload; }

    // Publishes operation_finished from what was recorded; returns the outcome.
    OperationOutcome conclude();
    // Records an exception that escaped the body.
    void failWithException(const QString &what);

private:
    QString phaseLabel() const;

    std::shared_ptr<OperationPublisher> m_publisher;
    std::function<bool()> m_isCancelled;
    std::function<void(int, int)> m_reportFutureProgress;

    QMutex m_progressMutex;
    QString m_phase;
    qint64 m_done = 0;
    qint64 m_total = 0;
    int m_lastPercent = -1;

    bool m_failed = false;
    bool m_keepResultOnFailure = false;
    QString m_failureSummary;
    QString m_finishSummary;
    QJsonObject m_finishPayload;
};

} // namespace Prometeu
