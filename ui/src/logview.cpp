#include "ui/logview.h"

#include <session/logformatter.h>
#include <session/mergedlog.h>

#include "ui/logmodel.h"
#include "ui/logtableview.h"
#include "ui/textcelldelegate.h"

#include <support/writeall.h>

#include <session/mergedlog.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QSaveFile>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

constexpr LogSource allSources[] = {LogSource::Build, LogSource::PackValidation, LogSource::Pack, LogSource::Runtime,
                                    LogSource::Studio};
constexpr LogSeverity allSeverities[] = {LogSeverity::Error, LogSeverity::Warning, LogSeverity::Info,
                                         LogSeverity::Debug};

// Runs on a pool thread: the log is thread-safe and the sequences are a copy.
QString writeLines(const MergedLog *log, const QList<quint64> &sequences, const QString &path)
{
    QSaveFile file(path); // not committed on any failure: the old file stays
    const auto failed = [&] { return LogView::tr("Could not save the log to %1: %2").arg(path, file.errorString()); };
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return failed();
    QByteArray chunk;
    for (quint64 sequence : sequences) {
        const auto entry = log->find(sequence);
        if (!entry)
            continue;
        chunk += LogFormatter().format(*entry).toUtf8();
        chunk += '\n';
        if (chunk.size() > (1 << 20)) {
            if (!writeAll(file, chunk))
                return failed();
            chunk.clear();
        }
    }
    if (!writeAll(file, chunk) || !commitWhole(file))
        return failed();
    return {};
}

} // namespace

LogView::LogView(const MergedLog *log, QWidget *parent)
    : QWidget(parent)
    , m_model(new LogModel(log, this))
    , m_table(new LogTableView(this))
    , m_refreshTimer(new QTimer(this))
    , m_search(new QLineEdit(this))
    , m_matchLabel(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->setSpacing(2);
    layout->addLayout(bar);
    addFilterToggles(bar);
    addSearchBar(bar);
    addTailButtons(bar);
    m_model->setRefreshBudget(refreshBudget);
    setUpTable();
    layout->addWidget(m_table, 1);
    addShortcuts();

    m_refreshTimer->setSingleShot(true);
    connect(m_refreshTimer, &QTimer::timeout, this, &LogView::refresh);
    m_follower = log->follow();
    connect(m_follower.get(), &LogFollower::entriesAppended, this, &LogView::onLogGrew);
    refresh();
}

// Per-source and per-severity toggles, and collapse of repeats.
void LogView::addFilterToggles(QHBoxLayout *bar)
{
    for (LogSource source : allSources) {
        QToolButton *toggle = addToggle(bar, LogModel::sourceLabel(source),
                                        tr("Show lines from %1").arg(LogModel::sourceLabel(source)), true);
        // Checked: in the source's colour, bold. Set by hand, not by a style
        // sheet, which gave each toggle (five a view, two views) a
        // QStyleSheetStyle, slower to polish and to paint.
        const auto showChecked = [toggle, colour = LogModel::sourceColor(source)](bool on) {
            QFont font = toggle->font();
            font.setBold(on);
            toggle->setFont(font);
            QPalette colours;
            if (on)
                colours.setColor(QPalette::ButtonText, colour);
            toggle->setPalette(colours);
        };
        showChecked(toggle->isChecked());
        connect(toggle, &QToolButton::toggled, toggle, showChecked);
        connect(toggle, &QToolButton::toggled, this, [this, source](bool on) {
            m_model->setSourceVisible(source, on);
            scrollToTailIfFollowing();
        });
        m_sourceToggles.insert(source, toggle);
    }
    bar->addSpacing(8);
    for (LogSeverity severity : allSeverities) {
        QToolButton *toggle = addToggle(bar, LogModel::severityLabel(severity),
                                        tr("Show %1 lines").arg(LogModel::severityLabel(severity)),
                                        severity != LogSeverity::Debug);
        m_model->setSeverityVisible(severity, toggle->isChecked());
        connect(toggle, &QToolButton::toggled, this, [this, severity](bool on) {
            m_model->setSeverityVisible(severity, on);
            scrollToTailIfFollowing();
        });
        m_severityToggles.insert(severity, toggle);
    }
    bar->addSpacing(8);
    m_collapse = addToggle(bar, tr("Collapse repeats"), tr("Fold identical consecutive lines into one with a count"), false);
    connect(m_collapse, &QToolButton::toggled, m_model, &LogModel::setCollapseRepeats);
    bar->addStretch(1);
}

