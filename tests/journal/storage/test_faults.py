"""Faults at the edges of storage: a full disk (a real small filesystem where we may mount one, SQLite's own
"disk is full" everywhere), a log holding commits the main file has no room for yet, read-only journals,
permissions. Every time the rep is told in plain words, and nothing acknowledged is lost."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal.domain.clock import FixedClock
from journal.domain.errors import DiskFull, JournalCorrupt, PermissionDenied, ReadOnlyJournal
from journal.reads import queries
from journal.services import customers, interactions
from journal.storage import integrity, paths
from journal.storage.db import Journal, storage_error


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def meeting_ids(path: Path) -> set[int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM interaction")}
    finally:
        conn.close()


@contextlib.contextmanager
def small_filesystem(folder: Path, size: str = "3m") -> Iterator[Path]:
    """A real filesystem of `size` mounted at `folder` (skips where mounting is not permitted)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True, capture_output=True)


def test_a_commit_on_a_full_disk_says_so_and_keeps_everything_saved_before(
    journal: Journal, journal_path: Path
) -> None:
    cid = customers.create_customer(journal, name="Acme").created_id("customer")
    saved = [
        interactions.add_interaction(journal, cid, notes=f"Meeting {i}").created_id("interaction")
        for i in range(3)
    ]
    # SQLite's own "database or disk is full", as a full disk gives it: no page may be added any more.
    pages = journal.conn().execute("PRAGMA page_count").fetchone()[0]
    journal.conn().execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull) as caught:
        interactions.add_interaction(journal, cid, notes="A long meeting " + "word " * 20_000)
    assert "is full" in str(caught.value) and str(journal_path.parent) in str(caught.value)
    assert "rollback" not in str(caught.value)
    journal.conn().execute("PRAGMA max_page_count = 1073741823")  # space freed: the journal goes on
    later = interactions.add_interaction(journal, cid, notes="After freeing space").created_id("interaction")
    journal.close()
    assert meeting_ids(journal_path) == {*saved, later}


def test_a_log_holding_commits_the_main_file_has_no_room_for_yet_is_opened_not_refused(
    journal_path: Path, tmp_path: Path, clock: FixedClock
) -> None:
    """A full disk stops the checkpoint half-way: the log keeps every acknowledged commit while the main
    file's header already counts pages the file could not grow to hold."""
    j = Journal.open(journal_path, clock=clock)
    j.conn().execute("PRAGMA wal_autocheckpoint = 0")
    cid = customers.create_customer(j, name="Acme").created_id("customer")
    saved = {
        interactions.add_interaction(j, cid, notes=f"Meeting {i} " + "x" * 3000).created_id("interaction")
        for i in range(40)
    }
    stranded = tmp_path / "stranded" / "journal.sqlite3"
    stranded.parent.mkdir()
    for suffix in ("", "-wal"):
        stranded.with_name(stranded.name + suffix).write_bytes(
            journal_path.with_name(journal_path.name + suffix).read_bytes()
        )
    j.close()
    with stranded.open("r+b") as f:
        f.seek(28)
        pages = stranded.stat().st_size // 4096
        f.write((pages + 30).to_bytes(4, "big"))
    with Journal.open(stranded, clock=clock) as reopened:
        assert integrity.check(reopened).ok
        assert {v.id for v in queries.interactions(reopened, sorted(saved))} == saved


def fill_until_full(j: Journal, cid: int) -> tuple[set[int], BaseException]:
    saved: set[int] = set()
    for i in range(10_000):
        try:
            saved.add(
                interactions.add_interaction(
                    j, cid, notes=f"Meeting {i} " + os.urandom(1500).hex()
                ).created_id("interaction")
            )
        except Exception as e:
            return saved, e
    raise AssertionError("the disk never filled")


