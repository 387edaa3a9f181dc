"""Opening, checking and closing the journal file, and the one way to write to it."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import peewee as pw

from journal.domain import errors
from journal.domain.clock import Clock, system_clock
from journal.domain.errors import JournalCorrupt, JournalTooNew, NotAJournal, StorageError
from journal.storage import migrations, models, paths, search_text
from journal.storage.changes import Changes, Tx

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0

WriteListener = Callable[[Changes], None]


def _ro_uri(path: Path, *, immutable: bool = False) -> str:
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def has_log(path: Path) -> bool:
    """Whether a write-ahead log with commits in it lies beside the file (SQLite applies it on opening)."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _header(path: Path) -> tuple[int, bytes]:
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            return size, f.read(100)
    except PermissionError as e:
        raise errors.permission_denied(path, "it cannot be read") from e
    except OSError as e:
        raise storage_error(e, path) from e


def inspect_file(path: Path) -> int:
    """The schema version of an existing journal file, or raise why it cannot be opened.

    Reads only: a refused file is left byte-for-byte as it was. A file with a write-ahead log beside it is
    judged as SQLite sees it with the log applied, not by its main file alone: after a full disk the log
    can hold commits whose pages the main file has not grown to take yet.
    """
    size, header = _header(path)
    if size == 0:
        raise NotAJournal(f"“{path}” is empty (0 bytes): it holds no journal.")
    if not header.startswith(SQLITE_HEADER):
        raise NotAJournal(
            f"“{path}” is not a Sales Journal: it is not a SQLite database, or its first bytes are damaged."
        )
    if len(header) < 100:
        raise JournalCorrupt(f"“{path}” is cut short: only {size} bytes are left of it.")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages_in_header = int.from_bytes(header[28:32], "big")
    cut_short = size % page_size or (pages_in_header and size < pages_in_header * page_size)
    if page_size < 512 or (cut_short and not has_log(path)):
        raise JournalCorrupt(
            f"“{path}” is damaged: the file is shorter than the database it describes (it was cut short)."
        )
    try:
        conn = sqlite3.connect(_ro_uri(path, immutable=_needs_immutable(path)), uri=True)
    except sqlite3.Error as e:
        raise _unreadable(path, e) from e
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = migrations.user_version(conn)
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as e:
        text = str(e).lower()
        if "not a database" in text or "encrypted" in text:
            raise NotAJournal(f"“{path}” is not a Sales Journal (SQLite says: {e}).") from e
        raise _unreadable(path, e) from e
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


def _needs_immutable(path: Path) -> bool:
    """A cleanly closed journal in a folder we cannot write to: SQLite cannot make the files it keeps
    beside a journal in WAL mode, but with nothing in a log there is nothing for them to hold."""
    return paths.why_read_only(path) is not None and not any(p.exists() for p in paths.companion_files(path))


def _unreadable(path: Path, error: sqlite3.Error) -> Exception:
    """Why SQLite could not read a file: a full disk or a permission first (the file is fine), else damage."""
    mapped = storage_error(error, path)
    if isinstance(mapped, JournalCorrupt) or mapped is error:
        return errors.damaged(path, str(error))
    return mapped


def ensure_sound(path: Path) -> None:
    """Refuse a file that fails SQLite's quick_check, read through a read-only connection: done before the
    first write to a file not yet known to be sound (switching it to WAL, upgrading it)."""
    try:
        conn = sqlite3.connect(_ro_uri(path, immutable=_needs_immutable(path)), uri=True)
        try:
            from journal.storage.integrity import quick_check

            problems = quick_check(conn)
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise _unreadable(path, e) from e
    if problems:
        raise errors.damaged(path, problems[0])


def _writes_on_open(path: Path, version: int) -> bool:
    """Whether opening the file for writing changes it: a file not in WAL mode has its header rewritten,
    an older format is upgraded."""
    with path.open("rb") as f:
        f.seek(18)
        wal_mode = f.read(1) == b"\x02"
    return not wal_mode or version < migrations.LATEST


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
        raise storage_error(e, path) from e
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


def storage_error(error: BaseException, path: Path | None = None) -> Exception:
    """Map a failure of SQLite or of the file system to something a person can act on, in the words of
    journal/domain/errors.py; anything unknown is returned as it is (a bug)."""
    error = _first_cause(error)
    where: object = path if path is not None else "the journal"
    if isinstance(error, OSError):
        return _os_error(error, where, path)
    if not isinstance(error, (sqlite3.Error, pw.DatabaseError)):
        return error if isinstance(error, Exception) else RuntimeError(str(error))
    text = str(error).lower()
    if "disk is full" in text:
        return errors.disk_full(path.parent if path is not None else where)
    if "readonly" in text or "read-only" in text:
        why = paths.why_read_only(path) if path is not None else None
        return errors.read_only(where, why or "it cannot be written to")
    if "locked" in text or "busy" in text:
        return errors.locked(where)
    # FTS5 says "vtable constructor failed" when the pages of an index's own tables are unreadable
    if "malformed" in text or "not a database" in text or "vtable constructor failed" in text:
        return errors.damaged(where, str(error))
    if "disk i/o error" in text or "unable to open" in text:
        if path is not None:
            found = _why_unusable(path)
            if found is not None:
                return found
        return errors.disk_error(where) if "disk i/o" in text else errors.damaged(where, str(error))
    return error


