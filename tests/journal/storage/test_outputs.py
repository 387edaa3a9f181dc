"""Files written for the rep never replace a journal; temporary files are our own, private, and cleaned
up after a process that was killed half-way."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from journal.storage import backup, paths
from journal.storage.db import Journal
from journal.storage.paths import OutputRefused, check_output


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def other_journal(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "theirs.sqlite3"
    Journal.open(path).close()
    return path


def test_a_new_file_or_an_ordinary_one_may_be_written(tmp_path: Path, journal: Journal) -> None:
    assert check_output(tmp_path / "brief.html", journal=journal.path) == tmp_path / "brief.html"
    plain = tmp_path / "old.json"
    plain.write_text("{}")
    assert check_output(plain, journal=journal.path) == plain


def test_the_journal_and_the_files_beside_it_are_refused(journal: Journal) -> None:
    for target in (
        journal.path,
        *paths.companion_files(journal.path),
        journal.path.with_name("journal.sqlite3.lock"),
    ):
        with pytest.raises(OutputRefused, match="the journal you are working in"):
            check_output(target, journal=journal.path)
    linked = journal.path.with_name("alias.json")
    linked.symlink_to(journal.path)
    with pytest.raises(OutputRefused, match="the journal you are working in"):
        check_output(linked, journal=journal.path)


def test_any_database_or_a_file_another_program_is_writing_is_refused(
    tmp_path: Path, other_journal: Path
) -> None:
    with pytest.raises(OutputRefused, match="is a database"):
        check_output(other_journal)
    busy = tmp_path / "busy.db"
    busy.write_bytes(b"not yet a database")
    for side in ("-wal", "-journal"):
        beside = busy.with_name(busy.name + side)
        beside.write_bytes(b"")
        with pytest.raises(OutputRefused, match=f"“busy.db{side}” is beside it"):
            check_output(busy)
        beside.unlink()
    with pytest.raises(OutputRefused, match="belongs to the database"):
        check_output(other_journal.with_name(other_journal.name + "-wal"))
    with pytest.raises(OutputRefused, match="is a folder"):
        check_output(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputRefused, match="not an ordinary file"):
        check_output(fifo)


def test_writing_over_a_journal_leaves_it_byte_for_byte(other_journal: Path) -> None:
    before = _snapshot(other_journal.parent)
    with pytest.raises(OutputRefused):
        paths.write_private_atomic(other_journal, b"{}")
    assert _snapshot(other_journal.parent) == before


def test_a_failed_write_leaves_no_folder_it_made(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "new" / "deeper" / "out.json"
    with pytest.raises(RuntimeError), paths.private_atomic_writer(target) as f:
        f.write(b"half")
        raise RuntimeError("disk went away")
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_never_follow_a_planted_symlink(tmp_path: Path, monkeypatch) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    tokens = iter(["deadbeef", "0badcafe", "deadbeef", "12345678"])
    monkeypatch.setattr(paths.secrets, "token_hex", lambda n: next(tokens))
    target = tmp_path / "out.json"
    planted = tmp_path / f".out.json.{os.getpid()}.deadbeef.tmp"
    planted.symlink_to(victim)
    paths.write_private_atomic(target, "{}")  # the planted name is taken: another is chosen
    assert victim.read_text() == "precious"
    assert target.read_text() == "{}"
    assert planted.is_symlink()
    temp = paths.create_private_temp(target)
    assert temp.name == f".out.json.{os.getpid()}.12345678.tmp"
    assert stat.S_IMODE(temp.stat().st_mode) == 0o600
    assert victim.read_text() == "precious"


def test_temporary_files_are_private_under_any_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        temp = paths.create_private_temp(tmp_path / "new" / "out.json")
        paths.write_private_atomic(tmp_path / "new" / "brief.md", "# Brief")
    finally:
        os.umask(old)
    assert stat.S_IMODE(temp.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "brief.md").stat().st_mode) == 0o600


def test_stale_temporary_files_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    dead = tmp_path / f".journal.sqlite3.{_dead_pid()}.0123abcd.partial"
    dead_side = dead.with_name(dead.name + "-journal")
    mine = tmp_path / f".journal.sqlite3.{os.getpid()}.0123abcd.tmp"
    old_mine = tmp_path / f".journal.sqlite3.{os.getpid()}.89abcdef.tmp"
    theirs = tmp_path / ".journal.sqlite3.notes"  # not a name we make
    for p in (dead, dead_side, mine, old_mine, theirs):
        p.write_bytes(b"x")
    day_ago = old_mine.stat().st_mtime - paths.STALE_AFTER_S - 60  # the file system's clock, not ours
    os.utime(old_mine, (day_ago, day_ago))
    removed = paths.remove_stale_temps(tmp_path, ".journal")
    assert sorted(removed) == sorted([dead, dead_side, old_mine])
    assert mine.exists() and theirs.exists()


def test_the_next_start_and_the_next_backup_clear_what_a_killed_process_left(
    journal_path: Path, tmp_path: Path
) -> None:
    Journal.open(journal_path).close()
    pid = _dead_pid()
    folder = backup.default_folder(journal_path)
    folder.mkdir()
    left = [
        journal_path.with_name(f".journal.sqlite3.{pid}.00000001.partial"),  # a restore
        journal_path.with_name(f".journal.before-format-3.sqlite3.{pid}.00000002.partial"),  # an upgrade
        folder / f".journal-20261122-093000.sqlite3.{pid}.00000003.partial",  # a backup
        folder / f".journal-20261122-093000.sqlite3.{pid}.00000003.partial-journal",
    ]
    for p in left:
        p.write_bytes(b"half")
    Journal.open(journal_path).close()
    assert [p.exists() for p in left] == [False, False, True, True]
    backup.take(journal_path, now=backup.datetime(2026, 11, 23, tzinfo=backup.UTC))
    assert not any(p.exists() for p in left)
    exported = tmp_path / "out.json"
    stale_export = tmp_path / f".out.json.{pid}.00000004.tmp"
    stale_export.write_bytes(b"half")
    paths.write_private_atomic(exported, "{}")
    assert not stale_export.exists()
