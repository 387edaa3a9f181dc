"""Backups: made through SQLite's backup API, verified before they are kept, thinned, private; restoring
one keeps the damaged file aside."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from journal.domain.clock import FixedClock
from journal.reads import queries
from journal.sample import fill_sample
from journal.services import customers, promises
from journal.storage import backup, integrity
from journal.storage.db import Journal
from tests.conftest import NOW


@pytest.fixture
def sample(journal: Journal) -> Journal:
    fill_sample(journal, size="small")
    return journal


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_backup_is_verified_private_and_complete(sample: Journal, journal_path: Path) -> None:
    made = backup.take(journal_path, now=NOW)
    assert made.parent == journal_path.parent / "backups"
    assert made.name == "journal-20261122-093000.sqlite3"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    assert integrity.check_file(made).ok
    assert count(made, "interaction") == count(journal_path, "interaction") > 100
    assert not [p for p in made.parent.iterdir() if p.name.endswith(".partial")]
    [listed] = backup.list_backups(journal_path)
    assert listed.counts()["customer"] == 25
    assert "25 customers" in listed.describe(UTC)
    in_new_york = backup.Backup(made, datetime(2027, 3, 16, 14, 0, tzinfo=UTC)).describe(
        ZoneInfo("America/New_York")
    )
    assert in_new_york.startswith("Tuesday 16 March 2027 at 10:00"), (
        "taken at 10:00 EDT, after the clocks moved"
    )


def test_backup_includes_writes_still_in_the_wal(journal: Journal, journal_path: Path) -> None:
    customers.create_customer(journal, name="Only in the log")
    assert journal_path.with_name("journal.sqlite3-wal").stat().st_size > 0
    made = backup.take(journal_path, now=NOW)
    assert count(made, "customer") == 1


def test_backup_to_a_chosen_file_and_folder(sample: Journal, journal_path: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    made = backup.take(journal_path, now=NOW, folder=usb)
    assert made.parent == usb and backup.list_backups(journal_path, usb)[0].path == made
    exact = backup.take(journal_path, now=NOW, target=tmp_path / "copy.sqlite3")
    assert exact == tmp_path / "copy.sqlite3" and integrity.check_file(exact).ok


def test_progress_is_reported_for_a_stepped_copy(sample: Journal, journal_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    backup.take(journal_path, now=NOW, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0


def test_a_damaged_journal_is_never_backed_up(sample: Journal, journal_path: Path) -> None:
    good = backup.take(journal_path, now=NOW - timedelta(days=1))
    sample.close()
    zero_pages(journal_path, 3, 12)
    with pytest.raises(backup.BackupFailed, match="did not pass its check"):
        backup.take(journal_path, now=NOW)
    assert [b.path for b in backup.list_backups(journal_path)] == [good]


def test_a_copy_that_fails_verification_is_not_kept(
    sample: Journal, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "check_file", lambda path: integrity.Report(database=("page 7 is bad",)))
    with pytest.raises(backup.BackupFailed, match="not kept"):
        backup.take(journal_path, now=NOW)
    assert backup.list_backups(journal_path) == []
    assert list((journal_path.parent / "backups").iterdir()) == []


def test_a_damaged_search_index_stops_backups_and_says_how_to_fix_it(
    sample: Journal, journal_path: Path
) -> None:
    sample.conn().execute("DELETE FROM search_key WHERE rowid = (SELECT max(rowid) FROM search_key)")
    with pytest.raises(backup.SourceDamaged, match="Check journal"):
        backup.take(journal_path, now=NOW)
    assert integrity.repair(sample).ok
    assert integrity.check_file(backup.take(journal_path, now=NOW)).ok


def test_backup_during_a_burst_of_writes(journal_path: Path, clock: FixedClock) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        fill_sample(j, size="small")
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        with Journal.open(journal_path, clock=clock) as w:
            cid = customers.create_customer(w, name="Burst").created_id("customer")
            n = 0
            while not stop.is_set():
                promises.add_promise(w, cid, text=f"Burst {n}", due_on=NOW.date())
                written.append(n)
                n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        made = [
            backup.take(journal_path, now=NOW + timedelta(days=i), progress=lambda d, t: None)
            for i in range(3)
        ]
    finally:
        stop.set()
        thread.join()
    assert written
    for path in made:
        assert integrity.check_file(path).ok


def test_is_due_after_a_day(sample: Journal, journal_path: Path) -> None:
    assert backup.is_due(journal_path, NOW)
    backup.take(journal_path, now=NOW)
    assert not backup.is_due(journal_path, NOW + timedelta(hours=23))
    assert backup.is_due(journal_path, NOW + timedelta(days=1))


def test_thinning_over_simulated_years() -> None:
    start = datetime(2025, 1, 1, 18, 0, tzinfo=UTC)
    times = [start + timedelta(days=d, hours=h) for d in range(730) for h in (0, 3)]
    kept = sorted(backup.to_keep(times), reverse=True)
    assert len(kept) == 7 + 4 + 12
    newest = max(times)
    assert kept[0] == newest
    days = [t.date() for t in kept[:7]]
    assert days == [newest.date() - timedelta(days=i) for i in range(7)]
    weeks = {t.isocalendar()[:2] for t in kept[7:11]}
    assert len(weeks) == 4 and all(t.date() < days[-1] for t in kept[7:])
    months = [(t.year, t.month) for t in kept[11:]]
    assert len(set(months)) == 12


def test_thin_deletes_only_what_it_does_not_keep(sample: Journal, journal_path: Path) -> None:
    for d in range(20):
        backup.take(journal_path, now=NOW - timedelta(days=d))
    left = backup.list_backups(journal_path)
    assert len(left) < 20
    assert left[0].taken_at == NOW
    assert {b.taken_at for b in left} == backup.to_keep(NOW - timedelta(days=d) for d in range(20))


def zero_pages(path: Path, first: int, last: int, page_size: int = 4096) -> None:
    with path.open("r+b") as f:
        f.seek(first * page_size)
        f.write(b"\0" * (last - first) * page_size)


def test_restore_keeps_the_damaged_file_aside(sample: Journal, journal_path: Path) -> None:
    good = backup.take(journal_path, now=NOW - timedelta(hours=2))
    sample.close()
    zero_pages(journal_path, 3, 12)
    damaged = journal_path.read_bytes()
    assert not integrity.check_file(journal_path).ok
    assert backup.newest_sound(journal_path) == backup.list_backups(journal_path)[0]
    aside = backup.restore(journal_path, good, now=NOW)
    assert aside.name == "journal.sqlite3.damaged-20261122-093000"
    assert aside.read_bytes() == damaged
    assert stat.S_IMODE(journal_path.stat().st_mode) == 0o600
    with Journal.open(journal_path) as j:
        assert integrity.check(j).ok
        assert len(queries.find_customers(j, "northwind", include_archived=True)) >= 0
    assert backup.record_counts(journal_path)["customer"] == 25


def test_a_backup_that_fails_its_check_is_not_restored(sample: Journal, journal_path: Path) -> None:
    good = backup.take(journal_path, now=NOW)
    zero_pages(good, 3, 12)
    before = journal_path.read_bytes()
    with pytest.raises(Exception, match="did not pass its check"):
        backup.restore(journal_path, good, now=NOW)
    assert journal_path.read_bytes() == before


def test_two_restores_in_the_same_second_keep_both_files_aside(sample: Journal, journal_path: Path) -> None:
    good = backup.take(journal_path, now=NOW - timedelta(hours=2))
    customers.create_customer(sample, name="Only in the first file")
    sample.close()
    first = journal_path.read_bytes()
    assert backup.restore(journal_path, good, now=NOW).read_bytes() == first
    with Journal.open(journal_path) as j:
        customers.create_customer(j, name="Only in the second file")
    second = journal_path.read_bytes()
    aside = backup.restore(journal_path, good, now=NOW)
    assert aside.name == "journal.sqlite3.damaged-20261122-093000-2"
    assert aside.read_bytes() == second
    assert journal_path.with_name("journal.sqlite3.damaged-20261122-093000").read_bytes() == first
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert not [p for p in journal_path.parent.iterdir() if p.name.endswith((".partial", "-wal", "-shm"))]


def test_a_restore_moves_the_write_ahead_log_aside_with_the_journal(
    sample: Journal, journal_path: Path
) -> None:
    good = backup.take(journal_path, now=NOW - timedelta(hours=2))
    wal = journal_path.with_name("journal.sqlite3-wal")
    taken = journal_path.with_name("journal.sqlite3.damaged-20261122-093000-wal")
    taken.write_bytes(b"kept before")  # a name already used: the next one is chosen whole
    sample.close()
    wal.write_bytes(b"log")
    aside = backup.restore(journal_path, good, now=NOW)
    assert aside.name == "journal.sqlite3.damaged-20261122-093000-2"
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"log"
    assert taken.read_bytes() == b"kept before"
    assert not wal.exists()
    assert not journal_path.with_name("journal.sqlite3.damaged-20261122-093000").exists()
