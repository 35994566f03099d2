#include "core/actionhistory.h"

#include "core/projectcore.h"

#include <packer/packer.h>

#include <QFutureWatcher>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace Prometeu {

// One applied action on the undo stack. The first redo() is the application
// that already happened. Later ones, and undo(), apply the action (or its
// inverse) synchronously: they are small file operations, and the stack
// must only move once the data has.
class AssetActionCommand final : public QUndoCommand
{
public:
    AssetActionCommand(ActionHistory *history, AssetAction action, AssetAction inverse, const QString &text)
        : QUndoCommand(text), m_history(history), m_action(std::move(action)), m_inverse(std::move(inverse)) {}

    // What undo() or redo() will apply; ActionHistory runs it first, then
    // moves the stack with the work marked done.
    const AssetAction &inverse() const { return m_inverse; }
    const AssetAction &action() const { return m_action; }
    void markDone() { m_done = true; }

    void undo() override { perform(m_inverse); }
    void redo() override
    {
        if (!std::exchange(m_pushed, true))
            return; // the push itself: already applied
        perform(m_action);
    }

private:
    void perform(const AssetAction &action)
    {
        if (std::exchange(m_done, false))
            return;
        // Called by the stack directly (QUndoStack::undo()/redo(), e.g. a
        // QUndoView): do the work here. The stack moves when this returns,
        // whatever happened, so a failure puts it back where the data is
        // (the index it has now, during this call) once it has moved.
        const ActionResult result = m_history->runNow(action);
        if (result.applied)
            return;
        QUndoStack *stack = m_history->stack();
        const int whereTheDataIs = stack->index();
        m_done = true; // moving back must not apply anything
        QMetaObject::invokeMethod(stack, [stack, whereTheDataIs] { stack->setIndex(whereTheDataIs); },
                                  Qt::QueuedConnection);
        Q_EMIT m_history->actionRefused(ActionHistory::tr("%1 could not be applied: %2").arg(text(), result.reason));
    }

    ActionHistory *m_history;
    AssetAction m_action;
    AssetAction m_inverse;
    bool m_pushed = false;
    bool m_done = false;
};

ActionHistory::ActionHistory(ProjectCore *core, QObject *parent)
    : QObject(parent)
    , m_core(core)
    , m_packer(core->packer())
    , m_stack(new QUndoStack(this))
{
    connect(this, &ActionHistory::actionApplied, core, &ProjectCore::noteActionApplied);
    connect(this, &ActionHistory::actionRefused, core, &ProjectCore::noteActionRefused);
}

ActionHistory::~ActionHistory() = default;

QFuture<ActionResult> ActionHistory::apply(const AssetAction &action, const QString &undoText)
{
    QFuture<ActionResult> future = m_packer->apply(action);
    m_core->followOperation(QFuture<void>(future));
    auto *watcher = new QFutureWatcher<ActionResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, action, undoText] {
        watcher->deleteLater();
        const QFuture<ActionResult> done = watcher->future();
        if (done.resultCount() == 0 || !done.result().applied)
            return; // action_failed told Activity and the log why
        const ActionResult result = done.result();
        if (result.inverse)
            m_stack->push(new AssetActionCommand(this, action, *result.inverse, undoText));
        Q_EMIT actionApplied(action);
    });
    watcher->setFuture(future);
    return future;
}

ActionResult ActionHistory::runNow(const AssetAction &action)
{
    QFuture<ActionResult> future = m_packer->apply(action);
    future.waitForFinished(); // runs it here if no pool thread has taken it yet
    ActionResult result;
    if (future.resultCount() > 0)
        result = future.result();
    else
        result.reason = tr("the operation was cancelled");
    if (result.applied)
        Q_EMIT actionApplied(action);
    return result;
}

bool ActionHistory::undo(QString *reason) { return step(true, reason); }

bool ActionHistory::redo(QString *reason) { return step(false, reason); }

bool ActionHistory::step(bool back, QString *reason)
{
    const bool possible = back ? m_stack->canUndo() : m_stack->canRedo();
    auto *command = possible ? static_cast<AssetActionCommand *>(const_cast<QUndoCommand *>(
                                   m_stack->command(back ? m_stack->index() - 1 : m_stack->index())))
                             : nullptr;
    if (!command) {
        if (reason)
            *reason = back ? tr("There is nothing to undo.") : tr("There is nothing to redo.");
        return false;
    }
    const ActionResult result = runNow(back ? command->inverse() : command->action());
    if (!result.applied) {
        const QString sentence = (back ? tr("Could not undo %1: %2 Nothing was changed.")
                                       : tr("Could not redo %1: %2 Nothing was changed."))
                                     .arg(command->text(), result.reason);
        if (reason)
            *reason = sentence;
        Q_EMIT actionRefused(sentence);
        return false;
    }
    command->markDone();
    back ? m_stack->undo() : m_stack->redo();
    return true;
}

} // namespace Prometeu
