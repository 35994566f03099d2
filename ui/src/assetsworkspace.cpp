#include "ui/assetsworkspace.h"

#include "ui/assettreemodel.h"
#include "ui/naturalorder.h"
#include "ui/textcelldelegate.h"
#include "ui/projectservices.h"

#include <packer/assetgraph.h>
#include <packer/assetoptions.h>
#include <packer/eventpayloads.h>

#include <QComboBox>
#include <QDateTime>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QTabWidget>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPixmap>
#include <QCollator>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <functional>

using namespace Qt::StringLiterals;

namespace Prometeu {

namespace {

// Keeps folders whose descendants match, so filtering never hides the path
// to a matching asset.
class AssetFilterProxy final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    // Besides the path filter: which assets to show (none: all).
    void setPredicate(std::function<bool(const QString &)> predicate)
    {
        m_predicate = std::move(predicate);
        invalidateFilter();
    }
    void refilter() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        if (filterRegularExpression().pattern().isEmpty() && !m_predicate)
            return true;
        if (!index.data(AssetTreeModel::IsFolderRole).toBool()) {
            const QString path = index.data(AssetTreeModel::PathRole).toString();
            return path.contains(filterRegularExpression()) && (!m_predicate || m_predicate(path));
        }
        for (int child = 0; child < sourceModel()->rowCount(index); ++child) {
            if (filterAcceptsRow(child, index))
                return true;
        }
        return false;
    }

    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        // Folders first, then by name (or size, numerically).
        const bool leftFolder = left.siblingAtColumn(0).data(AssetTreeModel::IsFolderRole).toBool();
        const bool rightFolder = right.siblingAtColumn(0).data(AssetTreeModel::IsFolderRole).toBool();
        if (leftFolder != rightFolder)
            return leftFolder;
        if (left.column() == AssetTreeModel::SizeColumn)
            return left.data(AssetTreeModel::SizeRole).toLongLong() < right.data(AssetTreeModel::SizeRole).toLongLong();
        return m_collator.compare(left.data().toString(), right.data().toString()) < 0;
    }

private:
    std::function<bool(const QString &)> m_predicate;
    // Natural order, as file browsers sort: frame2 before frame10.
    QCollator m_collator = naturalOrderCollator();
};

QIcon severityIcon(Severity severity)
{
    switch (severity) {
    case Severity::Error: return QIcon(u":/icons/error.svg"_s);
    case Severity::Warning: return QIcon(u":/icons/warning.svg"_s);
    case Severity::Info: return QIcon(u":/icons/info.svg"_s);
    }
    return {};
}

} // namespace