// The search field with previous/next (Shift+F3, F3).
void LogView::addSearchBar(QHBoxLayout *bar)
{
    m_search->setPlaceholderText(tr("Search the log"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(260);
    bar->addWidget(m_search);
    auto *previous = new QToolButton(this);
    previous->setText(tr("Previous"));
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Shift+F3)"));
    previous->setShortcut(QKeySequence(u"Shift+F3"_s));
    bar->addWidget(previous);
    auto *next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (F3)"));
    next->setShortcut(QKeySequence(QKeySequence::FindNext));
    bar->addWidget(next);
    bar->addWidget(m_matchLabel);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { findNext(true); });
    connect(m_search, &QLineEdit::textChanged, m_matchLabel, &QLabel::clear);
    connect(next, &QToolButton::clicked, this, [this] { findNext(true); });
    connect(previous, &QToolButton::clicked, this, [this] { findNext(false); });
    bar->addSpacing(8);
}

// Follow, copy, save, clear.
void LogView::addTailButtons(QHBoxLayout *bar)
{
    m_follow = addToggle(bar, tr("Follow"), tr("Keep the newest line in view; scrolling up pauses it"), true);
    connect(m_follow, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            scrollToTailIfFollowing();
    });
    auto addButton = [&](const QString &text, const QString &toolTip, auto slot) {
        auto *button = new QToolButton(this);
        button->setText(text);
        button->setToolTip(toolTip);
        button->setAutoRaise(true);
        bar->addWidget(button);
        connect(button, &QToolButton::clicked, this, slot);
        return button;
    };
    addButton(tr("Copy"), tr("Copy the selected lines (Ctrl+C)"), [this] { copySelection(); });
    addButton(tr("Save\u2026"), tr("Save the listed lines to a file"), [this] { saveWithDialog(); });
    addButton(tr("Clear"), tr("Clear this view (the session keeps its log)"), [this] {
        m_model->clearView();
        m_matchLabel->clear();
    });
}

// Uniform rows and fixed column widths: the view never measures a row,
// and keeps nothing per row, whatever the count. Scrolling away from the
// bottom pauses follow.
void LogView::setUpTable()
{
    m_table->setModel(m_model);
    m_table->setObjectName(u"logTable"_s);
    auto *cells = new TextCellDelegate(m_table);
    cells->setUnsharedColumn(LogModel::MessageColumn);
    m_table->setItemDelegate(cells);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setRowHeight(m_table->fontMetrics().height() + 4);
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    columns->resizeSection(LogModel::TimeColumn, m_table->fontMetrics().horizontalAdvance(u"00:00:00.000__"_s));
    columns->resizeSection(LogModel::SourceColumn, m_table->fontMetrics().horizontalAdvance(u"pack-validation__"_s));
    columns->resizeSection(LogModel::SeverityColumn, m_table->fontMetrics().horizontalAdvance(u"warning___"_s));
    columns->resizeSection(LogModel::LocationColumn, m_table->fontMetrics().horizontalAdvance(u"sprites/hero.png:12_"_s));
    connect(m_table, &QAbstractItemView::clicked, this, &LogView::onCellClicked);
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (m_scrollingProgrammatically)
            return;
        const bool atBottom = value >= m_table->verticalScrollBar()->maximum();
        if (m_follow->isChecked() != atBottom)
            m_follow->setChecked(atBottom);
    });
}

// Ctrl+C copies the selection, Ctrl+F goes to the search field.
void LogView::addShortcuts()
{
    auto *copy = new QAction(this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &LogView::copySelection);
    m_table->addAction(copy);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);
}

LogView::~LogView() = default;

void LogView::onLogGrew()
{
    if (m_refreshTimer->isActive())
        return;
    const qint64 since = m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : refreshIntervalMs;
    m_refreshTimer->start(int(qMax<qint64>(0, refreshIntervalMs - since)));
}

QToolButton *LogView::addToggle(QLayout *layout, const QString &text, const QString &toolTip, bool checked)
{
    auto *toggle = new QToolButton(this);
    toggle->setText(text);
    toggle->setToolTip(toolTip);
    toggle->setCheckable(true);
    toggle->setChecked(checked);
    toggle->setAutoRaise(true);
    layout->addWidget(toggle);
    return toggle;
}

