"""The query planner's statistics (`sqlite_stat1`): how many rows each table has and how selective each
index is. SQLite chooses between indexes by them; without them a journal of 10,000 customers is planned
as if it were tiny, and the customer list, its sorts and filters and the brief run 5–20× slower.

A journal gets them after an import (`analyze`), when it is opened without them or has grown or shrunk a
lot since they were taken (`is_stale`, then `analyze`, on a worker thread in the app), and from SQLite's
own `PRAGMA optimize` when it is closed after a write (`optimize`). `analysis_limit` makes each index's
figures an estimate from a sample of its rows: a large journal is analysed in tens of milliseconds.

Statistics are not records: refreshing them changes nothing a person sees, so it is not a write with
changes or an undo step.
"""

from __future__ import annotations

import contextlib
import sqlite3

from journal.storage.db import Journal

ANALYSIS_LIMIT = 1000  # rows sampled per index: estimates good enough to plan by, in milliseconds
GROWTH = 2.0  # analysed again when a table has this many times the rows it had, or this fraction of them
MIN_ROWS = 200  # smaller tables are read whole in no time whatever the plan
# The tables the hot queries (customer list, Today, timeline, tabs, brief) read.
WATCHED = ("customer", "interaction", "promise", "need", "objection", "contact", "attendee", "stage_change")


def recorded_rows(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table when the statistics were last taken (none: never analysed)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None:
        return {}
    found: dict[str, int] = {}
    for table, stat in conn.execute("SELECT tbl, stat FROM sqlite_stat1"):
        first = str(stat or "").split(" ", 1)[0]
        if first.isdigit():
            found[str(table)] = max(found.get(str(table), 0), int(first))
    return found


def current_rows(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in WATCHED}


def unmeasured_indexes(conn: sqlite3.Connection) -> dict[str, str]:
    """Index → table for the indexes the statistics say nothing about (made by an upgrade since)."""
    measured: set[str] = set()
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is not None:
        measured = {str(r[0]) for r in conn.execute("SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL")}
    return {
        str(name): str(table)
        for name, table in conn.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
        )
        if str(name) not in measured
    }


def is_stale(journal: Journal) -> bool:
    """Whether a table the hot queries read has no statistics yet, has an index they do not cover (an
    upgrade added it), or has grown or shrunk `GROWTH`-fold since they were taken — with enough rows
    for the plan to matter."""
    conn = journal.conn()
    recorded = recorded_rows(conn)
    current = current_rows(conn)
    for table, rows in current.items():
        before = recorded.get(table)
        if before is None:
            if rows >= MIN_ROWS:
                return True
        elif max(rows, before) >= MIN_ROWS and (rows > before * GROWTH or rows * GROWTH < before):
            return True
    return any(current.get(table, 0) >= MIN_ROWS for table in unmeasured_indexes(conn).values())


def analyze(journal: Journal) -> None:
    """Take the statistics afresh (an estimate per index, see `ANALYSIS_LIMIT`). The connection that runs
    this plans with them at once; others open on the file call `reload`."""
    conn = journal.conn()
    conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
    conn.execute("ANALYZE")


def refresh(journal: Journal) -> bool:
    """Analyse when the statistics are missing or out of date; whether it did."""
    if not is_stale(journal):
        return False
    analyze(journal)
    return True


def reload(journal: Journal) -> None:
    """Plan with the statistics another connection has just taken (SQLite reads them once per schema).
    Skipped when the file is busy: the next schema change or opening reads them."""
    with contextlib.suppress(sqlite3.Error):
        journal.conn().execute("ANALYZE sqlite_master")


def optimize(journal: Journal) -> None:
    """SQLite's own upkeep before closing: it analyses the tables this connection's queries would have
    planned better with fresh figures, within `ANALYSIS_LIMIT`. Never waits for another writer and never
    fails a close: skipped when the file is busy or read-only."""
    if not journal.is_open:
        return
    with contextlib.suppress(sqlite3.Error):
        conn = journal.conn()
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        conn.execute("PRAGMA optimize")
