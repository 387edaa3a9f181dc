"""Contacts exported as CSV: the layouts of LinkedIn, Google Contacts, Outlook, HubSpot and Pipedrive
recognised by their headers, any other file mapped by header similarity, and a mapping the rep can edit.

Each layout is written from the vendor's published columns. Delimiters `,`, `;` and tab are told apart
by which one splits the header into the most columns; quoted cells may hold line breaks. Lines before
the header (LinkedIn's "Notes:" and its disclaimer) are passed over.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from journal.domain.clock import DateOrder
from journal.exchange.imports.detect import ImportProblem
from journal.exchange.imports.entries import Entry, Skipped, Source, Table
from journal.exchange.imports.fields import FIELDS, parse_birthday, split_emails, split_values

MAX_CELL = 128 * 1024  # a cell larger than this is not a contact's detail
DELIMITERS = (",", ";", "\t")
# What a spreadsheet would run: `=…`, or `+ - @` before a function name or a DDE call. A phone number
# ("+44 20 …") and a dash on its own are not formulas.
_FORMULA = re.compile(r"^(?:=|[+\-@]\s*[A-Za-z_][\w.]*\s*[(!|]|[+\-@]\s*\d+\s*[+\-*/]\s*\w+\s*\()")
# Our own export protects cells that begin like a formula with a leading apostrophe: read them back as is.
_PROTECTED = re.compile(r"^'[=+\-@\t\r]")


_Reader = Any  # csv.reader objects have no type to name at run time


def _key(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


@dataclass(frozen=True)
class Layout:
    name: str
    recognise: Callable[[set[str]], bool]  # given the header keys
    columns: Mapping[str, str]  # header key -> field
    patterns: tuple[tuple[str, str], ...] = ()  # (regex on the header key, field)
    aliases: dict[str, str] = field(default_factory=dict)

    def field_for(self, header: str) -> str | None:
        key = _key(header)
        if key in self.columns:
            return self.columns[key]
        for pattern, target in self.patterns:
            if re.fullmatch(pattern, key):
                return target
        return None


def _has(*names: str) -> Callable[[set[str]], bool]:
    keys = {_key(n) for n in names}
    return lambda headers: keys <= headers


def _cols(pairs: Mapping[str, str]) -> dict[str, str]:
    return {_key(k): v for k, v in pairs.items()}


LINKEDIN = Layout(
    "LinkedIn connections",
    _has("First Name", "Last Name", "URL", "Connected On"),
    _cols(
        {
            "First Name": "first_name",
            "Last Name": "last_name",
            "URL": "link",
            "Email Address": "email",
            "Company": "company",
            "Position": "role",
        }
    ),
)

GOOGLE = Layout(
    "Google Contacts",
    lambda h: "e mail 1 label" in h or "phone 1 label" in h or ("organization name" in h and "labels" in h),
    _cols(
        {
            "First Name": "first_name",
            "Middle Name": "middle_name",
            "Last Name": "last_name",
            "Organization Name": "company",
            "Organization Title": "role",
            "Birthday": "birthday",
            "Notes": "notes",
        }
    ),
    ((r"e mail \d+ value", "email"), (r"phone \d+ value", "phone")),
)

GOOGLE_LEGACY = Layout(
    "Google Contacts (older layout)",
    lambda h: "given name" in h and ("e mail 1 type" in h or "group membership" in h),
    _cols(
        {
            "Name": "name",
            "Given Name": "first_name",
            "Additional Name": "middle_name",
            "Family Name": "last_name",
            "Birthday": "birthday",
            "Notes": "notes",
            "Organization 1 - Name": "company",
            "Organization 1 - Title": "role",
        }
    ),
    ((r"e mail \d+ value", "email"), (r"phone \d+ value", "phone")),
)

_OUTLOOK_COLUMNS = _cols(
    {
        "First Name": "first_name",
        "Middle Name": "middle_name",
        "Last Name": "last_name",
        "Company": "company",
        "Job Title": "role",
        "E-mail Address": "email",
        "E-mail 2 Address": "email",
        "E-mail 3 Address": "email",
        "Business Phone": "phone",
        "Mobile Phone": "phone",
        "Primary Phone": "phone",
        "Home Phone": "phone",
        "Company Main Phone": "phone",
        "Birthday": "birthday",
        "Notes": "notes",
        "Web Page": "website",
    }
)  # "Title" is the courtesy title (Mr., Dr.), not the job: left out.

OUTLOOK_COM = Layout(
    "Outlook.com contacts",
    _has("First Name", "Last Name", "E-mail Address", "Given Yomi"),
    _OUTLOOK_COLUMNS,
)

OUTLOOK = Layout(
    "Outlook contacts",
    _has("First Name", "Last Name", "E-mail Address", "Business Phone"),
    _OUTLOOK_COLUMNS,
)

HUBSPOT = Layout(
    "HubSpot",
    _has("Record ID"),
    _cols(
        {
            "First Name": "first_name",
            "Last Name": "last_name",
            "Email": "email",
            "Phone Number": "phone",
            "Mobile Phone Number": "phone",
            "Company Name": "company",
            "Associated Company": "company",
            "Job Title": "role",
            "Website URL": "website",
            "Company Domain Name": "website",
            "Industry": "industry",
            "Description": "notes",
        }
    ),
)

PIPEDRIVE = Layout(
    "Pipedrive",
    lambda h: (
        any(k.startswith(("person ", "organization ")) for k in h)
        and ("person name" in h or "organization name" in h)
    ),
    _cols(
        {
            "Person - Name": "name",
            "Person - First name": "first_name",
            "Person - Last name": "last_name",
            "Person - Organization": "company",
            "Person - Job title": "role",
            "Person - Birthday": "birthday",
            "Person - Notes": "notes",
            "Organization - Name": "company",
            "Organization - Website": "website",
            "Organization - Industry": "industry",
        }
    ),
    ((r"person email.*", "email"), (r"person phone.*", "phone")),
)

LAYOUTS: tuple[Layout, ...] = (LINKEDIN, GOOGLE, GOOGLE_LEGACY, OUTLOOK_COM, OUTLOOK, HUBSPOT, PIPEDRIVE)

# Header words of any other file, for the mapping by similarity.
SYNONYMS: dict[str, str] = {
    **{k: "name" for k in ("name", "full name", "contact", "contact name", "person", "display name")},
    **{k: "first_name" for k in ("first name", "firstname", "given name", "first", "forename", "vorname")},
    **{k: "last_name" for k in ("last name", "lastname", "surname", "family name", "last", "nachname")},
    "middle name": "middle_name",
    **{
        k: "company"
        for k in ("company", "company name", "organization", "organisation", "org", "account", "employer")
    },
    **{k: "role" for k in ("job title", "title", "position", "role", "job", "designation")},
    **{k: "email" for k in ("email", "e mail", "email address", "e mail address", "mail", "work email")},
    **{k: "phone" for k in ("phone", "telephone", "phone number", "mobile", "cell", "tel", "work phone")},
    **{k: "website" for k in ("website", "web", "url", "web page", "domain", "homepage")},
    "industry": "industry",
    **{k: "notes" for k in ("notes", "note", "comments", "comment", "description", "remarks")},
    **{k: "birthday" for k in ("birthday", "date of birth", "dob", "birth date")},
}


def similar_field(header: str) -> str:
    key = _key(header)
    if key in SYNONYMS:
        return SYNONYMS[key]
    close = difflib.get_close_matches(key, SYNONYMS, n=1, cutoff=0.8)
    return SYNONYMS[close[0]] if close else "ignore"


def detect_layout(headers: list[str]) -> Layout | None:
    keys = {_key(h) for h in headers}
    return next((layout for layout in LAYOUTS if layout.recognise(keys)), None)


def default_mapping(headers: list[str], layout: Layout | None) -> dict[str, str]:
    if layout is None:
        return {h: similar_field(h) for h in headers}
    return {h: layout.field_for(h) or "ignore" for h in headers}


def _rows(text: str, delimiter: str) -> _Reader:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)


def _delimiter(text: str) -> str:
    def widest(d: str) -> int:
        try:
            return max((len(r) for r in islice(_rows(text, d), 30)), default=0)
        except csv.Error:
            return 0

    return max(DELIMITERS, key=widest)  # the first of the widest: a comma when they tie


def read_table(text: str, name: str) -> Table:
    delimiter = _delimiter(text)
    reader = _rows(text, delimiter)
    headers: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    csv.field_size_limit(MAX_CELL)
    try:
        while True:
            start = reader.line_num + 1
            try:
                row: list[str] = next(reader)
            except StopIteration:
                break
            if headers is None:
                if sum(1 for c in row if c.strip()) >= 2:  # the header: passed over notes and blank lines
                    headers = [c.strip() for c in row]
                continue
            if not any(c.strip() for c in row):
                continue
            rows.append(row)
            lines.append(start)
    except csv.Error as e:
        where = reader.line_num
        if "field larger" in str(e):
            raise ImportProblem(
                f"Line {where} of “{name}” has a cell longer than {MAX_CELL // 1024} KB, which no contact "
                "detail is. Is it the right file? Nothing was imported."
            ) from None
        raise ImportProblem(
            f"Line {where} of “{name}” cannot be read as CSV ({e}). Nothing was imported."
        ) from None
    if headers is None:
        raise ImportProblem(
            f"“{name}” has no header row (a first line naming its columns), so its columns cannot be told "
            "apart. Nothing was imported."
        )
    return Table(headers, rows, lines, delimiter)


def _cell(value: str, line: int, header: str, name: str) -> str:
    if _PROTECTED.match(value):
        return value[1:]
    if _FORMULA.match(value.lstrip()):
        shown = value if len(value) <= 40 else value[:39] + "…"
        raise ImportProblem(
            f"Line {line} of “{name}” has a spreadsheet formula in “{header}” ({shown}). Sales Journal does "
            "not import formulas: a formula can run commands when the file is opened in a spreadsheet. "
            "Replace it with the text it stands for and import again. Nothing was imported."
        )
    return value.strip()


def entries_from(table: Table, mapping: Mapping[str, str], name: str, date_order: DateOrder | None) -> Source:
    """The entries of a table under `mapping` (header -> field). Values a field cannot hold (a birthday
    that is no date) are noted, once per column, and left out; the rest of the row still comes in."""
    source = Source(name, "csv", "", table=table, mapping=dict(mapping))
    index = [(i, h, mapping.get(h, "ignore")) for i, h in enumerate(table.headers)]
    used = [(i, h, f) for i, h, f in index if f != "ignore"]
    noted: set[str] = set()
    for row, line in zip(table.rows, table.lines, strict=True):
        values: dict[str, list[str]] = {}
        for i, header, target in used:
            if i >= len(row):
                continue
            value = _cell(row[i], line, header, name)
            if value:
                values.setdefault(target, []).append(value)
        entry = Entry(line)
        first = " ".join(values.get("first_name", [])[:1] + values.get("middle_name", [])[:1])
        full = " ".join(p for p in (first, *values.get("last_name", [])[:1]) if p)
        entry.name = values.get("name", [full])[0] if values.get("name") else full
        entry.company = values.get("company", [""])[0]
        entry.role = values.get("role", [""])[0]
        entry.website = values.get("website", [""])[0]
        entry.industry = values.get("industry", [""])[0]
        entry.emails = [e for v in values.get("email", []) for e in split_emails(v)]
        entry.phones = [p for v in values.get("phone", []) for p in split_values(v)]
        notes = values.get("notes", []) + [f"Profile: {link}" for link in values.get("link", [])]
        entry.notes = "\n".join(notes)
        for text in values.get("birthday", []):
            found = parse_birthday(text, date_order)
            if isinstance(found, str):
                if "birthday" not in noted:
                    noted.add("birthday")
                    source.notes.append(f"Line {line}: the birthday {found}; birthdays like it are left out.")
            elif found is not None:
                entry.birthday = found
        if not entry.name and not entry.company:
            source.skipped.append(Skipped(line, f"line {line}", "it has neither a name nor a company"))
            continue
        source.entries.append(entry)
    return source


def read_text(
    text: str, name: str, *, mapping: Mapping[str, str] | None = None, date_order: DateOrder | None = None
) -> Source:
    table = read_table(text, name)
    layout = detect_layout(table.headers)
    chosen = default_mapping(table.headers, layout)
    if mapping:
        known = {_key(h): h for h in table.headers}
        for column, target in mapping.items():
            header = known.get(_key(column))
            if header is None:
                raise ImportProblem(
                    f"“{name}” has no column “{column}” (its columns: {', '.join(table.headers)})."
                )
            if target not in FIELDS:
                raise ImportProblem(f"“{target}” is not a field to map to; use one of: {', '.join(FIELDS)}.")
            chosen[header] = target
    source = entries_from(table, chosen, name, date_order)
    source.layout = layout.name if layout else "Contacts (columns matched by their names)"
    if not any(f in ("name", "first_name", "last_name", "company") for f in chosen.values()):
        raise ImportProblem(
            f"No column of “{name}” reads as a name or a company ({', '.join(table.headers[:8])}). "
            "Say which is which with --map COLUMN=FIELD, e.g. --map 'Full Name=name'."
        )
    return source