AssetsWorkspace::AssetsWorkspace(ProjectServices *services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_proxy(new AssetFilterProxy(this))
    , m_tree(new QTreeView(this))
    , m_filter(new QLineEdit(this))
    , m_show(new QComboBox(this))
    , m_tabs(new QTabWidget(this))
    , m_dependencies(new QTreeWidget(this))
    , m_history(new QTreeWidget(this))
    , m_title(new QLabel(this))
    , m_facts(new QLabel(this))
    , m_diagnostics(new QTreeWidget(this))
    , m_preview(new QLabel(this))
{
    AssetTreeModel *model = services->assets();
    m_proxy->setSourceModel(model);
    m_proxy->setRecursiveFilteringEnabled(false);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_filter->setObjectName(u"assetFilter"_s);
    m_filter->setPlaceholderText(tr("Filter assets by path"));
    m_filter->setClearButtonEnabled(true);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    m_show->setObjectName(u"assetShow"_s);
    m_show->addItem(tr("All assets"), int(Show::All));
    m_show->addItem(tr("Unused"), int(Show::Unused));
    m_show->addItem(tr("With problems"), int(Show::WithProblems));
    m_show->setToolTip(tr("Unused: assets no map, data file or script names (a name built while the game runs "
                          "cannot be seen). With problems: assets with diagnostics."));
    filterRow->addWidget(m_show);
    leftLayout->addLayout(filterRow);
    m_tree->setObjectName(u"assetTree"_s);
    m_tree->setModel(m_proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(AssetTreeModel::NameColumn, Qt::AscendingOrder);
    m_tree->setUniformRowHeights(true);
    m_tree->setItemDelegate(new TextCellDelegate(m_tree)); // repainted often while a scan fills it
    m_tree->setAlternatingRowColors(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setSectionResizeMode(AssetTreeModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->resizeSection(AssetTreeModel::KindColumn, 96);
    m_tree->header()->resizeSection(AssetTreeModel::SizeColumn, 80);
    // Wide enough for "88 warnings, 88 notes" in the user's language (a
    // fixed width cut "1 warning, 1 note" short); longer ones are elided.
    const QString widestStatus = AssetTreeModel::tr("%n warning(s)", nullptr, 88) + u", "_s
        + AssetTreeModel::tr("%n note(s)", nullptr, 88);
    m_tree->header()->resizeSection(AssetTreeModel::StatusColumn,
                                    m_tree->fontMetrics().horizontalAdvance(widestStatus)
                                        + 3 * m_tree->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, m_tree));
    m_autoExpanding = expandsEverything();
    applyDefaultExpansion();
    leftLayout->addWidget(m_tree, 1);

    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(8, 4, 4, 4);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setText(tr("No asset selected"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rightLayout->addWidget(m_title);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts->setWordWrap(true);
    rightLayout->addWidget(m_facts);
    m_preview->setObjectName(u"assetPreview"_s);
    m_preview->setMinimumHeight(140);
    m_preview->setAlignment(Qt::AlignCenter);
    // Colours from a palette, not a style sheet: a style sheet gives the
    // label a style of its own (QStyleSheetStyle), which cost ~1 ms of the
    // GUI thread's opening of a project, and more in every paint.
    QPalette previewColours = m_preview->palette();
    previewColours.setColor(QPalette::Window, QColor(0x1b, 0x1d, 0x22));
    previewColours.setColor(QPalette::WindowText, QColor(0x8a, 0x8f, 0x98));
    previewColours.setColor(QPalette::Dark, QColor(0x2c, 0x30, 0x38)); // the frame's lines
    previewColours.setColor(QPalette::Light, QColor(0x2c, 0x30, 0x38));
    m_preview->setPalette(previewColours);
    m_preview->setAutoFillBackground(true);
    m_preview->setFrameStyle(QFrame::Panel | QFrame::Sunken);
    m_preview->setLineWidth(1);
    rightLayout->addWidget(m_preview);
    m_diagnostics->setObjectName(u"assetDiagnostics"_s);
    m_diagnostics->setHeaderLabels({tr("Message"), tr("Line"), tr("Code")});
    m_diagnostics->setRootIsDecorated(false);
    m_diagnostics->setWordWrap(true);
    m_diagnostics->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_diagnostics->header()->setStretchLastSection(false);
    m_dependencies->setObjectName(u"assetDependencies"_s);
    m_dependencies->setHeaderLabels({tr("Asset"), tr("Line")});
    m_dependencies->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_dependencies->header()->setStretchLastSection(false);
    m_dependencies->setToolTip(tr("Double-click an asset to show it."));
    m_history->setObjectName(u"assetHistory"_s);
    m_history->setHeaderLabels({tr("When"), tr("Result"), tr("Time"), tr("Size"), tr("Why")});
    m_history->setRootIsDecorated(false);
    m_history->setWordWrap(true);
    m_history->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->header()->setSectionResizeMode(4, QHeaderView::Stretch);
    m_tabs->setObjectName(u"assetTabs"_s);
    m_tabs->addTab(m_diagnostics, tr("Diagnostics"));
    m_tabs->addTab(m_dependencies, tr("Uses / Used by"));
    m_tabs->addTab(m_history, tr("History"));
    rightLayout->addWidget(m_tabs, 1);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        applyFilteredExpansion();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        const QModelIndex source = m_proxy->mapToSource(current.siblingAtColumn(0));
        if (!source.data(AssetTreeModel::IsFolderRole).toBool())
            showDetails(source.data(AssetTreeModel::PathRole).toString());
    });
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &AssetsWorkspace::showContextMenu);
    connect(m_show, &QComboBox::currentIndexChanged, this, &AssetsWorkspace::applyShown);
    connect(m_dependencies, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString asset = item->data(0, Qt::UserRole).toString();
        if (!asset.isEmpty())
            selectAsset(asset, item->data(1, Qt::UserRole).toInt());
    });
    connect(services->core(), &ProjectCore::assetGraphChanged, this, [this] {
        if (m_show->currentData().toInt() != int(Show::All))
            static_cast<AssetFilterProxy *>(m_proxy)->refilter();
        if (!m_shown.isEmpty())
            showDependencies(m_shown);
    });
    connect(services, &ProjectServices::buildFinished, this, [this] {
        if (m_show->currentData().toInt() == int(Show::WithProblems))
            static_cast<AssetFilterProxy *>(m_proxy)->refilter();
        if (!m_shown.isEmpty())
            requestHistory(m_shown);
    });
    // New folders appear expanded as scans fill the tree, while it is short.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int first, int last) {
        if (!m_autoExpanding)
            return;
        if (!expandsEverything()) {
            // The project has outgrown it (its first scan, or a large import):
            // from now on folders open when asked.
            m_autoExpanding = false;
            applyDefaultExpansion();
            return;
        }
        // Only folders: every expanded index is a persistent index the
        // model has to keep up to date on each later insertion. A folder
        // arrives with what is in it, its own folders too (one insertion).
        const std::function<void(const QModelIndex &)> expandFolder = [&](const QModelIndex &folder) {
            m_tree->expand(folder);
            for (int row = 0; row < m_proxy->rowCount(folder); ++row) {
                const QModelIndex child = m_proxy->index(row, 0, folder);
                if (child.data(AssetTreeModel::IsFolderRole).toBool())
                    expandFolder(child);
            }
        };
        for (int row = first; row <= last; ++row) {
            const QModelIndex index = m_proxy->index(row, 0, parent);
            if (index.data(AssetTreeModel::IsFolderRole).toBool())
                expandFolder(index);
        }
        if (parent.isValid())
            m_tree->expand(parent);
    });
    connect(model, &AssetTreeModel::assetUpdated, this, [this](const QString &path) {
        if (path == m_shown)
            showDetails(path);
    });
    connect(model, &AssetTreeModel::assetRemoved, this, [this](const QString &path) {
        if (path == m_shown) {
            m_shown.clear();
            m_title->setText(tr("%1 is gone").arg(path));
            m_facts->clear();
            m_diagnostics->clear();
            m_preview->clear();
        }
    });
    connect(services, &ProjectServices::previewReady, this, [this](const QString &asset, const QString &png) {
        if (asset != m_shown)
            return;
        QPixmap pixmap(png);
        if (pixmap.isNull()) {
            m_preview->setText(tr("The preview image %1 could not be read.").arg(png));
            return;
        }
        // Pixel art stays crisp: whole-number scaling, no smoothing.
        const int scale = qMax(1, qMin(4, qMin(m_preview->width() / qMax(1, pixmap.width()),
                                                  m_preview->height() / qMax(1, pixmap.height()))));
        m_preview->setPixmap(pixmap.scaled(pixmap.size() * scale, Qt::KeepAspectRatio, Qt::FastTransformation));
    });
    connect(services, &ProjectServices::previewFailed, this, [this](const QString &asset, const QString &reason) {
        if (asset == m_shown)
            m_preview->setText(reason);
    });
}

