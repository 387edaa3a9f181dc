"""Writing what a customer needs and what worries them: needs, pain points, goals, concerns, objections."""

from __future__ import annotations

from typing import Any

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.reasons import check_category
from journal.domain.text import TEXT_MAX, check_choice, check_int, check_time, clean_text, short
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.store import apply, clean_fields, fetch


def check_contact(journal: Journal, contact_id: int | None, customer_id: int) -> int | None:
    """A person who raised something must belong to the same customer."""
    m = journal.models
    if contact_id is not None and fetch(m.Contact, contact_id, "person").customer_id != customer_id:
        raise ValidationError("That person belongs to another customer.", "contact_id")
    return contact_id


def check_source(journal: Journal, source_id: int | None, customer_id: int) -> int | None:
    """The meeting something came from must be one of the same customer's."""
    m = journal.models
    if source_id is not None and fetch(m.Interaction, source_id, "meeting").customer_id != customer_id:
        raise ValidationError("That meeting belongs to another customer.", "source_id")
    return source_id


def clean_need_field(key: str, value: Any) -> Any:
    """One field of a need, as typed or imported (ValidationError if it is wrong)."""
    match key:
        case "status_changed_at":
            return None if value is None else check_time(value, field=key, label="Status changed on")
        case "need_kind":
            return check_choice(value, vocab.NEED_KINDS, field="need_kind", label="Kind")
        case "text":
            return clean_text(value, field="text", label="What they need", max_len=TEXT_MAX, required=True)
        case "quote":
            return clean_text(value, field="quote", label="In their words", max_len=TEXT_MAX).strip('"“”')
        case "importance":
            return check_int(value, field="importance", label="Importance", low=1, high=3, required=True)
        case "status":
            return check_choice(value, vocab.NEED_STATUSES, field="status", label="Status")
        case "contact_id" | "source_id":
            return value
    raise TypeError(f"needs cannot set {key!r}")


def add_need(
    journal: Journal,
    customer_id: int,
    *,
    text: str,
    need_kind: str = "need",
    quote: str = "",
    importance: int = 2,
    contact_id: int | None = None,
    source_id: int | None = None,
) -> Changes:
    m = journal.models
    fields = clean_fields(
        {"text": text, "need_kind": need_kind, "quote": quote, "importance": importance}, clean_need_field
    )
    kind = vocab.NEED_KIND_LABELS[fields["need_kind"]].lower()
    with journal.write(f"Add {kind} ‘{short(fields['text'])}’") as tx:
        fetch(m.Customer, customer_id, "customer")
        fields["contact_id"] = check_contact(journal, contact_id, customer_id)
        fields["source_id"] = check_source(journal, source_id, customer_id)
        now = journal.clock.now()
        need = m.Need.create(customer=customer_id, created_at=now, updated_at=now, **fields)
        tx.created("need", need.id, customer_id)
    return tx.changes()


def update_need(journal: Journal, need_id: int, **values: Any) -> Changes:
    m = journal.models
    fields = clean_fields(values, clean_need_field)
    with journal.write() as tx:
        need = fetch(m.Need, need_id, "need")
        if "contact_id" in fields:
            check_contact(journal, fields["contact_id"], need.customer_id)
        if "source_id" in fields:
            check_source(journal, fields["source_id"], need.customer_id)
        now = journal.clock.now()
        if "status" in fields and fields["status"] != need.status:
            fields["status_changed_at"] = now
        tx.describe(f"Edit need ‘{short(need.text)}’")
        if apply(need, fields, now):
            tx.updated("need", need_id, need.customer_id)
    return tx.changes()


def set_need_status(journal: Journal, need_id: int, status: str) -> Changes:
    return update_need(journal, need_id, status=status)


def delete_need(journal: Journal, need_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        need = fetch(m.Need, need_id, "need")
        tx.describe(f"Delete need ‘{short(need.text)}’")
        need.delete_instance()
        tx.deleted("need", need_id, need.customer_id)
    return tx.changes()


def clean_objection_field(key: str, value: Any) -> Any:
    """One field of an objection, as typed or imported."""
    match key:
        case "status_changed_at":
            return None if value is None else check_time(value, field=key, label="Status changed on")
        case "concern":
            return clean_text(value, field="concern", label="Their concern", max_len=TEXT_MAX, required=True)
        case "response":
            return clean_text(value, field="response", label="My response", max_len=TEXT_MAX)
        case "status":
            return check_choice(value, vocab.OBJECTION_STATUSES, field="status", label="Status")
        case "worked":
            if value is not None and not isinstance(value, bool):
                raise ValidationError("“Did it work?” must be yes, no or not yet known.", "worked")
            return value
        case "category":
            return check_category("" if value is None else value, "")
        case "contact_id" | "source_id":
            return value
    raise TypeError(f"objections cannot set {key!r}")


def add_objection(
    journal: Journal,
    customer_id: int,
    *,
    concern: str,
    response: str = "",
    status: str | None = None,
    worked: bool | None = None,
    contact_id: int | None = None,
    source_id: int | None = None,
    category: str | None = None,
) -> Changes:
    """An objection they raised and what I answered. With a response it starts as answered. Its category
    (`reasons.CATEGORIES`) is suggested from the words unless given."""
    m = journal.models
    if status is None:
        status = "answered" if (response or "").strip() else "open"
    fields = clean_fields(
        {"concern": concern, "response": response, "status": status, "worked": worked}, clean_objection_field
    )
    fields["category"] = check_category(category, f"{fields['concern']} {fields.get('response', '')}")
    with journal.write(f"Add objection ‘{short(fields['concern'])}’") as tx:
        fetch(m.Customer, customer_id, "customer")
        fields["contact_id"] = check_contact(journal, contact_id, customer_id)
        fields["source_id"] = check_source(journal, source_id, customer_id)
        now = journal.clock.now()
        objection = m.Objection.create(customer=customer_id, created_at=now, updated_at=now, **fields)
        tx.created("objection", objection.id, customer_id)
    return tx.changes()


def update_objection(journal: Journal, objection_id: int, **values: Any) -> Changes:
    m = journal.models
    fields = clean_fields(values, clean_objection_field)
    with journal.write() as tx:
        objection = fetch(m.Objection, objection_id, "objection")
        if "contact_id" in fields:
            check_contact(journal, fields["contact_id"], objection.customer_id)
        if "source_id" in fields:
            check_source(journal, fields["source_id"], objection.customer_id)
        now = journal.clock.now()
        if "status" in fields and fields["status"] != objection.status:
            fields["status_changed_at"] = now
        tx.describe(f"Edit objection ‘{short(objection.concern)}’")
        if apply(objection, fields, now):
            tx.updated("objection", objection_id, objection.customer_id)
    return tx.changes()


def set_objection_status(
    journal: Journal, objection_id: int, status: str, *, worked: bool | None = None
) -> Changes:
    values: dict[str, Any] = {"status": status}
    if worked is not None:
        values["worked"] = worked
    return update_objection(journal, objection_id, **values)


def delete_objection(journal: Journal, objection_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        objection = fetch(m.Objection, objection_id, "objection")
        tx.describe(f"Delete objection ‘{short(objection.concern)}’")
        objection.delete_instance()
        tx.deleted("objection", objection_id, objection.customer_id)
    return tx.changes()
