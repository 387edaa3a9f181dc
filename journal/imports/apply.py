"""Writing an import plan: one transaction, so the whole import is one undo step and a failure part-way
leaves the journal as it was.

The values were cleaned by the services' own field checks when the plan was made (`checks`); names are
unique because matching found every name the journal already has. Rows are inserted directly rather than
through `create_customer` one by one, which would re-read each name and re-collect the write's growing
list of changes per row: ten thousand rows take a few seconds this way, minutes the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from journal.changes import Changes
from journal.db import Journal
from journal.imports.matching import Plan
from journal.text import name_key, short

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
        ids: dict[int, int] = {}
        for c in plan.new_customers:
            ids[c.ref] = m.Customer.insert(
                name=c.name,
                name_key=name_key(c.name),
                customer_kind=c.kind,
                website=c.website,
                industry=c.industry,
                created_at=now,
                updated_at=now,
            ).execute()
            tx.created("customer", ids[c.ref], ids[c.ref])
            step()
        for cid, fields in plan.customer_fills.items():
            m.Customer.update(**fields, updated_at=now).where(m.Customer.id == cid).execute()
            tx.updated("customer", cid, cid)
            step()
        for p in plan.new_people:
            customer = ids.get(p.customer_ref, p.customer_ref)
            ids[p.ref] = m.Contact.insert(
                customer=customer,
                name=p.name,
                role=p.role,
                email=p.email,
                phone=p.phone,
                notes=p.notes,
                created_at=now,
                updated_at=now,
            ).execute()
            tx.created("contact", ids[p.ref], customer)
            step()
        for pid, fields in plan.person_fills.items():
            m.Contact.update(**fields, updated_at=now).where(m.Contact.id == pid).execute()
            tx.updated("contact", pid, m.Contact.get_by_id(pid).customer_id)
            step()
        for d in plan.new_dates:
            customer = ids.get(d.customer_ref, d.customer_ref)
            record = m.ImportantDate.insert(
                customer=customer,
                contact=ids.get(d.person_ref, d.person_ref),
                date_kind="birthday",
                month=d.birthday.month,
                day=d.birthday.day,
                year=d.birthday.year,
                created_at=now,
                updated_at=now,
            ).execute()
            tx.created("date", record, customer)
            step()
    return Report(
        tx.changes(),
        len(plan.new_customers),
        len(plan.new_people),
        len(plan.new_dates),
        len(plan.customer_fills) + len(plan.person_fills),
    )
