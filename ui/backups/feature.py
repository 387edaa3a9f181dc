"""Backups and checks from the app: File → Back up now, Help → Check journal, a backup on start when the
last one is over a day old, and one on quit when anything changed.

Both run on a worker thread with connections of their own (journal/storage/backup.py and
journal/storage/integrity.py open the file themselves), so the window stays responsive; progress shows
in the status bar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QProgressDialog, QWidget

from journal.domain.errors import JournalError
from journal.services import settings
from journal.storage import backup, integrity
from journal.storage.changes import Changes
from ui.shell import recovery
from ui.shell.main_window import MainWindow
from ui.widgets import forms
from ui.widgets.jobs import Job, run_waiting, wait_for

log = logging.getLogger("sales_journal")

START_DELAY_MS = 3000  # let the window settle before a start-up backup reads the whole file
FOLDER_KEY = "backups/folder"  # per journal (ctx.journal_key): where its backups went last


def ask_folder(parent: QWidget | None, current: Path) -> Path | None:
    """The folder to keep backups in (a test replaces this module attribute)."""
    name = QFileDialog.getExistingDirectory(parent, "Keep backups in this folder", str(current))
    return Path(name) if name else None


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """An information box. Call as `backups.tell` so tests can replace it."""
    QMessageBox.information(parent, title, text)


class Backups(QObject):
    """The backups of one window's journal."""

    finished = Signal(bool)  # whether the backup was made

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.job: Job | None = None
        self.dirty = False  # written since the last backup
        self.automatic = False
        self.ctx.changed.connect(self._changed)
        self.bar = QProgressBar(window)
        self.bar.setObjectName("backupProgress")
        self.bar.setAccessibleName("Backup progress")
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(True)
        self.bar.setFormat("Backing up %p%")
        self.bar.hide()
        window.statusBar().addPermanentWidget(self.bar)

    def _changed(self, changes: Changes) -> None:
        self.dirty = True

    def folder(self) -> Path | None:
        try:
            return settings.backup_folder(self.ctx.journal)
        except (JournalError, KeyError):
            return None

    def start(self, *, quiet: bool = False) -> Job | None:
        """Back up now on a worker thread (unless one is running). `quiet`: say nothing on success."""
        if self.job is not None:
            return self.job
        path = self.ctx.journal.path
        folder = self.folder()
        now = self.ctx.journal.clock.now()
        self.dirty = False

        def work(progress: Callable[[int, int], None]) -> Path:
            return backup.take(path, now=now, folder=folder, progress=progress)

        job = Job(work, self.window)
        job.progressed.connect(self._progress)
        job.succeeded.connect(lambda made: self._done(made, quiet))
        job.failed.connect(lambda error: self._failed(error, quiet))
        job.finished.connect(self._ended)
        self.job = job
        self.bar.setRange(0, 0)  # busy until the copy reports its size (the journal is checked first)
        self.bar.setFormat("Backing up %p%")
        self.bar.setToolTip(f"Backing up {path.name}")
        self.bar.show()
        job.start()
        return job

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.setFormat("Checking the copy…" if done >= total else "Backing up %p%")

    def _done(self, made: Path, quiet: bool) -> None:
        self.ctx.settings.setValue(self.ctx.journal_key(FOLDER_KEY), str(made.parent))
        log.info("backed up to %s", made)
        if not quiet:
            self.ctx.status_message.emit(f"Backed up to {made.parent} ({made.name}).")
        self.finished.emit(True)

    def _failed(self, error: JournalError, quiet: bool) -> None:
        self.dirty = True
        log.warning("backup failed: %s", error)
        self.ctx.status_message.emit(f"The backup failed: {error}")
        if not quiet or isinstance(error, backup.SourceDamaged):
            forms.show_error(self.window, error, "Sales Journal could not back up")
        self.finished.emit(False)

    def _ended(self) -> None:
        self.bar.hide()
        if self.job is not None:
            self.job.deleteLater()
        self.job = None

    def back_up_now(self) -> None:
        self.start()

    def choose_folder(self) -> None:
        current = self.folder() or backup.default_folder(self.ctx.journal.path)
        chosen = ask_folder(self.window, current)
        if chosen is None:
            return
        value = "" if chosen == backup.default_folder(self.ctx.journal.path) else str(chosen)
        try:
            settings.set_settings(self.ctx.journal, **{"backup.folder": value})
        except JournalError as e:
            forms.show_error(self.window, e)
            return
        self.ctx.status_message.emit(f"Backups will be kept in {chosen}.")
        self.start()

    def due(self) -> bool:
        return backup.is_due(self.ctx.journal.path, self.ctx.journal.clock.now(), self.folder())

    def on_start(self) -> None:
        if self.due():
            self.start(quiet=True)

    def on_close(self) -> None:
        """Before the window goes: finish a running backup, and take one if anything changed."""
        if self.job is not None:
            wait_for(self.job)
        if not (self.dirty or self.due()):
            return
        job = self.start(quiet=True)
        if job is None:
            return
        dialog = QProgressDialog("Backing up your journal…", "", 0, 0, self.window)
        dialog.setObjectName("quitBackupProgress")
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)

        def progressed(done: int, total: int) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)

        job.progressed.connect(progressed)
        wait_for(job)
        dialog.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.automatic:
            self.on_close()
        return False

    def enable_automatic(self) -> None:
        """Back up on start when due, and on close (the running app; not windows made in tests)."""
        self.automatic = True
        self.window.installEventFilter(self)
        QTimer.singleShot(START_DELAY_MS, self.window, self.on_start)


