"""The planner's statistics: taken when missing, when a table has grown a lot, or when an upgrade added an
index they say nothing about; left alone otherwise (and never on closing a journal nothing was written to)."""

from __future__ import annotations

from journal.services import customers
from journal.storage import statistics
from journal.storage.db import Journal


def _customers(journal: Journal, n: int, start: int = 0) -> None:
    with journal.write("Add customers"):
        for i in range(start, start + n):
            customers.create_customer(journal, name=f"Customer {i:04}")


def test_missing_grown_or_unmeasured_statistics_are_taken_afresh(journal: Journal) -> None:
    _customers(journal, 10)
    assert not statistics.is_stale(journal), "a handful of rows: any plan will do"
    _customers(journal, 300, start=10)
    assert statistics.is_stale(journal) and statistics.refresh(journal)
    assert statistics.recorded_rows(journal.conn())["customer"] == 310
    assert not statistics.is_stale(journal) and not statistics.refresh(journal)
    _customers(journal, 400, start=310)
    assert statistics.is_stale(journal), "more than twice the rows they were taken with"
    statistics.analyze(journal)
    journal.conn().execute("CREATE INDEX customer_industry_name ON customer (industry, name_key)")
    unmeasured = statistics.unmeasured_indexes(journal.conn())  # empty tables' indexes are never measured
    assert [i for i, table in unmeasured.items() if table == "customer"] == ["customer_industry_name"]
    assert statistics.is_stale(journal), "an upgrade added an index the planner knows nothing about"
    assert statistics.refresh(journal)
    assert "customer_industry_name" not in statistics.unmeasured_indexes(journal.conn())


def test_closing_a_journal_nothing_was_written_to_leaves_its_statistics_alone(journal: Journal) -> None:
    _customers(journal, 300)
    path = journal.path
    journal.close()
    with Journal.open(path) as j:
        j.conn().execute("DROP TABLE IF EXISTS sqlite_stat1")
    with Journal.open(path) as j:
        j.conn().execute("SELECT count(*) FROM customer WHERE name_key > 'c'").fetchone()
    with Journal.open(path) as j:
        assert statistics.recorded_rows(j.conn()) == {}