QString AssetsWorkspace::selectedAsset() const { return m_shown; }

bool AssetsWorkspace::selectAsset(const QString &path, int line)
{
    const QModelIndex source = m_services->assets()->indexOfAsset(path);
    if (!source.isValid())
        return false;
    m_filter->clear();
    m_highlightLine = line;
    const QModelIndex index = m_proxy->mapFromSource(source);
    // A new current row shows its details through currentRowChanged; only
    // the same row again (e.g. another line of it) needs a direct refresh.
    const bool sameRow = m_tree->currentIndex().siblingAtColumn(0) == index;
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
    if (sameRow)
        showDetails(path);
    return true;
}

void AssetsWorkspace::showDetails(const QString &path)
{
    AssetTreeModel *model = m_services->assets();
    const QModelIndex index = model->indexOfAsset(path);
    if (!index.isValid())
        return;
    // A new asset, or the shown one saved again (its content hash moved):
    // the preview is made afresh.
    const QString hash = index.data(AssetTreeModel::HashRole).toString();
    const bool changed = path != m_shown || hash != m_shownHash;
    m_shown = path;
    m_shownHash = hash;
    m_title->setText(path);
    const QString kind = index.siblingAtColumn(AssetTreeModel::KindColumn).data(AssetTreeModel::KindRole).toString();
    const qint64 size = index.siblingAtColumn(AssetTreeModel::SizeColumn).data(AssetTreeModel::SizeRole).toLongLong();
    const bool excluded = index.data(AssetTreeModel::ExcludedRole).toBool();
    m_facts->setText(tr("%1 \u00b7 %2 \u00b7 %3\nContent hash %4")
                         .arg(AssetTreeModel::kindLabel(kind), QLocale().formattedDataSize(size),
                              excluded ? tr("excluded from the cartridge") : tr("included in the cartridge"),
                              index.data(AssetTreeModel::HashRole).toString().left(16)));
    m_diagnostics->clear();
    const QList<Diagnostic> diagnostics = model->diagnostics(path);
    for (const Diagnostic &diagnostic : diagnostics) {
        auto *item = new QTreeWidgetItem(m_diagnostics, {diagnostic.message,
                                                         diagnostic.line > 0 ? QString::number(diagnostic.line) : QString(),
                                                         diagnostic.code});
        item->setIcon(0, severityIcon(diagnostic.severity));
        item->setToolTip(0, diagnostic.toCompilerStyle());
        if (m_highlightLine > 0 && diagnostic.line == m_highlightLine)
            m_diagnostics->setCurrentItem(item);
    }
    if (diagnostics.isEmpty())
        new QTreeWidgetItem(m_diagnostics, {tr("No problems found.")});
    m_tabs->setTabText(0, diagnostics.isEmpty() ? tr("Diagnostics") : tr("Diagnostics (%1)").arg(diagnostics.size()));
    showDependencies(path);
    if (changed) {
        requestHistory(path);
        // Looked at now: a running build converts it (and what it uses) next.
        m_services->core()->prioritize({path});
    }
    if (changed) {
        m_preview->setText(tr("Making a preview\u2026"));
        if (kind == u"image"_s || kind == u"audio"_s)
            m_services->requestPreview(path);
        else
            m_preview->setText(tr("No preview for %1 assets.").arg(AssetTreeModel::kindLabel(kind)));
    }
}

