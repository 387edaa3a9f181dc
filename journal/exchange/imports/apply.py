"""Writing an import plan: one transaction, so the whole import is one undo step and a failure part-way
leaves the journal as it was.

The values were cleaned by the services' own field checks when the plan was made (`checks`); names are
unique because matching found every name the journal already has. Rows are inserted with plain SQL
built once per table (the models' own defaults and column conversions filled in), not through
`create_customer` row by row, which re-reads each name and re-collects the write's growing list of
changes, nor through peewee's query builder, whose SQL generation costs more than SQLite's insert.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import peewee as pw

from journal.domain.text import name_key, short
from journal.exchange.imports.matching import Plan
from journal.storage import statistics
from journal.storage.changes import Changes
from journal.storage.db import Journal

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Report:
    changes: Changes
    customers: int
    people: int
    dates: int
    filled: int

    def summary(self) -> str:
        return (
            f"{self.customers:,} new customers, {self.people:,} new people, {self.dates:,} birthdays; "
            f"{self.filled:,} existing records filled in"
        )


class _Inserter:
    """Insert rows into one model's table: given values, the model's defaults for the rest."""

    def __init__(self, conn: sqlite3.Connection, model: type[pw.Model], given: tuple[str, ...]) -> None:
        self.conn = conn
        fields = [f for f in model._meta.sorted_fields if f.name != "id"]
        self.given = [f for f in fields if f.name in given]
        self.defaulted = [f for f in fields if f.name not in given and f.default is not None]
        columns = ", ".join(f.column_name for f in (*self.given, *self.defaulted))
        marks = ", ".join("?" for _ in (*self.given, *self.defaulted))
        self.sql = f"INSERT INTO {model._meta.table_name} ({columns}) VALUES ({marks})"

    def __call__(self, **values: Any) -> int:
        row = [f.db_value(values[f.name]) for f in self.given]
        row += [f.db_value(f.default() if callable(f.default) else f.default) for f in self.defaulted]
        rowid = self.conn.execute(self.sql, row).lastrowid
        assert rowid is not None
        return rowid


def apply(journal: Journal, plan: Plan, *, progress: Progress | None = None) -> Report:
    """Write `plan`. `progress(done, total)` is called now and then."""
    m = journal.models
    total = plan.records + len(plan.customer_fills) + len(plan.person_fills)
    done = 0
    every = max(1, total // 100)

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total)

    with journal.write(f"Import ‘{short(plan.source_name)}’") as tx:
        now = journal.clock.now()
        conn = journal.conn()
        stamps = ("created_at", "updated_at")
        customer_fields = ("name", "name_key", "customer_kind", "website", "industry", *stamps)
        add_customer = _Inserter(conn, m.Customer, customer_fields)
        person_fields = ("customer", "name", "role", "email", "phone", "notes", *stamps)
        add_person = _Inserter(conn, m.Contact, person_fields)
        date_fields = ("customer", "contact", "date_kind", "month", "day", "year", *stamps)
        add_date = _Inserter(conn, m.ImportantDate, date_fields)
        ids: dict[int, int] = {}
        for c in plan.new_customers:
            ids[c.ref] = add_customer(
                name=c.name,
                name_key=name_key(c.name),
                customer_kind=c.kind,
                website=c.website,
                industry=c.industry,
                created_at=now,
                updated_at=now,
            )
            tx.created("customer", ids[c.ref], ids[c.ref])
            step()
        for cid, fields in plan.customer_fills.items():
            m.Customer.update(**fields, updated_at=now).where(m.Customer.id == cid).execute()
            tx.updated("customer", cid, cid)
            step()
        for p in plan.new_people:
            customer = ids.get(p.customer_ref, p.customer_ref)
            ids[p.ref] = add_person(
                customer=customer,
                name=p.name,
                role=p.role,
                email=p.email,
                phone=p.phone,
                notes=p.notes,
                created_at=now,
                updated_at=now,
            )
            tx.created("contact", ids[p.ref], customer)
            step()
        for pid, fields in plan.person_fills.items():
            m.Contact.update(**fields, updated_at=now).where(m.Contact.id == pid).execute()
            tx.updated("contact", pid, m.Contact.get_by_id(pid).customer_id)
            step()
        for d in plan.new_dates:
            customer = ids.get(d.customer_ref, d.customer_ref)
            record = add_date(
                customer=customer,
                contact=ids.get(d.person_ref, d.person_ref),
                date_kind="birthday",
                month=d.birthday.month,
                day=d.birthday.day,
                year=d.birthday.year,
                created_at=now,
                updated_at=now,
            )
            tx.created("date", record, customer)
            step()
    if not journal.in_write:  # the planner learns the new sizes (a big import can multiply them)
        statistics.refresh(journal)
    return Report(
        tx.changes(),
        len(plan.new_customers),
        len(plan.new_people),
        len(plan.new_dates),
        len(plan.customer_fills) + len(plan.person_fills),
    )
