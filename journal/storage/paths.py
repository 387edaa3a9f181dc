"""Where the journal and its companions live, and how we keep them private."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import platformdirs

from journal.domain.clock import file_clock
from journal.domain.errors import ValidationError

APP_NAME = "SalesJournal"
ENV_JOURNAL = "SALES_JOURNAL"
JOURNAL_FILENAME = "journal.sqlite3"

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

SQLITE_HEADER = b"SQLite format 3\x00"
# What SQLite keeps beside a database: a rollback journal, or a write-ahead log and its index.
DATABASE_COMPANIONS = ("-journal", "-wal", "-shm")
STALE_AFTER_S = 24 * 60 * 60  # a temporary file untouched this long is left from a process that died
# Temporary files this module makes: `.<name>.<pid>.<8 hex>.tmp|.partial`, and SQLite's files beside them.
_TEMP_RE = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.(?:tmp|partial)(?:-journal|-wal|-shm)?$")


class OutputRefused(ValidationError):
    """A file the rep asked us to write would replace a journal (or is not a file); nothing was written."""


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_journal_path() -> Path:
    return data_dir() / JOURNAL_FILENAME


def resolve_journal_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The journal to open: an explicit path, else $SALES_JOURNAL, else the default."""
    if explicit:
        return Path(explicit).expanduser().absolute()
    env = os.environ.get(ENV_JOURNAL, "").strip()
    if env:
        return Path(env).expanduser().absolute()
    return default_journal_path()


