#include "packer/operationscope.h"

#include <QCoreApplication>

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace Prometeu {

OperationScope::OperationScope(std::shared_ptr<OperationPublisher> publisher,
                               std::function<bool()> isCancelled,
                               std::function<void(int, int)> reportFutureProgress)
    : m_publisher(std::move(publisher))
    , m_isCancelled(std::move(isCancelled))
    , m_reportFutureProgress(std::move(reportFutureProgress))
{
}

bool OperationScope::isCancelled() const
{
    return m_isCancelled && m_isCancelled();
}

void OperationScope::beginProgress(const QString &phase, qint64 total)
{
    QMutexLocker locker(&m_progressMutex);
    m_phase = phase;
    m_done = 0;
    m_total = total;
    m_lastPercent = -1;
}

void OperationScope::advance(qint64 count)
{
    // The whole update happens under one mutex so that `done` values reach
    // the event stream in increasing order whichever worker counted them.
    QMutexLocker locker(&m_progressMutex);
    m_done = qMin(m_done + count, m_total);
    const int percent = m_total > 0 ? static_cast<int>(m_done * 100 / m_total) : 100;
    if (percent == m_lastPercent)
        return;
    m_lastPercent = percent;
    m_publisher->publish(EventKind::ProgressUpdated,
                         QCoreApplication::translate("Packer", "%1 %2 of %3")
                             .arg(phaseLabel())
                             .arg(m_done)
                             .arg(m_total),
                         QJsonObject{{u"phase"_s, m_phase}}, {},
                         EventProgress{m_done, m_total});
    if (m_reportFutureProgress)
        m_reportFutureProgress(static_cast<int>(qMin<qint64>(m_done, INT_MAX)),
                               static_cast<int>(qMin<qint64>(m_total, INT_MAX)));
}

void OperationScope::reportFound(const QString &phase, qint64 found)
{
    QMutexLocker locker(&m_progressMutex);
    m_phase = phase;
    m_done = found;
    m_total = 0;
    m_lastPercent = -1;
    const int count = int(std::min<qint64>(found, INT_MAX)); // outside translate(): lupdate 6.4 loops on templates
    m_publisher->publish(EventKind::ProgressUpdated,
                         QCoreApplication::translate("Packer", "%1: %n file(s) found", nullptr, count).arg(phaseLabel()),
                         QJsonObject{{u"phase"_s, m_phase}}, {}, EventProgress{found, 0});
    if (m_reportFutureProgress)
        m_reportFutureProgress(0, 0);
}

QString OperationScope::phaseLabel() const
{
    if (m_phase.isEmpty())
        return QCoreApplication::translate("Packer", "Processed");
    // The phase travels as a wire id in the payload; summaries name it in
    // the reader's language.
    static const struct {
        const char *phase;
        const char *label;
    } known[] = {
        {"hashing", QT_TRANSLATE_NOOP("Packer", "Hashing")},
        {"checking", QT_TRANSLATE_NOOP("Packer", "Checking")},
        {"converting", QT_TRANSLATE_NOOP("Packer", "Converting")},
        {"walking", QT_TRANSLATE_NOOP("Packer", "Walking")},
        {"writing", QT_TRANSLATE_NOOP("Packer", "Writing the cartridge:")},
    };
    for (const auto &entry : known) {
        if (m_phase == QLatin1StringView(entry.phase))
            return QCoreApplication::translate("Packer", entry.label);
    }
    QString label = m_phase;
    label[0] = label[0].toUpper();
    return label;
}

void OperationScope::fail(const QString &summary)
{
    m_failed = true;
    m_failureSummary = summary;
}

void OperationScope::failWithException(const QString &what)
{
    fail(QCoreApplication::translate("Packer", "%1 stopped on an internal error: %2")
             .arg(wireName(m_publisher->operation()), what));
}

OperationOutcome OperationScope::conclude()
{
    OperationOutcome outcome = OperationOutcome::Succeeded;
    QString summary = m_finishSummary;
    if (isCancelled()) {
        outcome = OperationOutcome::Cancelled;
        QMutexLocker locker(&m_progressMutex);
        summary = m_total > 0
            ? QCoreApplication::translate("Packer", "Cancelled after %1 of %2 items.")
                  .arg(m_done)
                  .arg(m_total)
            : QCoreApplication::translate("Packer", "Cancelled.");
    } else if (m_failed) {
        outcome = OperationOutcome::Failed;
        summary = m_failureSummary;
    }
    if (summary.isEmpty())
        summary = QCoreApplication::translate("Packer", "Finished.");
    m_publisher->finish(outcome, summary, m_finishPayload);
    return outcome;
}

} // namespace Prometeu
