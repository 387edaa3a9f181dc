"""Opening, checking and closing the journal file, and the one way to write to it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import peewee as pw

from journal import migrations, models, paths, search_text
from journal.changes import Changes, Tx
from journal.clock import Clock, system_clock
from journal.errors import JournalCorrupt, JournalTooNew, NotAJournal, StorageError

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0

WriteListener = Callable[[Changes], None]


def _ro_uri(path: Path) -> str:
    return f"file:{quote(str(path))}?mode=ro"


def inspect_file(path: Path) -> int:
    """The schema version of an existing journal file, or raise why it cannot be opened.

    Reads only: a refused file is left byte-for-byte as it was.
    """
    size = path.stat().st_size
    if size == 0:
        raise NotAJournal(f"“{path}” is empty (0 bytes): it holds no journal.")
    with path.open("rb") as f:
        header = f.read(100)
    if not header.startswith(SQLITE_HEADER):
        raise NotAJournal(
            f"“{path}” is not a Sales Journal: it is not a SQLite database, or its first bytes are damaged."
        )
    if len(header) < 100:
        raise JournalCorrupt(f"“{path}” is cut short: only {size} bytes are left of it.")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages_in_header = int.from_bytes(header[28:32], "big")
    if page_size < 512 or size % page_size or (pages_in_header and size < pages_in_header * page_size):
        raise JournalCorrupt(
            f"“{path}” is damaged: the file is shorter than the database it describes (it was cut short)."
        )
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True)
    except sqlite3.Error as e:
        raise NotAJournal(f"“{path}” cannot be read: {e}.") from e
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = migrations.user_version(conn)
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as e:
        text = str(e).lower()
        if "not a database" in text or "encrypted" in text:
            raise NotAJournal(f"“{path}” is not a Sales Journal (SQLite says: {e}).") from e
        raise JournalCorrupt(f"“{path}” is damaged and cannot be read (SQLite says: {e}).") from e
    finally:
        conn.close()
    if app_id != migrations.APPLICATION_ID:
        if app_id == 0 and version == 0 and tables == 0:
            return 0  # an empty SQLite database: safe to make into a journal
        raise NotAJournal(f"“{path}” is a SQLite database, but not a Sales Journal.")
    if version > migrations.LATEST:
        raise JournalTooNew(
            f"“{path}” was written by a newer version of Sales Journal (journal format {version}; "
            f"this version reads up to format {migrations.LATEST}). Update Sales Journal to open it. "
            "The file has not been changed."
        )
    return version


def check_file(path: Path) -> int:
    """Like `inspect_file`, and a folder is refused too: whether an existing path can be opened as a
    journal, found before anything (a lock, a copy) is made beside it."""
    if path.is_dir():
        raise NotAJournal(f"“{path}” is a folder, not a journal file.")
    return inspect_file(path)


def copy_before_upgrade(path: Path, version: int) -> Path:
    """Keep a copy of a journal as it was before its format is upgraded (beside it, private).

    Made with SQLite's backup API from a read-only connection, so a live WAL is included and the
    original is not written to. A copy kept before is never replaced: the next one is numbered (`-2`…).
    """
    name = f"{path.stem}.before-format-{version + 1}"
    try:
        partial = paths.create_private_temp(path.with_name(name + path.suffix), ".partial")
    except OSError as e:
        raise StorageError(
            f"A copy of “{path.name}” could not be kept before upgrading it ({e.strerror or e}), so it was "
            "not upgraded. The file has not been changed."
        ) from e
    target: Path | None = None
    try:
        source = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        target = paths.reserve_new_name(
            lambda n: path.with_name(f"{name}{'' if n == 1 else f'-{n}'}{path.suffix}")
        )
        partial.replace(target)
    except sqlite3.Error as e:
        raise storage_error(e) from e
    except OSError as e:
        if target is not None:
            target.unlink(missing_ok=True)  # our empty placeholder
        raise StorageError(
            f"A copy of “{path.name}” could not be kept before upgrading it ({e.strerror or e}), so it was "
            "not upgraded. The file has not been changed."
        ) from e
    finally:
        paths.remove_temp(partial)
    return target


def _create_private_file(path: Path) -> None:
    try:
        paths.ensure_private_dir(path.parent)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, paths.PRIVATE_FILE_MODE))
    except OSError as e:
        raise StorageError(f"A journal cannot be made at “{path}”: {e.strerror or e}.") from e


def storage_error(error: Exception) -> Exception:
    """Map an SQLite failure to something a person can act on; anything unknown stays a bug."""
    text = str(error).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError("The disk is full, so nothing was saved. Free some space and try again.")
    if "readonly" in text or "read-only" in text:
        return StorageError("The journal file is read-only, so nothing was saved.")
    if "locked" in text or "busy" in text:
        return StorageError(
            "Another program is writing to the journal right now; nothing was saved. Try again."
        )
    if "malformed" in text or "not a database" in text:
        return JournalCorrupt("The journal file is damaged; nothing was saved. Use Help → Check journal.")
    if "disk i/o error" in text:
        return StorageError("The disk reported an error while saving; nothing was saved.")
    return error


class Journal:
    """An open journal file. Services and queries take one of these as their first argument.

    It reads and writes only through `self.models`, its own copies of the models bound to `self.db`;
    there is no process-wide binding, so two journals open at once never see each other's records.
    """

    def __init__(self, path: Path, db: pw.SqliteDatabase, clock: Clock) -> None:
        self.path = path
        self.db = db
        self.models = models.Models(db)
        db.register_function(search_text.with_spellings, "search_text", 1, deterministic=True)
        self.clock = clock
        self._tx: Tx | None = None
        self.write_listeners: list[WriteListener] = []
        self.migrated_to: list[int] = []

    @classmethod
    def open(cls, path: Path | str, *, clock: Clock | None = None, create: bool = True) -> Journal:
        path = Path(path)
        created = False
        if path.exists():
            version = check_file(path)
            if 0 < version < migrations.LATEST:
                copy_before_upgrade(path, version)
        elif create:
            _create_private_file(path)
            created = True
        else:
            raise NotAJournal(f"There is no journal at “{path}”.")
        db = pw.SqliteDatabase(
            str(path),
            pragmas={"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1},
            timeout=BUSY_TIMEOUT_S,
        )
        try:
            db.connect()
            conn = db.connection()  # type: ignore[no-untyped-call]
            journal = cls(path, db, clock or system_clock())
            journal.migrated_to = migrations.upgrade(conn)
        except BaseException as e:
            db.close()
            if created:  # a journal that could not be made leaves no empty file behind
                for p in (path, *paths.companion_files(path)):
                    p.unlink(missing_ok=True)
            if isinstance(e, (pw.DatabaseError, sqlite3.Error)):
                raise storage_error(e) from e
            raise
        for p in paths.sidecar_files(path):
            paths.make_private(p)
        paths.remove_stale_temps(path.parent, f".{path.stem}")
        from journal import bank

        bank.seed(journal)
        return journal

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()

    @property
    def is_open(self) -> bool:
        return not self.db.is_closed()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self, label: str = "") -> Iterator[Tx]:
        """One transaction. Nested writes join the outermost one; listeners hear after the commit.

        What a write reads to decide what to write is read inside it, so no other connection can change
        it in between; a write whose label names a record it reads is begun unnamed and then
        `tx.describe(...)`d.
        """
        if self._tx is not None:
            yield self._tx
            return
        tx = Tx(label)
        self._tx = tx
        try:
            with self.db.atomic("IMMEDIATE"):
                yield tx
        except (pw.DatabaseError, sqlite3.Error) as e:  # SQL run on the raw connection raises sqlite3's
            mapped = storage_error(e)
            if mapped is e:
                raise
            raise mapped from e
        finally:
            self._tx = None
        changes = tx.changes()
        for listener in list(self.write_listeners):
            listener(changes)

    def conn(self) -> sqlite3.Connection:
        """The raw connection of this thread, for SQL that peewee's expressions do not say well."""
        connection: sqlite3.Connection = self.db.connection()  # type: ignore[no-untyped-call]
        return connection

    @property
    def in_write(self) -> bool:
        return self._tx is not None

    def schema_version(self) -> int:
        return migrations.user_version(self.conn())
