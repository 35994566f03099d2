#include "progressrenderer.h"

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Prometeu::Cli {

ProgressRenderer::ProgressRenderer(EventBuffer *buffer, FILE *terminal, QObject *parent)
    : QObject(parent)
    , m_buffer(buffer)
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

void ProgressRenderer::drain()
{
    const QList<PackerEvent> events = m_buffer->takeAll();
    for (const PackerEvent &event : events) {
        if (event.outcome() == OperationOutcome::Failed)
            m_lastFailure = event.summary;
    }
    // Only the latest progress of the batch is worth drawing.
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        if (it->kind == EventKind::ProgressUpdated && it->progress) {
            draw(*it);
            break;
        }
    }
}

void ProgressRenderer::draw(const PackerEvent &event)
{
    if (!m_interactive)
        return; // a log file or CI console gets the summary, not 100 redraws
    constexpr int width = 24;
    const qint64 total = qMax<qint64>(1, event.progress->total);
    const int filled = static_cast<int>(event.progress->done * width / total);
    const QString bar = QString(filled, u'#') + QString(width - filled, u'.');
    const QString line = u"\r\x1b[2K%1 [%2] %3"_s.arg(wireName(event.operation), bar, event.summary);
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
