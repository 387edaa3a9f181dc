"""The application's look: the system style with a small, calm style sheet on top."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

import resources


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(resources.read_text("style.qss"))
