"""Started by bench_startup in a fresh process: `bare` shows an empty PySide6 window, `app PATH` starts
Sales Journal on a journal the way `sales-journal` does. Each prints `shown SECONDS` (since the process
began) when the main window first paints, `ready SECONDS` once the first page is filled (for the app:
Today's report read and shown) and the event loop is idle, then `rss KB` (peak resident memory) and,
for the app, the same after opening the busiest customer's timeline and searching."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

STARTED = time.perf_counter()


def _rss_kb() -> int:
    """Peak resident memory of this process. /proc's VmHWM starts afresh at exec; getrusage's ru_maxrss
    would carry over the peak of the benchmark process that started this one."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _stamp(key: str) -> None:
    print(f"{key} {time.perf_counter() - STARTED:.4f}", flush=True)


def _watch(filled: Callable[[], bool], then: Callable[[], None]) -> object:
    """Print `shown` at the main window's first paint; `ready` when `filled()` and the queue is empty."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    class Watcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.shown = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.shown and event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
                self.shown = True
                _stamp("shown")
                QTimer.singleShot(0, self.poll)
            return False

        def poll(self) -> None:
            if filled():
                _stamp("ready")
                then()
            else:
                QTimer.singleShot(1, self.poll)

    watcher = Watcher()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(watcher)
    return watcher


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])

    def done() -> None:
        print(f"rss {_rss_kb()}", flush=True)
        app.quit()

    _keep = _watch(lambda: True, done)
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    app.exec()


def app(path: str) -> None:
    from PySide6.QtCore import QSettings

    from ui.shell.app import Session, make_application
    from ui.shell.crash import CrashHandler
    from ui.shell.logs import setup_logging

    log_path = setup_logging()
    application = make_application()
    CrashHandler(log_path).install()
    session = Session(QSettings(), Path(path))

    def filled() -> bool:
        from ui.today.page import find_page

        page = find_page(session.window) if session.window is not None else None
        return page is not None and page.report is not None

    def done() -> None:
        print(f"rss {_rss_kb()}", flush=True)
        window = session.window
        assert window is not None and session.journal is not None
        from journal.reads import queries, search

        found = queries.find_customers(session.journal, "Northwind Traders")  # the large sample's busiest
        busiest = found[0].id if found else queries.customer_ids(session.journal)[0]
        window.ctx.customer_requested.emit(busiest)
        page = window.page("customers")
        page.workspace.show_tab(4)  # the timeline
        application.processEvents()
        search.find(session.journal, "meeting", limit=50)
        print(f"rss-busy {_rss_kb()}", flush=True)
        session.close()
        application.quit()

    _keep = _watch(filled, done)
    if not session.open(Path(path)):
        sys.exit(1)
    application.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        app(sys.argv[2])
