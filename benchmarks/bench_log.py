"""After the meeting, on the large sample: what opening the Log meeting form reads for the busiest customer,
saving a realistic log (two needs, an objection, three promises, one write), keeping a draft, and opening
the Reflections page (its first page and the twelve-month trend)."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from benchmarks.common import Result, timed
from journal.reads import queries, reflections
from journal.services import drafts, meeting_log
from journal.services.meeting_log import MeetingEntry, NewNeed, NewObjection, NewPromise, Reflection
from journal.storage.db import Journal

_LOGS = itertools.count(1)


def _entry(today: object) -> MeetingEntry:
    """A realistic log; each one's items are worded apart (the journal refuses a copy of an open item)."""
    assert hasattr(today, "isoformat")
    day = today + timedelta(days=4)  # type: ignore[operator]
    n = next(_LOGS)
    return MeetingEntry(
        notes='Walked through their month-end close.\n" We lose a week every quarter',
        needs=(
            NewNeed(f"Close the books in {n + 1} days", "We lose a week", "pain", 3),
            NewNeed(f"Board pack for region {n}"),
        ),
        objections=(NewObjection(f"Too expensive for {40 + n} seats", "Payback in five months"),),
        promises=(
            NewPromise(f"Send pricing for {40 + n} seats", day),
            NewPromise(f"Book demo {n}", day),
            NewPromise(f"Share the close calendar, part {n}", day, owner="them"),
        ),
        outcome="advanced",
        next_step="Demo for their IT lead",
        next_step_on=day,
        reflection=Reflection(lesson="Let the silence work", listening=4),
    )


def run(path: Path) -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "large.sqlite3"
        shutil.copyfile(path, copy)  # the log writes: never into the cached sample
        with Journal.open(copy) as journal:
            busiest = "SELECT customer_id, count(*) FROM interaction GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
            cid, count = journal.conn().execute(busiest).fetchone()
            today = journal.clock.today()

            def open_form() -> object:
                from ui.meeting_log.items_model import open_items

                return (
                    open_items(journal, cid),
                    queries.contacts(journal, cid),
                    queries.planned_meetings(journal, customer_id=cid),
                    drafts.latest_draft(journal, "meeting_log", cid),
                )

            opened = timed(open_form, runs=15)
            saved = timed(lambda: meeting_log.log_meeting(journal, cid, _entry(today)), runs=15)
            draft_id = drafts.save_draft(journal, "meeting_log", {"notes": "x"}, customer_id=cid).ids(
                "draft"
            )[0]
            kept = timed(
                lambda: drafts.save_draft(
                    journal, "meeting_log", {"notes": "x" * 2000}, customer_id=cid, draft_id=draft_id
                ),
                runs=15,
            )
            page = timed(lambda: reflections.reflections_page(journal), runs=15)
            trend = timed(lambda: reflections.trend(journal), runs=15)
    note = f"customer {cid}: {count:,} interactions"
    return [
        Result(
            "log: open the form (busiest customer)", opened.median_ms, note=f"{note}; p90 {opened.p90_ms:.1f}"
        ),
        Result("log: save a realistic log (one write)", saved.median_ms, note=f"p90 {saved.p90_ms:.1f} ms"),
        Result("log: keep a draft", kept.median_ms, note=f"p90 {kept.p90_ms:.1f} ms"),
        Result("reflections: first page", page.median_ms, note=f"p90 {page.p90_ms:.1f} ms"),
        Result("reflections: 12-month trend", trend.median_ms, note=f"p90 {trend.p90_ms:.1f} ms"),
    ]
