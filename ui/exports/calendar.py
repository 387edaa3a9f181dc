"""File → Export promises & meetings to calendar (.ics): my open promises and planned meetings, for the
calendar I already live in. Importing a newer export updates the events instead of duplicating them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from journal.domain.errors import JournalError, StorageError
from journal.storage import paths
from ui.shell.main_window import MainWindow
from ui.widgets import forms
from ui.widgets.jobs import Job, Progress

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


class CalendarExporter:
    """Writes the calendar on a worker thread through a journal handle of its own (a large journal
    takes seconds), the status bar saying so meanwhile."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.job: Job | None = None

    def export(self) -> Job | None:
        ctx = self.window.ctx
        if self.job is not None:
            ctx.status_message.emit("The calendar is being exported already.")
            return None
        folder = ctx.settings.value(SETTINGS_KEY)
        start = Path(str(folder)) if folder else Path.home()
        path = ask_export_path(self.window, start / f"{ctx.journal.path.stem}-promises.ics")
        if path is None:
            return None
        try:
            paths.check_output(path, journal=ctx.journal.path)
        except JournalError as e:
            forms.show_error(self.window, e)
            return None
        journal = ctx.journal

        def work(progress: Progress) -> str:
            from journal.exchange import ics  # icalendar takes a tenth of a second to import

            try:
                with journal.twin() as j:
                    result = ics.export(j, path)
            except OSError as e:
                raise StorageError(f"The calendar could not be written to “{path}”: {e.strerror}.") from e
            return f"Exported {result.summary()} to {path.name}. Import it into your calendar."

        job = Job(work, self.window)
        job.succeeded.connect(ctx.status_message.emit)
        job.succeeded.connect(lambda _: ctx.settings.setValue(SETTINGS_KEY, str(path.parent)))
        job.failed.connect(lambda error: forms.show_error(self.window, error))
        job.finished.connect(self._ended)
        self.job = job
        ctx.status_message.emit(f"Exporting the calendar to {path.name}…")
        job.start()
        return job

    def _ended(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None


def install(window: MainWindow) -> None:
    exporter = CalendarExporter(window)
    window.calendar_exporter = exporter
    menu = window.file_menu
    before = window.quit_action
    act = window.action(
        "E&xport promises && meetings to calendar (.ics)…",
        exporter.export,
        name="export_calendar",
        tip="Write your open promises and planned meetings to an .ics file your calendar imports",
    )
    menu.insertAction(before, act)
    menu.insertSeparator(before)