def _first_cause(error: BaseException) -> BaseException:
    """A commit that fails on a full disk is rolled back by SQLite itself, and the rollback asked for
    afterwards fails with "cannot rollback": the first error is the one that says what happened."""
    seen = 0
    while "cannot rollback" in str(error).lower() and error.__context__ is not None and seen < 10:
        error = error.__context__
        seen += 1
    return error


def _os_error(error: OSError, where: object, path: Path | None) -> Exception:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return errors.disk_full(path.parent if path is not None else where)
    if error.errno == errno.EROFS:
        return errors.read_only(where, "its disk is mounted read-only")
    if error.errno in (errno.EACCES, errno.EPERM):
        return errors.permission_denied(error.filename or where, error.strerror or "")
    return StorageError(f"“{error.filename or where}” cannot be used: {error.strerror or error}.")


def _why_unusable(path: Path) -> Exception | None:
    """When SQLite says only "disk I/O error" or "unable to open": a full disk or missing permissions."""
    if paths.free_bytes(path.parent) == 0:
        return errors.disk_full(path.parent)
    if not os.access(path, os.R_OK) or not os.access(path.parent, os.X_OK):
        return errors.permission_denied(path, "it cannot be read")
    return None


class Journal:
    """An open journal file. Services and queries take one of these as their first argument.

    It reads and writes only through `self.models`, its own copies of the models bound to `self.db`;
    there is no process-wide binding, so two journals open at once never see each other's records.
    """

    def __init__(
        self, path: Path, db: pw.SqliteDatabase, clock: Clock, *, read_only: str | None = None
    ) -> None:
        self.path = path
        self.db = db
        self.models = models.Models(db)
        db.register_function(search_text.with_spellings, "search_text", 1, deterministic=True)
        self.clock = clock
        self.read_only = read_only  # why it cannot be written, in a few words; None when it can
        self._tx: Tx | None = None
        self.write_listeners: list[WriteListener] = []
        self.migrated_to: list[int] = []
        self.written = False  # a write was committed through this handle

    @classmethod
    def open(
        cls, path: Path | str, *, clock: Clock | None = None, create: bool = True, read_only: bool = False
    ) -> Journal:
        """Open (or make) the journal at `path`.

        Nothing is written to an existing file before it is known to be sound: it is inspected through a
        read-only connection, and a file that opening would change (switched to WAL, upgraded, its
        question bank refreshed) passes SQLite's quick_check first. A file that cannot be written — or
        `read_only=True` — is opened for reading only; `journal.read_only` says why and writes are refused.
        """
        path = Path(path)
        try:
            exists = path.exists()
        except OSError as e:
            raise storage_error(e, path) from e
        created = False
        why_read_only = "it was opened for reading only" if read_only else None
        if exists:
            version = check_file(path)
            why_read_only = why_read_only or paths.why_read_only(path)
            if why_read_only is not None:
                if version < migrations.LATEST:
                    raise errors.read_only(path, f"{why_read_only}; its format needs upgrading first")
                return cls._open_for_reading(path, clock, why_read_only)
            if _writes_on_open(path, version):
                ensure_sound(path)
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
            from journal.services import bank

            if bank.outdated(journal) and not created and not journal.migrated_to:
                ensure_sound(path)
            bank.seed(journal)
        except BaseException as e:
            db.close()
            if created:  # a journal that could not be made leaves no empty file behind
                for p in (path, *paths.companion_files(path)):
                    p.unlink(missing_ok=True)
            if isinstance(e, (pw.DatabaseError, sqlite3.Error, OSError)):
                raise storage_error(e, path) from e
            raise
        for p in paths.sidecar_files(path):
            paths.keep_private(p)
        paths.remove_stale_temps(path.parent, f".{path.stem}")
        return journal

    @classmethod
    def _open_for_reading(cls, path: Path, clock: Clock | None, why: str) -> Journal:
        db = pw.SqliteDatabase(
            _ro_uri(path, immutable=_needs_immutable(path)),
            uri=True,
            pragmas={"foreign_keys": 1},
            timeout=BUSY_TIMEOUT_S,
        )
        try:
            db.connect()
        except (pw.DatabaseError, sqlite3.Error) as e:
            db.close()
            raise storage_error(e, path) from e
        return cls(path, db, clock or system_clock(), read_only=why)

    def twin(self) -> Journal:
        """Another handle on the same (open, writable) file with a connection, writes and clock of its
        own: for work on a worker thread, which must not share this one's transaction."""
        db = pw.SqliteDatabase(
            str(self.path),
            pragmas={"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1},
            timeout=BUSY_TIMEOUT_S,
        )
        return Journal(self.path, db, self.clock)

    def close(self) -> None:
        if not self.db.is_closed():
            if self.written:  # a command that wrote nothing leaves the file as it was
                from journal.storage import statistics

                statistics.optimize(self)
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
        if self.read_only is not None:
            raise errors.read_only(self.path, self.read_only)
        tx = Tx(label)
        self._tx = tx
        try:
            with self.db.atomic("IMMEDIATE"):
                yield tx
        except (pw.DatabaseError, sqlite3.Error) as e:  # SQL run on the raw connection raises sqlite3's
            mapped = storage_error(e, self.path)
            if mapped is e:
                raise
            raise mapped from e
        finally:
            self._tx = None
        self.written = True
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
