"""Today on the large sample: the report, the follow-through record, the reminder check, the .ics export.

No budget in docs/ names Today; the page re-reads its report after every write, so it should stay
well under the 50 ms a person notices on a journal a rep could really have, and its query count must not
grow with the journal (it is a fixed nine).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import Result, timed
from journal.exchange import ics
from journal.reads import reminders, today
from journal.reads.followthrough import follow_through
from journal.storage.db import Journal


def run(path: Path) -> list[Result]:
    with Journal.open(path) as j:
        statements: list[str] = []
        j.conn().set_trace_callback(statements.append)
        report = today.report(j)
        j.conn().set_trace_callback(None)
        rows = sum(len(report.section(k)) for k in today.SECTIONS)
        totals = ", ".join(f"{k} {report.total(k):,}" for k in today.SECTIONS)
        report_t = timed(lambda: today.report(j), runs=9)
        record_t = timed(lambda: follow_through(j), runs=9)
        remind_t = timed(lambda: (reminders.upcoming(j), reminders.overdue_count(j)), runs=9)
        ics_t = timed(lambda: ics._wanted(j), runs=5, warmup=1)  # the events, without writing the file
        _events, counts = ics._wanted(j)
    return [
        Result(
            "today: report (large sample)",
            report_t.median_ms,
            note=f"{len(statements)} queries, {rows} rows shown of {totals}",
        ),
        Result("today: follow-through, 90 days", record_t.median_ms, note="one indexed query"),
        Result("today: reminder check", remind_t.median_ms),
        Result(
            "today: .ics export build",
            ics_t.median_ms,
            note=f"{counts['promise']:,} promises, {counts['meeting']:,} meetings",
        ),
    ]
