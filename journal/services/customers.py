"""Writing customers: create, edit, move through stages, tag, archive and restore."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.health import CADENCE_MAX_DAYS
from journal.domain.reasons import check_category
from journal.domain.text import (
    LINE_MAX,
    TEXT_MAX,
    check_choice,
    check_date,
    check_flag,
    check_int,
    check_time,
    clean_line,
    clean_name,
    clean_text,
    name_key,
    short,
)
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.store import apply, clean_fields, fetch

VALUE_MAX_MINOR = 10**15  # ten trillion in major units: more than any one deal
TAG_MAX = 40
_NOT_EDITED = {"stage", "revisit_on", "revisit_reason", "archived", "archived_at"}  # their own services


def clean_customer_field(key: str, value: Any) -> Any:
    """One field of a customer, as typed or imported (ValidationError if it is wrong). `name_key` is no
    field: it is always made from the name."""
    match key:
        case "name":
            return clean_name(value, field="name", label="Customer name")
        case "stage":
            return check_choice(value, vocab.STAGES, field="stage", label="Stage")
        case "revisit_on":
            return check_date(value, field="revisit_on", label="Revisit date")
        case "revisit_reason":
            return clean_text(value, field="revisit_reason", label="Reason", max_len=TEXT_MAX)
        case "archived":
            return check_flag(value, field="archived", label="Archived")
        case "archived_at":
            return None if value is None else check_time(value, field="archived_at", label="Archived on")
        case "customer_kind":
            return check_choice(value, vocab.CUSTOMER_KINDS, field="customer_kind", label="Kind")
        case "industry":
            return clean_line(value, field="industry", label="Industry", max_len=120)
        case "website":
            return clean_line(value, field="website", label="Website", max_len=LINE_MAX)
        case "about":
            return clean_text(value, field="about", label="About", max_len=TEXT_MAX)
        case "value_minor":
            return check_int(value, field="value_minor", label="Estimated value", low=0, high=VALUE_MAX_MINOR)
        case "cadence_days":
            return check_int(
                value,
                field="cadence_days",
                label="Keep-in-touch cadence (days)",
                low=1,
                high=CADENCE_MAX_DAYS,
            )
        case "snoozed_until":
            return check_date(value, field="snoozed_until", label="Snooze until")
    raise TypeError(f"customers cannot set {key!r}")


def clean_stage_change_field(key: str, value: Any) -> Any:
    """One field of a customer's stage history, as recorded or imported."""
    match key:
        case "from_stage":
            return value if value == "" else check_choice(value, vocab.STAGES, field=key, label="From stage")
        case "to_stage":
            return check_choice(value, vocab.STAGES, field=key, label="Stage")
        case "reason":
            return clean_text(value, field="reason", label="Reason", max_len=TEXT_MAX)
        case "revisit_on":
            return check_date(value, field="revisit_on", label="Revisit date")
        case "changed_at":
            return check_time(value, field="changed_at", label="Changed on")
        case "reason_category":
            return check_category("" if value is None else value, "")
    raise TypeError(f"stage changes cannot set {key!r}")


def clean_tag_name(value: Any) -> str:
    """A tag as typed: one short line, without the leading # people often type."""
    return clean_line(value, field="tags", label="Tag", max_len=TAG_MAX).lstrip("#").strip()


def clean_tag_field(key: str, value: Any) -> Any:
    if key == "name":
        tag = clean_tag_name(value)
        if not tag:
            raise ValidationError("Tag cannot be empty.", "tags")
        return tag
    raise TypeError(f"tags cannot set {key!r}")


def _check_unique_name(journal: Journal, name: str, *, except_id: int | None = None) -> str:
    m = journal.models
    key = name_key(name)
    query = m.Customer.select(m.Customer.id, m.Customer.name, m.Customer.archived).where(
        m.Customer.name_key == key
    )
    if except_id is not None:
        query = query.where(m.Customer.id != except_id)
    clash = query.first()
    if clash is not None:
        where = " (archived — restore it from View → Show archived)" if clash.archived else ""
        raise ValidationError(f"There is already a customer called “{clash.name}”{where}.", "name")
    return key


def create_customer(
    journal: Journal,
    *,
    name: str,
    customer_kind: str = "company",
    industry: str = "",
    website: str = "",
    about: str = "",
    stage: str = "lead",
    value_minor: int | None = None,
    cadence_days: int | None = None,
    tags: Iterable[str] = (),
) -> Changes:
    m = journal.models
    fields = clean_fields(
        {
            "name": name,
            "customer_kind": customer_kind,
            "industry": industry,
            "website": website,
            "about": about,
            "value_minor": value_minor,
            "cadence_days": cadence_days,
        },
        clean_customer_field,
    )
    clean_customer_field("stage", stage)
    tag_names = _clean_tags(tags)
    with journal.write(f"Add customer ‘{short(fields['name'])}’") as tx:
        key = _check_unique_name(journal, fields["name"])
        now = journal.clock.now()
        customer = m.Customer.create(name_key=key, stage=stage, created_at=now, updated_at=now, **fields)
        m.StageChange.create(
            customer=customer, from_stage="", to_stage=stage, changed_at=now, created_at=now, updated_at=now
        )
        _set_tags(journal, customer.id, tag_names, now)
        tx.created("customer", customer.id, customer.id)
    return tx.changes()


