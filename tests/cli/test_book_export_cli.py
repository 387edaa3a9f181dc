"""`sales-journal export --format csv|vcard`: the book out to a spreadsheet or a phone, safely (formula-like
cells protected, files private, never over a journal), and back in through our own import unchanged."""

from __future__ import annotations

import csv
import stat
from datetime import date
from pathlib import Path

import pytest

from journal.exchange.book_export import protect
from journal.services import contacts, customers, promises
from journal.storage.db import Journal
from tests.journal.exchange.test_book_import import counts
from ui.cli import main

# What a rep may well have typed, and a spreadsheet would run.
RISKY_NOTES = '=HYPERLINK("http://evil.example","click")\n@SUM(A1:A9) is what they said'


@pytest.fixture
def book(journal_path: Path) -> Path:
    with Journal.open(journal_path) as j:
        acme = customers.create_customer(
            j, name="Acme; Sons, Ltd", industry="Logistics", website="acme.example", tags=["renewal"]
        ).created_id("customer")
        priya = contacts.add_contact(
            j,
            acme,
            name="Priya Shah",
            role="-CFO-",
            email="priya@acme.example",
            phone="+44 20 7946 0000",
            notes=RISKY_NOTES,
        ).created_id("contact")
        contacts.add_important_date(j, acme, month=3, day=14, year=1985, contact_id=priya)
        contacts.add_contact(j, acme, name="Tomás Ferreira", role="Head of IT, EMEA")
        mei = customers.create_customer(j, name="Mei Lin", customer_kind="individual").created_id("customer")
        mei_lin = contacts.add_contact(j, mei, name="Mei Lin", notes="Independent consultant").created_id(
            "contact"
        )
        contacts.add_important_date(j, mei, month=2, day=29, contact_id=mei_lin)
        promises.add_promise(j, acme, text="+1 on the proposal, send it", due_on=date(2026, 11, 24))
        gone = customers.create_customer(j, name="Old Co").created_id("customer")
        contacts.add_contact(j, gone, name="Archie Ved")
        customers.archive_customer(j, gone)
    return journal_path


def people_of(journal_path: Path) -> set[tuple[object, ...]]:
    with Journal.open(journal_path) as j:
        rows = (
            j.conn()
            .execute(
                "SELECT k.name, CASE WHEN c.customer_kind = 'individual' THEN '' ELSE c.name END, "
                "k.role, k.email, k.phone, k.notes, d.month, d.day, d.year "
                "FROM contact k JOIN customer c ON c.id = k.customer_id "
                "LEFT JOIN important_date d ON d.contact_id = k.id WHERE c.archived = 0"
            )
            .fetchall()
        )
    return set(rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_protect_prefixes_only_what_a_spreadsheet_would_run() -> None:
    for risky in ("=1+2", "+44 20", "-CFO-", "@SUM(A1)", "\tx", "\rx", "'=x"):
        assert protect(risky) == "'" + risky
    for safe in ("Acme", "Send pricing", "", "'quoted'", "a=b"):
        assert protect(safe) == safe


def test_csv_export_writes_three_private_quoted_files(book: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "book"
    assert main(["--journal", str(book), "export", "--format", "csv", "-o", str(out)]) == 0
    assert "3 customers, 3 people, 1 promises" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["customers.csv", "people.csv", "promises.csv"]
    for f in out.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
        raw = f.read_text(encoding="utf-8-sig")
        for line in raw.splitlines()[:1]:
            assert line.startswith('"') and line.endswith('"')  # every cell quoted
    people = read_csv(out / "people.csv")
    priya = next(p for p in people if p["Name"] == "Priya Shah")
    assert priya["Notes"] == "'" + RISKY_NOTES
    assert priya["Role"] == "'-CFO-" and priya["Phone"] == "'+44 20 7946 0000"
    assert priya["Birthday"] == "1985-03-14" and priya["Company"] == "Acme; Sons, Ltd"
    assert "Archie Ved" not in {p["Name"] for p in people}  # only current people
    promise = read_csv(out / "promises.csv")[0]
    assert promise["Promise"] == "'+1 on the proposal, send it" and promise["Due"] == "2026-11-24"


def test_csv_people_read_back_through_our_import_unprefixed(book: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "people.csv"
    assert (
        main(["--journal", str(book), "export", "--format", "csv", "--what", "people", "-o", str(out)]) == 0
    )
    fresh = tmp_path / "fresh.sqlite3"
    assert main(["--journal", str(fresh), "import", str(out)]) == 0
    assert people_of(fresh) == people_of(book)
    # And into the journal it came from: nothing new.
    with Journal.open(book) as j:
        before = counts(j)
    assert main(["--journal", str(book), "import", str(out)]) == 0
    with Journal.open(book) as j:
        assert counts(j) == before


def test_vcard_export_is_version_4_and_reads_back_to_the_same_people(
    book: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "phone.vcf"
    assert main(["--journal", str(book), "export", "--format", "vcard", "-o", str(out)]) == 0
    assert "3 people (vCard 4)" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD") == 3 and text.count("VERSION:4.0") == 3
    assert "ORG:Acme\\; Sons\\, Ltd" in text and "BDAY:19850314" in text and "BDAY:--0229" in text
    assert [line for line in text.split("\r\n") if len(line.encode()) > 75] == []
    fresh = tmp_path / "fresh.sqlite3"
    assert main(["--journal", str(fresh), "import", str(out)]) == 0
    assert people_of(fresh) == people_of(book)
    with Journal.open(book) as j:
        before = counts(j)
    assert main(["--journal", str(book), "import", str(out)]) == 0
    with Journal.open(book) as j:
        assert counts(j) == before


def test_an_export_never_writes_over_a_journal(book: Path, tmp_path: Path, capsys) -> None:
    before = book.read_bytes()
    for fmt, extra in (("vcard", []), ("csv", ["--what", "people"])):
        assert main(["--journal", str(book), "export", "--format", fmt, *extra, "-o", str(book)]) == 2
        assert "journal" in capsys.readouterr().err
    assert book.read_bytes() == before
    assert main(["--journal", str(book), "export", "--format", "vcard", "--what", "people", "-o", "x"]) == 2
    assert "--what" in capsys.readouterr().err
