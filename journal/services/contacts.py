"""Writing the people at a customer, what we learn about them, and the dates that matter to them."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.text import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    TEXT_MAX,
    check_choice,
    check_date,
    check_int,
    clean_line,
    clean_name,
    clean_text,
    short,
)
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.store import apply, clean_fields, fetch

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_contact_field(key: str, value: Any) -> Any:
    """One field of a person, as typed or imported (ValidationError if it is wrong)."""
    match key:
        case "name":
            return clean_name(value, field="name", label="Name")
        case "role":
            return clean_line(value, field="role", label="Role", max_len=200)
        case "email":
            email = clean_line(value, field="email", label="Email", max_len=254)
            if email and not _EMAIL.match(email):
                raise ValidationError(f"“{email}” does not look like an email address.", "email")
            return email
        case "phone":
            phone = clean_line(value, field="phone", label="Phone", max_len=60)
            if phone and not re.fullmatch(r"[0-9+()./\-\s]*(?:(?:x|ext\.?)\s*\d+)?", phone, re.IGNORECASE):
                raise ValidationError(f"“{phone}” does not look like a phone number.", "phone")
            return phone
        case "channel":
            return check_choice(value, vocab.CHANNELS, field="channel", label="Preferred channel")
        case "notes":
            return clean_text(value, field="notes", label="Notes", max_len=TEXT_MAX)
    raise TypeError(f"contacts cannot set {key!r}")


def add_contact(
    journal: Journal,
    customer_id: int,
    *,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    channel: str = "",
    notes: str = "",
) -> Changes:
    m = journal.models
    fields = clean_fields(
        {"name": name, "role": role, "email": email, "phone": phone, "channel": channel, "notes": notes},
        clean_contact_field,
    )
    with journal.write(f"Add person ‘{short(fields['name'])}’") as tx:
        fetch(m.Customer, customer_id, "customer")
        now = journal.clock.now()
        contact = m.Contact.create(customer=customer_id, created_at=now, updated_at=now, **fields)
        tx.created("contact", contact.id, customer_id)
    return tx.changes()


def update_contact(journal: Journal, contact_id: int, **values: Any) -> Changes:
    m = journal.models
    fields = clean_fields(values, clean_contact_field)
    with journal.write() as tx:
        contact = fetch(m.Contact, contact_id, "person")
        tx.describe(f"Edit person ‘{short(contact.name)}’")
        if apply(contact, fields, journal.clock.now()):
            tx.updated("contact", contact_id, contact.customer_id)
    return tx.changes()


def delete_contact(journal: Journal, contact_id: int) -> Changes:
    """Remove a person with their rapport facts and dates. Needs and promises they raised stay."""
    m = journal.models
    with journal.write() as tx:
        contact = fetch(m.Contact, contact_id, "person")
        tx.describe(f"Delete person ‘{short(contact.name)}’")
        for fact in m.RapportFact.select(m.RapportFact.id).where(m.RapportFact.contact == contact_id):
            tx.deleted("rapport", fact.id, contact.customer_id)
        contact.delete_instance()
        tx.deleted("contact", contact_id, contact.customer_id)
    return tx.changes()


def clean_fact_field(key: str, value: Any) -> Any:
    """One field of a rapport fact, as typed or imported."""
    match key:
        case "category":
            return check_choice(value, vocab.RAPPORT_CATEGORIES, field="category", label="Category")
        case "text":
            return clean_text(value, field="text", label="What you learned", max_len=TEXT_MAX, required=True)
        case "learned_on":
            return check_date(value, field="learned_on", label="Learned on")
        case "hook":
            return clean_text(value, field="hook", label="Follow-up", max_len=TEXT_MAX)
        case "hook_asked":
            return bool(value)
        case "source_id":
            return value
    raise TypeError(f"rapport facts cannot set {key!r}")


def _check_fact_source(journal: Journal, fields: dict[str, Any]) -> None:
    if fields.get("source_id") is not None:
        fetch(journal.models.Interaction, fields["source_id"], "meeting")


def add_rapport_fact(
    journal: Journal,
    contact_id: int,
    *,
    text: str,
    category: str = "other",
    learned_on: date | None = None,
    hook: str = "",
    source_id: int | None = None,
) -> Changes:
    """Something personal learned about a person, with an optional hook to ask about next time."""
    m = journal.models
    fields = clean_fields(
        {"text": text, "category": category, "learned_on": learned_on, "hook": hook, "source_id": source_id},
        clean_fact_field,
    )
    with journal.write(f"Add rapport ‘{short(fields['text'])}’") as tx:
        _check_fact_source(journal, fields)
        if fields["learned_on"] is None:
            fields["learned_on"] = journal.clock.today()
        contact = fetch(m.Contact, contact_id, "person")
        now = journal.clock.now()
        fact = m.RapportFact.create(contact=contact_id, created_at=now, updated_at=now, **fields)
        tx.created("rapport", fact.id, contact.customer_id)
    return tx.changes()


def update_rapport_fact(journal: Journal, fact_id: int, **values: Any) -> Changes:
    m = journal.models
    fields = clean_fields(values, clean_fact_field)
    with journal.write() as tx:
        _check_fact_source(journal, fields)
        fact = fetch(m.RapportFact, fact_id, "rapport fact")
        customer_id = m.Contact.get_by_id(fact.contact_id).customer_id
        tx.describe(f"Edit rapport ‘{short(fact.text)}’")
        if apply(fact, fields, journal.clock.now()):
            tx.updated("rapport", fact_id, customer_id)
    return tx.changes()


def delete_rapport_fact(journal: Journal, fact_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        fact = fetch(m.RapportFact, fact_id, "rapport fact")
        customer_id = m.Contact.get_by_id(fact.contact_id).customer_id
        tx.describe(f"Delete rapport ‘{short(fact.text)}’")
        fact.delete_instance()
        tx.deleted("rapport", fact_id, customer_id)
    return tx.changes()


def check_month_day(month: int, day: int, year: int | None) -> None:
    """A yearly date that exists (29 February only in a leap year, or with no year)."""
    check_int(month, field="month", label="Month", low=1, high=12, required=True)
    check_int(year, field="year", label="Year", low=EARLIEST_YEAR, high=LATEST_YEAR)
    last = calendar.monthrange(year or 2000, month)[1]  # 2000 is a leap year: 29 Feb is fine without a year
    check_int(day, field="day", label="Day", low=1, high=last, required=True)


def clean_date_field(key: str, value: Any) -> Any:
    """One field of an important date, as typed or imported; `check_month_day` checks them together."""
    match key:
        case "date_kind":
            return check_choice(value, vocab.DATE_KINDS, field="date_kind", label="Kind of date")
        case "label":
            return clean_line(value, field="label", label="Label", max_len=200)
        case "month":
            return check_int(value, field="month", label="Month", low=1, high=12, required=True)
        case "day":
            return check_int(value, field="day", label="Day", low=1, high=31, required=True)
        case "year":
            return check_int(value, field="year", label="Year", low=EARLIEST_YEAR, high=LATEST_YEAR)
    raise TypeError(f"important dates cannot set {key!r}")


def add_important_date(
    journal: Journal,
    customer_id: int,
    *,
    month: int,
    day: int,
    year: int | None = None,
    date_kind: str = "birthday",
    label: str = "",
    contact_id: int | None = None,
) -> Changes:
    """A yearly date: a person's birthday or anniversary, or the customer's contract renewal."""
    m = journal.models
    clean_date_field("date_kind", date_kind)
    check_month_day(month, day, year)
    label = clean_date_field("label", label)
    what = label or vocab.DATE_KIND_LABELS[date_kind]
    with journal.write(f"Add date ‘{short(what)}’") as tx:
        fetch(m.Customer, customer_id, "customer")
        if contact_id is not None and fetch(m.Contact, contact_id, "person").customer_id != customer_id:
            raise ValidationError("That person belongs to another customer.", "contact_id")
        now = journal.clock.now()
        record = m.ImportantDate.create(
            customer=customer_id,
            contact=contact_id,
            date_kind=date_kind,
            label=label,
            month=month,
            day=day,
            year=year,
            created_at=now,
            updated_at=now,
        )
        tx.created("date", record.id, customer_id)
    return tx.changes()


def update_important_date(journal: Journal, date_id: int, **values: Any) -> Changes:
    m = journal.models
    with journal.write("Edit date") as tx:
        record = fetch(m.ImportantDate, date_id, "date")
        merged = {"month": record.month, "day": record.day, "year": record.year} | {
            k: v for k, v in values.items() if k in ("month", "day", "year")
        }
        check_month_day(merged["month"], merged["day"], merged["year"])
        fields: dict[str, Any] = dict(merged)
        for key in ("date_kind", "label"):
            if key in values:
                fields[key] = clean_date_field(key, values[key])
        unknown = set(values) - {"month", "day", "year", "date_kind", "label"}
        if unknown:
            raise TypeError(f"important dates cannot set {sorted(unknown)}")
        if apply(record, fields, journal.clock.now()):
            tx.updated("date", date_id, record.customer_id)
    return tx.changes()


def delete_important_date(journal: Journal, date_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        record = fetch(m.ImportantDate, date_id, "date")
        what = record.label or vocab.DATE_KIND_LABELS.get(record.date_kind, "date")
        tx.describe(f"Delete date ‘{short(what)}’")
        record.delete_instance()
        tx.deleted("date", date_id, record.customer_id)
    return tx.changes()
