"""The composition root: logging, the crash handler, the QApplication, the journal, the main window."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from journal import paths
from journal.db import Journal
from journal.errors import JournalError
from ui.context import AppContext
from ui.dialogs.crash import CrashHandler
from ui.icons import app_icon
from ui.logs import setup_logging
from ui.main_window import MainWindow
from ui.style import apply_style
from ui.views import customers

log = logging.getLogger("sales_journal")

ORGANIZATION = "SalesJournal"
APPLICATION = "Sales Journal"


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setWindowIcon(app_icon())
    apply_style(app)
    return app


# Each feature module adds its pages, actions and signal handlers to the window: install(window) -> None.
FEATURES: tuple[Callable[[MainWindow], None], ...] = (customers.install,)


def build_window(journal: Journal, settings: QSettings) -> MainWindow:
    ctx = AppContext(journal, settings)
    window = MainWindow(ctx)
    for install in FEATURES:
        install(window)
    window.restore_page()
    return window


def _quit_on_signals(app: QApplication) -> QTimer:
    """Let SIGTERM/SIGINT close the window cleanly (Python only sees signals while it runs code)."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.closeAllWindows())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def run_gui(journal_path: Path | None = None) -> int:
    log_path = setup_logging()
    app = make_application()
    CrashHandler(log_path).install()
    path = paths.resolve_journal_path(journal_path)
    log.info("opening %s", path)
    try:
        journal = Journal.open(path)
    except JournalError as e:
        log.warning("could not open %s: %s", path, e)
        QMessageBox.critical(None, "Sales Journal cannot open this journal", str(e))
        return 1
    settings = QSettings()
    window = build_window(journal, settings)
    window.show()
    _keepalive = _quit_on_signals(app)
    try:
        return app.exec()
    finally:
        window.ctx.detach()
        journal.close()
        log.info("closed %s", path)
