"""Long work off the window's thread: a job with progress, a result or a failure told in plain words."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from journal.domain.errors import JournalError

log = logging.getLogger("sales_journal")

Progress = Callable[[int, int], None]
T = TypeVar("T")

SHOW_AFTER_MS = 400  # a check done sooner than this shows no progress window


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


def run_waiting(work: Callable[[Progress], T], parent: QWidget | None, text: str) -> T:
    """`work(progress)` on a worker thread, waited for with the window's thread free (it repaints and
    answers; a progress window saying `text` comes up if it takes a while): its result, or its
    JournalError raised here. For a step the rep must wait for, like a check before opening a file."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setObjectName("waitingProgress")
    dialog.setAccessibleName(text)
    dialog.setWindowTitle("Sales Journal")
    dialog.setCancelButton(None)  # no cancelling a check half done
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    # Kept by the worker itself, not through signals: an app quitting ends the wait before queued
    # signals are delivered, and the answer must be here all the same.
    results: list[T] = []
    failures: list[JournalError] = []

    def kept(progress: Progress) -> None:
        try:
            results.append(work(progress))
        except JournalError as e:
            failures.append(e)

    job = Job(kept, dialog)
    job.failed.connect(failures.append)  # a bug, logged by the job

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    job.progressed.connect(progressed)
    job.start()
    try:
        wait_for(job)
        job.wait()
    finally:
        dialog.reset()
        dialog.deleteLater()
    if results:
        return results[0]
    raise failures[0] if failures else JournalError("Something went wrong; the details are in the log.")
