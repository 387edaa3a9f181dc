"""Long work off the window's thread: a job with progress, a result or a failure told in plain words."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QThread, Signal
from PySide6.QtWidgets import QWidget

from journal.domain.errors import JournalError

log = logging.getLogger("sales_journal")

Progress = Callable[[int, int], None]


class Job(QThread):
    """Runs `work(progress)` on a worker thread; reports progress, a result or a plain-words failure.

    A window closing while the job runs waits for it (a thread must not outlive the objects it reports to)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # JournalError

    def __init__(self, work: Callable[[Progress], Any], window: QWidget) -> None:
        super().__init__(window)
        self._work = work
        self._window = window
        window.installEventFilter(self)
        self.finished.connect(lambda: window.removeEventFilter(self))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close and self.isRunning():
            wait_for(self)
        return False

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit)
        except JournalError as e:
            self.failed.emit(e)
        except Exception as e:  # a bug: logged with its traceback, told calmly
            log.exception("background job failed")
            self.failed.emit(
                JournalError(f"Something went wrong ({type(e).__name__}); the details are in the log.")
            )
        else:
            self.succeeded.emit(result)


def wait_for(job: Job) -> None:
    """Spin the event loop until `job` ends (so its signals are delivered), without blocking repaints."""
    if job.isFinished():
        return
    loop = QEventLoop()
    job.finished.connect(loop.quit)
    if not job.isFinished():
        loop.exec()
