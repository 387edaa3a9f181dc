"""My open promises and planned meetings as an iCalendar (.ics) file, for the rep's own calendar.

Promises are all-day VEVENTs on their due date rather than VTODOs: Google Calendar and Outlook import
only events from an .ics file (to-dos are dropped without a word), and Apple Calendar and Thunderbird
show all-day events too. They are marked transparent, so a due date does not block the day as busy.
Planned meetings are timed events (an hour long; the journal keeps no end time) with a reminder
15 minutes before.

Every event's UID comes from the record's `uid`, so importing a newer export updates the events it
already made instead of adding copies; SEQUENCE and LAST-MODIFIED grow with every edit of the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

import journal as journal_package
from journal import vocab
from journal.db import Journal
from journal.models import parse_utc
from journal.paths import write_private_atomic

UID_DOMAIN = "sales-journal"
MEETING_LENGTH = timedelta(hours=1)
ALARM_BEFORE = timedelta(minutes=15)


@dataclass(frozen=True)
class CalendarExport:
    data: bytes
    promises: int
    meetings: int

    def summary(self) -> str:
        p = "promise" if self.promises == 1 else "promises"
        m = "meeting" if self.meetings == 1 else "meetings"
        return f"{self.promises} open {p} of mine and {self.meetings} planned {m}"


def _sequence(created: datetime, updated: datetime) -> int:
    """Grows with each edit (seconds from creation to the last change), so calendars take the newer."""
    return max(0, int((updated - created).total_seconds()))


def build(journal: Journal) -> CalendarExport:
    """The calendar: every open promise of mine and every planned meeting from today on.

    Archived customers are left out, as everywhere the rep looks for what to do.
    """
    cal = Calendar()
    cal.add("prodid", f"-//Sales Journal//Sales Journal {journal_package.__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Sales Journal")
    conn = journal.conn()
    promises = conn.execute(
        "SELECT p.uid, p.text, p.due_on, p.created_at, p.updated_at, c.name, coalesce(k.name, '')"
        " FROM promise p JOIN customer c ON c.id = p.customer_id"
        " LEFT JOIN contact k ON k.id = p.contact_id"
        " WHERE p.status = 'open' AND p.owner = 'me' AND c.archived = 0"
        " ORDER BY p.due_on, p.id"
    ).fetchall()
    for uid, text, due_on, created_at, updated_at, customer, person in promises:
        due = date.fromisoformat(due_on)
        created, updated = parse_utc(created_at), parse_utc(updated_at)
        event = Event()
        event.add("uid", f"{uid}@{UID_DOMAIN}")
        event.add("dtstamp", updated)
        event.add("created", created)
        event.add("last-modified", updated)
        event.add("sequence", _sequence(created, updated))
        event.add("summary", f"Promised {customer}: {text}")
        to = f" ({person})" if person else ""
        event.add("description", f"I promised {customer}{to}:\n{text}\n\nDue {due:%A} {due.day} {due:%B %Y}.")
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Sales Journal", "Promise"])
        cal.add_component(event)

    start = journal.clock.start_of(journal.clock.today())
    meetings = conn.execute(
        "SELECT i.uid, i.interaction_kind, i.occurred_at, i.goal, i.created_at, i.updated_at, c.name,"
        " (SELECT group_concat(name, ', ') FROM (SELECT k.name FROM attendee a"
        "   JOIN contact k ON k.id = a.contact_id WHERE a.interaction_id = i.id ORDER BY k.name))"
        " FROM interaction i JOIN customer c ON c.id = i.customer_id"
        " WHERE i.state = 'planned' AND i.occurred_at >= ? AND c.archived = 0"
        " ORDER BY i.occurred_at, i.id",
        (start.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),),
    ).fetchall()
    for uid, kind, occurred_at, goal, created_at, updated_at, customer, people in meetings:
        at = parse_utc(occurred_at)
        created, updated = parse_utc(created_at), parse_utc(updated_at)
        label = vocab.INTERACTION_KIND_LABELS.get(kind, "Meeting")
        event = Event()
        event.add("uid", f"{uid}@{UID_DOMAIN}")
        event.add("dtstamp", updated)
        event.add("created", created)
        event.add("last-modified", updated)
        event.add("sequence", _sequence(created, updated))
        event.add("summary", f"{label} with {customer}")
        lines = []
        if people:
            lines.append(f"With {people}")
        if goal:
            lines.append(f"Goal: {goal}")
        lines.append("Open the brief in Sales Journal before you go in.")
        event.add("description", "\n".join(lines))
        event.add("dtstart", at)
        event.add("dtend", at + MEETING_LENGTH)
        event.add("categories", ["Sales Journal", "Meeting"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{label} with {customer} in 15 minutes")
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
        cal.add_component(event)
    return CalendarExport(cal.to_ical(), len(promises), len(meetings))


def export(journal: Journal, path: Path) -> CalendarExport:
    """Write the calendar to `path` (private, and whole or not at all)."""
    result = build(journal)
    write_private_atomic(path, result.data)
    return result
