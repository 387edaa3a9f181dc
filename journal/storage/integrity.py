"""Checking a journal for damage, and repairing what can be repaired without losing anything.

SQLite's `quick_check` reads every page of the file; `foreign_key_check` finds records pointing at
records that are gone; FTS5's own integrity check (journal/reads/search.py `problems`) looks inside the search
index, which `quick_check` does not (pitfalls in docs/). Only the search index can be repaired in place: it is
remade from the records. Anything else means restoring a backup.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import peewee as pw

from journal.domain.clock import system_clock
from journal.domain.errors import JournalCorrupt
from journal.storage.db import Journal

INDEX_TABLE = "search_index"
MAX_LINES = 20  # of SQLite's own findings kept for a report; a broken file can list thousands


@dataclass(frozen=True)
class Report:
    database: tuple[str, ...] = ()  # quick_check findings: pages, indexes, the file itself
    references: tuple[str, ...] = ()  # foreign_key_check findings
    index: tuple[str, ...] = ()  # search index findings
    repaired: bool = False  # the search index was rebuilt to get here
    index_pages: bool = False  # the pages the index is kept in are damaged, not only what it holds

    @property
    def ok(self) -> bool:
        return not (self.database or self.references or self.index)

    @property
    def index_only(self) -> bool:
        """Only the search index is wrong: rebuilding it repairs the journal with nothing lost."""
        return bool(self.index) and not (self.database or self.references)

    def lines(self) -> list[str]:
        return [*self.database, *self.references, *self.index]

    def summary(self) -> str:
        if self.ok:
            return (
                "The journal is sound: the search index was rebuilt and every check now passes."
                if self.repaired
                else "The journal is sound: every page, reference and the search index check out."
            )
        if self.index_only:
            return "The records are sound, but the search index needs rebuilding (nothing will be lost)."
        return (
            "The journal is damaged. Restore it from a backup (File → Restore from backup…); "
            "the damaged file will be kept aside, not deleted."
        )


def quick_check(conn: sqlite3.Connection) -> list[str]:
    rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows[:MAX_LINES]


def foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    found = [
        f"A record in {table} (row {rowid}) points at a missing {parent}." for table, rowid, parent, _ in rows
    ]
    return found[:MAX_LINES]


def check(journal: Journal) -> Report:
    """Every check on an open journal. A file too damaged to read is reported, not raised."""
    conn = journal.conn()
    try:
        database = quick_check(conn)
    except sqlite3.DatabaseError as e:
        database = [f"SQLite cannot read the file: {e}."]
    if database:
        if not records_sound(conn):
            return Report(database=tuple(database))  # the other checks would read damaged pages
        index_pages = (f"The search index's own pages are damaged ({database[0].strip()})",)
        try:
            return Report(references=tuple(foreign_key_problems(conn)), index=index_pages, index_pages=True)
        except sqlite3.DatabaseError as e:
            return Report(database=(f"SQLite cannot read the file: {e}.",))
    try:
        references = foreign_key_problems(conn)
        from journal.reads import search  # not needed to open a journal

        index = search.problems(journal)
    except sqlite3.DatabaseError as e:
        return Report(database=(f"SQLite cannot read the file: {e}.",))
    return Report(references=tuple(references), index=tuple(index))


def _index_tables(conn: sqlite3.Connection) -> list[str]:
    """The search index and the tables FTS5 keeps it in (`search_index_data`, `…_idx`, …)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE name = ? OR name LIKE ? ESCAPE '\\'",
        (INDEX_TABLE, INDEX_TABLE.replace("_", "\\_") + "\\_%"),
    ).fetchall()
    return [str(r[0]) for r in rows]


def records_sound(conn: sqlite3.Connection) -> bool:
    """Whether every table but the search index's own passes quick_check: damage confined to the index
    loses nothing, since the index is remade from the records."""
    index = set(_index_tables(conn))
    try:
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return all(
            conn.execute(f'PRAGMA quick_check("{name}")').fetchall() == [("ok",)]
            for name in tables
            if name not in index
        )
    except sqlite3.DatabaseError:
        return False


def repair(journal: Journal) -> Report:
    """Check, and when only the search index is wrong, rebuild it from the records and check again."""
    report = check(journal)
    if not report.index_only:
        return report
    if report.index_pages:
        _remake_index(journal)
    _rebuild_index(journal)
    after = check(journal)
    return Report(after.database, after.references, after.index, repaired=True)


def _rebuild_index(journal: Journal) -> None:
    """FTS5's 'rebuild' remakes a scrambled index from the text it stores (deleting rows from a scrambled
    index fails); then the index is remade from the records, which also restores entries that were lost."""
    with journal.write("Rebuild the search index"):
        journal.conn().execute("INSERT INTO search_index (search_index) VALUES ('rebuild')")
        from journal.reads import search  # not needed to open a journal

        search.reindex(journal)


def _remake_index(journal: Journal) -> None:
    """Damaged pages in the index's own tables cannot even be dropped (SQLite would read them to free
    them): the index is taken out of the schema, VACUUM leaves its pages behind, and it is made anew, empty,
    for `_rebuild_index` to fill from the records."""
    conn = journal.conn()
    tables = _index_tables(conn)
    made = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (INDEX_TABLE,)).fetchone()[0]
    version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(f"DELETE FROM sqlite_master WHERE name IN ({', '.join('?' * len(tables))})", tables)
        conn.execute(f"PRAGMA schema_version = {version + 1}")
        conn.execute("PRAGMA writable_schema = OFF")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("VACUUM")
    with journal.write("Rebuild the search index"):
        conn.execute(made)


@contextlib.contextmanager
def raw(path: Path, *, read_only: bool = False) -> Iterator[Journal]:
    """A journal file opened as it is — no upgrade, no seeding, nothing written by opening it — for
    checking a backup or a damaged file. The search check writes only to the FTS5 control row; with
    `read_only` nothing can be written at all (and FTS5's own check is left out)."""
    if read_only:
        db = pw.SqliteDatabase(f"file:{quote(str(path))}?mode=ro", uri=True, pragmas={"foreign_keys": 1})
    else:
        db = pw.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    try:
        db.connect()
    except pw.DatabaseError as e:
        raise JournalCorrupt(f"“{path}” cannot be read: {e}.") from e
    try:
        yield Journal(path, db, system_clock())
    finally:
        db.close()


def check_file(path: Path, *, read_only: bool = False) -> Report:
    """Check a journal file that is not open (a backup, or a file suspected of damage)."""
    try:
        with raw(path, read_only=read_only) as j:
            return check(j)
    except (JournalCorrupt, sqlite3.DatabaseError, pw.DatabaseError) as e:
        return Report(database=(f"SQLite cannot read the file: {e}.",))


def unclean_shutdown(path: Path) -> bool:
    """Whether the journal was left without a clean close: SQLite empties the write-ahead log when the
    last connection closes, so a non-empty one at start means the app or the machine stopped abruptly."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0
