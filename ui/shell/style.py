"""The application's look: the system style with the scheme's palette and a small, calm style sheet."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ui.shell import theme


def apply_style(app: QApplication) -> None:
    theme.theme(app)
