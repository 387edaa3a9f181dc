"""`sales-journal search`: the same search as the palette, readable in a terminal or as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from journal.services import contacts, customers, needs
from journal.storage.db import Journal
from ui.cli import main


@pytest.fixture
def filled(journal: Journal, journal_path: Path) -> Path:
    acme = customers.create_customer(journal, name="Acme Bakery").created_id("customer")
    contacts.add_contact(journal, acme, name="Ann Lee", role="Head of gardening")
    needs.add_need(journal, acme, text="Budget freeze until May", quote="Nothing moves before the café opens")
    customers.create_customer(journal, name="Budget Ovens Ltd")
    return journal_path


def test_text_lists_the_best_matches_with_their_customer(filled: Path, capsys) -> None:
    assert main(["--journal", str(filled), "search", "budget"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("customer") and "Budget Ovens Ltd" in lines[0]  # a name beats a mention
    assert any(
        line.startswith("need") and "Budget freeze until May  ·  Acme Bakery" in line for line in lines
    )
    assert "2 results" in err


def test_json_carries_type_id_customer_snippet_and_score(filled: Path, capsys) -> None:
    assert main(["--journal", str(filled), "search", "cafe", "--format", "json"]) == 0
    [hit] = json.loads(capsys.readouterr().out)
    assert hit["type"] == "need" and hit["customer"] == "Acme Bakery"
    assert hit["snippet"] == "Nothing moves before the café opens"  # accents folded, text as written
    assert isinstance(hit["id"], int) and hit["score"] > 0


def test_several_words_the_limit_and_hostile_text(filled: Path, capsys) -> None:
    assert main(["--journal", str(filled), "search", "head", "of", "gard", "--format", "json"]) == 0
    assert [h["type"] for h in json.loads(capsys.readouterr().out)] == ["contact"]
    assert main(["--journal", str(filled), "search", "budget", "--limit", "1", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    for hostile in ['"', "-", "AND OR", "*", "(", "x" * 10_000, "🙂"]:
        assert main(["--journal", str(filled), "search", hostile, "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out) == []
    assert main(["--journal", str(filled), "search", "nothing-like-it"]) == 0
    assert "Nothing found" in capsys.readouterr().err


def test_bad_limit_and_missing_journal_say_so(filled: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as bad:
        main(["--journal", str(filled), "search", "budget", "--limit", "0"])
    assert bad.value.code == 2
    assert main(["--journal", str(tmp_path / "none.sqlite3"), "search", "budget"]) == 1
    assert "There is no journal" in capsys.readouterr().err


def test_search_runs_without_qt(filled: Path) -> None:
    code = (
        "import sys; from ui.cli import main; "
        f"rc = main(['--journal', {str(filled)!r}, 'search', 'budget']); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was loaded'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Budget Ovens Ltd" in done.stdout
