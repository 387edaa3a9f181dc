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
