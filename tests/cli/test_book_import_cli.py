"""`sales-journal import` with contacts: a dry run shows and writes nothing, a real run reports what it
made, a second run makes nothing, and a hostile file exits 2 with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from journal.services import customers
from journal.storage.db import Journal
from tests.journal.exchange.test_book_import import FIXTURES, counts
from ui.cli import main


def test_dry_run_then_import_then_again(journal_path: Path, capsys) -> None:
    with Journal.open(journal_path) as j:
        customers.create_customer(j, name="Acme Ltd")
    linkedin = str(FIXTURES / "linkedin_connections.csv")
    assert main(["--journal", str(journal_path), "import", linkedin, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would create 4 customers, 5 people" in out
    assert "“ACME Limited” looks like “Acme Ltd”" in out and "Nothing was written" in out
    with Journal.open(journal_path) as j:
        assert counts(j) == (1, 0, 0)
    assert main(["--journal", str(journal_path), "import", linkedin, "--format-out", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["layout"] == "LinkedIn connections"
    assert report["counts"]["people_created"] == 5 and report["counts"]["waiting_for_review"] == 1
    assert main(["--journal", str(journal_path), "import", linkedin, "--near", "keep"]) == 0
    assert "Created 1 customers, 1 people" in capsys.readouterr().out
    assert main(["--journal", str(journal_path), "import", linkedin, "--near", "keep"]) == 0
    assert "Created 0 customers, 0 people and 0 birthdays" in capsys.readouterr().out


def test_a_mapping_reads_an_odd_column(journal_path: Path, tmp_path: Path, capsys) -> None:
    f = tmp_path / "list.csv"
    f.write_text("Who,Works at,Reach\nKai Berg,Nordlys AS,kai@nordlys.example\n")
    args = ["--journal", str(journal_path), "import", str(f)]
    assert main([*args, "--map", "Who=name", "--map", "Works at=company", "--map", "Reach=email"]) == 0
    with Journal.open(journal_path) as j:
        row = j.conn().execute("SELECT name, email FROM contact").fetchone()
    assert row == ("Kai Berg", "kai@nordlys.example")
    assert main([*args, "--map", "Nope=name"]) == 2
    assert "has no column “Nope”" in capsys.readouterr().err


def test_a_hostile_file_exits_2_and_leaves_no_journal(tmp_path: Path, capsys) -> None:
    f = tmp_path / "contacts.csv"
    f.write_text("Name,Company\nBob,\"=cmd|' /C calc'!A0\"\n")
    new = tmp_path / "new" / "journal.sqlite3"
    assert main(["--journal", str(new), "import", str(f)]) == 2
    assert "spreadsheet formula" in capsys.readouterr().err
    assert not new.parent.exists()


def test_a_json_export_still_goes_only_into_an_empty_journal(
    journal_path: Path, tmp_path: Path, capsys
) -> None:
    with Journal.open(journal_path) as j:
        customers.create_customer(j, name="Acme Ltd")
    out = tmp_path / "all.json"
    assert main(["--journal", str(journal_path), "export", "--format", "json", "-o", str(out)]) == 0
    assert main(["--journal", str(journal_path), "import", str(out)]) == 2
    assert "empty journal" in capsys.readouterr().err
