"""Checking for damage: each kind of corruption is found, and a damaged search index is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.domain.clock import FixedClock
from journal.domain.errors import JournalCorrupt, JournalOpenError, NotAJournal
from journal.reads import search
from journal.sample import fill_sample
from journal.storage import integrity
from journal.storage.db import Journal
from tests.journal.storage.test_backup import zero_pages


@pytest.fixture
def sample(journal: Journal) -> Journal:
    fill_sample(journal, size="small")
    return journal


def test_a_sound_journal_passes(sample: Journal) -> None:
    report = integrity.check(sample)
    assert report.ok and report.lines() == []
    assert "sound" in report.summary()


def test_a_scrambled_search_index_is_found_and_rebuilt(sample: Journal) -> None:
    before = search.search(sample, "pricing")
    sample.conn().execute("UPDATE search_index_data SET block = zeroblob(length(block)) WHERE id > 1")
    sample.conn().commit()
    report = integrity.check(sample)
    assert report.index_only and "rebuilding" in report.summary()
    repaired = integrity.repair(sample)
    assert repaired.ok and repaired.repaired
    assert [h.id for h in search.search(sample, "pricing")] == [h.id for h in before]


def test_a_missing_index_entry_is_found(sample: Journal) -> None:
    sample.conn().execute("DELETE FROM search_key WHERE rowid = (SELECT max(rowid) FROM search_key)")
    report = integrity.check(sample)
    assert report.index_only
    assert integrity.repair(sample).ok


def test_broken_references_are_found(sample: Journal) -> None:
    conn = sample.conn()
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM customer WHERE id = (SELECT customer_id FROM promise LIMIT 1)")
    conn.execute("PRAGMA foreign_keys = ON")
    report = integrity.check(sample)
    assert report.references and not report.index_only
    assert "Restore it from a backup" in report.summary()


def test_zeroed_pages_are_found(sample: Journal, journal_path: Path) -> None:
    sample.close()
    zero_pages(journal_path, 3, 12)
    report = integrity.check_file(journal_path)
    assert report.database and not report.ok


def test_every_corruption_is_refused_at_open_in_plain_words(journal_path: Path, clock: FixedClock) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        fill_sample(j, size="small")
    good = journal_path.read_bytes()
    cases = {
        "header overwritten": lambda: journal_path.write_bytes(b"x" * 100 + good[100:]),
        "cut short": lambda: journal_path.write_bytes(good[: len(good) // 3 + 17]),
    }
    for name, damage in cases.items():
        damage()
        with pytest.raises(JournalOpenError) as caught:
            Journal.open(journal_path, clock=clock)
        assert isinstance(caught.value, NotAJournal | JournalCorrupt), name
        assert "Traceback" not in str(caught.value)
        journal_path.write_bytes(good)


def test_unclean_shutdown_is_noticed(journal_path: Path, clock: FixedClock) -> None:
    j = Journal.open(journal_path, clock=clock)
    fill_sample(j, size="small")
    assert integrity.unclean_shutdown(journal_path)  # still open: the log holds the writes
    j.close()
    assert not integrity.unclean_shutdown(journal_path)


def test_check_file_on_something_unreadable(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 300)
    report = integrity.check_file(junk)
    assert not report.ok and not report.index_only
    assert "Restore it from a backup" in report.summary()


def scramble_root_page(path: Path, table: str) -> None:
    """Make the b-tree root page of `table` point at a page that does not exist."""
    import sqlite3

    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * 4096)
        page = bytearray(f.read(4096))
        page[0] = 0x05  # an interior table page…
        page[8:12] = (999_999).to_bytes(4, "big")  # …whose right child is far past the end of the file
        f.seek((root - 1) * 4096)
        f.write(page)


def test_damage_in_the_search_index_pages_alone_is_rebuilt_with_nothing_lost(
    journal_path: Path, clock: FixedClock
) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        fill_sample(j, size="small")
        before = [(h.type, h.id) for h in search.search(j, "pricing")]
        meetings = j.models.Interaction.select().count()
    scramble_root_page(journal_path, "search_index_data")
    report = integrity.check_file(journal_path)
    assert report.index_only, report.lines()
    assert "nothing will be lost" in report.summary()
    with Journal.open(journal_path, clock=clock) as j:
        repaired = integrity.repair(j)
        assert repaired.ok and repaired.repaired
        assert [(h.type, h.id) for h in search.search(j, "pricing")] == before
        assert j.models.Interaction.select().count() == meetings
    assert integrity.check_file(journal_path).ok


def test_damage_in_the_records_is_not_mistaken_for_index_damage(
    journal_path: Path, clock: FixedClock
) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        fill_sample(j, size="small")
    scramble_root_page(journal_path, "interaction")
    report = integrity.check_file(journal_path)
    assert report.database and not report.index_only
