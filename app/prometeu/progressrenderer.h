#pragma once

#include <packer/packerevent.h>
#include <packer/packereventsink.h>

#include <QObject>
#include <QTimer>
#include <cstdio>
#include <mutex>
#include <optional>

namespace Prometeu::Cli {

// Draws a one-line progress display on a terminal from the event lane.
// As a sink it keeps only what it draws (the latest progress, the last
// failure), not every event: a 10,000-asset build publishes 10,000 cache
// hits, and holding them until the next redraw cost the CLI ~10 ms.
// Workers publish; the main thread draws a few times a second.
class ProgressRenderer : public QObject, public PackerEventSink
{
    Q_OBJECT
public:
    explicit ProgressRenderer(FILE *terminal, QObject *parent = nullptr);

    void publish(const PackerEvent &event) override;

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

    FILE *m_terminal;
    std::mutex m_mutex; // guards the two below, written by workers
    std::optional<PackerEvent> m_latestProgress;
    QString m_failure;
    bool m_interactive;
    QTimer m_timer;
    bool m_lineShown = false;
    QString m_lastFailure;
};

} // namespace Prometeu::Cli
