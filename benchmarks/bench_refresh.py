"""What one edit costs the views: the real window on a copy of the large sample, a few typical edits made
through the journal's services, and for each the Today rebuilds, the item-model resets and the time the
views spent refreshing (from the write's commit until every view has caught up).

    python -m benchmarks.bench_refresh [PATH]     # PATH: a large sample journal (it is copied, not changed)

Run alone it prints one line per edit; `benchmarks.run` adds its rows to the table.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from benchmarks.common import Result

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPEATS = 5  # each edit is made this many times; the counts are totals, the time a median


@dataclass
class Edit:
    name: str
    page: str  # the page shown while the edit is made: "today", or a tab of the customer's workspace
    run: Callable[[], object]
    times: int = 1
    customer: str = "typical"  # whose workspace is shown: "typical" or "busiest" (2,400 meetings)


@dataclass
class Figures:
    name: str
    today_rebuilds: int
    model_resets: int
    refresh_ms: float  # in the views, per edit: the median of the edit's repeats


def measure(path: Path) -> list[Figures]:
    from PySide6.QtCore import QAbstractItemModel, QSettings

    from journal.reads import queries
    from journal.services import contacts, drafts, needs, promises
    from journal.storage.db import Journal
    from ui.customers.page import CustomersPage
    from ui.shell.app import build_window, make_application
    from ui.today.page import TodayPage

    app = make_application([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        copy = Path(tmp) / "journal.sqlite3"
        shutil.copyfile(path, copy)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        j = Journal.open(copy)
        window = build_window(j, settings)
        window.show()
        settle(app)

        rebuilds = [0]
        real_refresh = TodayPage.refresh

        def counted(page: TodayPage) -> None:
            rebuilds[0] += 1
            real_refresh(page)

        TodayPage.refresh = counted  # type: ignore[method-assign]
        resets = [0]
        for model in window.findChildren(QAbstractItemModel):
            model.modelReset.connect(lambda: resets.__setitem__(0, resets[0] + 1))

        # The views hear of a write through the listener the context put on the journal: time it.
        spent: list[float] = []
        listeners = j.write_listeners
        ctx_listener = window.ctx._written
        index = listeners.index(ctx_listener)

        def timed_listener(changes: object) -> None:
            start = time.perf_counter()
            ctx_listener(changes)  # type: ignore[arg-type]
            spent.append((time.perf_counter() - start) * 1000)

        listeners[index] = timed_listener

        today_page = window.page("today")
        customers_page = window.page("customers")
        assert isinstance(today_page, TodayPage) and isinstance(customers_page, CustomersPage)
        # A typical customer (ten to twenty promises, one open, and people), and the busiest one.
        typical, busiest = (
            int(j.conn().execute(sql).fetchone()[0])
            for sql in (
                "SELECT customer_id FROM promise WHERE customer_id IN (SELECT customer_id FROM contact)"
                " GROUP BY customer_id HAVING count(*) BETWEEN 10 AND 20 AND sum(status = 'open') >= 1"
                " ORDER BY customer_id LIMIT 1",
                "SELECT customer_id FROM interaction GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1",
            )
        )
        person = queries.contacts(j, typical)[0].id
        open_promise = {cid: queries.promises(j, cid, statuses=("open",))[0].id for cid in (typical, busiest)}
        days = itertools.cycle((1, 2))
        draft_id: list[int | None] = [None]

        def autosave() -> None:
            words = {"notes": f"Walked through pricing {time.perf_counter()}"}
            changes = drafts.save_draft(j, "meeting_log", words, customer_id=typical, draft_id=draft_id[0])
            draft_id[0] = changes.ids("draft")[0]

        def open_workspace(tab: str, customer: int) -> None:
            window.show_page("customers")
            customers_page.select_customer(customer)
            tabs = customers_page.workspace.tabs
            for i in range(tabs.count()):
                if tabs.widget(i).objectName() == f"{tab}Tab":
                    tabs.setCurrentIndex(i)
            settle(app)

        def reschedule(customer: int) -> Callable[[], object]:
            """Move an open promise to tomorrow, then the day after, and so on."""
            day = j.clock.today()
            return lambda: promises.reschedule(j, open_promise[customer], day + timedelta(days=next(days)))

        def need() -> object:
            return needs.add_need(j, typical, text="A faster month-end close")

        def fact() -> object:
            return contacts.add_rapport_fact(j, person, text="Runs marathons")

        edits = [
            Edit("reschedule a promise", "today", reschedule(typical), times=REPEATS),
            Edit("add a need", "today", need, times=REPEATS),
            Edit("add a rapport fact", "today", fact, times=REPEATS),
            Edit("meeting log autosave", "today", autosave, times=3),
            Edit("add a need", "needs", need, times=REPEATS),
            Edit("reschedule a promise", "promises", reschedule(typical), times=REPEATS),
            Edit("add a need", "promises", need, times=REPEATS),
            Edit("meeting log autosave", "needs", autosave, times=3),
            Edit("reschedule a promise", "promises", reschedule(busiest), times=3, customer="busiest"),
        ]
        out: list[Figures] = []
        for edit in edits:
            if edit.page == "today":
                window.show_page("today")
                settle(app)
            else:
                open_workspace(edit.page, busiest if edit.customer == "busiest" else typical)
            rebuilds[0] = resets[0] = 0
            spent.clear()
            for _ in range(edit.times):
                edit.run()
                settle(app)
            where = (
                "Today shown" if edit.page == "today" else f"{edit.customer} customer's {edit.page} tab shown"
            )
            ms = sorted(spent)[len(spent) // 2] if spent else 0.0
            out.append(Figures(f"{edit.name} ×{edit.times} ({where})", rebuilds[0], resets[0], ms))
        window.close()
        listeners[index] = ctx_listener
        TodayPage.refresh = real_refresh  # type: ignore[method-assign]
        window.deleteLater()
        settle(app)
        j.close()
    return out


def settle(app: object) -> None:
    """Let queued work (timers at 0 ms, deferred refreshes) run."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    for _ in range(5):
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def run(path: Path) -> list[Result]:
    return [
        Result(
            f"refresh after an edit: {f.name}",
            f.refresh_ms,
            budget="≤ 30 ms",
            ok=f.refresh_ms <= 30,
            note=f"{f.today_rebuilds} Today rebuilds, {f.model_resets} model resets",
        )
        for f in measure(path)
    ]


def main(argv: list[str]) -> int:
    from benchmarks.common import large_journal_path

    path = Path(argv[0]) if argv else large_journal_path()
    rows = measure(path)
    width = max(len(r.name) for r in rows)
    print(f"{'edit'.ljust(width)}  Today rebuilds  model resets  refresh ms")
    for r in rows:
        print(f"{r.name.ljust(width)}  {r.today_rebuilds:>14}  {r.model_resets:>12}  {r.refresh_ms:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
