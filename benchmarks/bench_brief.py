"""The brief for the customer with the most interactions on the large sample (docs/ budgets: ≤ 30 ms median,
and a number of queries that does not grow with the customer's history)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import Result, timed
from journal.reads.brief import build_brief
from journal.reads.brief_render import render_html, render_text
from journal.storage.db import Journal

BUDGET_MS = 30.0


def run(path: Path) -> list[Result]:
    with Journal.open(path) as journal:
        conn = journal.conn()
        cid, count = conn.execute(
            "SELECT customer_id, count(*) FROM interaction GROUP BY customer_id ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
        quiet = conn.execute(
            "SELECT customer_id FROM interaction GROUP BY customer_id"
            " HAVING count(*) BETWEEN 3 AND 10 LIMIT 1"
        ).fetchone()[0]
        today = journal.clock.today()

        def build(customer: int = cid) -> object:
            return build_brief(journal, customer, today=today)

        busy = timed(build, runs=25)
        brief = build_brief(journal, cid, today=today)
        rendered = timed(lambda: (render_text(brief), render_html(brief, links=True)), runs=25)
        queries_busy, queries_quiet = _count(journal, build), _count(journal, lambda: build(quiet))
    note = f"customer {cid}: {count:,} interactions"
    return [
        Result(
            "brief: build (busiest customer)",
            busy.median_ms,
            budget="≤ 30 ms",
            ok=busy.median_ms <= BUDGET_MS,
            ratio=busy.median_ms / BUDGET_MS,
            note=f"{note}; p90 {busy.p90_ms:.1f} ms",
        ),
        Result("brief: render text + HTML", rendered.median_ms, note="the same brief"),
        Result(
            "brief: SQL queries per brief",
            queries_busy,
            unit="queries",
            budget="same as a quiet customer",
            ok=queries_busy == queries_quiet,
            note=f"quiet customer {quiet}: {queries_quiet} queries",
        ),
    ]


def _count(journal: Journal, action: object) -> int:
    seen: list[str] = []
    conn = journal.conn()
    conn.set_trace_callback(seen.append)
    try:
        action()  # type: ignore[operator]
    finally:
        conn.set_trace_callback(None)
    return len(seen)
