#include "ui/settingssaver.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFutureWatcher>
#include <QSettings>
#include <QtConcurrent>

namespace Prometeu {

SettingsSaver::SettingsSaver(QSettings *settings, QObject *parent) : QObject(parent), m_settings(settings)
{
    m_thread.setMaxThreadCount(1);
    m_thread.setObjectName(QStringLiteral("settings saver"));
    m_settle.setSingleShot(true);
    m_settle.setInterval(settleMs);
    connect(&m_settle, &QTimer::timeout, this, &SettingsSaver::startSave);
    m_settings->installEventFilter(this);
}

SettingsSaver::~SettingsSaver()
{
    m_settings->removeEventFilter(this);
    m_save.waitForFinished();
}

bool SettingsSaver::eventFilter(QObject *watched, QEvent *event)
{
    // QSettings posts itself an UpdateRequest after its first change since
    // it last saved, and syncs when it arrives: the saver does that instead.
    // (It asks once: until it has synced, later changes post nothing.)
    if (watched == m_settings && event->type() == QEvent::UpdateRequest && !m_handingBack) {
        m_settle.start();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

void SettingsSaver::startSave()
{
    if (m_save.isRunning())
        return; // finishSave() hands the request back, and it comes again
    ++m_savesStarted;
    m_save = QtConcurrent::run(&m_thread, [file = m_settings->fileName(), format = m_settings->format()] {
        QSettings(file, format).sync();
    });
    auto *watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher] {
        watcher->deleteLater();
        finishSave();
    });
    watcher->setFuture(m_save);
}

void SettingsSaver::finishSave()
{
    // The settings' own sync now: it finds the file as the save left it and
    // nothing to write, and takes its next change as new (it asks again).
    // Only a change made during the save is written here, on this thread.
    m_handingBack = true;
    QEvent request(QEvent::UpdateRequest);
    QCoreApplication::sendEvent(m_settings, &request);
    m_handingBack = false;
    Q_EMIT saved();
}

void SettingsSaver::saveNow()
{
    m_settle.stop();
    m_save.waitForFinished();
    m_settings->sync();
}

} // namespace Prometeu