def _make_dirs(path: Path) -> list[Path]:
    """Create `path` and missing parents, private; returns the folders made, outermost first."""
    missing: list[Path] = []
    at = path
    while not at.exists() and at != at.parent:
        missing.append(at)
        at = at.parent
    missing.reverse()
    for folder in missing:
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            continue
        folder.chmod(PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask
    return missing


def _remove_dirs(made: list[Path]) -> None:
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only while empty


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing; a folder we create is readable by the owner only."""
    _make_dirs(path)
    return path


def make_private(path: Path) -> None:
    """Owner read/write only. SQLite, `VACUUM INTO` and backups create files with the umask's mode."""
    if path.exists():
        path.chmod(PRIVATE_FILE_MODE)


def keep_private(path: Path) -> None:
    """Take away what others may do with a file of the rep's, and add nothing: a journal the rep made
    read-only (0400) stays read-only."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(mode & 0o700)
    except FileNotFoundError:
        return


def why_read_only(path: Path) -> str | None:
    """Why a journal (existing or to be made at `path`) cannot be written, in a few words; None when it
    can. SQLite needs to write the file and to make files beside it, so the folder counts too."""
    try:
        if not path.exists():
            return None  # a journal to be made: making it says what is wrong, if anything
    except OSError:
        return None
    folder = path.parent
    statvfs = getattr(os, "statvfs", None)
    if statvfs is not None:
        try:
            if statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1):
                return "its disk is mounted read-only"
        except OSError:
            pass
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "its folder is read-only"
    return None


def free_bytes(folder: Path) -> int | None:
    """Space left for the rep on the disk holding `folder`, or None when it cannot be told."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return None
    try:
        st = statvfs(folder)
    except OSError:
        return None
    return int(st.f_bavail * st.f_frsize)


def sidecar_files(journal: Path) -> list[Path]:
    """The journal and the files SQLite keeps beside it in WAL mode."""
    return [journal, journal.with_name(journal.name + "-wal"), journal.with_name(journal.name + "-shm")]


def companion_files(path: Path) -> list[Path]:
    """Every file SQLite may keep beside the database at `path` (rollback journal, WAL, WAL index)."""
    return [path.with_name(path.name + suffix) for suffix in DATABASE_COMPANIONS]


# -- files we must never write over -----------------------------------------------------------------------


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def is_database(path: Path) -> bool:
    """Whether `path` starts with SQLite's header. Reads 16 bytes and changes nothing."""
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_output(target: Path, *, journal: Path | None = None) -> Path:
    """`target`, if the rep may have a file written there; else OutputRefused in plain words.

    A journal is never written over: not `journal` or the files SQLite keeps beside it, not any SQLite
    database, not a file with a rollback journal or write-ahead log beside it (a database another program
    is writing). Neither is a folder or something that is not an ordinary file. Reads only.
    """
    if journal is not None:
        for own in (journal, *companion_files(journal), journal.with_name(journal.name + ".lock")):
            if _same_file(target, own):
                raise OutputRefused(
                    f"“{target}” is the journal you are working in"
                    + ("" if own == journal else f" (a file SQLite keeps beside it, “{own.name}”)")
                    + ", so it was not written over. Choose another file name."
                )
    try:
        st = target.stat()
    except OSError:  # nothing there, or nothing that can be reached: writing it will say why
        st = None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputRefused(f"“{target}” is a folder; give the name of a file to write.")
        if not stat.S_ISREG(st.st_mode):
            raise OutputRefused(f"“{target}” is not an ordinary file, so nothing was written to it.")
        try:
            with target.open("rb") as f:
                head = f.read(len(SQLITE_HEADER))
        except OSError as e:
            raise OutputRefused(
                f"“{target}” cannot be read to make sure it is not a journal ({e.strerror or e}), so it "
                "was not written over."
            ) from e
        if head == SQLITE_HEADER:
            raise OutputRefused(
                f"“{target}” is a database (a journal, perhaps), so it was not written over. "
                "Choose another file name."
            )
    for side in companion_files(target)[:2]:
        if side.exists():
            raise OutputRefused(
                f"“{target}” is a database another program may be using (“{side.name}” is beside it), so "
                "it was not written over. Choose another file name."
            )
    for suffix in DATABASE_COMPANIONS:
        if target.name.endswith(suffix):
            owner = target.with_name(target.name[: -len(suffix)])
            if is_database(owner):
                raise OutputRefused(
                    f"“{target}” belongs to the database “{owner.name}” beside it, so it was not written "
                    "over. Choose another file name."
                )
    return target


# -- temporary files and files kept aside -----------------------------------------------------------------


def _open_new(path: Path) -> int:
    """A new file, 0600, opened for writing: never an existing file, never through a symlink."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, PRIVATE_FILE_MODE)  # the mode given to open is masked by the umask
    return fd


def _open_temp(target: Path, suffix: str) -> tuple[Path, int]:
    ensure_private_dir(target.parent)
    while True:
        temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{suffix}")
        try:
            return temp, _open_new(temp)
        except FileExistsError:
            continue


def create_private_temp(target: Path, suffix: str = ".tmp") -> Path:
    """A new, empty, private file beside `target` to build it in, named so that `remove_stale_temps`
    knows it (`suffix` is `.tmp` or `.partial`). Created exclusively: a file or symlink already there
    under that name is never opened."""
    temp, fd = _open_temp(target, suffix)
    os.close(fd)
    return temp


def remove_temp(temp: Path) -> None:
    """A temporary file and whatever SQLite left beside it."""
    for p in (temp, *companion_files(temp)):
        with contextlib.suppress(OSError):
            p.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid() or sys.platform == "win32":  # Windows: os.kill would end the process; age decides
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def remove_stale_temps(folder: Path, prefix: str = ".", *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Delete our temporary files in `folder` (whose names start with `prefix`) that nobody is writing
    any more: the process that made them has ended, or they have not changed for a day. A process killed
    half-way through a backup or export leaves one; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    now = file_clock(folder)
    for entry in entries:
        m = _TEMP_RE.match(entry.name)
        if m is None or not entry.name.startswith(prefix):
            continue
        try:
            st = entry.lstat()
            if stat.S_ISDIR(st.st_mode):
                continue
            if _running(int(m.group(1))) and now - st.st_mtime < older_than_s:
                continue
            entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def reserve_new_name(name_for: Callable[[int], Path], companions: tuple[str, ...] = ()) -> Path:
    """Claim the first of `name_for(1)`, `name_for(2)`, … that is free — with every `companions` suffix
    added to it free too — by creating it (and them) empty and private, exclusively. The caller then
    renames a file over its own placeholder; what is there already is never replaced."""
    for n in range(1, 10_000):
        path = name_for(n)
        made: list[Path] = []
        try:
            for p in (path, *(path.with_name(path.name + s) for s in companions)):
                os.close(_open_new(p))
                made.append(p)
        except FileExistsError:
            for p in made:
                p.unlink(missing_ok=True)
            continue
        except BaseException:
            for p in made:
                p.unlink(missing_ok=True)
            raise
        return path
    raise FileExistsError(f"no free name beside {name_for(1)}")


# -- writing a whole file ------------------------------------------------------------------------------------


@contextlib.contextmanager
def private_atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path` through, appearing complete (renamed into place, 0600) when the block
    ends without an error, and not at all otherwise: for files too big to hold in memory first.

    Never over a journal (see `check_output`); a failure leaves no folder it made behind."""
    check_output(path)
    made = _make_dirs(path.parent)
    try:
        remove_stale_temps(path.parent, f".{path.name}.")
        tmp, fd = _open_temp(path, ".tmp")
    except BaseException:
        _remove_dirs(made)
        raise
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        check_output(path)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        _remove_dirs(made)
        raise


def write_private_atomic(path: Path, data: bytes | str) -> Path:
    """Write a whole file so that it appears complete or not at all, readable by the owner only.

    The bytes go to a private temporary file beside `path`, are flushed to disk, then renamed over it:
    a crash or a full disk leaves the old file (or none), never half of the new one.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with private_atomic_writer(path) as f:
        f.write(payload)
    return path