void AssetsWorkspace::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_proxy->mapToSource(m_tree->indexAt(position).siblingAtColumn(0));
    if (!index.isValid() || index.data(AssetTreeModel::IsFolderRole).toBool())
        return;
    const QString path = index.data(AssetTreeModel::PathRole).toString();
    const bool excluded = index.data(AssetTreeModel::ExcludedRole).toBool();
    QMenu menu(this);
    menu.addAction(tr("Rename\u2026"), this, [this, path] {
        selectAsset(path);
        renameSelected();
    });
    menu.addAction(excluded ? tr("Include in the cartridge") : tr("Exclude from the cartridge"), this, [this, path, excluded] {
        AssetAction action;
        action.type = excluded ? AssetAction::Type::Include : AssetAction::Type::Exclude;
        action.asset = path;
        m_services->applyAction(action, excluded ? tr("Include %1").arg(path) : tr("Exclude %1").arg(path));
    });
    const QString kind = index.siblingAtColumn(AssetTreeModel::KindColumn).data(AssetTreeModel::KindRole).toString();
    if (kind == u"image"_s || kind == u"audio"_s)
        menu.addAction(tr("Options\u2026"), this, [this, path] { editOptions(path); });
    menu.addSeparator();
    menu.addAction(tr("Preview"), this, [this, path] { m_services->requestPreview(path); });
    menu.addAction(tr("Rebuild"), this, [this, path] {
        // Converted again even if the cache holds it; its History then says "forced".
        BuildRequest request;
        request.force = {path};
        m_services->core()->build(request);
    });
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

void AssetsWorkspace::renameSelected()
{
    if (m_shown.isEmpty())
        return;
    bool ok = false;
    const QString to = QInputDialog::getText(this, tr("Rename asset"), tr("New path inside the assets folder:"),
                                             QLineEdit::Normal, m_shown, &ok);
    if (!ok || to.trimmed().isEmpty() || to == m_shown)
        return;
    AssetAction action;
    action.type = AssetAction::Type::Rename;
    action.asset = m_shown;
    action.newPath = to.trimmed();
    m_services->applyAction(action, tr("Rename %1 to %2").arg(m_shown, action.newPath));
}

