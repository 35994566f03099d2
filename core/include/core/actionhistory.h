#pragma once

#include <packer/assetaction.h>

#include <QFuture>
#include <QObject>

class QUndoStack;

namespace Prometeu {

class Packer;
class ProjectCore;

// Asset actions with undo and redo that tell the truth. Every action runs
// as a packer operation (so Activity, the log and the history see it);
// once applied it goes on the undo stack with the inverse the packer
// reported. undo()/redo() apply that inverse (or the action again) first
// and move the stack only when it worked: a failed inverse leaves the stack
// where the data is and says why, in words. Each command also does its
// work inside its own undo()/redo(), as Tiled's do, for whoever drives the
// stack directly (a QUndoView, createUndoAction): there a failure is said
// the same way and the stack is put back, from the event loop, where the
// data is.
//
// A library of its own (Prometeu::CoreUndo): QUndoStack is Qt Gui, which a
// CLI command never loads. The Studio makes one for its open project; the
// core hears what it did (followOperation, noteActionApplied/Refused).
class ActionHistory : public QObject
{
    Q_OBJECT
public:
    explicit ActionHistory(ProjectCore *core, QObject *parent = nullptr);
    ~ActionHistory() override;

    QUndoStack *stack() const { return m_stack; }

    // Starts the action; when it is applied, pushes it on the stack as
    // `undoText`.
    QFuture<ActionResult> apply(const AssetAction &action, const QString &undoText);
    // false, with *reason (a sentence) and the stack unmoved, when the
    // inverse (or the redo) could not be applied or there is nothing to do.
    bool undo(QString *reason = nullptr);
    bool redo(QString *reason = nullptr);

Q_SIGNALS:
    // Files or options changed through an action, an undo or a redo.
    void actionApplied(const Prometeu::AssetAction &action);
    // An undo or redo could not be applied; the sentence says which and why.
    void actionRefused(const QString &sentence);

private:
    friend class AssetActionCommand;
    // Runs the action now (waiting for it) and reports what happened.
    ActionResult runNow(const AssetAction &action);
    bool step(bool back, QString *reason);

    ProjectCore *m_core;
    Packer *m_packer;
    QUndoStack *m_stack;
};

} // namespace Prometeu
