#include "ui/debugworkspace.h"

#include "ui/logview.h"
#include "ui/projectservices.h"
#include "ui/sessionstatebadge.h"

#include <session/executionsession.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Prometeu {

DebugWorkspace::DebugWorkspace(ProjectServices *services, QWidget *parent)
    : QWidget(parent)
    , m_log(new LogView(&services->session()->log(), this))
{
    ExecutionSession *session = services->session();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(8, 0, 8, 0);
    auto *title = new QLabel(tr("<b>Session</b>"), this);
    header->addWidget(title);
    header->addWidget(new SessionStateBadge(session, this));
    auto *details = new QLabel(this);
    details->setObjectName(u"sessionDetails"_s);
    header->addWidget(details, 1);
    layout->addLayout(header);
    auto update = [services, details, session] {
        const quint32 run = session->currentRun();
        details->setText(run == 0 ? tr("Press Play to build the cartridge and start %1.")
                                        .arg(services->project().manifest().name)
                                  : tr("Run %1 \u2014 %2").arg(run).arg(session->lastReason()));
    };
    connect(session, &ExecutionSession::stateChanged, details, update);
    update();

    // The runtime's story: its output and the session's own state changes.
    m_log->restoreSettingsState({u"source:build"_s, u"source:pack-validation"_s, u"source:pack"_s});
    layout->addWidget(m_log, 1);
    connect(m_log, &LogView::locationActivated, this, &DebugWorkspace::locationActivated);
}

} // namespace Prometeu
