"""File → Export promises & meetings to calendar (.ics): my open promises and planned meetings, for the
calendar I already live in. Importing a newer export updates the events instead of duplicating them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from journal.domain.errors import JournalError, StorageError
from journal.storage import paths
from ui.shell.main_window import MainWindow
from ui.widgets import forms

SETTINGS_KEY = "export/ics_folder"


def ask_export_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to write the calendar (a test replaces this module attribute)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Export promises & meetings to calendar", str(suggested), "iCalendar (*.ics)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".ics")


def export_calendar(window: MainWindow) -> Path | None:
    ctx = window.ctx
    folder = ctx.settings.value(SETTINGS_KEY)
    start = Path(str(folder)) if folder else Path.home()
    path = ask_export_path(window, start / f"{ctx.journal.path.stem}-promises.ics")
    if path is None:
        return None
    try:
        from journal.exchange import ics

        paths.check_output(path, journal=ctx.journal.path)
        result = ics.export(ctx.journal, path)
    except JournalError as e:
        forms.show_error(window, e)
        return None
    except OSError as e:
        forms.show_error(
            window, StorageError(f"The calendar could not be written to “{path}”: {e.strerror}.")
        )
        return None
    ctx.settings.setValue(SETTINGS_KEY, str(path.parent))
    ctx.status_message.emit(f"Exported {result.summary()} to {path.name}. Import it into your calendar.")
    return path


def install(window: MainWindow) -> None:
    menu = window.file_menu
    before = window.quit_action
    act = window.action(
        "E&xport promises && meetings to calendar (.ics)…",
        lambda: export_calendar(window),
        name="export_calendar",
        tip="Write your open promises and planned meetings to an .ics file your calendar imports",
    )
    menu.insertAction(before, act)
    menu.insertSeparator(before)
