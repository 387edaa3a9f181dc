"""Start-up, the customer list and memory on the large sample journal.

- Start to a usable main window vs a bare PySide6 window, each in fresh processes, alternated in the same
  run (budget ≤ 2×): from spawning the process to the shown window's event loop going idle.
- The customer list (10,000 customers): opening the page, scrolling to the end a screen at a time (the
  slowest screen counts: no pause over 50 ms), sorting by each column (the slowest column counts).
- The timeline of the busiest customer (about 2,400 meetings) opening.
- Peak resident memory of the app with the large journal open, then with that timeline shown and a
  search run (budget ≤ 200 MB).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Result, timed

RUNS = 5
PAUSE_MS = 50.0
MEMORY_MB = 200.0


def _spawn(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run the child; its figures: `shown` and `ready` in ms since it was spawned, `rss…` in KB."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.startup_child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    figures: dict[str, float] = {}
    for line in proc.stdout:
        key, _, value = line.strip().partition(" ")
        if key in ("shown", "ready") and key not in figures:
            figures[key] = (time.perf_counter() - started) * 1000
        elif key.startswith("rss"):
            figures[key] = int(value)
    _out, err = proc.communicate(timeout=120)
    if proc.returncode != 0 or "ready" not in figures:
        raise RuntimeError(f"startup child failed: {err}")
    return figures


def child_env(home: str) -> dict[str, str]:
    """A fresh home for each run, and compiled bytecode kept as an installed app keeps it (the first,
    uncounted start writes it): a start that compiles every module's source measures the compiler."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {
        **env,
        "PYTHONPYCACHEPREFIX": f"{home}/pycache",
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": home,
        "XDG_CONFIG_HOME": f"{home}/config",
        "XDG_DATA_HOME": f"{home}/data",
        "XDG_STATE_HOME": f"{home}/state",
        "XDG_CACHE_HOME": f"{home}/cache",
    }


def measure(path: Path, runs: int = RUNS) -> dict[str, list[float]]:
    """Fresh processes, the bare window and the app alternated: every figure of every run, by name
    (`bare-shown`, `bare-ready`, `shown`, `ready`, `rss`, `rss-busy`)."""
    out: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as home:
        env = child_env(home)
        _spawn(["bare"], env)  # warm the file cache for both
        _spawn(["app", str(path)], env)
        for _ in range(runs):
            for key, value in _spawn(["bare"], env).items():
                out.setdefault(f"bare-{key}", []).append(value)
            for key, value in _spawn(["app", str(path)], env).items():
                out.setdefault(key, []).append(value)
    return out


def _ratio(app: list[float], bare: list[float]) -> float:
    """The median of the per-run ratios (each app start against the bare window started beside it)."""
    return statistics.median(a / b for a, b in zip(app, bare, strict=True))


def startup(path: Path) -> list[Result]:
    m = measure(path)
    shown, ready = statistics.median(m["shown"]), statistics.median(m["ready"])
    bare_shown, bare_ready = statistics.median(m["bare-shown"]), statistics.median(m["bare-ready"])
    shown_x, ready_x = _ratio(m["shown"], m["bare-shown"]), _ratio(m["ready"], m["bare-ready"])
    open_mb = statistics.median(m["rss"]) / 1024
    busy_mb = statistics.median(m["rss-busy"]) / 1024
    return [
        Result(
            "start: window shown",
            shown,
            budget="≤ 1.5× bare window",
            ratio=shown_x,
            ok=shown_x <= 1.5,
            note=f"bare PySide6 window {bare_shown:.0f} ms; median of {RUNS} fresh processes each",
        ),
        Result(
            "start: ready for the first key, Today filled",
            ready,
            budget="≤ 2× bare window",
            ratio=ready_x,
            ok=ready_x <= 2,
            note=f"bare window idle at {bare_ready:.0f} ms",
        ),
        Result(
            "memory: journal open, peak RSS",
            open_mb,
            unit="MB",
            budget=f"≤ {MEMORY_MB:.0f} MB",
            ok=open_mb <= MEMORY_MB,
            ratio=open_mb / (statistics.median(m["bare-rss"]) / 1024),
        ),
        Result(
            "memory: + 2,400-meeting timeline and a search",
            busy_mb,
            unit="MB",
            budget=f"≤ {MEMORY_MB:.0f} MB",
            ok=busy_mb <= MEMORY_MB,
            ratio=busy_mb / (statistics.median(m["bare-rss"]) / 1024),
        ),
    ]


