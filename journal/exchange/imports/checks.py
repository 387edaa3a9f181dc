"""Every imported value passes the checks typed input passes: the services' own field cleaners.

An email or phone the cleaners refuse does not cost the rep the person: it is kept in their notes,
word for word, and said so once. A name or company the cleaners refuse skips the row, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journal.domain.errors import ValidationError
from journal.exchange.imports.entries import Birthday, Entry
from journal.services import contacts, customers


@dataclass
class Checked:
    """An entry's values as the journal would store them."""

    line: int
    name: str
    company: str
    role: str
    email: str
    phone: str
    website: str
    industry: str
    notes: str
    emails: list[str] = field(default_factory=list)  # every valid email, for matching
    birthday: Birthday | None = None


def check(entry: Entry) -> tuple[Checked, list[str]]:
    """The entry cleaned, with notices; ValidationError when the row cannot come in at all."""
    notices: list[str] = []
    name = contacts.clean_contact_field("name", entry.name) if entry.name else ""
    company = customers.clean_customer_field("name", entry.company) if entry.company else ""
    role = contacts.clean_contact_field("role", entry.role)
    extra: list[str] = []
    emails: list[str] = []
    for raw in entry.emails:
        try:
            email = contacts.clean_contact_field("email", raw)
        except ValidationError as e:
            notices.append(f"{e} It is kept in the notes.")
            extra.append(f"Email: {raw}")
            continue
        if email and email.casefold() not in {e.casefold() for e in emails}:
            emails.append(email)
    phones: list[str] = []
    for raw in entry.phones:
        try:
            phone = contacts.clean_contact_field("phone", raw)
        except ValidationError as e:
            notices.append(f"{e} It is kept in the notes.")
            extra.append(f"Phone: {raw}")
            continue
        if phone and phone not in phones:
            phones.append(phone)
    extra += [f"Other email: {e}" for e in emails[1:]] + [f"Other phone: {p}" for p in phones[1:]]
    notes = "\n".join(p for p in (entry.notes, *extra) if p)
    notes = contacts.clean_contact_field("notes", notes)
    website = customers.clean_customer_field("website", entry.website)
    industry = customers.clean_customer_field("industry", entry.industry)
    birthday = entry.birthday if name else None
    if birthday is not None:
        try:
            contacts.check_month_day(birthday.month, birthday.day, birthday.year)
        except ValidationError as e:
            notices.append(f"The birthday is left out: {e}")
            birthday = None
    checked = Checked(
        entry.line,
        name,
        company,
        role,
        emails[0] if emails else "",
        phones[0] if phones else "",
        website,
        industry,
        notes,
        emails,
        birthday,
    )
    return checked, notices
