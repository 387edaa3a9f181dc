"""Where the journal and its companions live, and how we keep them private."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import platformdirs

APP_NAME = "SalesJournal"
ENV_JOURNAL = "SALES_JOURNAL"
JOURNAL_FILENAME = "journal.sqlite3"

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


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


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing; a folder we create is readable by the owner only."""
    if not path.exists():
        path.mkdir(parents=True, mode=PRIVATE_DIR_MODE)
        path.chmod(PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask
    return path


def make_private(path: Path) -> None:
    """Owner read/write only. SQLite, `VACUUM INTO` and backups create files with the umask's mode."""
    if path.exists():
        path.chmod(PRIVATE_FILE_MODE)


def sidecar_files(journal: Path) -> list[Path]:
    """The journal and the files SQLite keeps beside it in WAL mode."""
    return [journal, journal.with_name(journal.name + "-wal"), journal.with_name(journal.name + "-shm")]


@contextlib.contextmanager
def private_atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path` through, appearing complete (renamed into place, 0600) when the block
    ends without an error, and not at all otherwise: for files too big to hold in memory first."""
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        tmp.chmod(PRIVATE_FILE_MODE)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
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