def test_a_real_full_disk_loses_nothing_acknowledged_and_is_never_called_damaged(
    tmp_path: Path, clock: FixedClock
) -> None:
    with small_filesystem(tmp_path / "disk") as disk:
        spare = disk / "spare-room"
        spare.write_bytes(b"\0" * 512 * 1024)  # what the rep will delete to make room
        path = disk / "journal.sqlite3"
        j = Journal.open(path, clock=clock)
        cid = customers.create_customer(j, name="Acme").created_id("customer")
        saved, error = fill_until_full(j, cid)
        j.close()
        assert isinstance(error, DiskFull), repr(error)
        assert "is full" in str(error)
        assert saved
        # Still full: it may not open for writing, but it is never called damaged (no restore is offered).
        try:
            Journal.open(path, clock=clock).close()
        except JournalCorrupt as e:
            pytest.fail(f"a sound journal on a full disk was called damaged: {e}")
        except DiskFull:
            pass
        spare.unlink()
        with Journal.open(path, clock=clock) as j:
            assert integrity.check(j).ok
        assert saved <= meeting_ids(path)


def test_a_journal_on_a_read_only_disk_opens_for_reading(tmp_path: Path, clock: FixedClock) -> None:
    with small_filesystem(tmp_path / "disk") as disk:
        path = disk / "journal.sqlite3"
        with Journal.open(path, clock=clock) as j:
            cid = customers.create_customer(j, name="Acme").created_id("customer")
        remount(disk, "ro")
        with Journal.open(path, clock=clock) as j:
            assert j.read_only == "its disk is mounted read-only"
            assert [c.name for c in queries.find_customers(j, "acme")] == ["Acme"]
            with pytest.raises(ReadOnlyJournal, match="This journal is read-only"):
                customers.update_customer(j, cid, name="Acme Ltd")
        remount(disk, "rw")


def test_a_journal_that_cannot_be_written_opens_for_reading_and_is_left_as_it_was(
    journal_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        cid = customers.create_customer(j, name="Acme").created_id("customer")
    journal_path.chmod(0o400)
    before = digest(journal_path)
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: (
            False if mode & os.W_OK and Path(p) == journal_path else real_access(p, mode, **kw)
        ),
    )
    with Journal.open(journal_path, clock=clock) as j:
        assert j.read_only == "the file is read-only"
        assert [c.name for c in queries.find_customers(j, "acme")] == ["Acme"]
        with pytest.raises(ReadOnlyJournal, match=r"This journal is read-only \(the file is read-only\)"):
            customers.update_customer(j, cid, name="Acme Ltd")
    assert digest(journal_path) == before
    assert journal_path.stat().st_mode & 0o777 == 0o400


def test_a_read_only_journal_keeps_its_mode(journal_path: Path, clock: FixedClock) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        customers.create_customer(j, name="Acme")
    journal_path.chmod(0o400)
    with contextlib.suppress(ReadOnlyJournal), Journal.open(journal_path, clock=clock):
        pass
    assert journal_path.stat().st_mode & 0o777 == 0o400  # never silently made writable


def test_permission_problems_are_named_as_such(tmp_path: Path) -> None:
    denied = storage_error(PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "j.sqlite3")))
    assert isinstance(denied, PermissionDenied) and "permission denied" in str(denied)
    assert not isinstance(denied, JournalCorrupt)
    full = storage_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path / "j.sqlite3")
    assert isinstance(full, DiskFull) and "is full" in str(full)


def test_a_damaged_file_not_in_wal_mode_is_left_byte_for_byte_as_it_was(
    journal_path: Path, clock: FixedClock
) -> None:
    from journal.sample import fill_sample
    from tests.journal.storage.test_backup import zero_pages

    with Journal.open(journal_path, clock=clock) as j:
        fill_sample(j, size="small")
    conn = sqlite3.connect(journal_path)
    conn.execute("PRAGMA journal_mode = DELETE")  # as a copy from elsewhere, or a restored backup, is
    conn.close()
    zero_pages(journal_path, 100, 110)  # records; the schema and settings read on opening are intact
    before = digest(journal_path)
    with pytest.raises(JournalCorrupt, match="damaged"):
        Journal.open(journal_path, clock=clock)
    assert digest(journal_path) == before
    assert not [p for p in paths.companion_files(journal_path) if p.exists()]
