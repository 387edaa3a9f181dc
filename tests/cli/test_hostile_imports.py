"""A JSON export from somewhere else, edited by hand or by a program, is held to the rules typed input
meets: a value the app would refuse from the rep is refused from a file, in plain words naming the record
and the field, and no journal is made. What used to get in broke `check`, `today`, `brief`, `export` and
the app afterwards."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from journal.domain.text import name_key
from journal.reads import queries
from journal.sample import fill_sample
from journal.storage.db import Journal
from tests.journal.storage.test_undo import content
from ui.cli import main

Records = dict[str, list[dict]]


@pytest.fixture(scope="module")
def good_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    with Journal.open(folder / "journal.sqlite3") as j:
        fill_sample(j, size="small")
    out = folder / "journal.json"
    assert (
        main(["--journal", str(folder / "journal.sqlite3"), "export", "--format", "json", "-o", str(out)])
        == 0
    )
    return out


def _setting(records: Records, key: str, value: str) -> None:
    for row in records["setting"]:
        if row["key"] == key:
            row["value"] = value
            return
    records["setting"].append({"key": key, "value": value})


def _first(kind: str, field: str, value: object, where: Callable[[dict], bool] = lambda r: True):
    def damage(records: Records) -> None:
        next(r for r in records[kind] if where(r))[field] = value

    return damage


def _other_customers_person(records: Records) -> None:
    promise = records["promise"][0]
    promise["contact"] = next(c["uid"] for c in records["contact"] if c["customer"] != promise["customer"])


HOSTILE: dict[str, tuple[Callable[[Records], None], str, str]] = {
    # what is wrong: (how the file is changed, the record named, the field named)
    "bank version not a number": (lambda r: _setting(r, "bank_version", '"x"'), "setting", "value"),
    "currency as words": (lambda r: _setting(r, "currency", '"Euros please"'), "setting", "value"),
    "cadence of no days": (lambda r: _setting(r, "cadence.lead", "0"), "setting", "value"),
    "a setting nobody knows": (lambda r: _setting(r, "cadence.banana", "5"), "setting", "value"),
    "stage banana": (_first("customer", "stage", "banana"), "customer #1", "stage"),
    "owner bob": (_first("promise", "owner", "bob"), "promise #1", "owner"),
    "importance 9": (_first("need", "importance", 9), "need #1", "importance"),
    "month 13": (_first("important_date", "month", 13), "important date #1", "month"),
    "day 0": (_first("important_date", "day", 0), "important date #1", "day"),
    "31 February": (
        lambda r: r["important_date"][0].update(month=2, day=31),
        "important date #1",
        "day",
    ),
    "date without dashes": (_first("promise", "due_on", "20261201"), "promise #1", "due_on"),
    "date in 9999": (_first("promise", "due_on", "9999-12-31"), "promise #1", "due_on"),
    "written in 9999": (
        _first("interaction", "created_at", "9999-12-31T23:59:59.000000Z"),
        "interaction #1",
        "created_at",
    ),
    "meeting in year 1": (
        _first("interaction", "occurred_at", "0001-01-01T00:00:00.000000Z"),
        "interaction #1",
        "occurred_at",
    ),
    "name with NUL": (_first("customer", "name", "Acme\x00Corp"), "customer #1", "name"),
    "name with ESC": (_first("contact", "name", "Ann\x1b[31m Red"), "contact #1", "name"),
    "name with a bidi override": (_first("customer", "name", "Invoice\u202egnp.exe"), "customer #1", "name"),
    "lone surrogate": (_first("customer", "name", "Acme \ud800"), "customer #1", "name"),
    "lone surrogate in notes": (_first("interaction", "notes", "fine \udfff"), "interaction #1", "notes"),
    "archived 2": (_first("customer", "archived", 2), "customer #1", "archived"),
    "listening 11": (_first("interaction", "listening", 11), "interaction #1", "listening"),
    "kind of meeting unknown": (
        _first("interaction", "interaction_kind", "seance"),
        "interaction #1",
        "kind",
    ),
    "email that is not one": (
        _first("contact", "email", "not an address", lambda c: c["email"]),
        "contact #",
        "email",
    ),
    "empty tag": (_first("tag", "name", "#"), "tag #1", "name"),
    "draft that is not a form": (
        lambda r: r["draft"].append(
            {
                "uid": "6f1e9c4e-1d0a-4c39-9a55-3b7b5f0f0a11",
                "created_at": "2026-11-01T09:00:00.000000Z",
                "updated_at": "2026-11-01T09:00:00.000000Z",
                "form": "meeting_log",
                "customer": None,
                "interaction": None,
                "payload": "[1, 2]",
            }
        ),
        "draft #1",
        "payload",
    ),
    "a person of another customer": (_other_customers_person, "promise", "another customer"),
}


@pytest.mark.parametrize("problem", sorted(HOSTILE))
def test_a_hostile_export_is_refused_and_no_journal_is_made(
    good_export: Path, tmp_path: Path, capsys, problem: str
) -> None:
    damage, record, field = HOSTILE[problem]
    data = json.loads(good_export.read_text())
    damage(data["records"])
    bad = tmp_path / "from-elsewhere.json"
    bad.write_text(json.dumps(data))
    new = tmp_path / "laptop" / "journal.sqlite3"

    assert main(["--journal", str(new), "import", str(bad)]) == 2

    said = capsys.readouterr().err
    assert record in said and field in said, said
    assert "Traceback" not in said and "Nothing was imported" in said
    assert all(ch == "\n" or ch.isprintable() for ch in said), repr(said)
    assert not new.exists() and not new.parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["from-elsewhere.json"]


def test_a_name_key_in_the_file_is_not_trusted(good_export: Path, tmp_path: Path) -> None:
    data = json.loads(good_export.read_text())
    first = data["records"]["customer"][0]
    first["name_key"] = "zzz nothing like it"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    new = tmp_path / "new.sqlite3"

    assert main(["--journal", str(new), "import", str(edited)]) == 0

    with Journal.open(new) as j:
        found = queries.find_customers(j, first["name"])
        assert [c.name for c in found] == [first["name"]]
        key = j.conn().execute("SELECT name_key FROM customer WHERE uid = ?", (first["uid"],)).fetchone()[0]
        assert key == name_key(first["name"])


def test_a_good_export_still_round_trips_and_every_command_works_on_it(
    good_export: Path, tmp_path: Path, capsys
) -> None:
    new = tmp_path / "new.sqlite3"
    assert main(["--journal", str(new), "import", str(good_export)]) == 0
    again = tmp_path / "again.json"
    assert main(["--journal", str(new), "export", "--format", "json", "-o", str(again)]) == 0
    first, second = json.loads(good_export.read_text()), json.loads(again.read_text())
    assert first["records"] == second["records"]
    with Journal.open(good_export.parent / "journal.sqlite3") as a, Journal.open(new) as b:
        assert content(a) == content(b)
    name = first["records"]["customer"][0]["name"]
    for command in (["check"], ["today"], ["brief", name], ["backup", "-o", str(tmp_path / "b.sqlite3")]):
        assert main(["--journal", str(new), *command]) == 0, command
    assert "Traceback" not in capsys.readouterr().err
