"""An edit writes only what it changed, so a status change cannot overwrite text edited elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from journal import customers, promises
from journal.db import Journal

TODAY = date(2026, 11, 22)


def updates_made_by(journal: Journal, action: Callable[[], object]) -> list[str]:
    statements: list[str] = []
    conn = journal.conn()
    conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return [s for s in statements if s.startswith("UPDATE")]


def set_clause(statement: str) -> str:
    return statement.split(" SET ", 1)[1].split(" WHERE ", 1)[0]


def test_a_status_change_writes_only_the_status_columns(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    pid = promises.add_promise(journal, acme, text="Send pricing", due_on=TODAY).created_id("promise")
    [update] = updates_made_by(journal, lambda: promises.mark_kept(journal, pid))
    columns = {part.split("=")[0].strip().strip('"') for part in set_clause(update).split(", ")}
    assert columns == {"status", "completed_on", "updated_at"}


def test_archiving_a_customer_leaves_its_other_columns_alone(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme", about="Bakery chain").created_id("customer")
    [update] = updates_made_by(journal, lambda: customers.archive_customer(journal, acme))
    assert "about" not in set_clause(update) and "name" not in set_clause(update)
    assert "archived" in set_clause(update)
