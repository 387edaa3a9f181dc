"""Edit → Undo / Redo (Ctrl+Z, Ctrl+Shift+Z) for every write since the journal was opened, named for
what it did: "Undo delete promise ‘Send pricing’". Text fields keep their own Ctrl+Z while they have focus."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from journal.storage.changes import Changes
from journal.storage.undo import UndoStack
from ui.shell.main_window import MainWindow
from ui.widgets.forms import attempt


def install(window: MainWindow) -> None:
    ctx = window.ctx
    stack = UndoStack(ctx.journal)

    def run(step: str) -> None:
        changes = attempt(window, stack.undo if step == "undo" else stack.redo)
        if changes is not None:
            ctx.status_message.emit(f"{changes.label}.")

    undo = window.action(
        "&Undo", lambda: run("undo"), shortcut="Ctrl+Z", menu=window.edit_menu, name="undo", tip="Undo"
    )
    redo = window.action(
        "&Redo", lambda: run("redo"), shortcut="Ctrl+Shift+Z", menu=window.edit_menu, name="redo", tip="Redo"
    )
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    if window.edit_menu.actions()[:2] != [undo, redo]:
        first = window.edit_menu.actions()[0]
        window.edit_menu.insertActions(first, [undo, redo])
        window.edit_menu.insertSeparator(first)

    def refresh() -> None:
        for act, text, what in ((undo, stack.undo_text, "undo"), (redo, stack.redo_text, "redo")):
            act.setEnabled(text is not None)
            act.setText("&" + text.replace("&", "&&") if text else f"&{what.capitalize()}")
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{text or 'Nothing to ' + what} ({keys})")

    def offer(changes: Changes) -> None:
        # After a deletion, say how to take it back (undo and redo name themselves in `run`).
        deleted = any(r.action == "deleted" for r in changes.refs)
        if deleted and stack.undo_steps and stack.undo_steps[-1].label == changes.label:
            ctx.status_message.emit(f"{changes.label}. Ctrl+Z undoes it.")

    ctx.changed.connect(offer)
    stack.listeners.append(refresh)
    window.destroyed.connect(lambda *_: stack.detach())
    refresh()