void LogView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh(); // what arrived while hidden, at once
}

void LogView::refresh()
{
    // A view nobody sees (a workspace tab behind another) takes nothing:
    // under a flood its inserts cost as much as the visible one's. Not
    // armed again either; it catches up when shown.
    if (!isVisible())
        return;
    m_follower->arm(); // before reading: a line appended meanwhile rings again
    m_sinceRefresh.start();
    const int before = m_model->rowCount();
    m_model->refresh();
    if (m_model->rowCount() != before)
        scrollToTailIfFollowing();
    // More than one refresh takes: the rest follows soon, in slices.
    if (m_model->hasPending())
        m_refreshTimer->start(catchUpIntervalMs);
}

void LogView::scrollToTailIfFollowing()
{
    if (!m_follow->isChecked())
        return;
    m_scrollingProgrammatically = true;
    m_table->scrollToBottom();
    m_scrollingProgrammatically = false;
}

bool LogView::isFollowingTail() const { return m_follow->isChecked(); }

void LogView::setFollowTail(bool follow) { m_follow->setChecked(follow); }

void LogView::setSearchText(const QString &text) { m_search->setText(text); }

bool LogView::findNext(bool forward)
{
    const QModelIndex current = m_table->currentIndex();
    const int from = current.isValid() ? current.row() : (forward ? -1 : 0);
    const int row = m_model->findRow(m_search->text(), from, forward);
    if (row < 0) {
        m_matchLabel->setText(m_search->text().isEmpty() ? QString() : tr("No match"));
        return false;
    }
    m_matchLabel->setText(tr("Line %1 of %2").arg(row + 1).arg(m_model->rowCount()));
    m_follow->setChecked(false);
    const QModelIndex index = m_model->index(row, LogModel::MessageColumn);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

void LogView::copySelection() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (int row : rows)
        lines.append(m_model->lineText(row));
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(u'\n') + u'\n');
}

void LogView::saveTo(const QString &path)
{
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        watcher->deleteLater();
        Q_EMIT saveFinished(error.isEmpty(), error.isEmpty() ? tr("Saved the log to %1.").arg(path) : error);
    });
    watcher->setFuture(QtConcurrent::run(writeLines, m_model->log(), m_model->rowSequences(), path));
}

void LogView::saveWithDialog()
{
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + u"/prometeu.log"_s;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save log"), suggested, tr("Log files (*.log *.txt)"));
    if (!path.isEmpty())
        saveTo(path);
}

void LogView::onCellClicked(const QModelIndex &index)
{
    if (index.column() != LogModel::LocationColumn)
        return;
    const QString asset = index.data(LogModel::AssetRole).toString();
    if (!asset.isEmpty())
        Q_EMIT locationActivated(asset, index.data(LogModel::LineRole).toInt());
}

QStringList LogView::settingsState() const
{
    QStringList hidden;
    for (auto it = m_sourceToggles.cbegin(); it != m_sourceToggles.cend(); ++it) {
        if (!it.value()->isChecked())
            hidden.append(u"source:"_s + wireName(it.key()));
    }
    for (auto it = m_severityToggles.cbegin(); it != m_severityToggles.cend(); ++it)
        hidden.append(u"severity:%1:%2"_s.arg(wireName(it.key())).arg(it.value()->isChecked() ? 1 : 0));
    if (m_collapse->isChecked())
        hidden.append(u"collapse"_s);
    return hidden;
}

void LogView::restoreSettingsState(const QStringList &state)
{
    for (const QString &item : state) {
        const QStringList parts = item.split(u':');
        if (parts.value(0) == u"source"_s) {
            if (const auto source = logSourceFromString(parts.value(1)))
                m_sourceToggles.value(*source)->setChecked(false);
        } else if (parts.value(0) == u"severity"_s && parts.size() == 3) {
            if (const auto severity = logSeverityFromString(parts.value(1)))
                m_severityToggles.value(*severity)->setChecked(parts.value(2) == u"1"_s);
        } else if (item == u"collapse"_s) {
            m_collapse->setChecked(true);
        }
    }
}

} // namespace Prometeu
