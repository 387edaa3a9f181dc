"""What a file brings in, before it meets the journal: people and companies (`Entry`) and meetings
(`Meeting`), each remembering the line of the file it came from so every message can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Kind = Literal["json", "csv", "vcard", "ics"]

KIND_LABELS: dict[str, str] = {
    "json": "a Sales Journal export",
    "csv": "a spreadsheet of contacts (CSV)",
    "vcard": "contact cards (vCard)",
    "ics": "a calendar (iCalendar)",
}


@dataclass(frozen=True)
class Birthday:
    month: int
    day: int
    year: int | None = None


@dataclass
class Entry:
    """One person (with the company they work at), or a company on its own (`name` empty)."""

    line: int
    name: str = ""
    company: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    website: str = ""
    industry: str = ""
    notes: str = ""
    birthday: Birthday | None = None

    @property
    def label(self) -> str:
        if self.name and self.company:
            return f"{self.name} ({self.company})"
        return self.name or self.company or f"line {self.line}"


@dataclass(frozen=True)
class Meeting:
    """One event from a calendar (a recurring one is one `Meeting` per occurrence)."""

    line: int
    uid: str  # the event's UID, with the occurrence's start for a recurring event
    summary: str
    start: datetime  # aware
    notes: str
    attendees: tuple[str, ...]  # email addresses, lower case
    organizer: str = ""


@dataclass(frozen=True)
class Skipped:
    line: int
    label: str
    reason: str


@dataclass
class Table:
    """A CSV file as read: its header and rows, the header's line and each row's line."""

    headers: list[str]
    rows: list[list[str]]
    lines: list[int]
    delimiter: str


@dataclass
class Source:
    """A file read and understood: what kind it is, how its columns map, and what it holds."""

    path_name: str
    kind: Kind
    layout: str  # "LinkedIn connections", "Google Contacts", "vCard 3.0", …
    entries: list[Entry] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings about fields left out, said once each
    table: Table | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # CSV column -> field

    @property
    def describe(self) -> str:
        return f"{self.layout} ({KIND_LABELS[self.kind]})"
