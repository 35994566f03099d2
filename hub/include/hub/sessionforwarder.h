#pragma once

#include <array>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <session/logentry.h>
#include <support/headtailwindow.h>

#include <memory>

namespace Prometeu {

class EventHub;
class ExecutionSession;
class LogFollower;

// Puts an execution session on the hub: state changes as they happen, and
// log lines when the merged log says it grew (a LogFollower: no polling;
// a runtime printing a million lines a second wakes it once per burst).
//
// Publishing is queue-and-return (the hub stamps on its own thread), but
// every frame still costs the hub, its history and its streams, so
// ordinary lines, whatever stream they came from (stdout info, stderr
// warnings), go on at most ordinaryLinesPerSecond; beyond that they are
// counted and one drop-marker frame says how many were left out. Errors,
// state changes and the merged log's own drop markers always go on. The
// Studio's log view and the merged log keep every line either way.
class SessionForwarder : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype maxLinesPerFlush = 100'000;
    static constexpr int ordinaryLinesPerSecond = 10'000;

    SessionForwarder(ExecutionSession *session, EventHub *hub, QObject *parent = nullptr,
                     int linesPerSecond = ordinaryLinesPerSecond);
    ~SessionForwarder() override;

    // Forwards whatever the log holds now, and the marker for what was left
    // out so far (before a state change, at exit).
    void flush();

private:
    void forward();
    void startWindowIfDue();
    void publishSkipped();

    ExecutionSession *m_session;
    EventHub *m_hub;
    std::unique_ptr<LogFollower> m_follower;
    QTimer m_windowEnd; // single shot: only while lines are being left out
    QElapsedTimer m_window;
    quint64 m_lastSequence = 0;
    const int m_linesPerSecond;
    // This second's ordinary lines: the first m_linesPerSecond pass.
    HeadTailWindow<quint64> m_passed;
    // Per source: a marker says whose lines it stands for (a build line left
    // out during a game's flood is not counted as the game's).
    struct Skipped {
        RetentionGap gap;
        LogEntry last; // the marker takes its run and time
    };
    std::array<Skipped, 5> m_skipped; // indexed by LogSource
    bool anySkipped() const;
};

} // namespace Prometeu
