#pragma once

#include <QFuture>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

class QSettings;

namespace Prometeu {

// Writes the Studio's settings to disk off the GUI thread. A QSettings
// saves itself on its own thread soon after a change, through QSaveFile
// and its fsync: 50 ms on a virtual machine's disk, at every project open
// (the recent-projects list), a frozen frame the user sees. The saver
// takes that request, lets changes settle, and syncs a second QSettings
// over the same file on a thread of its own. QSettings objects over one
// file share their pending changes, so that one writes them, atomically,
// as the first would have; the first is then told it is saved (its own
// sync finds nothing left to write).
class SettingsSaver : public QObject
{
    Q_OBJECT
public:
    static constexpr int settleMs = 300;

    explicit SettingsSaver(QSettings *settings, QObject *parent = nullptr);
    ~SettingsSaver() override; // waits for a save under way

    // Waits for a save under way, then writes what is pending here (when
    // the window closes and the application is about to end).
    void saveNow();
    int savesStarted() const { return m_savesStarted; }

Q_SIGNALS:
    void saved(); // a save finished: the file holds every change made before it began

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void startSave();
    void finishSave();

    QSettings *m_settings;
    QThreadPool m_thread; // one thread: saves never wait behind a build
    QTimer m_settle;
    QFuture<void> m_save;
    bool m_handingBack = false;
    int m_savesStarted = 0;
};

} // namespace Prometeu
