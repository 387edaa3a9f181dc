"""Writing promises, both ways: what I owe them and what they owe me, kept, released or moved."""

from __future__ import annotations

from datetime import date
from typing import Any

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.text import TEXT_MAX, check_choice, check_date, clean_text, short
from journal.services.needs import check_contact, check_source
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.store import apply, clean_fields, fetch

_EDITED = {"owner", "text", "due_on", "contact_id", "source_id"}  # the rest by mark_kept, release, reopen


def clean_promise_field(key: str, value: Any) -> Any:
    """One field of a promise, as typed or imported (ValidationError if it is wrong)."""
    match key:
        case "status":
            return check_choice(value, vocab.PROMISE_STATUSES, field="status", label="Status")
        case "completed_on":
            return check_date(value, field="completed_on", label="Kept on")
        case "release_reason":
            return clean_text(value, field="release_reason", label="Reason", max_len=TEXT_MAX)
        case "owner":
            return check_choice(value, vocab.PROMISE_OWNERS, field="owner", label="Who promised")
        case "text":
            return clean_text(value, field="text", label="What was promised", max_len=TEXT_MAX, required=True)
        case "due_on":
            return check_date(value, field="due_on", label="Due date", required=True)
        case "contact_id" | "source_id":
            return value
    raise TypeError(f"promises cannot set {key!r}")


def add_promise(
    journal: Journal,
    customer_id: int,
    *,
    text: str,
    due_on: date,
    owner: str = "me",
    contact_id: int | None = None,
    source_id: int | None = None,
) -> Changes:
    m = journal.models
    fields = clean_fields({"text": text, "due_on": due_on, "owner": owner}, clean_promise_field)
    with journal.write(f"Add promise ‘{short(fields['text'])}’") as tx:
        fetch(m.Customer, customer_id, "customer")
        fields["contact_id"] = check_contact(journal, contact_id, customer_id)
        fields["source_id"] = check_source(journal, source_id, customer_id)
        now = journal.clock.now()
        promise = m.Promise.create(customer=customer_id, created_at=now, updated_at=now, **fields)
        tx.created("promise", promise.id, customer_id)
    return tx.changes()


def update_promise(journal: Journal, promise_id: int, **values: Any) -> Changes:
    m = journal.models
    if set(values) - _EDITED:
        raise TypeError(f"update_promise cannot set {sorted(set(values) - _EDITED)}")
    fields = clean_fields(values, clean_promise_field)
    with journal.write() as tx:
        promise = fetch(m.Promise, promise_id, "promise")
        if "contact_id" in fields:
            check_contact(journal, fields["contact_id"], promise.customer_id)
        if "source_id" in fields:
            check_source(journal, fields["source_id"], promise.customer_id)
        tx.describe(f"Edit promise ‘{short(promise.text)}’")
        if apply(promise, fields, journal.clock.now()):
            tx.updated("promise", promise_id, promise.customer_id)
    return tx.changes()


def mark_kept(journal: Journal, promise_id: int, *, on: date | None = None) -> Changes:
    """Kept, today unless said otherwise. Kept on time is derived from `completed_on` vs `due_on`."""
    m = journal.models
    on = clean_promise_field("completed_on", on) or journal.clock.today()
    if on > journal.clock.today():
        raise ValidationError("A promise cannot be kept in the future.", "completed_on")
    with journal.write() as tx:
        promise = fetch(m.Promise, promise_id, "promise")
        tx.describe(f"Mark kept ‘{short(promise.text)}’")
        if apply(promise, {"status": "kept", "completed_on": on, "release_reason": ""}, journal.clock.now()):
            tx.updated("promise", promise_id, promise.customer_id)
    return tx.changes()


def release(journal: Journal, promise_id: int, *, reason: str) -> Changes:
    """Let a promise go — no longer needed or agreed off — with the reason, honestly."""
    m = journal.models
    reason = clean_promise_field("release_reason", reason)
    if not reason:
        raise ValidationError("Reason cannot be empty.", "release_reason")
    with journal.write() as tx:
        promise = fetch(m.Promise, promise_id, "promise")
        tx.describe(f"Release promise ‘{short(promise.text)}’")
        fields = {"status": "released", "completed_on": journal.clock.today(), "release_reason": reason}
        if apply(promise, fields, journal.clock.now()):
            tx.updated("promise", promise_id, promise.customer_id)
    return tx.changes()


def reopen(journal: Journal, promise_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        promise = fetch(m.Promise, promise_id, "promise")
        tx.describe(f"Reopen promise ‘{short(promise.text)}’")
        if apply(
            promise, {"status": "open", "completed_on": None, "release_reason": ""}, journal.clock.now()
        ):
            tx.updated("promise", promise_id, promise.customer_id)
    return tx.changes()


def reschedule(journal: Journal, promise_id: int, due_on: date) -> Changes:
    m = journal.models
    with journal.write() as tx:
        promise = fetch(m.Promise, promise_id, "promise")
        if promise.status != "open":
            raise ValidationError("Only an open promise can be moved to another date.", "due_on")
        due = clean_promise_field("due_on", due_on)
        tx.describe(f"Reschedule promise ‘{short(promise.text)}’")
        if apply(promise, {"due_on": due}, journal.clock.now()):
            tx.updated("promise", promise_id, promise.customer_id)
    return tx.changes()


def delete_promise(journal: Journal, promise_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        promise = fetch(m.Promise, promise_id, "promise")
        tx.describe(f"Delete promise ‘{short(promise.text)}’")
        promise.delete_instance()
        tx.deleted("promise", promise_id, promise.customer_id)
    return tx.changes()
