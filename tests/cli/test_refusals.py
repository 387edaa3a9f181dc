"""Requests the command line refuses: an output that would replace a journal, odd arguments, a file that is
not a journal. Each gets a plain message and exit status 2 (1 when the disk refused); nothing is changed and
nothing new is left behind."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from journal.exchange import journal_json as exchange
from journal.reads import search
from journal.sample import fill_sample
from journal.storage import lock
from journal.storage.db import Journal
from ui.cli import main


@pytest.fixture
def filled(journal_path: Path) -> Path:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    with lock.WriterLock(journal_path) as held:  # its lock file is there, as after any use of the app
        held.acquire()
    return journal_path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` and its bytes (folders are listed too, empty)."""
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else b"" for p in sorted(root.rglob("*"))}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:  # argparse refusing an argument
        code = int(e.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


OUTPUT_COMMANDS = {
    "brief html": ["brief", "Brightwater", "--format", "html", "-o"],
    "brief markdown": ["brief", "Brightwater", "--format", "markdown", "-o"],
    "export json": ["export", "--format", "json", "-o"],
    "export ics": ["export", "--format", "ics", "-o"],
    "backup": ["backup", "-o"],
}


def _other_journal(tmp_path: Path) -> Path:
    other = tmp_path / "other" / "theirs.sqlite3"
    Journal.open(other).close()
    return other


def _being_written(tmp_path: Path) -> Path:
    busy = tmp_path / "other" / "busy.db"
    busy.parent.mkdir(exist_ok=True)
    conn = sqlite3.connect(busy)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    busy.with_name("busy.db-wal").write_bytes(b"another program's log")
    return busy


def _with_rollback_journal(tmp_path: Path) -> Path:
    target = tmp_path / "other" / "notes.db"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(b"half-written by another program")
    target.with_name("notes.db-journal").write_bytes(b"its rollback journal")
    return target


TARGETS = {
    "this journal": lambda tmp_path, journal: journal,
    "its write-ahead log": lambda tmp_path, journal: journal.with_name(journal.name + "-wal"),
    "another journal": lambda tmp_path, journal: _other_journal(tmp_path),
    "a database being written": lambda tmp_path, journal: _being_written(tmp_path),
    "a file with a rollback journal": lambda tmp_path, journal: _with_rollback_journal(tmp_path),
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_an_output_that_names_a_journal_is_refused_and_left_untouched(
    filled: Path, tmp_path: Path, capsys, command: str, target: str
) -> None:
    with Journal.open(filled):  # open, so its write-ahead log is there
        path = TARGETS[target](tmp_path, filled)
        before = snapshot(tmp_path)
        code, err = run(capsys, "--journal", str(filled), *OUTPUT_COMMANDS[command], str(path))
        assert code == 2, err
        assert "not written over" in err
        assert snapshot(tmp_path) == before


def test_a_markdown_export_over_a_journal_writes_no_page(filled: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    Journal.open(folder / "index.md").close()  # a journal named like the index page
    before = snapshot(tmp_path)
    code, err = run(capsys, "--journal", str(filled), "export", "--format", "markdown", "-o", str(folder))
    assert code == 2 and "“index.md” is a database" not in err and "not written over" in err
    assert snapshot(tmp_path) == before


def _version(value: object):
    def make(tmp_path: Path, journal: Path) -> list[str]:
        with Journal.open(journal) as j:
            data = json.loads("".join(exchange.export_chunks(j, now=j.clock.now())))
        data["version"] = value
        made = tmp_path / "export.json"
        made.write_text(json.dumps(data))
        return ["--journal", str(tmp_path / "new" / "journal.sqlite3"), "import", str(made)]

    return make


ODD = {
    "a superscript digit as a customer": (
        lambda tmp_path, journal: ["--journal", str(journal), "log", "²", "--notes", "x"],
        "No customer matches “²”",
    ),
    "an id too large to store": (
        lambda tmp_path, journal: ["--journal", str(journal), "log", "9" * 30, "--notes", "x"],
        "No customer matches",
    ),
    "a meeting id that is not a number": (
        lambda tmp_path, journal: ["--journal", str(journal), "brief", "Brightwater", "--meeting", "³"],
        "--meeting takes a meeting's id",
    ),
    "a meeting id too large to store": (
        lambda tmp_path, journal: [
            "--journal",
            str(journal),
            "log",
            "Brightwater",
            "--notes",
            "x",
            "--meeting",
            "9" * 30,
        ],
        "is not a meeting's id",
    ),
    "the last day there is": (
        lambda tmp_path, journal: ["--journal", str(journal), "today", "--date", "9999-12-31"],
        "not a believable date",
    ),
    "a folder as the brief's output": (
        lambda tmp_path, journal: ["--journal", str(journal), "brief", "Brightwater", "-o", str(tmp_path)],
        "is a folder",
    ),
    "an output nobody can write": (
        lambda tmp_path, journal: [
            "--journal",
            str(journal),
            "export",
            "--format",
            "json",
            "-o",
            "/proc/nope/x.json",
        ],
        "cannot be written",
    ),
    "a brief nobody can write": (
        lambda tmp_path, journal: [
            "--journal",
            str(journal),
            "brief",
            "Brightwater",
            "-o",
            "/proc/nope/b.md",
        ],
        "cannot be written",
    ),
    "a backup nobody can write": (
        lambda tmp_path, journal: ["--journal", str(journal), "backup", "-o", "/proc/nope/b.sqlite3"],
        "cannot be written",
    ),
    "a negative size limit": (
        lambda tmp_path, journal: [
            "--journal",
            str(tmp_path / "new.sqlite3"),
            "import",
            "--max-size",
            "-5",
            str(journal),
        ],
        "the size must be between 1",
    ),
    "an export of version true": (_version(True), "version True"),
    "an export of version 1.0": (_version(1.0), "version 1.0"),
}


@pytest.mark.parametrize("case", ODD)
def test_odd_arguments_are_refused_in_plain_words(filled: Path, tmp_path: Path, capsys, case: str) -> None:
    make, said = ODD[case]
    argv = make(tmp_path, filled)
    before = snapshot(tmp_path)
    code, err = run(capsys, *argv)
    assert code == 2, err
    assert said in err
    assert snapshot(tmp_path) == before


def test_a_file_that_is_not_a_journal_is_refused_with_nothing_left_beside_it(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    folder = tmp_path / "folder"
    folder.mkdir()
    before = snapshot(tmp_path)
    for path in (notes, folder):
        for argv in (["log", "Acme", "--notes", "x"], ["check", "--repair"], ["demo"], ["today"]):
            code, err = run(capsys, "--journal", str(path), *argv)
            assert code == 1 and "not a" in err, (path, argv, err)
            assert snapshot(tmp_path) == before, (path, argv)


def test_an_import_that_fails_while_writing_leaves_nothing_behind(
    filled: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    made = tmp_path / "export.json"
    assert main(["--journal", str(filled), "export", "--format", "json", "-o", str(made)]) == 0
    capsys.readouterr()

    def disk_full(journal: Journal) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(search, "reindex", disk_full)
    before = snapshot(tmp_path)
    code, err = run(capsys, "--journal", str(tmp_path / "new" / "journal.sqlite3"), "import", str(made))
    assert code == 1 and "disk is full" in err
    assert snapshot(tmp_path) == before


def test_a_journal_that_cannot_be_made_leaves_no_empty_file_or_lock(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from journal.storage import migrations

    def disk_full(conn: sqlite3.Connection) -> list[int]:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrations, "upgrade", disk_full)
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "sales-journal", "version": 1, "records": {}}))
    before = snapshot(tmp_path)
    for argv in (["import", str(export)], ["demo"]):
        code, err = run(capsys, "--journal", str(tmp_path / "new" / "journal.sqlite3"), *argv)
        assert code == 1 and "disk is full" in err
        assert snapshot(tmp_path) == before


def test_an_unexpected_failure_is_told_in_a_sentence_and_logged(
    filled: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    import logging

    from ui.cli import today

    def broken(journal: Journal, day: object = None) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(today.today, "report", broken)
    try:
        code, err = run(capsys, "--journal", str(filled), "today")
        assert code == 1 and "something went wrong (ZeroDivisionError)" in err
        [logged] = tmp_path.rglob("sales-journal.log")
        assert "Traceback" in logged.read_text() and "a bug" in logged.read_text()
    finally:
        root = logging.getLogger()
        for h in [h for h in root.handlers if getattr(h, "_sales_journal", False)]:
            root.removeHandler(h)
            h.close()
