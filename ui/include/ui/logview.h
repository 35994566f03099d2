#pragma once

#include <session/logentry.h>

#include <QHash>
#include <QElapsedTimer>
#include <QWidget>
#include <chrono>
#include <memory>

class QLabel;
class QLineEdit;
class QHBoxLayout;
class QTimer;

namespace Prometeu {
class LogFollower;
}
class QToolButton;

namespace Prometeu {

class LogModel;
class LogTableView;
class MergedLog;

// The merged log as a developer reads it: time, colour-coded source,
// severity, a clickable location and the message. Per-source and
// per-severity toggles, text search with next/previous, follow-tail that
// pauses when the user scrolls up and resumes at the bottom, collapse of
// repeated lines, copy, save and clear.
//
// Several LogViews may look at one MergedLog: each has its own filters and
// its own LogModel window over the shared store.
class LogView : public QWidget
{
    Q_OBJECT
public:
    // New lines are shown at most this often (two frames): the log rings
    // when it grows, the view gathers what arrived within the interval.
    static constexpr int refreshIntervalMs = 33;
    // A refresh takes at most this long; a view behind the log takes the
    // rest in further refreshes this often, other events running between.
    static constexpr std::chrono::microseconds refreshBudget{2000};
    static constexpr int catchUpIntervalMs = 8;

    explicit LogView(const MergedLog *log, QWidget *parent = nullptr);
    ~LogView() override;

    LogModel *model() const { return m_model; }
    LogTableView *table() const { return m_table; }

    bool isFollowingTail() const;
    void setFollowTail(bool follow);
    void setSearchText(const QString &text);
    // Selects the next (or previous) row matching the search text.
    bool findNext(bool forward = true);
    void copySelection() const;
    // Writes the listed lines (as filtered) to `path` atomically, off the
    // GUI thread; `finished(ok, message)` follows.
    void saveTo(const QString &path);

    // View settings (filters, collapse) as a string list, for QSettings.
    QStringList settingsState() const;
    void restoreSettingsState(const QStringList &state);

Q_SIGNALS:
    void locationActivated(const QString &asset, int line);
    void saveFinished(bool ok, const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void addFilterToggles(QHBoxLayout *bar);
    void addSearchBar(QHBoxLayout *bar);
    void addTailButtons(QHBoxLayout *bar);
    void setUpTable();
    void addShortcuts();
    void refresh();
    void onLogGrew();
    void scrollToTailIfFollowing();
    QToolButton *addToggle(QLayout *layout, const QString &text, const QString &toolTip, bool checked);
    void onCellClicked(const QModelIndex &index);
    void saveWithDialog();

    LogModel *m_model;
    LogTableView *m_table;
    QTimer *m_refreshTimer; // single shot, started only when the log grew
    std::unique_ptr<LogFollower> m_follower;
    QElapsedTimer m_sinceRefresh;
    QLineEdit *m_search;
    QLabel *m_matchLabel;
    QToolButton *m_follow;
    QToolButton *m_collapse;
    QHash<LogSource, QToolButton *> m_sourceToggles;
    QHash<LogSeverity, QToolButton *> m_severityToggles;
    bool m_scrollingProgrammatically = false;
};

} // namespace Prometeu
