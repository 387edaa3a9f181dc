"""The hot queries (customer list, a customer's timeline and tabs) find their rows through indexes:
no full table scan, so they stay as fast with ten years of notes as with ten customers."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from journal.reads import queries
from journal.sample import fill_sample
from journal.storage.db import Journal

SMALL_TABLES = {"setting"}  # a handful of rows: a scan is the fastest way to read them


def plans(journal: Journal, run: Callable[[], object]) -> dict[str, list[str]]:
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
        if sql.lstrip().upper().startswith("SELECT"):
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


@pytest.fixture
def sample(journal: Journal) -> Journal:
    """The small sample and 3,000 more customers, analysed: SQLite plans by the size of a table, and
    reading 100 of 25 customers is rightly a scan; reading 100 of thousands must not be."""
    fill_sample(journal, size="small")
    with journal.write("Add customers"):
        journal.conn().execute(
            """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
            INSERT INTO customer (uid, created_at, updated_at, name, name_key, customer_kind, industry,
              website, about, stage, revisit_reason, archived)
            SELECT 'pad-' || i, '2020-01-01T00:00:00', '2020-01-01T00:00:00', 'Padding ' || i,
              'padding ' || i, 'company', '', '', '', 'lead', '', i % 7 = 0 FROM n"""
        )
    journal.conn().execute("ANALYZE")  # as the sample does: the planner knows how big each table is
    return journal


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
