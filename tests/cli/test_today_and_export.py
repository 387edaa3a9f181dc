"""`sales-journal today` and `sales-journal export --format ics`, run as a person runs them."""

from __future__ import annotations

import json
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from journal.domain.clock import FixedClock
from journal.sample import fill_sample
from journal.services import contacts, customers, interactions, promises
from journal.storage.db import Journal
from tests.conftest import NOW
from ui import cli

HOSTILE = 'Send the "Q1, Q2; Q3" deck\\n — then call back 🎉, ok?\nSecond line; with, commas'


@pytest.fixture
def sample_path(tmp_path: Path, clock: FixedClock) -> Path:
    path = tmp_path / "sample.sqlite3"
    with Journal.open(path, clock=clock) as j:
        fill_sample(j, size="small")
    return path


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_today_text_fits_80_columns_and_has_every_section(capsys, sample_path: Path) -> None:
    code, out, err = _run(capsys, "--journal", str(sample_path), "today", "--date", "2026-11-22")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Today · Sunday 22 November 2026"
    assert lines[1].startswith("You kept ") and "% of your promises on time" in lines[1]
    assert max(len(line) for line in lines) <= 80
    titles = ("Overdue — I owe (", "Due today & this week — I owe (", "Chase — they owe me (")
    for title in (*titles, "Slipping (", "Revisit (", "Coming up ("):
        assert any(line.startswith(title) for line in lines), title


def test_today_json_has_the_documented_keys(capsys, sample_path: Path) -> None:
    code, out, _ = _run(capsys, "--journal", str(sample_path), "today", "--format", "json")
    assert code == 0
    data = json.loads(out)
    for key in ("overdue_mine", "due_mine", "chase_theirs", "slipping", "revisit", "coming_up"):
        assert data[key] and data["counts"][key] == len(data[key]), key
    assert all(p["days_late"] > 0 for p in data["overdue_mine"])
    assert data["revisit"][0]["reason"]
    assert {c["kind"] for c in data["coming_up"]} == {"meeting", "date"}


