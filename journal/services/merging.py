"""Merging two records that are the same customer, or the same person, into one, by hand.

Everything that belonged to the duplicate moves to the record kept: for a customer, its people, meetings
and notes, stage history, needs, objections, promises, questions, dates, tags and drafts; for a person,
what the rep learned about them, their dates, the needs, objections and promises they raised and the
meetings they attended. The kept record's empty fields are filled from the duplicate, never overwritten;
both records' notes are kept. Then the duplicate goes. It is one write, so one Ctrl+Z takes it back.

Two people at different customers are merged only when the rep says the person moved (`moved=True`):
what they told the rep follows them, and what happened at their old customer stays there — its needs,
promises and meetings no longer name them, since a customer's records name that customer's people only;
the kept person's notes say where they were before.
"""

from __future__ import annotations

from typing import Any

from journal.domain.errors import ValidationError
from journal.domain.text import TEXT_MAX, short
from journal.storage.changes import Changes, Tx
from journal.storage.db import Journal
from journal.storage.store import fetch

# Tables whose rows belong to a customer, and the kind they are in `Changes` (None: not shown anywhere).
_CUSTOMER_ROWS: tuple[tuple[str, str | None], ...] = (
    ("interaction", "interaction"),
    ("stage_change", None),
    ("contact", "contact"),
    ("important_date", "date"),
    ("need", "need"),
    ("objection", "objection"),
    ("promise", "promise"),
    ("question", "question"),
    ("draft", None),
)
# Tables whose rows name the person who raised them (the person may be removed: `contact_id` is nullable).
_RAISED_BY = (("need", "need"), ("objection", "objection"), ("promise", "promise"))


def _joined(kept: str, other: str, heading: str, limit: int) -> str:
    """Both records' notes: the kept one's first, then the duplicate's under a line naming it."""
    kept, other = kept.strip(), other.strip()
    if not other or other in kept:
        return kept
    text = f"{kept}\n\n{heading}\n{other}" if kept else other
    return text[:limit]


def _ids(journal: Journal, sql: str, *params: Any) -> list[int]:
    return [int(r[0]) for r in journal.conn().execute(sql, params)]


def merge_customers(journal: Journal, duplicate_id: int, into_id: int) -> Changes:
    """Merge the customer `duplicate_id` into `into_id`, which is kept."""
    if duplicate_id == into_id:
        raise ValidationError("A customer cannot be merged with itself: choose another one to merge into.")
    m = journal.models
    with journal.write() as tx:
        dup = fetch(m.Customer, duplicate_id, "customer")
        keep = fetch(m.Customer, into_id, "customer")
        tx.describe(f"Merge ‘{short(dup.name)}’ into ‘{short(keep.name)}’")
        conn = journal.conn()
        now = journal.clock.now()
        for table, kind in _CUSTOMER_ROWS:
            moved = _ids(journal, f"SELECT id FROM {table} WHERE customer_id = ?", duplicate_id)
            if not moved:
                continue
            conn.execute(f"UPDATE {table} SET customer_id = ? WHERE customer_id = ?", (into_id, duplicate_id))
            if kind is not None:
                for record in moved:
                    tx.updated(kind, record, into_id)
        # What the rep learned about the people who moved is now found under the kept customer.
        conn.execute(
            "UPDATE rapport_fact SET contact_id = contact_id WHERE contact_id IN "
            "(SELECT id FROM contact WHERE customer_id = ?)",
            (into_id,),
        )
        conn.execute(
            "INSERT OR IGNORE INTO customer_tag (customer_id, tag_id) "
            "SELECT ?, tag_id FROM customer_tag WHERE customer_id = ?",
            (into_id, duplicate_id),
        )
        conn.execute("DELETE FROM customer_tag WHERE customer_id = ?", (duplicate_id,))
        fills: dict[str, Any] = {
            f: getattr(dup, f)
            for f in ("industry", "website", "value_minor", "cadence_days")
            if getattr(dup, f) not in (None, "") and getattr(keep, f) in (None, "")
        }
        if keep.revisit_on is None and dup.revisit_on is not None:
            fills |= {"revisit_on": dup.revisit_on, "revisit_reason": dup.revisit_reason}
        about = _joined(keep.about, dup.about, f"From “{dup.name}”:", TEXT_MAX)
        also = f"Also known as “{dup.name}”."
        if also not in about:
            about = f"{about}\n\n{also}".strip() if len(about) + len(also) + 2 <= TEXT_MAX else about
        fills["about"] = about
        m.Customer.delete().where(m.Customer.id == duplicate_id).execute()
        m.Customer.update(**fills, updated_at=now).where(m.Customer.id == into_id).execute()
        tx.deleted("customer", duplicate_id, duplicate_id)
        tx.updated("customer", into_id, into_id)
    return tx.changes()


