#include "progressrenderer.h"

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

ProgressRenderer::ProgressRenderer(FILE *terminal, QObject *parent)
    : QObject(parent)
    , m_terminal(terminal)
    , m_interactive(::isatty(::fileno(terminal)) == 1)
{
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &ProgressRenderer::drain);
}

void ProgressRenderer::start()
{
    m_timer.start();
}

void ProgressRenderer::finish()
{
    m_timer.stop();
    drain();
    clearLine();
}

void ProgressRenderer::publish(const PackerEvent &event)
{
    if (event.kind == EventKind::ProgressUpdated && event.progress) {
        std::lock_guard lock(m_mutex);
        m_latestProgress = event;
    } else if (event.outcome() == OperationOutcome::Failed) {
        std::lock_guard lock(m_mutex);
        m_failure = event.summary;
    }
}

void ProgressRenderer::drain()
{
    std::optional<PackerEvent> progress;
    {
        std::lock_guard lock(m_mutex);
        progress = std::exchange(m_latestProgress, std::nullopt);
        if (!m_failure.isNull())
            m_lastFailure = std::exchange(m_failure, QString());
    }
    if (progress)
        draw(*progress); // only the latest is worth drawing
}

void ProgressRenderer::draw(const PackerEvent &event)
{
    if (!m_interactive)
        return; // a log file or CI console gets the summary, not 100 redraws
    constexpr int width = 24;
    QString line;
    if (event.progress->total > 0) {
        const int filled = static_cast<int>(qBound<qint64>(0, event.progress->done * width / event.progress->total, qint64(width)));
        const QString bar = QString(filled, u'#') + QString(width - filled, u'.');
        line = u"\r\x1b[2K%1 [%2] %3"_s.arg(wireName(event.operation), bar, event.summary);
    } else { // a count without a total yet (the walk)
        line = u"\r\x1b[2K%1 %2"_s.arg(wireName(event.operation), event.summary);
    }
    std::fputs(line.toLocal8Bit().constData(), m_terminal);
    std::fflush(m_terminal);
    m_lineShown = true;
}

void ProgressRenderer::clearLine()
{
    if (!m_lineShown)
        return;
    std::fputs("\r\x1b[2K", m_terminal);
    std::fflush(m_terminal);
    m_lineShown = false;
}

} // namespace Prometeu::Cli
