"""The planner's statistics of the open journal, kept current without the window waiting: a moment after
the window is shown a worker thread (a connection of its own) looks at them and, when they are missing
or out of date (a journal made by use or by an import), takes them afresh; the window's connection then
plans with them. See journal/storage/statistics.py."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from journal.storage import statistics
from ui.shell.main_window import MainWindow
from ui.widgets.jobs import Job, Progress

log = logging.getLogger("sales_journal")

DELAY_MS = 2000  # after the first screen is up and its first reads are done


class Statistics(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.job: Job | None = None
        self.analysed = False

    def start(self) -> Job | None:
        if self.job is not None or not self.window.isVisible() or self.window.ctx.journal.read_only:
            return None
        path = self.window.ctx.journal.path

        def work(progress: Progress) -> bool:
            from journal.storage import integrity

            with integrity.raw(path) as j:
                return statistics.refresh(j)

        job = Job(work, self.window)
        job.succeeded.connect(self._done)
        job.failed.connect(lambda error: log.warning("planner statistics not refreshed: %s", error))
        job.finished.connect(self._ended)
        self.job = job
        job.start()
        return job

    def _done(self, analysed: bool) -> None:
        self.analysed = analysed
        journal = self.window.ctx.journal
        if analysed and journal.is_open:
            statistics.reload(journal)
            log.info("planner statistics refreshed for %s", journal.path)

    def _ended(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None

    def schedule(self) -> None:
        QTimer.singleShot(DELAY_MS, self.window, self.start)