def update_customer(journal: Journal, customer_id: int, **values: Any) -> Changes:
    """Edit a customer's details (not its stage: see `set_stage`). Tags may be passed as `tags`."""
    m = journal.models
    tags = values.pop("tags", None)
    if set(values) & _NOT_EDITED:
        raise TypeError(f"update_customer cannot set {sorted(set(values) & _NOT_EDITED)}")
    fields = clean_fields(values, clean_customer_field)
    tag_names = _clean_tags(tags) if tags is not None else None
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        if "name" in fields:
            fields["name_key"] = _check_unique_name(journal, fields["name"], except_id=customer_id)
        now = journal.clock.now()
        tx.describe(f"Edit customer ‘{short(customer.name)}’")
        changed = apply(customer, fields, now)
        if tag_names is not None:
            changed = _set_tags(journal, customer_id, tag_names, now) or changed
            if changed:
                m.Customer.update(updated_at=now).where(m.Customer.id == customer_id).execute()
        if changed:
            tx.updated("customer", customer_id, customer_id)
    return tx.changes()


def set_stage(
    journal: Journal,
    customer_id: int,
    stage: str,
    *,
    reason: str = "",
    revisit_on: date | None = None,
    source_id: int | None = None,
    reason_category: str | None = None,
) -> Changes:
    """Move a customer to `stage`. Not now and lost keep the reason in their words (and a revisit date),
    sorted into a category (`reasons.CATEGORIES`; suggested from the words unless given)."""
    m = journal.models
    clean_stage_change_field("to_stage", stage)
    reason = clean_stage_change_field("reason", reason)
    clean_stage_change_field("revisit_on", revisit_on)
    today = journal.clock.today()
    if stage in ("not_now", "lost"):
        if not reason:
            raise ValidationError(
                "Write down the reason they gave, in their words — it is what you will revisit.", "reason"
            )
        if stage == "not_now" and revisit_on is None:
            raise ValidationError(
                "Pick a date to revisit them (three months is a good default).", "revisit_on"
            )
        if revisit_on is not None and revisit_on <= today:
            raise ValidationError("The revisit date should be in the future.", "revisit_on")
    category = check_category(reason_category, reason) if stage in ("not_now", "lost") else ""
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        now = journal.clock.now()
        label = vocab.STAGE_LABELS[stage]
        tx.describe(f"Move ‘{short(customer.name)}’ to {label}")
        previous = customer.stage
        if stage in ("not_now", "lost"):
            fields: dict[str, Any] = {"stage": stage, "revisit_on": revisit_on, "revisit_reason": reason}
        else:
            fields = {"stage": stage, "revisit_on": None, "revisit_reason": ""}
        if apply(customer, fields, now) or reason:
            m.StageChange.create(
                customer=customer_id,
                from_stage=previous,
                to_stage=stage,
                reason=reason,
                reason_category=category,
                revisit_on=revisit_on,
                changed_at=now,
                created_at=now,
                updated_at=now,
                source=source_id,
            )
            tx.updated("customer", customer_id, customer_id)
    return tx.changes()


def archive_customer(journal: Journal, customer_id: int) -> Changes:
    """ "Deleting" a customer archives it: hidden from lists, restorable, nothing lost."""
    m = journal.models
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        now = journal.clock.now()
        tx.describe(f"Archive customer ‘{short(customer.name)}’")
        if apply(customer, {"archived": True, "archived_at": now}, now):
            tx.updated("customer", customer_id, customer_id)
    return tx.changes()


def restore_customer(journal: Journal, customer_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        now = journal.clock.now()
        tx.describe(f"Restore customer ‘{short(customer.name)}’")
        if apply(customer, {"archived": False, "archived_at": None}, now):
            tx.updated("customer", customer_id, customer_id)
    return tx.changes()


def _clean_tags(tags: Iterable[str] | None) -> list[str]:
    names: dict[str, str] = {}
    for raw in tags or ():
        tag = clean_tag_name(raw)
        if tag:
            names.setdefault(name_key(tag), tag)
    return list(names.values())


def _set_tags(journal: Journal, customer_id: int, names: list[str], now: Any) -> bool:
    m = journal.models
    wanted: set[int] = set()
    for name in names:
        key = name_key(name)
        tag = m.Tag.get_or_none(m.Tag.name_key == key)
        if tag is None:
            tag = m.Tag.create(name=name, name_key=key, created_at=now, updated_at=now)
        wanted.add(tag.id)
    current = {link.tag_id for link in m.CustomerTag.select().where(m.CustomerTag.customer == customer_id)}
    if current == wanted:
        return False
    gone = current - wanted
    if gone:
        m.CustomerTag.delete().where(
            (m.CustomerTag.customer == customer_id) & m.CustomerTag.tag.in_(gone)
        ).execute()
    for tag_id in wanted - current:
        m.CustomerTag.create(customer=customer_id, tag=tag_id)
    return True