class Checker(QObject):
    """Help → Check journal: every check on a worker thread, then the result in plain words."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.job: Job | None = None

    def check(self) -> Job | None:
        if self.job is not None:
            return None
        path = self.window.ctx.journal.path
        self.window.ctx.status_message.emit("Checking the journal…")
        job = Job(lambda progress: integrity.check_file(path), self.window)
        job.succeeded.connect(self._report)
        job.failed.connect(lambda error: forms.show_error(self.window, error))
        job.finished.connect(self._ended)
        self.job = job
        job.start()
        return job

    def _ended(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None

    def _report(self, report: integrity.Report) -> None:
        details = "\n".join(f"• {line}" for line in report.lines()[:8])
        if report.ok:
            tell(self.window, "Check journal", report.summary())
        elif report.index_only:
            if forms.confirm(
                self.window,
                "Check journal",
                f"{report.summary()}\n\n{details}",
                "Rebuild the search index",
                destructive=False,
            ):
                try:
                    journal = self.window.ctx.journal
                    fixed = run_waiting(
                        lambda _progress: recovery.repaired(journal),
                        self.window,
                        "Rebuilding the search index…",
                    )
                except JournalError as e:
                    forms.show_error(self.window, e)
                    return
                tell(self.window, "Check journal", fixed.summary())
        else:
            forms.show_error(self.window, JournalError(f"{report.summary()}\n\n{details}"), "Check journal")


def install(window: MainWindow) -> None:
    backups = Backups(window)
    checker = Checker(window)
    window.backups = backups
    window.checker = checker
    window.file_menu.insertAction(
        window.quit_action,
        window.action(
            "&Back up now",
            backups.back_up_now,
            name="back_up_now",
            tip="Make a verified copy of this journal in its backups folder now",
        ),
    )
    window.file_menu.insertAction(
        window.quit_action,
        window.action(
            "Backup &folder…",
            backups.choose_folder,
            name="choose_backup_folder",
            tip="Keep this journal's backups in another folder (a synced folder, a USB disk)",
        ),
    )
    window.file_menu.insertSeparator(window.quit_action)
    window.help_menu.insertAction(
        window.help_menu.actions()[0],
        window.action(
            "&Check journal",
            checker.check,
            name="check_journal",
            tip="Look for damage in every page, reference and the search index",
        ),
    )
