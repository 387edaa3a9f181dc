"""The fields an imported column can fill, and reading the values vendors write into them."""

from __future__ import annotations

import calendar
import re

from journal.domain.clock import DateOrder
from journal.exchange.imports.entries import Birthday

FIELDS: dict[str, str] = {
    "name": "Full name",
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "company": "Company",
    "role": "Role / job title",
    "email": "Email",
    "phone": "Phone",
    "website": "Company website",
    "industry": "Industry",
    "notes": "Notes",
    "link": "Profile link (kept in notes)",
    "birthday": "Birthday",
    "ignore": "(not imported)",
}

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
}
_ISO = re.compile(r"^(\d{4})-?(\d\d)-?(\d\d)(?:T.*)?$")
_NO_YEAR = re.compile(r"^--(\d\d)-?(\d\d)$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_WORDS = re.compile(
    r"^(?:(\d{1,2})\s+([A-Za-z]+)\.?|([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?),?(?:\s+(\d{4}))?$"
)


def _birthday(month: int, day: int, year: int | None) -> Birthday | None:
    if year is not None and year < 100:
        year = None  # "5/17/80": a two-digit year is a guess; the day and month are what matter
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year or 2000, month)[1]
    if not 1 <= day <= last:
        return None
    return Birthday(month, day, year)


def parse_birthday(text: str, order: DateOrder | None) -> Birthday | str | None:
    """A birthday from a file: a `Birthday`, None for an empty or placeholder value ("0/0/00"), or a
    sentence saying why it cannot be read (a numeric date that reads two ways, say)."""
    value = text.strip()
    if not value or set(value) <= set("0/.-"):
        return None
    if m := _ISO.match(value):
        found = _birthday(int(m[2]), int(m[3]), int(m[1]))
    elif m := _NO_YEAR.match(value):
        found = _birthday(int(m[1]), int(m[2]), None)
    elif m := _NUMERIC.match(value):
        a, b, c = int(m[1]), int(m[2]), int(m[3])
        if len(m[1]) == 4:
            found = _birthday(b, c, a)
        elif a > 12 or (order == "DMY" and b <= 12):
            found = _birthday(b, a, c)
        elif b > 12 or order in ("MDY", "YMD"):
            found = _birthday(a, b, c)
        else:
            return f"“{value}” could be {a}/{b} or {b}/{a}; set the order of dates in your system to read it"
    elif m := _WORDS.match(value):
        day, month_word = (m[1], m[2]) if m[1] else (m[4], m[3])
        month = _MONTHS.get(month_word.lower())
        found = _birthday(month, int(day), int(m[5]) if m[5] else None) if month else None
    else:
        found = None
    return found if found is not None else f"“{value}” is not a date"


def split_values(text: str) -> list[str]:
    """Several emails or phones in one cell: Google's " ::: ", or commas and semicolons between them."""
    parts = [p for chunk in text.split(":::") for p in re.split(r"[;\n]", chunk)]
    return [p.strip() for p in parts if p.strip()]


def split_emails(text: str) -> list[str]:
    return [p.strip() for part in split_values(text) for p in part.split(",") if p.strip()]