void AssetsWorkspace::editOptions(const QString &path)
{
    const QString kind = m_services->assets()->indexOfAsset(path).siblingAtColumn(AssetTreeModel::KindColumn)
                             .data(AssetTreeModel::KindRole).toString();
    QString error;
    const auto file = AssetOptionsFile::load(m_services->project().rootPath(), &error);
    const AssetOptions current = file ? file->options(path) : AssetOptions{};

    QDialog dialog(this);
    dialog.setWindowTitle(tr("Options of %1").arg(path));
    auto *form = new QFormLayout(&dialog);
    auto *format = new QComboBox(&dialog);
    auto *rate = new QSpinBox(&dialog);
    if (kind == u"image"_s) {
        format->addItem(tr("Automatic"), QString());
        format->addItem(tr("RGBA 8888"), u"rgba8888"_s);
        format->addItem(tr("Indexed 8-bit (exact palette)"), u"indexed8"_s);
        format->setCurrentIndex(qMax(0, format->findData(current.pixelFormat)));
        form->addRow(tr("Pixel format"), format);
    } else {
        rate->setRange(0, 192000);
        rate->setSingleStep(1000);
        rate->setSpecialValueText(tr("Project default (%1 Hz)").arg(m_services->project().manifest().audio.sampleRate));
        rate->setSuffix(tr(" Hz"));
        rate->setValue(current.sampleRate);
        form->addRow(tr("Sample rate"), rate);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    AssetAction action;
    action.type = AssetAction::Type::SetOptions;
    action.asset = path;
    if (kind == u"image"_s) {
        const QString chosen = format->currentData().toString();
        action.options.insert(u"pixel_format"_s, chosen.isEmpty() ? QJsonValue() : QJsonValue(chosen));
    } else {
        action.options.insert(u"sample_rate"_s, rate->value() == 0 ? QJsonValue() : QJsonValue(rate->value()));
    }
    m_services->applyAction(action, tr("Change options of %1").arg(path));
}

void AssetsWorkspace::setShown(Show show)
{
    m_show->setCurrentIndex(qMax(0, m_show->findData(int(show))));
}

void AssetsWorkspace::applyShown()
{
    auto *proxy = static_cast<AssetFilterProxy *>(m_proxy);
    switch (Show(m_show->currentData().toInt())) {
    case Show::All:
        proxy->setPredicate({});
        break;
    case Show::Unused:
        proxy->setPredicate([this](const QString &path) { return m_services->core()->assetGraph().isUnused(path); });
        break;
    case Show::WithProblems:
        proxy->setPredicate([this](const QString &path) { return !m_services->assets()->diagnostics(path).isEmpty(); });
        break;
    }
    applyFilteredExpansion();
}

void AssetsWorkspace::applyFilteredExpansion()
{
    if (Show(m_show->currentData().toInt()) == Show::All && m_filter->text().isEmpty())
        applyDefaultExpansion();
    else
        m_tree->expandAll(); // what matches is what was asked for
}

bool AssetsWorkspace::expandsEverything() const
{
    return m_services->assets()->assetCount() <= autoExpandLimit;
}

void AssetsWorkspace::applyDefaultExpansion()
{
    if (expandsEverything()) {
        m_tree->expandAll();
        return;
    }
    m_tree->collapseAll();
    // The asset in the details pane stays in sight, also when a filter
    // that hid it (and so took the tree's current row) is cleared.
    const QModelIndex shown = m_shown.isEmpty()
        ? QModelIndex()
        : m_proxy->mapFromSource(m_services->assets()->indexOfAsset(m_shown));
    if (shown.isValid()) {
        if (!m_tree->currentIndex().isValid())
            m_tree->setCurrentIndex(shown);
        m_tree->scrollTo(shown); // opens the folders down to it
    }
}

void AssetsWorkspace::showDependencies(const QString &path)
{
    const AssetGraph &graph = m_services->core()->assetGraph();
    m_dependencies->clear();
    const auto section = [this](const QString &title) {
        auto *item = new QTreeWidgetItem(m_dependencies, {title});
        QFont font = item->font(0);
        font.setBold(true);
        item->setFont(0, font);
        item->setFirstColumnSpanned(true);
        return item;
    };
    const auto lineOf = [&](const QString &user, const QString &used) {
        for (const AssetReference &reference : graph.references(user)) {
            if (reference.path == used)
                return reference.line;
        }
        return 0;
    };
    const auto add = [&](QTreeWidgetItem *parent, const QString &asset, int line, const QString &jumpTo, int jumpLine) {
        auto *item = new QTreeWidgetItem(parent, {asset, line > 0 ? QString::number(line) : QString()});
        item->setIcon(0, AssetTreeModel::kindIcon(wireName(classifyAsset(asset))));
        item->setData(0, Qt::UserRole, jumpTo);
        item->setData(1, Qt::UserRole, jumpLine);
        return item;
    };
    if (graph.isEmpty()) {
        new QTreeWidgetItem(m_dependencies, {tr("Known after the project is checked.")});
        m_tabs->setTabText(1, tr("Uses / Used by"));
        return;
    }
    const QStringList uses = graph.uses(path);
    const QList<AssetReference> missing = graph.missing(path);
    QTreeWidgetItem *usesItem = section(tr("Uses (%1)").arg(uses.size() + missing.size()));
    for (const QString &used : uses)
        add(usesItem, used, lineOf(path, used), used, 0);
    for (const AssetReference &reference : missing) {
        QTreeWidgetItem *item = add(usesItem, reference.path.isEmpty() ? reference.written : reference.path,
                                    reference.line, path, reference.line);
        item->setText(0, reference.required ? tr("%1 (missing)").arg(item->text(0))
                                            : tr("%1 (not found; maybe not a file)").arg(item->text(0)));
        item->setIcon(0, QIcon(reference.required ? u":/icons/error.svg"_s : u":/icons/warning.svg"_s));
    }
    const QStringList usedBy = graph.usedBy(path);
    QTreeWidgetItem *usedByItem = section(tr("Used by (%1)").arg(usedBy.size()));
    for (const QString &user : usedBy)
        add(usedByItem, user, lineOf(user, path), user, lineOf(user, path));
    if (usedBy.isEmpty()) {
        new QTreeWidgetItem(usedByItem, {AssetGraph::isEntryPoint(path)
                                             ? tr("Nothing: the game starts here.")
                                             : tr("Nothing names it: the game may not use it.")});
    }
    const QStringList rebuilds = graph.dependents(path);
    if (!rebuilds.isEmpty()) {
        QTreeWidgetItem *rebuildsItem = section(tr("A change to it rebuilds (%1)").arg(rebuilds.size()));
        for (const QString &dependent : rebuilds)
            add(rebuildsItem, dependent, 0, dependent, 0);
    }
    m_dependencies->expandAll();
    m_tabs->setTabText(1, tr("Uses %1 / Used by %2").arg(uses.size() + missing.size()).arg(usedBy.size()));
}

void AssetsWorkspace::requestHistory(const QString &path)
{
    auto *watcher = new QFutureWatcher<QJsonArray>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        if (path == m_shown && watcher->future().resultCount() > 0)
            showHistory(path, watcher->result());
    });
    watcher->setFuture(m_services->core()->assetBuilds(path));
}

