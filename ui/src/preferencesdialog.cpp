#include "ui/preferencesdialog.h"

#include "ui/teamcachepage.h"

#include <core/projectcore.h>

#include <QDialogButtonBox>
#include <QMessageBox>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Prometeu {

PreferencesDialog::PreferencesDialog(ProjectCore *core, QWidget *parent)
    : QDialog(parent)
    , m_core(core)
{
    setWindowTitle(tr("Preferences"));
    setObjectName(u"preferencesDialog"_s);
    auto *tabs = new QTabWidget(this);
    m_teamCache = new TeamCachePage(UserSettings(), core ? core->project().manifest().remoteCache : RemoteCacheSection(),
                                    core ? core->remoteCache() : std::nullopt, tabs);
    tabs->addTab(m_teamCache, tr("Team Cache"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    resize(620, 420);
}

void PreferencesDialog::accept()
{
    QString error;
    if (!m_teamCache->save(&error)) {
        QMessageBox::warning(this, tr("Preferences Not Saved"), error);
        return;
    }
    if (m_core)
        m_core->reloadRemoteCache(); // from the next build on
    QDialog::accept();
}

} // namespace Prometeu
