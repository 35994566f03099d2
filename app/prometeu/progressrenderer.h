#pragma once

#include <packer/eventbuffer.h>

#include <QObject>
#include <QTimer>
#include <cstdio>

namespace Prometeu::Cli {

// Draws a one-line progress display on a terminal from the event lane.
// Workers publish into the buffer; this drains it on the main thread a few
// times a second, so drawing never slows the packer down.
class ProgressRenderer : public QObject
{
    Q_OBJECT
public:
    ProgressRenderer(EventBuffer *buffer, FILE *terminal, QObject *parent = nullptr);

    void start();
    // Drains what is left and erases the progress line.
    void finish();
    // The summary of the last operation that finished as failed: the
    // packer's own explanation, for the CLI to print.
    QString lastFailure() const { return m_lastFailure; }

private:
    void drain();
    void draw(const PackerEvent &event);
    void clearLine();

    EventBuffer *m_buffer;
    FILE *m_terminal;
    bool m_interactive;
    QTimer m_timer;
    bool m_lineShown = false;
    QString m_lastFailure;
};

} // namespace Prometeu::Cli