def test_today_on_an_empty_journal_says_so_quietly(capsys, tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    Journal.open(path).close()
    code, out, _ = _run(capsys, "--journal", str(path), "today", "--date", "2026-11-22")
    assert code == 0
    assert "Overdue — I owe — Nothing overdue. Well kept." in out
    assert "None of your promises came due in the last 90 days." in out


def test_a_bad_date_is_refused(capsys, sample_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--journal", str(sample_path), "today", "--date", "22/11/2026"])
    assert exit_info.value.code == 2
    assert "is not a date like 2026-11-22" in capsys.readouterr().err


def _events(path: Path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_ics_export_round_trips_with_stable_uids_and_hostile_text(capsys, tmp_path: Path) -> None:
    clock = FixedClock(NOW)
    path = tmp_path / "j.sqlite3"
    with Journal.open(path, clock=clock) as j:
        acme = customers.create_customer(j, name="Acme, Inc.; “Bakers”").created_id("customer")
        ann = contacts.add_contact(j, acme, name="Ann Lee").created_id("contact")
        mine = promises.add_promise(j, acme, text=HOSTILE, due_on=date(2026, 11, 20), contact_id=ann)
        promises.add_promise(j, acme, text="Send the case study", due_on=date(2026, 11, 30))
        promises.add_promise(j, acme, text="Theirs: not exported", due_on=date(2026, 11, 30), owner="them")
        kept = promises.add_promise(j, acme, text="Kept: not exported", due_on=date(2026, 11, 30))
        promises.mark_kept(j, kept.created_id("promise"))
        interactions.plan_meeting(
            j, acme, occurred_at=NOW + timedelta(days=2), goal="Agree scope, budget; timing", attendees=[ann]
        )
        gone = customers.create_customer(j, name="Archived Co").created_id("customer")
        promises.add_promise(j, gone, text="Archived: not exported", due_on=date(2026, 11, 30))
        customers.archive_customer(j, gone)
        mine_id = mine.created_id("promise")

    first, second = tmp_path / "one.ics", tmp_path / "two.ics"
    code, out, _ = _run(capsys, "--journal", str(path), "export", "--format", "ics", "-o", str(first))
    assert code == 0 and "2 open promises of mine and 1 planned meeting" in out
    assert stat.S_IMODE(first.stat().st_mode) == 0o600

    raw = first.read_bytes()
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line  # folded at 75 octets
        line.decode("utf-8")  # never split inside a character
    cal = Calendar.from_ical(raw)
    cal.validate()
    events = _events(first)
    assert len(events) == 3
    promise_events = [e for e in events.values() if "Promise" in str(e.get("CATEGORIES").to_ical())]
    summaries = sorted(str(e["SUMMARY"]) for e in promise_events)
    assert summaries == sorted(
        [f"Promised Acme, Inc.; “Bakers”: {HOSTILE}", "Promised Acme, Inc.; “Bakers”: Send the case study"]
    )
    [hostile] = [e for e in promise_events if HOSTILE in str(e["SUMMARY"])]
    assert hostile.decoded("DTSTART") == date(2026, 11, 20)
    assert HOSTILE in str(hostile["DESCRIPTION"]) and "Ann Lee" in str(hostile["DESCRIPTION"])
    [meet] = [e for e in events.values() if "Meeting" in str(e.get("CATEGORIES").to_ical())]
    assert meet.decoded("DTSTART") == NOW + timedelta(days=2)
    assert "Goal: Agree scope, budget; timing" in str(meet["DESCRIPTION"])
    assert len(meet.subcomponents) == 1 and meet.subcomponents[0].name == "VALARM"

    # A second export keeps every UID; a rescheduled promise keeps its UID with a higher SEQUENCE.
    with Journal.open(path, clock=clock) as j:
        clock.set(NOW + timedelta(hours=1))
        promises.reschedule(j, mine_id, date(2026, 11, 27))
    _run(capsys, "--journal", str(path), "export", "--format", "ics", "-o", str(second))
    again = _events(second)
    assert again.keys() == events.keys()
    uid = str(hostile["UID"])
    assert again[uid].decoded("DTSTART") == date(2026, 11, 27)
    assert int(again[uid]["SEQUENCE"]) > int(hostile["SEQUENCE"])


def test_export_refuses_a_folder(capsys, sample_path: Path, tmp_path: Path) -> None:
    code, _, err = _run(
        capsys, "--journal", str(sample_path), "export", "--format", "ics", "-o", str(tmp_path)
    )
    assert code == 2 and "is a folder" in err


def test_sample_export_has_every_open_promise_of_mine_once(capsys, sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "sample.ics"
    assert _run(capsys, "--journal", str(sample_path), "export", "--format", "ics", "-o", str(out))[0] == 0
    with Journal.open(sample_path, clock=FixedClock(NOW)) as j:
        expected = {
            f"{uid}@sales-journal"
            for (uid,) in j.conn().execute(
                "SELECT p.uid FROM promise p JOIN customer c ON c.id = p.customer_id"
                " WHERE p.status = 'open' AND p.owner = 'me' AND c.archived = 0"
            )
        }
    cal = Calendar.from_ical(out.read_bytes())
    uids = [str(e["UID"]) for e in cal.walk("VEVENT") if "Promise" in str(e.get("CATEGORIES").to_ical())]
    assert len(uids) == len(set(uids)) and set(uids) == expected and expected


def test_today_and_export_run_without_loading_qt(sample_path: Path, tmp_path: Path) -> None:
    journal, out_file = str(sample_path), str(tmp_path / "x.ics")
    code = (
        "import sys; from ui.cli import main; "
        f"a = main(['--journal', {journal!r}, 'today', '--format', 'json']); "
        f"b = main(['--journal', {journal!r}, 'export', '--format', 'ics', '-o', {out_file!r}]); "
        "print(a, b, 'PySide6' in ' '.join(sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stderr.strip().splitlines()[-1] == "0 0 False"


def test_today_reads_a_journal_whose_settings_were_written_by_something_else(
    capsys, sample_path: Path, tmp_path: Path
) -> None:
    """Cadence settings stored as a huge number, text or an SQL fragment (an old import, another tool):
    `today` prints what it prints with the default cadences, and says nothing to the rep."""
    code, expected, _ = _run(capsys, "--journal", str(sample_path), "today", "--format", "json")
    assert code == 0
    conn = sqlite3.connect(sample_path)
    with conn:
        for stage, value in (
            ("lead", "1e308"),
            ("qualified", '"7 THEN 0 END; --"'),
            ("won", "-45"),
            ("proposal", "99999999999999999999"),
        ):
            conn.execute(
                "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (f"cadence.{stage}", value)
            )
    conn.close()
    code, out, err = _run(capsys, "--journal", str(sample_path), "today", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == json.loads(expected)
    assert json.loads(out)["counts"]["slipping"] > 0
