#pragma once

#include <QObject>
#include <QStringList>

namespace Prometeu {

class MainWindow;
class StudioContext;

// Scripted steps for demos, screenshots and benchmarks, driven from the
// command line: press Play or Build once the first check finished, grab
// the window at given moments, quit after a while.
class StudioAutomation : public QObject
{
    Q_OBJECT
public:
    StudioAutomation(StudioContext *context, MainWindow *window, QObject *parent = nullptr);

    void playWhenReady() { m_play = true; }
    void buildWhenReady() { m_build = true; }
    // Selects an asset in the Assets workspace (details and preview).
    void selectWhenReady(const QString &asset) { m_select = asset; }
    // Raises the Activity panel and keeps its newest operation expanded.
    void showActivity() { m_activity = true; }
    // Opens Edit › Preferences (not modal, so screenshots still fire).
    void showPreferences() { m_preferences = true; }
    // "file.png@1500": grab the window 1.5 s after the action started;
    // "file.png@50%": once the running operations are half done;
    // "file.png@Converting:50%": half done in the phase whose summary says
    // "Converting".
    void addScreenshot(const QString &spec);
    void quitAfter(int milliseconds);
    // Quits once every screenshot asked for has been saved (or failed).
    void quitWhenDone() { m_quitWhenDone = true; }

    void arm();

private:
    void onReady();
    void grab(const QString &file);
    void grabAtProgress(const QString &file, int percent, const QString &headline);

    StudioContext *m_context;
    MainWindow *m_window;
    bool m_play = false;
    bool m_build = false;
    bool m_fired = false;
    QStringList m_screenshots;
    QString m_select;
    bool m_activity = false;
    bool m_preferences = false;
    bool m_quitWhenDone = false;
    int m_screenshotsLeft = 0;
};

} // namespace Prometeu