void AssetsWorkspace::showHistory(const QString &path, const QJsonArray &builds)
{
    Q_UNUSED(path)
    m_history->clear();
    const QLocale locale;
    for (const QJsonValue &value : builds) {
        const QJsonObject build = value.toObject();
        const QString outcome = build.value(u"outcome"_s).toString();
        const QString result = outcome == u"converted"_s ? tr("Converted")
            : outcome == u"failed"_s                     ? tr("Failed")
            : build.value(u"source"_s).toString() == u"remote"_s ? tr("From the team cache")
                                                                   : tr("From the cache");
        const BuildReason reason = buildReasonFromString(build.value(u"reason"_s).toString()).value_or(BuildReason::None);
        QString why = describe(reason, build.value(u"reason_detail"_s).toString());
        if (!why.isEmpty() && reason != BuildReason::DependencyChanged) // that one starts with a path
            why[0] = why.at(0).toUpper();
        const QDateTime when = QDateTime::fromMSecsSinceEpoch(build.value(u"time_ms"_s).toInteger());
        // Today's builds by their time alone: the column stays narrow.
        const QString whenText = when.date() == QDate::currentDate() ? locale.toString(when.time(), QLocale::LongFormat)
                                                                     : locale.toString(when, QLocale::ShortFormat);
        auto *item = new QTreeWidgetItem(
            m_history, {whenText, result, tr("%1 ms").arg(build.value(u"duration_ms"_s).toDouble(), 0, 'f', 1),
                        tr("%1 \u2192 %2").arg(locale.formattedDataSize(build.value(u"input_bytes"_s).toInteger()),
                                               locale.formattedDataSize(build.value(u"stored_bytes"_s).toInteger())),
                        why});
        if (outcome == u"failed"_s)
            item->setIcon(1, QIcon(u":/icons/error.svg"_s));
        const QString tip = tr("%1 on %2: %3.\nCache key %4")
                                .arg(result, locale.toString(when, QLocale::LongFormat), why,
                                     build.value(u"key"_s).toString());
        for (int column = 0; column < m_history->columnCount(); ++column)
            item->setToolTip(column, tip);
    }
    if (builds.isEmpty())
        (new QTreeWidgetItem(m_history, {tr("No build has converted or loaded it yet.")}))->setFirstColumnSpanned(true);
    m_tabs->setTabText(2, builds.isEmpty() ? tr("History") : tr("History (%1)").arg(builds.size()));
}

} // namespace Prometeu
