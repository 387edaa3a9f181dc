"""`sales-journal brief`: finding the customer, the formats, files written privately, and exit codes."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from journal.services import contacts, customers, interactions, promises
from journal.storage.db import Journal
from ui.cli import main


@pytest.fixture
def filled(journal: Journal, journal_path: Path) -> Path:
    for name in ("Redwood Properties", "Redwood Restaurants", "Acme Bakery"):
        customers.create_customer(journal, name=name)
    return journal_path


def acme_id(journal: Journal) -> int:
    from journal.reads.queries import find_customers

    return find_customers(journal, "Acme Bakery")[0].id


def brief(path: Path, *args: str) -> int:
    return main(["--journal", str(path), "brief", *args])


def test_an_ambiguous_name_exits_2_listing_the_candidates(filled: Path, capsys) -> None:
    assert brief(filled, "red") == 2
    err = capsys.readouterr().err
    assert "“red” matches 2 customers" in err
    assert "Redwood Properties" in err and "Redwood Restaurants" in err


def test_an_unknown_name_exits_2(filled: Path, capsys) -> None:
    assert brief(filled, "Nobody") == 2
    assert "No customer matches “Nobody”" in capsys.readouterr().err


def test_an_archived_customer_is_found_when_no_current_one_matches(
    filled: Path, journal: Journal, capsys
) -> None:
    customers.archive_customer(journal, acme_id(journal))
    assert brief(filled, "acme") == 0
    assert "ACME BAKERY" in capsys.readouterr().out
    customers.create_customer(journal, name="Acme Tools")
    assert brief(filled, "acme") == 0
    assert "ACME TOOLS" in capsys.readouterr().out, "a current customer wins over an archived one"


def test_a_missing_journal_exits_1(tmp_path: Path, capsys) -> None:
    assert brief(tmp_path / "none.sqlite3", "Acme") == 1
    assert "There is no journal" in capsys.readouterr().err


def test_text_fits_80_columns_and_has_every_section(filled: Path, journal: Journal, capsys) -> None:
    cid = acme_id(journal)
    ann = contacts.add_contact(journal, cid, name="Ann Lee", role="Chief Financial Officer").created_id(
        "contact"
    )
    promises.add_promise(
        journal,
        cid,
        text="Send the pricing for three sites, with the multi-year discount spelled out " * 2,
        due_on=journal.clock.today() - timedelta(days=3),
        contact_id=ann,
    )
    assert brief(filled, "acme") == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    for title in ("I OWE THEM", "THEY OWE ME", "WHAT THEY CARE ABOUT", "OBJECTIONS", "PEOPLE"):
        assert title in out
    assert "LAST CONVERSATIONS" in out and "QUESTIONS TO ASK" in out
    assert "  ! Send the pricing" in out  # overdue, marked
    assert "days late" in out


def test_json_has_the_stable_keys_and_is_written_privately(filled: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "out" / "acme.json"
    assert brief(filled, "Acme Bakery", "--format", "json", "-o", str(target)) == 0
    assert "Wrote the brief for Acme Bakery" in capsys.readouterr().out
    data = json.loads(target.read_text())
    for key in (
        "customer",
        "i_owe",
        "they_owe",
        "care_about",
        "objections",
        "people",
        "last_conversations",
        "questions",
        "revisit",
    ):
        assert key in data
    assert data["customer"]["name"] == "Acme Bakery"
    assert data["i_owe"] == {"total": 0, "items": [], "empty": data["i_owe"]["empty"]}
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_markdown_and_html_go_to_stdout(filled: Path, capsys) -> None:
    assert brief(filled, "acme", "--format", "markdown") == 0
    assert capsys.readouterr().out.startswith("# Acme Bakery\n")
    assert brief(filled, "acme", "--format", "html") == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and "<h1>Acme Bakery</h1>" in out


def test_pdf_is_a_real_pdf_with_pages(qapp, filled: Path, journal: Journal, tmp_path: Path) -> None:
    """(`qapp`: in-process, the test session's QApplication must exist before the command's own.)"""
    cid = acme_id(journal)
    for n in range(40):  # more than a page holds: the first few are printed, the rest counted
        promises.add_promise(journal, cid, text=f"Promise number {n}", due_on=journal.clock.today())
    target = tmp_path / "acme.pdf"
    assert brief(filled, "acme", "--format", "pdf", "-o", str(target)) == 0
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_meeting_option_takes_an_id_or_next_and_refuses_another_customers(
    filled: Path, journal: Journal, capsys
) -> None:
    cid = acme_id(journal)
    soon = journal.clock.now() + timedelta(days=2)
    meeting = interactions.plan_meeting(journal, cid, occurred_at=soon, goal="Agree the pilot scope")
    mid = meeting.created_id("interaction")
    assert brief(filled, "acme", "--meeting", str(mid)) == 0
    assert "GOAL  Agree the pilot scope" in capsys.readouterr().out
    assert brief(filled, "acme", "--meeting", "next") == 0
    assert "GOAL  Agree the pilot scope" in capsys.readouterr().out
    assert brief(filled, "redwood properties", "--meeting", str(mid)) == 2
    assert "not with Redwood Properties" in capsys.readouterr().err
    assert brief(filled, "redwood properties", "--meeting", "next") == 2
    assert "No meeting with them is planned" in capsys.readouterr().err
    assert brief(filled, "acme", "--meeting", "soon") == 2


def test_pdf_from_a_terminal_without_a_display(filled: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    target = tmp_path / "acme.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "--journal",
            str(filled),
            "brief",
            "acme",
            "--format",
            "pdf",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF")


def test_a_pdf_is_not_poured_into_a_terminal(filled: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert brief(filled, "acme", "--format", "pdf") == 2
    assert "add -o FILE" in capsys.readouterr().err
