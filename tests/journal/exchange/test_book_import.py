"""Bringing a rep's book in: every vendor's export reads into customers and people, nothing comes in
twice, near matches wait for the rep, and a hostile file is refused with nothing written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from journal.exchange.imports import ImportProblem, detect, matching
from journal.exchange.imports.apply import apply
from journal.exchange.imports.meetings import apply_meetings, plan_meetings
from journal.reads import queries
from journal.services import contacts, customers
from journal.storage.db import Journal
from journal.storage.undo import UndoStack

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
WINDOW = (date(2026, 1, 1), date(2026, 12, 31))


def bring_in(journal: Journal, name: str | Path, **decide: str) -> matching.Plan:
    path = name if isinstance(name, Path) else FIXTURES / name
    source = detect.read(path, date_order=journal.clock.date_order, window=WINDOW)
    plan = matching.make_plan(
        matching.snapshot(journal),
        source.entries,
        name=path.name,
        default=decide.get("near"),  # type: ignore[arg-type]
    )
    apply(journal, plan)
    return plan


def people(journal: Journal) -> dict[str, tuple[str, str, str, str]]:
    """Each person by name: (customer, role, email, phone)."""
    rows = journal.conn().execute(
        "SELECT k.name, c.name, k.role, k.email, k.phone"
        " FROM contact k JOIN customer c ON c.id = k.customer_id"
    )
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def counts(journal: Journal) -> tuple[int, int, int]:
    conn = journal.conn()
    return tuple(
        conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("customer", "contact", "important_date")
    )  # type: ignore[return-value]


@pytest.fixture
def book(journal: Journal) -> Journal:
    """A journal a rep already uses: Acme Ltd with Jon Smith, whose role the rep wrote themselves."""
    acme = customers.create_customer(journal, name="Acme Ltd").created_id("customer")
    contacts.add_contact(journal, acme, name="Jon Smith", role="Signs the cheques")
    return journal


@pytest.mark.parametrize(
    ("fixture", "layout", "person", "expected"),
    [
        ("linkedin_connections.csv", "LinkedIn connections", "Tomás Ferreira",
         ("Northwind Traders", "VP Operations", "tomas.ferreira@northwind.example", "")),
        ("google_contacts.csv", "Google Contacts", "Ana Costa",
         ("Lumen Bank", "Head of Procurement", "ana.costa@lumenbank.example", "+351 912 345 678")),
        ("google_contacts_legacy.csv", "Google Contacts (older layout)", "Grace Hopper",
         ("Naval Code Works", "Rear Admiral", "grace@navalcode.example", "+1 202 555 0142")),
        ("outlook_com.csv", "Outlook.com contacts", "Yuki Tanaka",
         ("Sakura Robotics 株式会社", "Sales Director", "yuki.tanaka@sakura-robotics.example",
          "+81 3 1234 5678")),
        ("outlook_desktop.csv", "Outlook contacts", "Jürgen Müller",
         ("Bäckerei Müller GmbH", "Geschäftsführer", "j.mueller@baeckerei-mueller.example",
          "+49 89 1234567")),
        ("hubspot_contacts.csv", "HubSpot", "Dana Whitfield",
         ("Harbor Health", "COO", "dana.whitfield@harborhealth.example", "+1 617 555 0199")),
        ("pipedrive_people.csv", "Pipedrive", "Kwame Mensah",
         ("Atlas Shipping", "Head of IT", "kwame@atlasshipping.example", "")),
        ("other_crm.tsv", "Contacts (columns matched by their names)", "Hana Novak",
         ("Tatra Systems", "", "hana.novak@tatra.example", "+420 601 123 456")),
        ("semicolon.csv", "Contacts (columns matched by their names)", "Luca Ricci",
         ("Ricci Ingegneria S.r.l.", "", "luca@ricci-ing.example", "+39 02 1234 5678")),
        ("phone_v21.vcf", "vCard 2.1", "Jürgen Müller",
         ("Bäckerei Müller GmbH", "Owner", "j.mueller@baeckerei-mueller.example", "+49 89 1234567")),
        ("contacts_v30.vcf", "vCard 3.0", "Chidi Okafor",
         ("Lagos Solar Co.", "Procurement Lead", "chidi@lagossolar.example", "+234 803 123 4567")),
        ("contacts_v40.vcf", "vCard 4.0", "Sofia Alvarez",
         ("Andes Mining S.A.", "CFO", "sofia.alvarez@andesmining.example", "+56-9-8765-4321")),
    ],
)  # fmt: skip
def test_each_vendors_export_comes_in_and_a_second_import_adds_nothing(
    book: Journal, fixture: str, layout: str, person: str, expected: tuple[str, str, str, str]
) -> None:
    assert detect.read(FIXTURES / fixture).layout == layout
    bring_in(book, fixture)
    assert people(book)[person] == expected
    before = counts(book)
    again = bring_in(book, fixture)
    assert again.records == 0 and not again.person_fills and not again.customer_fills
    assert counts(book) == before


def test_linkedin_near_duplicates_wait_for_review_and_exact_matches_keep_what_the_rep_wrote(
    book: Journal,
) -> None:
    plan = bring_in(book, "linkedin_connections.csv")
    assert [r.incoming for r in plan.reviews] == ["ACME Limited"]
    assert plan.waiting == 1  # Jonathan Smith at ACME Limited: nothing made until the rep decides
    found = people(book)
    assert "Jonathan Smith" not in found
    # Jon Smith at Acme Ltd matched exactly: the rep's own words for his role stay.
    assert found["Jon Smith"][1] == "Signs the cheques"
    assert found["Mei Lin"][0] == "Mei Lin"  # no company: a customer of her own
    assert found["Sean O'Brien, Jr."][0] == "Smith, Jones & Co."
    notes = book.conn().execute("SELECT notes FROM contact WHERE name = 'Priya Shah'").fetchone()[0]
    assert notes == "Profile: https://www.linkedin.com/in/priya-shah-4b1a2"


def test_merging_a_near_match_puts_the_person_under_the_existing_customer(book: Journal) -> None:
    plan = bring_in(book, "linkedin_connections.csv", near="merge")
    # ACME Limited is Acme Ltd; then Jonathan Smith there looks like Jon Smith: merged too, so no new person.
    assert {r.kind for r in plan.reviews} == {"customer", "person"}
    assert "Jonathan Smith" not in people(book)
    assert book.conn().execute("SELECT count(*) FROM customer WHERE name LIKE 'acme%'").fetchone()[0] == 1


def test_keeping_both_makes_a_second_customer(book: Journal) -> None:
    bring_in(book, "linkedin_connections.csv", near="keep")
    assert people(book)["Jonathan Smith"][0] == "ACME Limited"


def test_a_person_is_found_by_email_at_any_customer(book: Journal) -> None:
    bring_in(book, "google_contacts.csv")
    # Leah has no company in Google; her work email's domain is Orbital Freight's, where Ravi is.
    assert people(book)["Leah Goldberg"][0] == "Orbital Freight"
    # Ana's second email and phone are kept in her notes.
    notes = book.conn().execute("SELECT notes FROM contact WHERE name = 'Ana Costa'").fetchone()[0]
    assert "Other email: ana@costa.example" in notes and "Other phone: +351 213 000 111" in notes
    dates = {(r[0], r[1], r[2]) for r in book.conn().execute("SELECT month, day, year FROM important_date")}
    assert dates == {(5, 17, 1984), (11, 2, None)}


def test_an_exact_match_fills_only_empty_fields(book: Journal) -> None:
    acme = queries.find_customers(book, "Acme Ltd")[0].id
    contacts.add_contact(book, acme, name="Dana Whitfield", email="dana.whitfield@harborhealth.example",
                         role="Runs the board")  # fmt: skip
    bring_in(book, "hubspot_contacts.csv")
    dana = people(book)["Dana Whitfield"]
    assert dana == ("Acme Ltd", "Runs the board", "dana.whitfield@harborhealth.example", "+1 617 555 0199")


def test_hubspot_companies_fill_the_customers_their_contacts_made(book: Journal) -> None:
    bring_in(book, "hubspot_contacts.csv")
    plan = bring_in(book, "hubspot_companies.csv")
    assert [c.name for c in plan.new_customers] == ["Kestrel Aerospace"]
    row = (
        book.conn().execute("SELECT website, industry FROM customer WHERE name = 'Harbor Health'").fetchone()
    )
    assert row == ("harborhealth.example", "Hospital & Health Care")


def test_an_email_the_journal_would_refuse_is_kept_in_the_notes(book: Journal, tmp_path: Path) -> None:
    f = tmp_path / "contacts.csv"
    f.write_text("Name,Company,Email,Phone\nOla Nordmann,Fjord AS,ola at fjord,1-800-FLOWERS\n")
    plan = bring_in(book, f)
    assert people(book)["Ola Nordmann"][2:] == ("", "")
    notes = book.conn().execute("SELECT notes FROM contact WHERE name = 'Ola Nordmann'").fetchone()[0]
    assert notes == "Email: ola at fjord\nPhone: 1-800-FLOWERS"
    assert len(plan.notices) == 2


def test_a_name_the_journal_would_refuse_skips_the_row_with_the_reason(book: Journal, tmp_path: Path) -> None:
    f = tmp_path / "contacts.csv"
    f.write_text('Name,Company\n"Eve\u202eevil",Acme Ltd\nBob Stone,Acme Ltd\n')
    plan = bring_in(book, f)
    assert [s.line for s in plan.skipped] == [2]
    assert "control characters" in plan.skipped[0].reason
    assert "Bob Stone" in people(book)


def test_the_whole_import_is_one_undo_step(book: Journal) -> None:
    stack = UndoStack(book)
    before = counts(book)
    bring_in(book, "google_contacts.csv")
    assert stack.undo_text == "Undo import ‘google_contacts.csv’"
    stack.undo()
    assert counts(book) == before


def test_our_own_protected_cells_read_back_as_written(book: Journal, tmp_path: Path) -> None:
    f = tmp_path / "ours.csv"
    f.write_text('"Name","Company"\n"\'=Dee Sharp","\'@Home Ltd"\n')
    bring_in(book, f)
    assert people(book)["=Dee Sharp"][0] == "@Home Ltd"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name,Company\nBob,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n", "spreadsheet formula"),
        (b"Name,Company\n\"-cmd|' /C calc'!A0\",Acme\n", "spreadsheet formula"),
        (b"Name,Notes\nBob,\"" + b"x" * (1024 * 1024) + b"\"\n", "longer than 128 KB"),
        (b"PK\x03\x04" + bytes(range(256)) * 4, "Excel workbook"),
        (bytes(range(256)) * 8, "binary"),
        (b"Name,Company\n" + "ソニー株式会社".encode("shift_jis") + b",Sony\n",
         "neither UTF-8 nor Windows-1252"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\nNOTE:" + b"y" * (1024 * 1024) + b"\r\nEND:VCARD\r\n",
         "longer than 128 KB"),
    ],
)  # fmt: skip
def test_a_hostile_file_is_refused_plainly_and_nothing_is_written(
    book: Journal, tmp_path: Path, content: bytes, message: str
) -> None:
    f = tmp_path / "hostile.csv"
    f.write_bytes(content)
    before = counts(book)
    with pytest.raises(ImportProblem, match=message) as refused:
        bring_in(book, f)
    assert "Nothing was imported" in str(refused.value)
    assert counts(book) == before


def test_calendar_meetings_join_their_people_and_a_second_import_moves_not_copies(
    book: Journal, tmp_path: Path
) -> None:
    brightwater = customers.create_customer(book, name="Brightwater").created_id("customer")
    contacts.add_contact(book, brightwater, name="Priya Shah", email="priya.shah@brightwater.example")
    source = detect.read(FIXTURES / "meetings.ics", window=WINDOW)
    plan = plan_meetings(book, source.meetings, "meetings.ics")
    assert [s.label for s in plan.skipped] == ["Dentist"]
    apply_meetings(book, plan)
    rows = (
        book.conn()
        .execute("SELECT state, occurred_at, goal FROM interaction ORDER BY occurred_at")
        .fetchall()
    )
    # Six weekly syncs and the kick-off; the clock stands at 22 Nov 2026, so three syncs were held.
    assert [r[0] for r in rows] == ["done"] * 3 + ["planned"] * 4
    attended = book.conn().execute("SELECT count(*) FROM attendee").fetchone()[0]
    assert attended == 7
    moved = (
        (FIXTURES / "meetings.ics")
        .read_text()
        .replace("London:20261201T100000", "London:20261203T140000")
        .replace("London:20261201T110000", "London:20261203T150000")
    )
    (tmp_path / "meetings.ics").write_text(moved)
    again = plan_meetings(
        book, detect.read(tmp_path / "meetings.ics", window=WINDOW).meetings, "meetings.ics"
    )
    assert (len(again.new), len(again.moved)) == (0, 1)
    apply_meetings(book, again)
    kickoff = (
        book.conn().execute("SELECT occurred_at FROM interaction WHERE goal LIKE 'Kick-off%'").fetchall()
    )
    assert kickoff == [("2026-12-03T14:00:00.000000Z",)]
