"""An edit reads the record it changes inside its own transaction and writes only the columns it changed,
so a status change cannot overwrite text edited elsewhere in the meantime."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from journal.services import customers, promises
from journal.storage.db import Journal

TODAY = date(2026, 11, 22)


def statements_of(journal: Journal, action: Callable[[], object]) -> list[str]:
    statements: list[str] = []
    conn = journal.conn()
    conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return statements


def updates_made_by(journal: Journal, action: Callable[[], object]) -> list[str]:
    """The UPDATE statements run (one each, though SQLite reports it again for each of its triggers')."""
    return list(dict.fromkeys(s for s in statements_of(journal, action) if s.startswith("UPDATE")))


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


@pytest.mark.parametrize(
    "write",
    [
        lambda j, pid: promises.mark_kept(j, pid),
        lambda j, pid: promises.reschedule(j, pid, TODAY),
        lambda j, pid: promises.delete_promise(j, pid),
    ],
)
def test_the_record_a_write_changes_is_read_inside_its_transaction(journal: Journal, write) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    pid = promises.add_promise(journal, acme, text="Send pricing", due_on=TODAY).created_id("promise")
    statements = statements_of(journal, lambda: write(journal, pid))
    begin = next(n for n, s in enumerate(statements) if s.startswith("BEGIN"))
    read = next(n for n, s in enumerate(statements) if s.startswith("SELECT") and '"promise"' in s)
    assert begin < read


def test_a_write_is_named_after_what_it_read_and_a_nested_one_keeps_the_outer_name(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    pid = promises.add_promise(journal, acme, text="Send pricing", due_on=TODAY).created_id("promise")
    assert promises.mark_kept(journal, pid).label == "Mark kept ‘Send pricing’"
    with journal.write("Tidy up") as tx:
        promises.reopen(journal, pid)
    assert tx.changes().label == "Tidy up"
