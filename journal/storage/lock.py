"""One writer per journal: a lock file beside it, held for as long as a program may write.

The lock is an operating-system lock on `<journal>.lock` (flock on Linux and macOS, msvcrt on Windows),
so it disappears with the process that held it: after a crash the next start finds the file unlocked and
takes it — a stale lock recovers itself. The file holds the holder's process id, for messages.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from journal.domain.errors import JournalError
from journal.storage import paths


class JournalLocked(JournalError):
    """Another program (usually the app) holds the journal for writing."""


def lock_path(journal_path: Path) -> Path:
    return journal_path.with_name(journal_path.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class WriterLock:
    """Held from `acquire()` until `release()` (or the process ends)."""

    def __init__(self, journal_path: Path) -> None:
        self.path = lock_path(journal_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock if no one else has it. Returns whether it is now held by us."""
        if self._fd is not None:
            return True
        paths.ensure_private_dir(self.path.parent)
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, paths.PRIVATE_FILE_MODE)
        if not _try_lock(fd):
            os.close(fd)
            return False
        with contextlib.suppress(OSError):  # the id is only for messages: a full disk does not stop us
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing drops the OS lock; the empty file stays (removing it would race)

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def holder(journal_path: Path) -> int | None:
    """The process id holding the journal, or None when it is free (a stale file counts as free)."""
    probe = WriterLock(journal_path)
    if not probe.path.exists():
        return None
    if probe.acquire():
        probe.release()
        return None
    try:
        text = probe.path.read_text().strip()
    except OSError:
        return 0
    return int(text) if text.isdigit() else 0


def acquire_or_explain(journal_path: Path) -> WriterLock:
    lock = WriterLock(journal_path)
    if not lock.acquire():
        pid = holder(journal_path)
        who = f" (process {pid})" if pid else ""
        raise JournalLocked(
            f"Sales Journal is open on “{journal_path.name}”{who}, so this command cannot change it now: "
            "one program at a time writes to a journal. Close the app and try again; commands that only "
            "read (brief, today, search, check) work meanwhile."
        )
    return lock
