"""My reflections read back: newest first, a page at a time, filtered; and the monthly trend."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from journal.reads import reflections
from journal.services import customers, interactions
from journal.storage.db import Journal


def _log(journal: Journal, cid: int, when: datetime, outcome: str = "", listening: int | None = None,
         lesson: str = "") -> int:  # fmt: skip
    return interactions.add_interaction(
        journal, cid, occurred_at=when, outcome=outcome, listening=listening, lesson=lesson
    ).created_id("interaction")


def test_pages_newest_first_with_filters(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    globex = customers.create_customer(journal, name="Globex").created_id("customer")
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    ids = []
    for n in range(7):
        cid = acme if n % 2 == 0 else globex
        ids.append(
            _log(journal, cid, start + timedelta(days=n), "advanced" if n < 4 else "setback", 3, f"L{n}")
        )
    _log(journal, acme, start + timedelta(days=10))  # no reflection: not listed
    first = reflections.reflections_page(journal, limit=3)
    assert [r.id for r in first] == ids[::-1][:3]
    second = reflections.reflections_page(journal, after=first[-1].cursor, limit=3)
    assert [r.id for r in second] == ids[::-1][3:6]
    assert [r.lesson for r in reflections.reflections_page(journal, customer_id=globex)] == ["L5", "L3", "L1"]
    assert [r.lesson for r in reflections.reflections_page(journal, outcome="setback")] == ["L6", "L5", "L4"]
    row = first[0]
    assert (row.customer_name, row.outcome, row.listening) == ("Acme", "setback", 3)


def test_trend_averages_listening_and_counts_outcomes_by_month(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    _log(journal, acme, datetime(2026, 11, 2, tzinfo=UTC), "advanced", 4)
    _log(journal, acme, datetime(2026, 11, 9, tzinfo=UTC), "advanced", 2)
    _log(journal, acme, datetime(2026, 11, 10, tzinfo=UTC), "won")
    _log(journal, acme, datetime(2026, 9, 10, tzinfo=UTC), "setback", 5)
    _log(journal, acme, datetime(2025, 1, 10, tzinfo=UTC), "lost", 1)  # older than a year: left out
    months = reflections.trend(journal, months=12)
    assert len(months) == 12
    assert months[0].month == date(2025, 12, 1) and months[-1].month == date(2026, 11, 1)
    november = months[-1]
    assert (november.meetings, november.listening_avg, november.listening_count) == (3, 3.0, 2)
    assert november.outcomes == (("advanced", 2), ("won", 1))
    assert months[-3].outcome_count("setback") == 1 and months[-3].listening_avg == 5
    assert months[-2].meetings == 0 and months[-2].listening_avg is None
    assert reflections.headline(months) == (
        "November: 3 meetings — advanced 2, won 1 · listening 3.0 / 5, down from 5.0 in the months before"
    )
    assert reflections.headline(reflections.trend(journal, months=12, customer_id=-1)) == ""
    assert reflections.trend(journal, months=12, customer_id=acme) == months  # read from the meetings


def test_the_whole_books_trend_reads_the_daily_roll_up_not_the_meetings(journal: Journal) -> None:
    """A year of a busy rep's meetings is 200,000 rows (200 ms to read); the trend adds up a row per day."""
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    for day in range(1, 20):
        _log(journal, acme, datetime(2026, 10, day, 15, tzinfo=UTC), "advanced", day % 5 + 1)
    conn = journal.conn()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        months = reflections.trend(journal, months=12)
    finally:
        conn.set_trace_callback(None)
    assert months[-2].meetings == 19 and months[-2].outcomes == (("advanced", 19),)
    assert all(
        "interaction" not in " ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}")) for sql in seen
    )


def test_the_count_reads_the_index_of_reflected_meetings_not_the_meetings(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    for n in range(6):
        _log(journal, acme, start + timedelta(days=n), lesson=f"L{n}" if n % 3 == 0 else "")
    assert reflections.reflection_count(journal) == 2
    conn = journal.conn()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        reflections.reflection_count(journal)
    finally:
        conn.set_trace_callback(None)
    [sql] = seen
    plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert plan == ["SCAN i USING INDEX interaction_reflected"], plan
