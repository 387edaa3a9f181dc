"""File → Export everything (JSON)… and File → Export readable pages (Markdown)…: the rep's whole journal
in an open format, written on a worker thread (a large journal takes seconds), atomically and 0600."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from journal.domain.errors import JournalError
from journal.storage import integrity, paths
from journal.storage.db import Journal
from ui.shell.main_window import MainWindow
from ui.widgets import forms
from ui.widgets.jobs import Job, Progress, wait_for

SETTINGS_KEY = "export/folder"


def ask_json_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to write the JSON export (a test replaces this module attribute)."""
    name, _ = QFileDialog.getSaveFileName(parent, "Export everything", str(suggested), "JSON (*.json)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".json")


def ask_markdown_folder(parent: QWidget | None, suggested: Path) -> Path | None:
    """The folder for the Markdown pages (a test replaces this module attribute)."""
    name = QFileDialog.getExistingDirectory(parent, "Export readable pages into a folder", str(suggested))
    return Path(name) if name else None


class Exporter:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.job: Job | None = None

    def _start_folder(self) -> Path:
        folder = self.window.ctx.settings.value(SETTINGS_KEY)
        return Path(str(folder)) if folder else Path.home()

    def export_json(self) -> Job | None:
        ctx = self.window.ctx
        path = ask_json_path(self.window, self._start_folder() / f"{ctx.journal.path.stem}.json")
        if path is None or self.job is not None:
            return None
        try:
            paths.check_output(path, journal=ctx.journal.path)
        except JournalError as e:
            forms.show_error(self.window, e)
            return None
        source, now = ctx.journal.path, ctx.journal.clock.now()

        from journal.exchange import journal_json as exchange  # the formats load when first used

        def work(progress: Progress) -> str:
            with integrity.raw(source) as j:  # a connection of this thread's own
                exchange.export_json(j, path, now=now)
            return f"Exported everything to {path.name} (JSON)."

        return self._run(work, path.parent)

    def export_markdown(self) -> Job | None:
        ctx = self.window.ctx
        folder = ask_markdown_folder(self.window, self._start_folder())
        if folder is None or self.job is not None:
            return None
        journal = ctx.journal
        from journal.exchange.markdown import export_markdown

        def work(progress: Progress) -> str:
            try:
                result = export_markdown(journal, folder)
            finally:
                journal.db.close()  # this thread's connection only
            return f"Exported {result.summary()} to {folder}."

        return self._run(work, folder)

    def _run(self, work: Callable[[Progress], str], remember: Path) -> Job:
        ctx = self.window.ctx
        job = Job(work, self.window)
        job.succeeded.connect(ctx.status_message.emit)
        job.succeeded.connect(lambda _: ctx.settings.setValue(SETTINGS_KEY, str(remember)))
        job.failed.connect(lambda error: forms.show_error(self.window, error))
        job.finished.connect(self._ended)
        self.job = job
        ctx.status_message.emit("Exporting…")
        job.start()
        return job

    def _ended(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None


def install(window: MainWindow) -> None:
    exporter = Exporter(window)
    window.exporter = exporter
    for text, slot, name, tip in (
        (
            "Export &everything (JSON)…",
            exporter.export_json,
            "export_json",
            "Every record and relation in one open file, to keep or to move to another computer",
        ),
        (
            "Export readable &pages (Markdown)…",
            exporter.export_markdown,
            "export_markdown",
            "One page per customer, with their timeline, readable without the app",
        ),
    ):
        window.file_menu.insertAction(window.quit_action, window.action(text, slot, name=name, tip=tip))
    window.file_menu.insertSeparator(window.quit_action)


def ask_import_file(parent: QWidget | None, folder: Path) -> Path | None:
    """The JSON export to import (a test replaces this module attribute)."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import a JSON export", str(folder), "JSON (*.json)")
    return Path(name) if name else None


def ask_new_journal(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to make the journal the export is imported into (a test replaces this module attribute)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Import into a new journal", str(suggested), "Sales Journal (*.sqlite3)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".sqlite3")


def accepted_size(window: MainWindow, source: Path) -> int | None:
    """The size of file the import may read: the usual limit, or — after the rep says yes to a plain
    question — this larger file's own size. None: the rep said no, or the file cannot be read."""
    from journal.exchange import journal_json as exchange
    from journal.exchange.journal_json import ImportRefused

    limit = exchange.MAX_IMPORT_BYTES
    try:
        size = source.stat().st_size
    except OSError as e:
        forms.show_error(window, ImportRefused(f"“{source}” cannot be read: {e.strerror or e}."))
        return None
    if size <= limit:
        return limit
    if forms.confirm(
        window,
        "Import a large file?",
        f"“{source.name}” is {size / 1024 / 1024:,.0f} MB — more than an export usually is "
        f"({limit // 1024 // 1024} MB). If it is the export of a very large journal, it can be imported: "
        "every record is still checked, and it takes a few minutes. A file that is not an export is "
        "refused with nothing made.\n\nImport it?",
        "Import",
        destructive=False,
    ):
        return size
    return None


def import_into_new_journal(window: MainWindow, open_journal: Callable[[Path], bool]) -> Path | None:
    """File → Import a JSON export…: a new journal made from an export (moving to a new computer), then
    opened. The current journal is not touched; a refused file leaves no new journal behind."""
    from journal.exchange import journal_json as exchange
    from journal.exchange.journal_json import ImportRefused

    source = ask_import_file(window, Path.home())
    if source is None:
        return None
    target = ask_new_journal(window, source.with_suffix(".sqlite3"))
    if target is None:
        return None
    if target.exists():
        forms.show_error(window, ImportRefused(f"“{target.name}” already exists: choose a new file name."))
        return None
    limit = accepted_size(window, source)
    if limit is None:
        return None
    try:
        Journal.open(target).close()  # the empty journal, made here so the worker only fills it

        def work(progress: Progress) -> dict[str, int]:
            with integrity.raw(target) as j:
                return exchange.import_json(j, source, max_bytes=limit)

        job = Job(work, window)
        outcome: list[object] = []
        job.succeeded.connect(outcome.append)
        job.failed.connect(outcome.append)
        dialog = QProgressDialog(f"Importing {source.name}…", "", 0, 0, window)
        dialog.setObjectName("importProgress")
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        job.start()
        wait_for(job)
        dialog.deleteLater()
        if not outcome or isinstance(outcome[0], JournalError):
            raise (
                outcome[0]
                if outcome and isinstance(outcome[0], JournalError)
                else ImportRefused("The import did not finish; nothing was imported.")
            )
    except JournalError as e:
        for suffix in ("", "-wal", "-shm", ".lock"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        forms.show_error(window, e, "Sales Journal could not import this file")
        return None
    return target if open_journal(target) else None
