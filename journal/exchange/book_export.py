"""Taking the book back out: customers, people and promises as CSV for a spreadsheet, and people as vCard 4
for a phone or an address book. Our own import reads both back to the same records.

CSV cells that a spreadsheet would run as a formula — those starting with `=`, `+`, `-`, `@`, a tab or a
carriage return — are written with a leading apostrophe, and every cell is quoted (OWASP's advice against
CSV injection). Files are written whole or not at all, readable by the rep only, never over a journal.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.domain import vocab
from journal.domain.money import format_minor
from journal.domain.text import name_key
from journal.storage.db import Journal
from journal.storage.paths import check_output, ensure_private_dir, write_private_atomic

# What a spreadsheet would take for a formula; also a cell already starting with apostrophes before one,
# so the apostrophe our import takes off gives back exactly what was written.
_RISKY = re.compile(r"^'*[=+\-@\t\r]")

CSV_KINDS = ("customers", "people", "promises")


def protect(cell: str) -> str:
    return f"'{cell}" if _RISKY.match(cell) else cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV file's text: UTF-8 with a byte-order mark (so spreadsheets read accents right), every cell
    quoted, formula-like cells protected."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([protect("" if v is None else str(v)) for v in row])
    return "\ufeff" + out.getvalue()


def _birthday(month: int | None, day: int | None, year: int | None) -> str:
    if month is None or day is None:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


@dataclass(frozen=True)
class Person:
    uid: str
    name: str
    company: str  # empty for a customer who is this person themselves
    role: str
    email: str
    phone: str
    notes: str
    birthday: tuple[int, int, int | None] | None


def current_people(journal: Journal) -> list[Person]:
    """Everyone at a customer that is not archived, by customer and name."""
    conn = journal.conn()
    birthdays: dict[int, tuple[int, int, int | None]] = {}
    for contact_id, month, day, year in conn.execute(
        "SELECT contact_id, month, day, year FROM important_date "
        "WHERE contact_id IS NOT NULL AND date_kind = 'birthday' ORDER BY id DESC"
    ):
        birthdays[int(contact_id)] = (int(month), int(day), int(year) if year else None)
    people = []
    for cid, uid, name, role, email, phone, notes, customer, kind in conn.execute(
        "SELECT k.id, k.uid, k.name, k.role, k.email, k.phone, k.notes, c.name, c.customer_kind "
        "FROM contact k JOIN customer c ON c.id = k.customer_id WHERE c.archived = 0 "
        "ORDER BY c.name_key, k.name, k.id"
    ):
        themselves = kind == "individual" and name_key(customer) == name_key(name)
        company = "" if themselves else customer
        people.append(Person(uid, name, company, role, email, phone, notes, birthdays.get(int(cid))))
    return people


def _customers_csv(journal: Journal) -> tuple[str, int]:
    header = ["Company", "Kind", "Stage", "Industry", "Website", "Estimated value", "Keep in touch (days)"]
    header += ["Tags", "About", "Archived"]
    tags: dict[int, list[str]] = {}
    conn = journal.conn()
    for cid, tag in conn.execute(
        "SELECT ct.customer_id, t.name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id "
        "ORDER BY t.name_key"
    ):
        tags.setdefault(int(cid), []).append(str(tag))
    rows = [
        (
            name,
            str(kind).capitalize(),
            vocab.STAGE_LABELS.get(stage, stage),
            industry,
            website,
            format_minor(value),
            cadence or "",
            ", ".join(tags.get(int(cid), [])),
            about,
            "yes" if archived else "",
        )
        for cid, name, kind, stage, industry, website, value, cadence, about, archived in conn.execute(
            "SELECT id, name, customer_kind, stage, industry, website, value_minor, cadence_days, about, "
            "archived FROM customer ORDER BY archived, name_key"
        )
    ]
    return csv_text(header, rows), len(rows)


def _people_csv(journal: Journal) -> tuple[str, int]:
    header = ("Name", "Company", "Role", "Email", "Phone", "Birthday", "Notes")
    people = current_people(journal)
    rows = [
        (p.name, p.company, p.role, p.email, p.phone, _birthday(*(p.birthday or (None, None, None))), p.notes)
        for p in people
    ]
    return csv_text(header, rows), len(rows)


def _promises_csv(journal: Journal) -> tuple[str, int]:
    header = ("Customer", "Person", "Who promised", "Promise", "Due", "Status", "Kept on", "Why released")
    owners = {"me": "I did", "them": "They did"}
    rows = [
        (customer, person or "", owners.get(owner, owner), text, due, status.capitalize(), done or "", why)
        for customer, person, owner, text, due, status, done, why in journal.conn().execute(
            "SELECT c.name, k.name, p.owner, p.text, p.due_on, p.status, p.completed_on, p.release_reason "
            "FROM promise p JOIN customer c ON c.id = p.customer_id "
            "LEFT JOIN contact k ON k.id = p.contact_id "
            "ORDER BY p.due_on, p.id"
        )
    ]
    return csv_text(header, rows), len(rows)


_CSV_WRITERS = {"customers": _customers_csv, "people": _people_csv, "promises": _promises_csv}


@dataclass(frozen=True)
class BookExport:
    files: tuple[Path, ...]
    counts: dict[str, int]

    def summary(self) -> str:
        return ", ".join(f"{n:,} {what}" for what, n in self.counts.items())


def export_csv(journal: Journal, path: Path, what: str | None = None) -> BookExport:
    """Customers, people and promises as `customers.csv`, `people.csv` and `promises.csv` in the folder
    `path`; or one of them (`what`) as the file `path`."""
    if what is not None and what not in CSV_KINDS:
        raise ValueError(what)
    kinds = (what,) if what else CSV_KINDS
    targets = [path] if what else [path / f"{kind}.csv" for kind in kinds]
    for target in targets:
        check_output(target, journal=journal.path)
    texts = {kind: _CSV_WRITERS[kind](journal) for kind in kinds}
    if not what:
        ensure_private_dir(path)
    for kind, target in zip(kinds, targets, strict=True):
        write_private_atomic(target, texts[kind][0])
    return BookExport(tuple(targets), {kind: texts[kind][1] for kind in kinds})


# -- vCard 4 (RFC 6350) ------------------------------------------------------------------------------------


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a character."""
    out: list[str] = []
    current = ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return "\r\n ".join(out)


def _card(p: Person) -> str:
    words = p.name.split()
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (p.name, "")
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:urn:uuid:{p.uid}",
        f"FN:{_escape(p.name)}",
        f"N:{_escape(family)};{_escape(given)};;;",
    ]
    if p.company:
        lines.append(f"ORG:{_escape(p.company)}")
    if p.role:
        lines.append(f"TITLE:{_escape(p.role)}")
    if p.email:
        lines.append(f"EMAIL;TYPE=work:{_escape(p.email)}")
    if p.phone:
        lines.append(f"TEL;TYPE=work;VALUE=text:{_escape(p.phone)}")
    if p.birthday is not None:
        month, day, year = p.birthday
        lines.append(f"BDAY:{year:04d}{month:02d}{day:02d}" if year else f"BDAY:--{month:02d}{day:02d}")
    if p.notes:
        lines.append(f"NOTE:{_escape(p.notes)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def export_vcard(journal: Journal, path: Path) -> BookExport:
    """Every current person as a vCard 4 in one `.vcf` file."""
    check_output(path, journal=journal.path)
    people = current_people(journal)
    write_private_atomic(path, "".join(_card(p) for p in people))
    return BookExport((path,), {"people": len(people)})
