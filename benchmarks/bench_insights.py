"""Insights on the large sample: the whole page's numbers for the last twelve months (goal ≤ 200 ms), and
each aggregate alone, so a slow one stands out."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from benchmarks.common import Result, timed
from journal.reads import insights
from journal.storage.db import Journal
from journal.storage.models import format_utc

BUDGET_MS = 200


def run(path: Path) -> list[Result]:
    with Journal.open(path) as j:
        period = insights.default_period(j.clock.today())
        whole = timed(lambda: insights.build(j, period), runs=7)
        conn = j.conn()
        start = format_utc(j.clock.start_of(period.since))
        end = format_utc(j.clock.start_of(period.until + timedelta(days=1)))
        today = j.clock.today()
        parts = {
            "needs named most": lambda: insights._needs(conn, start, end),
            "follow-through by month": lambda: insights._follow_through(conn, period, today),
            "pipeline and time in stage": lambda: insights._pipeline(conn, start, end),
            "listening against outcomes": lambda: insights._listening(conn, start, end),
            "objections and answers": lambda: insights._objections(conn, start, end),
        }
        rows = [
            Result(
                "insights: the whole page, 12 months",
                whole.median_ms,
                budget=f"≤ {BUDGET_MS} ms",
                ratio=whole.median_ms / BUDGET_MS,
                ok=whole.median_ms <= BUDGET_MS,
                note="SQL aggregates over the period",
            )
        ]
        rows += [Result(f"insights: {name}", timed(fn, runs=7).median_ms) for name, fn in parts.items()]
    return rows
