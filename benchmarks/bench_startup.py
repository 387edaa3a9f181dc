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


def _spawn(args: list[str], env: dict[str, str]) -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.startup_child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    ready = 0.0
    figures: dict[str, int] = {}
    for line in proc.stdout:
        key, _, value = line.strip().partition(" ")
        if key == "ready" and not ready:
            ready = time.perf_counter() - started
        elif key.startswith("rss"):
            figures[key] = int(value)
    _out, err = proc.communicate(timeout=120)
    if proc.returncode != 0 or not ready:
        raise RuntimeError(f"startup child failed: {err}")
    return ready * 1000, figures


def startup(path: Path) -> list[Result]:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": home,
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_STATE_HOME": f"{home}/state",
            "XDG_CACHE_HOME": f"{home}/cache",
        }
        _spawn(["bare"], env)  # warm the file cache for both
        _spawn(["app", str(path)], env)
        bare: list[float] = []
        app: list[float] = []
        memory: dict[str, list[int]] = {}
        for _ in range(RUNS):
            bare.append(_spawn(["bare"], env)[0])
            ms, figures = _spawn(["app", str(path)], env)
            app.append(ms)
            for key, kb in figures.items():
                memory.setdefault(key, []).append(kb)
    bare_ms, app_ms = statistics.median(bare), statistics.median(app)
    open_mb = statistics.median(memory["rss"]) / 1024
    busy_mb = statistics.median(memory["rss-busy"]) / 1024
    return [
        Result("start: bare PySide6 window", bare_ms, note=f"median of {RUNS} fresh processes"),
        Result(
            "start: to a usable main window",
            app_ms,
            budget="≤ 2× bare window",
            ratio=app_ms / bare_ms,
            ok=app_ms <= 2 * bare_ms,
            note="large journal; same run as the bare window",
        ),
        Result(
            "memory: large journal open (peak RSS)",
            open_mb,
            unit="MB",
            budget=f"≤ {MEMORY_MB:.0f} MB",
            ok=open_mb <= MEMORY_MB,
        ),
        Result(
            "memory: + 2,400-meeting timeline and a search",
            busy_mb,
            unit="MB",
            budget=f"≤ {MEMORY_MB:.0f} MB",
            ok=busy_mb <= MEMORY_MB,
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

        worst = ("", 0.0)
        for column, (_key, title) in enumerate(COLUMNS):
            for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
                samples: list[float] = []
                for _ in range(3):
                    page.model.sort(0 if column else 1, Qt.SortOrder.AscendingOrder)  # from another order
                    QApplication.processEvents()
                    start = time.perf_counter()
                    page.model.sort(column, order)
                    QApplication.processEvents()
                    samples.append((time.perf_counter() - start) * 1000)
                if statistics.median(samples) > worst[1]:
                    worst = (
                        f"{title} {'descending' if order == Qt.SortOrder.DescendingOrder else ''}",
                        statistics.median(samples),
                    )
        results.append(
            Result(
                "customer list: sort by any column",
                worst[1],
                budget=f"no pause > {PAUSE_MS:.0f} ms",
                ok=worst[1] <= PAUSE_MS,
                note=f"slowest: {worst[0].strip()}",
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