def lists(path: Path) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from journal.reads import queries
    from journal.storage.db import Journal
    from ui.customers.list_model import COLUMNS, CustomerListModel
    from ui.customers.page import CustomersPage
    from ui.shell.app import make_application
    from ui.shell.context import AppContext

    app = make_application()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as home, Journal.open(path) as journal:
        settings = QSettings(f"{home}/settings.ini", QSettings.Format.IniFormat)
        ctx = AppContext(journal, settings)

        def open_list() -> None:
            model = CustomerListModel(journal)
            view = QTableView()
            view.setModel(model)
            view.resize(900, 800)
            view.show()
            QApplication.processEvents()
            lists.append((model, view))

        lists: list[tuple[CustomerListModel, QTableView]] = []
        opened = timed(open_list, runs=5, warmup=1)
        fetched = lists[-1][0].rows_fetched
        for _model, view in lists:
            view.deleteLater()
        results.append(
            Result(
                "customer list: open (10,000 customers)",
                opened.median_ms,
                budget=f"no pause > {PAUSE_MS:.0f} ms",
                ok=opened.median_ms <= PAUSE_MS,
                note=f"p90 {opened.p90_ms:.1f} ms; rows read: {fetched}",
            )
        )

        page = CustomersPage(ctx)
        page.resize(1280, 800)
        page.show()
        QApplication.processEvents()
        bar = page.table.verticalScrollBar()
        steps: list[float] = []
        while bar.value() < bar.maximum():
            start = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            QApplication.processEvents()
            steps.append((time.perf_counter() - start) * 1000)
        steps.sort()
        results.append(
            Result(
                "customer list: scroll to the end, a screen at a time",
                steps[-1],
                budget=f"no pause > {PAUSE_MS:.0f} ms",
                ok=steps[-1] <= PAUSE_MS,
                note=f"slowest of {len(steps)} screens (median {statistics.median(steps):.1f} ms); "
                f"rows read: {page.model.rows_fetched:,}",
            )
        )

        def sort_and_wait(column: int, order: Qt.SortOrder) -> tuple[float, float]:
            """Sort, then handle events until the new order is shown (a worker may read it): the longest
            the window's thread was held by one call, and the time until the order was shown."""
            start = time.perf_counter()
            page.model.sort(column, order)
            held = time.perf_counter() - start
            while True:
                step = time.perf_counter()
                QApplication.processEvents()
                held = max(held, time.perf_counter() - step)
                if getattr(page.model, "worker", None) is None:
                    break
                time.sleep(0.001)
            return held * 1000, (time.perf_counter() - start) * 1000

        worst, shown_after = ("", 0.0), 0.0
        for column, (_key, title) in enumerate(COLUMNS):
            for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
                samples: list[tuple[float, float]] = []
                for _ in range(3):
                    sort_and_wait(0 if column else 1, Qt.SortOrder.AscendingOrder)  # from another order
                    samples.append(sort_and_wait(column, order))
                held = statistics.median(s[0] for s in samples)
                shown_after = max(shown_after, statistics.median(s[1] for s in samples))
                if held > worst[1]:
                    worst = (f"{title} {'descending' if order == Qt.SortOrder.DescendingOrder else ''}", held)
        results.append(
            Result(
                "customer list: sort by any column",
                worst[1],
                budget=f"no pause > {PAUSE_MS:.0f} ms",
                ok=worst[1] <= PAUSE_MS,
                note=f"longest the window's thread was held; slowest: {worst[0].strip()}; "
                f"new order shown within {shown_after:.0f} ms",
            )
        )

        [busiest] = queries.find_customers(journal, "Northwind Traders")
        count = queries.interaction_count(journal, busiest.id)
        workspace = page.workspace
        workspace.tabs.setCurrentIndex(4)
        others = queries.customer_ids(journal)[:2]

        def open_timeline() -> None:
            workspace.show_customer(others[0])
            start = time.perf_counter()
            workspace.show_customer(busiest.id)
            QApplication.processEvents()
            opens.append((time.perf_counter() - start) * 1000)

        opens: list[float] = []
        for _ in range(6):
            open_timeline()
        opens = sorted(opens[1:])
        results.append(
            Result(
                f"timeline: open a customer with {count:,} meetings",
                statistics.median(opens),
                budget=f"no pause > {PAUSE_MS:.0f} ms",
                ok=statistics.median(opens) <= PAUSE_MS,
                note="header and timeline tab",
            )
        )
        page.deleteLater()
        QApplication.processEvents()
        ctx.detach()
    del app
    return results


def run(path: Path) -> list[Result]:
    return startup(path) + lists(path)


if __name__ == "__main__":
    from benchmarks.common import large_journal_path
    from benchmarks.run import table

    print(table(run(large_journal_path())))
