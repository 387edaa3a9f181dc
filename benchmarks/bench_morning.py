"""A rep's morning, driven through the real window (offscreen) while a heartbeat timer, due every 10 ms,
measures how late the GUI thread lets it run: the worst lateness in a step is the longest the window
froze in it (budget: no pause over 50 ms).

Steps: start (the journal opened, the window shown, Today filled), Today read again (as after a change),
open the busiest customer (the large sample's Northwind Traders, about 2,400 meetings), sort the
customer list by each column both ways, open the brief, log a meeting through the form, search by
typing a common word a key at a time. It writes (the logged meeting), so it runs on a copy of the
journal.

    python -m benchmarks.bench_morning [JOURNAL]
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Result

BEAT_MS = 10
PAUSE_MS = 50.0
SETTLE_MS = 250  # after a step's action, how long its deferred work (timers, worker results) may take
WORD = "meeting"  # in most of the large sample's notes: the heaviest search


def _copy(source: Path, target: Path) -> None:
    """A consistent copy, WAL and all, through SQLite's backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = WAL")
    finally:
        dst.close()
        src.close()


class Heartbeat:
    """A 10 ms timer that notes how late each beat came."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._beat)
        self.last = time.perf_counter()
        self.worst = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self.last) * 1000 - BEAT_MS)
        self.last = now

    def start(self) -> None:
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0


def morning(path: Path) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QDialog, QLabel

    from journal.reads import queries
    from ui.customers.list_model import COLUMNS
    from ui.shell.app import Session, make_application

    app = make_application()
    beat = Heartbeat()
    beat.start()
    steps: list[tuple[str, float]] = []
    notes: dict[str, str] = {}

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def step(name: str, action: Callable[[], object], settle: int = SETTLE_MS) -> float:
        """Run `action` from the event loop, let its deferred work run, and note the worst lateness."""
        print(f"  {name}…", file=sys.stderr, flush=True)
        spin(30)  # the beat settles into its rhythm
        beat.reset()
        QTimer.singleShot(0, action)
        spin(settle)
        steps.append((name, beat.worst))
        return beat.worst

    with tempfile.TemporaryDirectory() as home:
        copy = Path(home) / "journal.sqlite3"
        _copy(path, copy)
        settings = QSettings(f"{home}/settings.ini", QSettings.Format.IniFormat)
        session = Session(settings, copy)

        def start() -> None:
            assert session.open(copy)

        step("start: open, show, Today filled", start, settle=600)
        window = session.window
        journal = session.journal
        assert window is not None and journal is not None
        from ui.today.page import find_page

        today = find_page(window)
        assert today is not None
        for _ in range(400):  # Today's first report comes from a worker after the first paint
            if today.report is not None:
                break
            spin(50)
        assert today.report is not None, "Today was not filled within 20 s"
        step("Today: read again (as after a change)", today.refresh)

        found = queries.find_customers(journal, "Northwind Traders")
        busiest = found[0].id if found else queries.customer_ids(journal)[0]
        step("open the busiest customer", lambda: window.ctx.customer_requested.emit(busiest))

        page: Any = window.page("customers")
        worst_sort = ("", 0.0)
        for column, (_key, title) in enumerate(COLUMNS):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                late = step(f"sort by {title}", lambda c=column, o=order: page.model.sort(c, o), settle=120)
                steps.pop()
                if late > worst_sort[1]:
                    way = "descending" if order == Qt.SortOrder.DescendingOrder else "ascending"
                    worst_sort = (f"{title} {way}", late)
        steps.append(("sort the customer list by each column, both ways (the slowest)", worst_sort[1]))
        notes["sort the customer list by each column, both ways (the slowest)"] = f"slowest: {worst_sort[0]}"

        step("open the brief (Ctrl+B)", lambda: window.ctx.brief_requested.emit(busiest, None))
        window.brief_window.hide()

        logged: list[bool] = []

        def fill_the_form() -> None:
            from ui.meeting_log.dialog import MeetingLogDialog

            shown = [w for w in app.topLevelWidgets() if isinstance(w, MeetingLogDialog) and w.isVisible()]
            if not shown:
                QTimer.singleShot(5, fill_the_form)
                return
            form: Any = shown[0]
            form.notes.setPlainText('Walked through pricing.\n" We lose a week every quarter')
            form.outcome.setCurrentIndex(form.outcome.findData("advanced"))
            form.next_step.setText("Send the order form")
            form.next_on.edit.setText("fri")
            form.accept()
            logged.append(not form.isVisible())
            if form.isVisible():  # refused: say why rather than wait
                labels = form.findChildren(QLabel)
                said = [w.text() for w in labels if w.isVisibleTo(form) and "Error" in w.objectName()]
                print(f"  the form did not save: {said}", file=sys.stderr)
                QDialog.done(form, 0)

        def log_meeting() -> None:
            QTimer.singleShot(0, fill_the_form)
            window.ctx.log_requested.emit(busiest, None)

        step("log a meeting through the form", log_meeting, settle=600)
        if logged != [True]:
            raise RuntimeError("the meeting was not logged: the form did not save")

        window.findChild(type(window.quit_action), "search_palette").trigger()
        spin(100)
        assert window.search_palette is not None
        field = window.search_palette.edit
        from PySide6.QtTest import QTest

        worst_key = 0.0
        for n in range(1, len(WORD) + 1):
            late = step(
                f"search: typed {WORD[:n]!r}", lambda n=n: QTest.keyClick(field, WORD[n - 1]), settle=120
            )
            steps.pop()
            worst_key = max(worst_key, late)
        steps.append((f"search: type {WORD!r} a key at a time (slowest key)", worst_key))
        session.close()
        for w in app.topLevelWidgets():
            w.close()
            w.deleteLater()
        app.processEvents()
    return [
        Result(
            f"morning: {name}",
            late,
            budget=f"no pause > {PAUSE_MS:.0f} ms",
            ok=late <= PAUSE_MS,
            note=notes.get(name, f"worst heartbeat lateness (beat every {BEAT_MS} ms)"),
        )
        for name, late in steps
    ]


def run(path: Path) -> list[Result]:
    return morning(path)


if __name__ == "__main__":
    from benchmarks.common import large_journal_path
    from benchmarks.run import table

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else large_journal_path()
    print(table(morning(target)))
