"""The dialog a person sees instead of a traceback when something unexpected goes wrong."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from journal.domain.errors import JournalCorrupt
from journal.storage.db import storage_error
from ui.widgets import forms

log = logging.getLogger("sales_journal.crash")

DAMAGED = (
    "The journal file is damaged: SQLite could not read part of it. Help → Check journal shows what is "
    "wrong; File → Restore from backup… goes back to a backup and keeps this file aside."
)


class CrashDialog(QMessageBox):
    def __init__(
        self, summary: str, details: str, log_path: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setAccessibleName("Something went wrong")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("Sales Journal — something went wrong")
        self.setText(
            "Something went wrong that Sales Journal did not expect.\n\n"
            "Your journal is safe: every change you saved before this is on disk, and nothing half-done "
            "was written."
        )
        where = f"\n\nThe details are in the log file:\n{log_path}" if log_path else ""
        self.setInformativeText(f"{summary}{where}")
        self.setDetailedText(details)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


class _Relay(QObject):
    """Carries an exception from any thread to the GUI thread."""

    crashed = Signal(str, str)
    damaged = Signal(str)


class CrashHandler:
    """Installed as sys.excepthook: logs the traceback and shows CrashDialog on the GUI thread."""

    def __init__(self, log_path: Path | None) -> None:
        self.log_path = log_path
        self.relay = _Relay()
        self.relay.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.relay.damaged.connect(self._damaged, Qt.ConnectionType.QueuedConnection)
        self.showing = False

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = lambda a: self.handle(a.exc_type, a.exc_value or Exception(), a.exc_traceback)

    def handle(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        if isinstance(value, Exception) and isinstance(storage_error(value), JournalCorrupt):
            log.error("the journal is damaged\n%s", details)  # a known problem, told plainly, not a bug
            self.relay.damaged.emit(DAMAGED)
            return
        log.error("unexpected error\n%s", details)
        self.relay.crashed.emit(f"{kind.__name__}: {value}", details)

    def _damaged(self, message: str) -> None:
        if self.showing:
            return
        self.showing = True
        try:
            if forms.damage_handler is not None:
                forms.damage_handler(message)
            else:
                window = QApplication.activeWindow()
                forms.show_error(window, JournalCorrupt(message), "The journal is damaged")
        finally:
            self.showing = False

    def _show(self, summary: str, details: str) -> None:
        if self.showing:  # one dialog at a time; the rest are in the log
            return
        self.showing = True
        try:
            CrashDialog(summary, details, self.log_path, QApplication.activeWindow()).exec()
        finally:
            self.showing = False
