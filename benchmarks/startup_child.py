"""Started by bench_startup in a fresh process: `bare` shows an empty PySide6 window, `app PATH` starts
Sales Journal on a journal the way `sales-journal` does. Each prints `ready SECONDS` (since the process
began) once the window is shown and the event loop is idle, then `rss KB` (peak resident memory) and,
for the app, the same after opening the busiest customer's timeline and searching."""

from __future__ import annotations

import resource
import sys
import time
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


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()

    def ready() -> None:
        print(f"ready {time.perf_counter() - STARTED:.4f}", flush=True)
        print(f"rss {_rss_kb()}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()


def app(path: str) -> None:
    from PySide6.QtCore import QSettings, QTimer

    from ui.shell.app import Session, make_application
    from ui.shell.crash import CrashHandler
    from ui.shell.logs import setup_logging

    log_path = setup_logging()
    application = make_application()
    CrashHandler(log_path).install()
    session = Session(QSettings(), Path(path))
    if not session.open(Path(path)):
        sys.exit(1)

    def ready() -> None:
        print(f"ready {time.perf_counter() - STARTED:.4f}", flush=True)
        print(f"rss {_rss_kb()}", flush=True)
        window = session.window
        assert window is not None and session.journal is not None
        from journal.reads import queries, search

        [busiest] = queries.find_customers(session.journal, "Northwind Traders")
        window.ctx.customer_requested.emit(busiest.id)
        page = window.page("customers")
        page.workspace.show_tab(4)  # the timeline
        application.processEvents()
        search.find(session.journal, "meeting", limit=50)
        print(f"rss-busy {_rss_kb()}", flush=True)
        session.close()
        application.quit()

    QTimer.singleShot(0, ready)
    application.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        app(sys.argv[2])
