"""`sales-journal backup`, `check` and `restore`; write commands refused while the app holds the journal."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from journal.sample import fill_sample
from journal.storage import backup, lock
from journal.storage.db import Journal
from tests.journal.storage.test_backup import zero_pages
from ui.cli import main


@pytest.fixture
def filled(journal_path: Path) -> Path:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    return journal_path


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--journal", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_then_list_then_restore(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, filled, "backup")
    assert code == 0 and "Backed up to" in out and "25 customers" in out
    [made] = backup.list_backups(filled)
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    code, out, _ = run(capsys, filled, "restore", "--list")
    assert code == 0 and str(made.path) in out
    zero_pages(filled, 3, 12)
    code, out, _ = run(capsys, filled, "check")
    assert code == 1 and "damaged" in out
    code, out, _ = run(capsys, filled, "restore", str(made.path))
    assert code == 0 and "kept as" in out
    assert list(filled.parent.glob("journal.sqlite3.damaged-????????-??????"))
    code, out, _ = run(capsys, filled, "check")
    assert code == 0 and "sound" in out


def test_backup_to_a_file(filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "usb" / "copy.sqlite3"
    target.parent.mkdir()
    code, _out, _ = run(capsys, filled, "backup", "-o", str(target))
    assert code == 0 and target.exists()
    code, _, _ = run(capsys, filled, "backup", "-o", str(target.parent))
    assert code == 0 and len(list(target.parent.iterdir())) == 2


def test_check_repair_rebuilds_the_search_index(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Journal.open(filled) as j:
        j.conn().execute("DELETE FROM search_key WHERE rowid = (SELECT max(rowid) FROM search_key)")
    code, out, _ = run(capsys, filled, "check")
    assert code == 1 and "--repair" in out
    code, out, _ = run(capsys, filled, "check", "--repair")
    assert code == 0 and "rebuilt" in out


def test_writes_are_refused_while_the_app_holds_the_journal(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = filled.read_bytes()
    with lock.WriterLock(filled) as held:
        assert held.acquire()
        code, _, err = run(capsys, filled, "check", "--repair")
        assert code == 1 and "Close the app" in err
        code, _, err = run(capsys, filled, "restore", "anything.sqlite3")
        assert code == 1 and "one program at a time" in err
        code, _out, _ = run(capsys, filled, "check")  # reading still works
        assert code == 0
        code, _, _ = run(capsys, filled, "backup")  # a backup only reads the journal
        assert code == 0
        for reader in (["today"], ["brief", "Brightwater"], ["export", "--format", "json", "-o", "-"]):
            if reader[-1] == "-":
                reader[-1] = str(filled.parent / "out.json")
            code, _, err = run(capsys, filled, *reader)
            assert code == 0, (reader, err)
    assert filled.read_bytes() == before
    code, _, _ = run(capsys, filled, "check", "--repair")
    assert code == 0
