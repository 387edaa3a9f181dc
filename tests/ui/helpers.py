"""Helpers for driving real widgets offscreen."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def show_and_activate(qtbot, widget: QWidget) -> None:
    """Show a window and wait until it is active, so window shortcuts (Ctrl+Enter, Ctrl+B…) reach it.

    qtbot.waitActive can return before the offscreen platform has activated the window; wait for it.
    """
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