def merge_people(journal: Journal, duplicate_id: int, into_id: int, *, moved: bool = False) -> Changes:
    """Merge the person `duplicate_id` into `into_id`, who is kept. People at different customers are
    merged only with `moved` (the person changed companies; see the module's note)."""
    if duplicate_id == into_id:
        raise ValidationError("A person cannot be merged with themselves: choose another one to merge into.")
    m = journal.models
    with journal.write() as tx:
        dup = fetch(m.Contact, duplicate_id, "person")
        keep = fetch(m.Contact, into_id, "person")
        tx.describe(f"Merge ‘{short(dup.name)}’ into ‘{short(keep.name)}’")
        elsewhere = dup.customer_id != keep.customer_id
        old_customer = fetch(m.Customer, dup.customer_id, "customer").name
        if elsewhere and not moved:
            here = fetch(m.Customer, keep.customer_id, "customer").name
            raise ValidationError(
                f"“{dup.name}” is at {old_customer} and “{keep.name}” at {here}. People are merged within "
                "one customer; if they moved, say so (merge as moved) and their history at "
                f"{old_customer} stays there."
            )
        _move_person_rows(journal, tx, duplicate_id, keep, elsewhere)
        notes = _joined(keep.notes, dup.notes, f"From “{dup.name}”:", TEXT_MAX)
        extra = []
        if dup.email and keep.email and dup.email.casefold() != keep.email.casefold():
            extra.append(f"Other email: {dup.email}")
        if dup.phone and keep.phone and dup.phone != keep.phone:
            extra.append(f"Other phone: {dup.phone}")
        if dup.name != keep.name:
            extra.append(f"Also known as {dup.name}.")
        if elsewhere:
            extra.append(f"Was at {old_customer}.")
        extra = [line for line in extra if line not in notes]
        notes = "\n".join([notes, *extra]).strip() if extra else notes
        fills: dict[str, Any] = {
            f: getattr(dup, f)
            for f in ("role", "email", "phone", "channel")
            if getattr(dup, f) and not getattr(keep, f)
        }
        fills["notes"] = notes[:TEXT_MAX]
        m.Contact.delete().where(m.Contact.id == duplicate_id).execute()
        m.Contact.update(**fills, updated_at=journal.clock.now()).where(m.Contact.id == into_id).execute()
        tx.deleted("contact", duplicate_id, dup.customer_id)
        tx.updated("contact", into_id, keep.customer_id)
    return tx.changes()


def _move_person_rows(journal: Journal, tx: Tx, duplicate_id: int, keep: Any, elsewhere: bool) -> None:
    conn = journal.conn()
    customer = keep.customer_id
    for fact in _ids(journal, "SELECT id FROM rapport_fact WHERE contact_id = ?", duplicate_id):
        tx.updated("rapport", fact, customer)
    conn.execute("UPDATE rapport_fact SET contact_id = ? WHERE contact_id = ?", (keep.id, duplicate_id))
    # A date the kept person has already (the same birthday in both records) is not made twice.
    conn.execute(
        "DELETE FROM important_date WHERE contact_id = ? AND EXISTS (SELECT 1 FROM important_date k "
        "WHERE k.contact_id = ? AND k.date_kind = important_date.date_kind "
        "AND k.month = important_date.month AND k.day = important_date.day)",
        (duplicate_id, keep.id),
    )
    for record in _ids(journal, "SELECT id FROM important_date WHERE contact_id = ?", duplicate_id):
        tx.updated("date", record, customer)
    conn.execute(
        "UPDATE important_date SET contact_id = ?, customer_id = ? WHERE contact_id = ?",
        (keep.id, customer, duplicate_id),
    )
    if elsewhere:  # the old customer's records stop naming the person (see the module's note)
        for table, _kind in _RAISED_BY:
            conn.execute(f"UPDATE {table} SET contact_id = NULL WHERE contact_id = ?", (duplicate_id,))
        conn.execute("DELETE FROM attendee WHERE contact_id = ?", (duplicate_id,))
        return
    for table, kind in _RAISED_BY:
        for record in _ids(journal, f"SELECT id FROM {table} WHERE contact_id = ?", duplicate_id):
            tx.updated(kind, record, customer)
        conn.execute(f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?", (keep.id, duplicate_id))
    for meeting in _ids(journal, "SELECT interaction_id FROM attendee WHERE contact_id = ?", duplicate_id):
        tx.updated("interaction", meeting, customer)
    conn.execute(
        "INSERT OR IGNORE INTO attendee (interaction_id, contact_id) "
        "SELECT interaction_id, ? FROM attendee WHERE contact_id = ?",
        (keep.id, duplicate_id),
    )
    conn.execute("DELETE FROM attendee WHERE contact_id = ?", (duplicate_id,))
