"""The JSON export and import: a round trip reproduces a journal exactly, and hostile files are refused
in plain words with nothing written."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from journal.domain.clock import FixedClock
from journal.exchange import journal_json as exchange
from journal.reads import search
from journal.sample import fill_sample
from journal.services import contacts, customers, interactions
from journal.storage import integrity
from journal.storage.db import Journal
from tests.conftest import NOW
from tests.journal.storage.test_undo import content

ODD_TEXT = {
    "control": "Line one\n\tindented \u200b zero-width",
    "rtl": "Invoice \u202egnp.exe\u202c from ‮evil",
    "sql": "Robert'); DROP TABLE customer;--",
    "long": "word " * 20_000,
}


@pytest.fixture
def filled(journal: Journal) -> Journal:
    fill_sample(journal, size="small")
    cid = customers.create_customer(journal, name=ODD_TEXT["sql"], about=ODD_TEXT["rtl"]).created_id(
        "customer"
    )
    pid = contacts.add_contact(journal, cid, name="Zoë", notes=ODD_TEXT["control"]).created_id("contact")
    interactions.add_interaction(journal, cid, attendees=[pid], notes=ODD_TEXT["long"])
    return journal


def test_round_trip_reproduces_the_journal_exactly(
    filled: Journal, tmp_path: Path, clock: FixedClock
) -> None:
    first = exchange.export_json(filled, tmp_path / "out" / "first.json", now=NOW)
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    data = json.loads(first.read_text())
    assert data["format"] == "sales-journal" and data["version"] == 1
    promise = data["records"]["promise"][0]
    assert "customer" in promise and "id" not in promise and len(promise["uid"]) == 36
    assert {r["uid"] for r in data["records"]["customer"]} >= {promise["customer"]}

    with Journal.open(tmp_path / "new.sqlite3", clock=clock) as fresh:
        counts = exchange.import_json(fresh, first)
        assert counts["customer"] == 26 and counts["interaction"] > 200
        second = exchange.export_json(fresh, tmp_path / "second.json", now=NOW)
        assert second.read_bytes() == first.read_bytes()
        assert content(fresh) == content(filled)
        assert [h.customer for h in search.search(fresh, "DROP TABLE")] == [ODD_TEXT["sql"]]
        assert integrity.check(fresh).ok
        customers.create_customer(fresh, name="Zanzibar Imports")  # the index is kept up again
        assert [h.customer for h in search.search(fresh, "Zanzibar")] == ["Zanzibar Imports"]


def test_import_goes_only_into_an_empty_journal(filled: Journal, tmp_path: Path) -> None:
    out = exchange.export_json(filled, tmp_path / "x.json", now=NOW)
    before = content(filled)
    with pytest.raises(exchange.ImportRefused, match="empty journal"):
        exchange.import_json(filled, out)
    assert content(filled) == before


def _export(filled: Journal, tmp_path: Path) -> dict:
    return json.loads(exchange.export_json(filled, tmp_path / "good.json", now=NOW).read_text())


def _break_reference(data: dict) -> None:
    data["records"]["promise"][3]["customer"] = "00000000-0000-4000-8000-000000000000"


def _wrong_type(data: dict) -> None:
    data["records"]["need"][0]["importance"] = "very"


def _huge_field(data: dict) -> None:
    data["records"]["interaction"][0]["notes"] = "x" * 10_000_000


def _duplicate_uid(data: dict) -> None:
    data["records"]["customer"][1]["uid"] = data["records"]["customer"][0]["uid"]


def _duplicate_name(data: dict) -> None:
    data["records"]["customer"][1]["name"] = data["records"]["customer"][0]["name"].upper()


def _missing_field(data: dict) -> None:
    del data["records"]["contact"][0]["name"]


def _bad_date(data: dict) -> None:
    data["records"]["promise"][0]["due_on"] = "next Tuesday"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_break_reference, "not in the file"),
        (_wrong_type, "wrong type"),
        (_huge_field, "10,000,000 characters"),
        (_duplicate_uid, "same uid"),
        (_duplicate_name, "same name as another customer"),
        (_missing_field, "has no “name”"),
        (_bad_date, "not a date like 2026-12-01"),
        (lambda d: d.update(version=7), "Update Sales Journal"),
        (lambda d: d.update(version="1"), "version '1'"),
        (lambda d: d.pop("format"), "not a Sales Journal export"),
        (lambda d: d["records"].update(spaceship=[]), "does not know"),
    ],
)
def test_hostile_content_is_refused_and_nothing_written(
    filled: Journal, tmp_path: Path, clock: FixedClock, damage, message: str
) -> None:
    data = _export(filled, tmp_path)
    damage(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with Journal.open(tmp_path / "new.sqlite3", clock=clock) as fresh:
        before = content(fresh)
        with pytest.raises(exchange.ImportRefused, match=message) as caught:
            exchange.import_json(fresh, bad)
        assert content(fresh) == before
        assert "Traceback" not in str(caught.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p, good: p.write_text("name,stage\nAcme,lead\n"), "not valid JSON"),
        (lambda p, good: p.write_bytes(good[: len(good) // 2]), "cut short"),
        (lambda p, good: p.write_bytes(b"\xff\xfe\x00garbage"), "not UTF-8 text"),
        (lambda p, good: p.write_text("[1, 2, 3]"), "not a Sales Journal export"),
        (lambda p, good: p.write_text("[" * 100_000), "not valid JSON|nested too deeply"),
        (lambda p, good: _sparse(p, 200 * 1024 * 1024), "200 MB"),
    ],
)
def test_hostile_files_are_refused(filled: Journal, tmp_path: Path, clock: FixedClock, make, message) -> None:
    good = exchange.export_json(filled, tmp_path / "good.json", now=NOW).read_bytes()
    bad = tmp_path / "bad.json"
    make(bad, good)
    with Journal.open(tmp_path / "new.sqlite3", clock=clock) as fresh:
        before = content(fresh)
        with pytest.raises(exchange.ImportRefused, match=message):
            exchange.import_json(fresh, bad)
        assert content(fresh) == before


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as f:
        f.truncate(size)


def test_a_large_export_is_read_a_record_at_a_time(
    journal: Journal, tmp_path: Path, clock: FixedClock
) -> None:
    """A rep moving years of long meeting notes: the import holds a few records at a time, never the
    file, so a journal of hundreds of megabytes imports on an ordinary laptop."""
    import tracemalloc

    cid = customers.create_customer(journal, name="Chatty Co").created_id("customer")
    for n in range(150):
        interactions.add_interaction(journal, cid, notes=f"Meeting {n}: " + "they talked at length. " * 6_000)
    export = exchange.export_json(journal, tmp_path / "long.json", now=NOW)
    size = export.stat().st_size
    assert size > 20_000_000

    with Journal.open(tmp_path / "new.sqlite3", clock=clock) as fresh:
        tracemalloc.start()
        try:
            counts = exchange.import_json(fresh, export)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert counts["interaction"] == 150
        assert content(fresh) == content(journal)
    assert peak < size / 3, f"{peak:,} bytes held for a file of {size:,}"


@pytest.mark.parametrize("layout", ["pretty", "one line", "keys reordered within records"])
def test_any_layout_of_the_same_json_imports_the_same(
    filled: Journal, tmp_path: Path, clock: FixedClock, layout: str
) -> None:
    data = _export(filled, tmp_path)
    if layout == "pretty":
        text = json.dumps(data, indent=4, ensure_ascii=True)
    elif layout == "one line":
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    else:
        data["records"] = {k: [dict(reversed(r.items())) for r in v] for k, v in data["records"].items()}
        text = json.dumps(data)
    other = tmp_path / "other.json"
    other.write_text(text)
    with Journal.open(tmp_path / "new.sqlite3", clock=clock) as fresh:
        exchange.import_json(fresh, other)
        assert content(fresh) == content(filled)


def test_every_kind_of_record_is_imported_by_the_rules_typed_input_meets(journal: Journal) -> None:
    """A table added later cannot slip through an import unchecked: each has its field rules (or is only
    links, or is the settings, checked key by key)."""
    names = {t.name for t in exchange.tables(journal.conn())}
    assert names == set(exchange.FIELD_RULES) | set(exchange.LINKS_ONLY) | {"setting"}


def _schema(journal: Journal) -> list[tuple[str, str, str]]:
    return (
        journal.conn()
        .execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name"
        )
        .fetchall()
    )


@pytest.mark.parametrize("breaks", [False, True])
def test_an_import_leaves_every_index_and_trigger_as_a_new_journal_has_them(
    filled: Journal, tmp_path: Path, clock: FixedClock, breaks: bool
) -> None:
    """An import drops the read-only indexes and the search triggers while it loads, for speed: whether it
    lands or is refused half-way through its records, the journal's schema is whole again afterwards."""
    data = _export(filled, tmp_path)
    if breaks:
        data["records"]["promise"][-1]["customer"] = "00000000-0000-4000-8000-000000000000"
    source = tmp_path / "export.json"
    source.write_text(json.dumps(data))
    with Journal.open(tmp_path / "new.sqlite3", clock=clock) as fresh:
        schema = _schema(fresh)
        if breaks:
            with pytest.raises(exchange.ImportRefused, match="not in the file"):
                exchange.import_json(fresh, source)
        else:
            exchange.import_json(fresh, source)
        assert _schema(fresh) == schema
        name = "Zanzibar Imports"
        customers.create_customer(fresh, name=name)  # written through the triggers put back
        assert name in [h.customer for h in search.search(fresh, "Zanzibar")]
        plan = " ".join(
            str(row)
            for row in fresh.conn().execute("EXPLAIN QUERY PLAN SELECT * FROM promise WHERE contact_id = 1")
        )
        assert "promise_contact_id" in plan
