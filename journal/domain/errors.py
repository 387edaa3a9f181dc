"""Errors a person can be told about in plain words. Anything else is a bug."""

from __future__ import annotations


class JournalError(Exception):
    """A known problem with a message fit to show a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(JournalError):
    """Input that cannot be saved. `field` names the form field it belongs to, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(JournalError):
    """A record that does not exist (any more)."""


class JournalOpenError(JournalError):
    """The journal file cannot be opened; it has been left untouched."""


class JournalTooNew(JournalOpenError):
    """Made by a newer version of Sales Journal."""


class NotAJournal(JournalOpenError):
    """A file that is not a Sales Journal (or not a database at all)."""


class JournalCorrupt(JournalOpenError):
    """A journal whose database file is damaged."""


class StorageError(JournalError):
    """The disk refused: full, read-only, locked by another program."""


class DiskFull(StorageError):
    """No space left on the disk that holds the journal."""


class ReadOnlyJournal(StorageError):
    """The journal (or its folder) cannot be written: it is open for reading only."""


class PermissionDenied(StorageError):
    """The operating system does not let us read or write the journal's file or folder."""


# -- the plain words for each storage problem, in one place ------------------------------------------------


def disk_full(where: object) -> DiskFull:
    return DiskFull(
        f"The disk is full (the one holding “{where}”), so nothing was saved. Everything saved before is "
        "safe. Free some space on it and try again."
    )


def read_only(path: object, why: str) -> ReadOnlyJournal:
    return ReadOnlyJournal(
        f"This journal is read-only ({why}), so nothing can be changed in it. You can still read, "
        f"search and export it. To make changes, make “{path}” and its folder writable."
    )


def permission_denied(path: object, detail: str = "") -> PermissionDenied:
    said = f" ({detail})" if detail else ""
    return PermissionDenied(
        f"Sales Journal is not allowed to use “{path}”{said}: permission denied. The file is not damaged; "
        "check who owns it and its folder, and their permissions."
    )


def damaged(path: object, detail: str = "") -> JournalCorrupt:
    said = f" (SQLite says: {detail})" if detail else ""
    return JournalCorrupt(
        f"“{path}” is damaged: SQLite cannot read parts of it{said}. It has not been changed. "
        "Restore it from a backup; the damaged file is kept aside, not deleted."
    )


def locked(path: object) -> StorageError:
    return StorageError(
        f"Another program is writing to “{path}” right now, so nothing was saved. Try again in a moment."
    )


def disk_error(path: object) -> StorageError:
    return StorageError(
        f"The disk reported an error while using “{path}”, so nothing was saved. Everything saved "
        "before is safe; if it happens again, check the disk."
    )
