"""Helpers for driving real widgets offscreen."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.shell.main_window import MainWindow


def show_and_activate(qtbot, widget: QWidget) -> None:
    """Show a window and wait until it is active, so window shortcuts (Ctrl+Enter, Ctrl+B…) reach it.

    qtbot.waitActive can return before the offscreen platform has activated the window; wait for it.
    """
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    if isinstance(widget, MainWindow):  # what it shows is read once it has been painted
        qtbot.waitUntil(lambda: widget.settled, timeout=2000)


def answer_next_dialog(qtbot, handler, timeout_ms: int = 5000) -> list[QWidget]:
    """Run `handler(dialog)` on the next modal dialog once it is shown and active (call this before
    whatever opens it). The handler types into the dialog and closes it.

    Returns a list that holds the dialog once seen. A handler that raises or leaves its dialog open
    has the dialog closed for it (so a failing test fails instead of hanging in the dialog's exec()),
    and the problem is re-raised by pytest-qt as a failure of the test.
    """
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    seen: list[QWidget] = []
    clock = QElapsedTimer()
    clock.start()

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        ready = dialog is not None and dialog.isVisible()
        if ready and not dialog.isActiveWindow():
            dialog.activateWindow()  # offscreen, a new window is not always made active by itself
            ready = False
        if not ready:
            if clock.elapsed() < timeout_ms:
                QTimer.singleShot(10, poll)
            return
        seen.append(dialog)
        try:
            handler(dialog)
        finally:
            if dialog.isVisible() and isinstance(dialog, QDialog):
                dialog.done(0)
                raise AssertionError(f"the handler left {dialog.objectName() or dialog} open")

    QTimer.singleShot(0, poll)
    return seen


def save_with_keyboard(qtbot, dialog: QWidget) -> None:
    """Ctrl+Enter, as a person saves a form."""
    from PySide6.QtCore import Qt

    target = dialog.focusWidget() or dialog
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def press(qtbot, widget: QWidget, key, modifier=None) -> None:
    """A key pressed while `widget` has the focus in an active window, as when a person types.

    Offscreen, closing a dialog does not always give the activation back to the window beneath it,
    and shortcuts only reach an active window.
    """
    from PySide6.QtCore import Qt

    window = widget.window()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier or Qt.KeyboardModifier.NoModifier)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type text key by key; a line break is the Return key (QTest cannot type "\\n" as a character)."""
    from PySide6.QtCore import Qt

    for n, line in enumerate(text.split("\n")):
        if n:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(widget, line)
