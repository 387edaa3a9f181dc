"""Opening, creating and refusing journal files; privacy of what we write; no Qt in the domain."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from journal.domain.clock import FixedClock
from journal.domain.errors import JournalCorrupt, JournalTooNew, NotAJournal
from journal.services import customers
from journal.storage import migrations, paths
from journal.storage.db import Journal


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_journal_is_private_and_stamped(journal_path: Path, clock: FixedClock) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        customers.create_customer(j, name="Acme")
        assert j.schema_version() == migrations.LATEST
        for p in paths.sidecar_files(journal_path):
            if p.exists():
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert stat.S_IMODE(journal_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal_path.parent.stat().st_mode) == 0o700
    conn = sqlite3.connect(journal_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_pragmas(journal: Journal) -> None:
    conn = journal.conn()
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_everything_survives_reopening(journal_path: Path, clock: FixedClock) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        customers.create_customer(j, name="Müller GmbH", industry="Bakery", tags=["north"])
    from journal.reads import queries

    with Journal.open(journal_path, clock=clock) as j:
        [ref] = queries.find_customers(j, "müller gmbh")
        detail = queries.customer(j, ref.id)
        assert (detail.name, detail.industry, detail.tags) == ("Müller GmbH", "Bakery", ("north",))


def test_a_second_journal_opened_and_closed_leaves_the_first_one_working(
    journal: Journal, tmp_path: Path, clock: FixedClock
) -> None:
    from journal.reads import queries

    customers.create_customer(journal, name="Acme")
    with Journal.open(tmp_path / "other.sqlite3", clock=clock) as other:
        customers.create_customer(other, name="Globex")
        assert [c.name for c in queries.find_customers(other, "Globex")] == ["Globex"]
        assert queries.find_customers(other, "Acme") == []
    customers.create_customer(journal, name="Initech")  # writes to the first journal, not the closed one
    assert [c.name for c in queries.find_customers(journal, "Initech")] == ["Initech"]
    assert queries.find_customers(journal, "Globex") == []

    # Closed out of order (as File → Open does: the new journal opens before the old one closes).
    a = Journal.open(tmp_path / "a.sqlite3", clock=clock)
    b = Journal.open(tmp_path / "b.sqlite3", clock=clock)
    a.close()
    customers.create_customer(b, name="Bravo")
    b.close()
    customers.create_customer(journal, name="Umbrella")
    assert [c.name for c in queries.find_customers(journal, "Umbrella")] == ["Umbrella"]


def test_question_bank_is_seeded_once(journal: Journal, journal_path: Path, clock: FixedClock) -> None:
    count = journal.models.BankQuestion.select().count()
    assert count >= 40
    journal.close()
    with Journal.open(journal_path, clock=clock) as reopened:
        assert reopened.models.BankQuestion.select().count() == count


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", NotAJournal),
        (b"Dear diary, today I met a customer.\n" * 50, NotAJournal),
        (b"%PDF-1.7\n" + b"\0" * 5000, NotAJournal),
    ],
)
def test_refuses_files_that_are_not_journals(tmp_path: Path, content: bytes, error: type[Exception]) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(error) as info:
        Journal.open(path)
    assert str(path) in str(info.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_refuses_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAJournal, match="not a Sales Journal"):
        Journal.open(path)
    assert digest(path) == before


def test_refuses_a_journal_from_a_newer_version(journal_path: Path, clock: FixedClock) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        customers.create_customer(j, name="Acme")
    conn = sqlite3.connect(journal_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    before = digest(journal_path)
    with pytest.raises(JournalTooNew, match="newer version"):
        Journal.open(journal_path, clock=clock)
    assert digest(journal_path) == before


def test_refuses_a_truncated_journal(journal_path: Path, clock: FixedClock) -> None:
    with Journal.open(journal_path, clock=clock) as j:
        for i in range(200):
            customers.create_customer(j, name=f"Customer {i}", about="x" * 500)
    data = journal_path.read_bytes()
    journal_path.write_bytes(data[: len(data) // 2 + 100])
    before = digest(journal_path)
    with pytest.raises(JournalCorrupt, match="cut short"):
        Journal.open(journal_path, clock=clock)
    assert digest(journal_path) == before


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAJournal, match="folder"):
        Journal.open(tmp_path)


def test_path_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert paths.resolve_journal_path(None) == paths.default_journal_path()
    assert paths.default_journal_path().name == "journal.sqlite3"
    monkeypatch.setenv("SALES_JOURNAL", str(tmp_path / "env.sqlite3"))
    assert paths.resolve_journal_path(None) == tmp_path / "env.sqlite3"
    assert paths.resolve_journal_path(tmp_path / "cli.sqlite3") == tmp_path / "cli.sqlite3"


def test_journal_package_never_imports_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, journal\n"
        "for m in pkgutil.walk_packages(journal.__path__, 'journal.'):\n"
        "    importlib.import_module(m.name)\n"
        "import ui.cli\n"
        "bad = sorted(n for n in sys.modules if n.startswith('PySide6'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
