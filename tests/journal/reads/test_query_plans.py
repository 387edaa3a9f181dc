"""The hot queries (customer list, a customer's timeline and tabs) find their rows through indexes:
no full table scan, so they stay as fast with ten years of notes as with ten customers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from journal.domain.clock import FixedClock
from journal.exchange import journal_json as exchange
from journal.reads import insights, queries
from journal.sample import fill_sample
from journal.services import customers, interactions, needs, promises
from journal.storage import statistics
from journal.storage.db import Journal
from tests.conftest import NOW

SMALL_TABLES = {"setting"}  # a handful of rows: a scan is the fastest way to read them


def plans(journal: Journal, run: Callable[[], object], *, with_ctes: bool = False) -> dict[str, list[str]]:
    """The query plan of every SELECT `run` makes, by statement."""
    conn = journal.conn()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        conn.set_trace_callback(None)
    out: dict[str, list[str]] = {}
    for sql in dict.fromkeys(seen):
        if sql.lstrip().upper().startswith(("SELECT", "WITH") if with_ctes else "SELECT"):
            out[sql] = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert out, "no query was run"
    return out


def _tables(sql: str) -> dict[str, str]:
    """Alias → table for the tables a statement reads ("customer c", peewee's "customer" AS "t1")."""
    found = re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?(?:\s+AS)?\s+"?(\w+)"?', sql)
    return {alias: table for table, alias in found}


def full_scans(found: dict[str, list[str]]) -> list[str]:
    """Steps that read a whole table (or a whole index of it) rather than seeking."""
    bad = []
    for sql, steps in found.items():
        tables = _tables(sql)
        for step in steps:
            words = step.split()
            if words[0] == "SCAN" and tables.get(words[1], words[1]) not in SMALL_TABLES:
                bad.append(f"{step}  <-  {sql[:160]}")
    return bad


def _pad(journal: Journal) -> None:
    with journal.write("Add customers"):
        journal.conn().execute(
            """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
            INSERT INTO customer (uid, created_at, updated_at, name, name_key, customer_kind, industry,
              website, about, stage, revisit_reason, archived)
            SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
              substr(lower(hex(randomblob(2))), 2) || '-a' || substr(lower(hex(randomblob(2))), 2) || '-' ||
              lower(hex(randomblob(6))), '2020-01-01T00:00:00.000000Z', '2020-01-01T00:00:00.000000Z',
              'Padding ' || i, 'padding ' || i, 'company', '', '', '', 'lead', '', i % 7 = 0 FROM n"""
        )


def _by_use(journal: Journal) -> None:
    """Customers, meetings, promises and needs entered one by one through the services, as a rep's years
    of use make them; no sample, no ANALYZE."""
    day = journal.clock.today()
    with journal.write("Years of use"):
        for i in range(3000):
            customers.create_customer(journal, name=f"Customer {i:04}", stage=("lead", "won")[i % 2])
        ids = queries.customer_ids(journal)
        busiest = ids[0]
        for n in range(400):
            when = journal.clock.now() - timedelta(days=n + 1)
            interactions.add_interaction(journal, busiest, occurred_at=when, notes=f"Call {n}")
        for cid in ids[:300]:
            interactions.add_interaction(journal, cid, occurred_at=journal.clock.now() - timedelta(days=3))
            promises.add_promise(journal, cid, text="Send pricing", due_on=day + timedelta(days=cid % 9))
            needs.add_need(journal, cid, text="Close the books faster")


def _made(how: str, path: Path) -> Journal:
    journal = Journal.open(path / f"{how}.sqlite3", clock=FixedClock(NOW))
    if how == "sample":
        fill_sample(journal, size="small")
        _pad(journal)
        journal.conn().execute("ANALYZE")  # as the sample does: the planner knows how big each table is
        return journal
    if how == "use":
        _by_use(journal)
        assert statistics.is_stale(journal)
        assert statistics.refresh(journal)  # what the app does on opening a journal without statistics
        return journal
    fill_sample(journal, size="small")
    _pad(journal)
    exported = exchange.export_json(journal, path / "all.json", now=NOW)
    journal.close()
    fresh = Journal.open(path / "imported.sqlite3", clock=FixedClock(NOW))
    exchange.import_json(fresh, exported)  # analyses what it imported: nothing else does here
    return fresh


@pytest.fixture(scope="module", params=["sample", "use", "import"])
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    """A journal of thousands of customers with planner statistics: the small sample and 3,000 more
    customers analysed as the sample is; the same imported from its JSON export into a new journal; or
    one filled through the services, as years of use fill it, and analysed as the app does on opening
    it. SQLite plans by the size of a table: reading 100 of 25 customers is rightly a scan, reading 100 of
    thousands must not be. Made once per way (the tests only read)."""
    made = _made(request.param, tmp_path_factory.mktemp(request.param))
    assert statistics.recorded_rows(made.conn()).get("customer", 0) >= 3000
    yield made
    made.close()


@pytest.mark.parametrize("archived", [False, True])
@pytest.mark.parametrize("descending", [False, True])
def test_the_customer_list_by_name_is_read_in_index_order(sample: Journal, archived, descending) -> None:
    found = plans(sample, lambda: queries.customer_ids(sample, archived=archived, descending=descending))
    assert full_scans(found) == []
    [listing] = [steps for sql, steps in found.items() if "FROM customer c" in sql]
    assert not any("TEMP B-TREE" in step for step in listing)  # no sort: the index is in name order


@pytest.mark.parametrize("sort", ["stage", "industry", "value", "last_contact", "next_due", "health"])
def test_the_customer_list_sorted_any_way_scans_no_table(sample: Journal, sort: str) -> None:
    def run() -> None:
        ids = queries.customer_ids(sample, sort=sort, stage=None)
        queries.customer_ids(sample, sort=sort, stage="won")
        queries.customer_rows(sample, ids[:100])

    assert full_scans(plans(sample, run)) == []


def test_a_customers_timeline_and_tabs_scan_no_table(sample: Journal) -> None:
    [busiest] = (
        sample.conn()
        .execute("SELECT customer_id FROM interaction GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1")
        .fetchone()
    )

    def run() -> None:
        queries.customer(sample, busiest)
        ids = queries.interaction_ids(sample, busiest, limit=50)
        queries.interactions(sample, ids)
        queries.interaction_ids(sample, busiest, state="planned")
        queries.interaction_count(sample, busiest)
        queries.interaction_position(sample, ids[-1])
        queries.recent_interactions(sample, busiest)
        queries.contacts(sample, busiest)
        queries.rapport_facts(sample, busiest)
        queries.important_dates(sample, busiest)
        queries.stage_history(sample, busiest)
        queries.needs(sample, busiest)
        queries.objections(sample, busiest)
        queries.promises(sample, busiest)
        queries.questions(sample, busiest)
        queries.status_counts(sample, "need", busiest)
        queries.promise_counts(sample, busiest)
        queries.health_of(sample, busiest)

    found = plans(sample, run)
    assert full_scans(found) == []
    timeline = [steps for sql, steps in found.items() if "'done'" in sql and "LIMIT" in sql]
    assert timeline and not any(
        "TEMP B-TREE" in step for steps in timeline for step in steps
    )  # newest first straight off the index


def test_the_insights_page_reads_its_aggregates_off_indexes(sample: Journal) -> None:
    """A year of meetings, promises, needs and objections is counted from indexes in the order each
    aggregate groups by: no table read whole, and the biggest groupings need no sort."""
    period = insights.default_period(sample.clock.today())
    found = plans(sample, lambda: insights.build(sample, period), with_ctes=True)
    # Time in stage pairs every stage change with its customer's next one, and stalled deals are every
    # open deal: those two read what they read whatever the period.
    whole = ("lead(changed_at)", "max(s.changed_at)")
    tables = {r[0] for r in sample.conn().execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert [
        scan
        for scan in full_scans(
            {sql: steps for sql, steps in found.items() if not any(w in sql for w in whole)}
        )
        if scan.split()[1] in tables or _tables(scan).get(scan.split()[1])
    ] == []  # a pass over a subquery's few rows is no scan of a table
    [steps] = [steps for sql, steps in found.items() if "sum(worked = 1) FROM objection" in sql]
    assert not any("TEMP B-TREE" in step for step in steps), steps
    # a year of meetings and promises is read as a few hundred days (and the hours at its ends)
    assert {"rollup_meeting_day", "rollup_promise_day"} <= {
        word for sql in found for word in sql.replace("(", " ").split() if word.startswith("rollup_")
    }
    [needs] = [steps for sql, steps in found.items() if "WITH top" in sql]
    assert any("need_need_kind_text_customer_id_created_at" in step for step in needs)


def test_the_briefs_people_are_met_through_their_own_meetings(sample: Journal) -> None:
    """When each person at the account was last met is read from that person's attendances, never by
    walking every meeting held (which the planner chose on an imported journal's sampled statistics)."""
    from journal.reads import brief

    cid = sample.conn().execute("SELECT min(id) FROM customer").fetchone()[0]
    found = plans(sample, lambda: brief.build_brief(sample, cid, today=sample.clock.today()))
    [steps] = [steps for sql, steps in found.items() if "last_met" in sql]
    assert any(s.startswith("SEARCH a USING") and "contact_id=?" in s for s in steps), steps
    assert steps.index(next(s for s in steps if s.startswith("SEARCH a"))) < steps.index(
        next(s for s in steps if s.startswith("SEARCH i"))
    ), steps
