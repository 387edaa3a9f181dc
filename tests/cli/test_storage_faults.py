"""The command line on a damaged, a read-only and a full journal: plain words, the way back named, and
the file left byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from journal.sample import fill_sample
from journal.storage import backup
from journal.storage.db import Journal
from tests.journal.storage.test_backup import zero_pages
from ui.cli import main

READS = (["today"], ["brief", "1"], ["search", "pricing"], ["check"])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--journal", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(journal_path: Path) -> Path:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    return journal_path


@pytest.mark.parametrize("wal", [True, False], ids=["closed-cleanly", "rollback-mode"])
def test_every_command_on_a_damaged_journal_explains_names_the_backup_and_changes_nothing(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], wal: bool
) -> None:
    good = backup.take(filled, now=backup.datetime(2026, 11, 21, tzinfo=backup.UTC))
    if not wal:
        conn = sqlite3.connect(filled)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    zero_pages(filled, 100, 160)  # records; the header and the schema are intact
    before = digest(filled)
    commands = [
        *READS,
        ["export", "--format", "json", "-o", str(tmp_path / "out.json")],
        ["log", "1", "--notes", "Called about pricing", "--outcome", "won"],
    ]
    for args in commands:
        code, out, err = run(capsys, filled, *args)
        said = out + err
        assert code == 1, (args, said)
        assert "damaged" in said, (args, said)
        assert "Traceback" not in said and "went wrong" not in said, (args, said)
        assert str(good) in said and " restore " in said, (args, said)
        assert digest(filled) == before, f"{args} wrote to the damaged file"
    assert not (tmp_path / "out.json").exists()


def test_a_read_only_journal_reads_and_refuses_writes_plainly(
    filled: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    filled.chmod(0o400)
    real_access = os.access

    def access(p: object, mode: int, **kw: object) -> bool:  # as for anyone but root
        if mode & os.W_OK and Path(str(p)) == filled:
            return False
        return real_access(p, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    before = digest(filled)
    for args in READS:
        code, _out, err = run(capsys, filled, *args)
        assert code == 0, (args, err)
    code, _out, err = run(capsys, filled, "log", "1", "--notes", "Called", "--outcome", "won")
    assert code == 1
    assert "This journal is read-only (the file is read-only)" in err and "Traceback" not in err
    assert digest(filled) == before
    assert filled.stat().st_mode & 0o777 == 0o400
    assert not filled.with_name(filled.name + ".lock").exists()


def test_commands_leave_a_read_only_journal_read_only(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled.chmod(0o400)
    for args in READS:
        run(capsys, filled, *args)
        assert filled.stat().st_mode & 0o777 == 0o400, args


def test_a_damaged_search_index_is_named_and_check_repair_rebuilds_it(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.journal.storage.test_integrity import scramble_root_page

    scramble_root_page(filled, "search_index_data")
    code, out, _err = run(capsys, filled, "check")
    assert code == 1 and "nothing will be lost" in out and "check --repair" in out
    code, out, _err = run(capsys, filled, "check", "--repair")
    assert code == 0 and "rebuilt" in out
    code, out, _err = run(capsys, filled, "search", "pricing")
    assert code == 0 and "pricing" in out.lower()
