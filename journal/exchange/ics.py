"""My open promises, next steps and planned meetings as an iCalendar (.ics) file, for the rep's own calendar.

Promises and next steps are all-day VEVENTs on their day rather than VTODOs: Google Calendar and Outlook
import only events from an .ics file (to-dos are dropped without a word), and Apple Calendar and
Thunderbird show all-day events too. They are marked transparent, so a due date does not block the day as
busy. Planned meetings are timed events (an hour long; the journal keeps no end time) with a reminder
15 minutes before.

Every event's UID comes from the record's `uid`, so importing a newer export updates the events it
already made instead of adding copies. The journal keeps what each export sent (`calendar_event`): an
event whose text or time changed since goes out with SEQUENCE one higher, and an event whose promise was
kept or released, whose next step was done or dropped, or whose meeting was logged, cancelled or deleted
goes out once more as STATUS:CANCELLED (same UID, SEQUENCE one higher), so importing the new file takes it
off the rep's calendar. Cancellations are repeated in every export for CANCELLED_KEPT_DAYS, for a rep who
skipped importing one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Alarm, Calendar, Component, Event

import journal as journal_package
from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.text import TEXT_MAX, check_int, check_time, clean_line, clean_text
from journal.services import next_steps
from journal.storage.changes import Changes, Tx
from journal.storage.db import Journal
from journal.storage.models import format_utc, parse_utc
from journal.storage.paths import write_private_atomic

UID_DOMAIN = "sales-journal"
MEETING_LENGTH = timedelta(hours=1)
ALARM_BEFORE = timedelta(minutes=15)
CANCELLED_KEPT_DAYS = 60
# What says what an event is; SEQUENCE, DTSTAMP and LAST-MODIFIED only say when it was sent.
_STAMPS = ("SEQUENCE", "DTSTAMP", "LAST-MODIFIED", "STATUS")


@dataclass(frozen=True)
class CalendarExport:
    data: bytes
    promises: int
    meetings: int
    next_steps: int = 0
    cancelled: int = 0  # events sent as cancelled: settled since an earlier export
    changes: Changes = field(default_factory=lambda: Changes("Export the calendar"))

    def summary(self) -> str:
        p = "promise" if self.promises == 1 else "promises"
        m = "meeting" if self.meetings == 1 else "meetings"
        steps = ""
        if self.next_steps:
            steps = f", {self.next_steps} next step{'s' if self.next_steps != 1 else ''}"
        gone = f", and {self.cancelled} cancelled (done since an earlier export)" if self.cancelled else ""
        return f"{self.promises} open {p} of mine{steps} and {self.meetings} planned {m}{gone}"


def clean_calendar_event_field(key: str, value: Any) -> Any:
    """One field of an event the calendar export sent, as kept or imported: what a later export reads."""
    match key:
        case "event_uid":
            return clean_line(value, field=key, label="Event", max_len=255, required=True)
        case "sequence":
            return check_int(value, field=key, label="Event version", low=0, high=10**9, required=True)
        case "fingerprint":
            return clean_line(value, field=key, label="Event fingerprint", max_len=255, required=True)
        case "event":
            text = clean_text(value, field=key, label="Event", max_len=TEXT_MAX * 4, required=True)
            try:
                if Event.from_ical(text).name != "VEVENT":
                    raise ValueError(text)
            except (ValueError, KeyError, IndexError):
                raise ValidationError("The event kept is not a calendar event (VEVENT).", key) from None
            return text
        case "cancelled_at":
            return None if value is None else check_time(value, field=key, label="Cancelled on")
    raise TypeError(f"calendar events cannot set {key!r}")


def _all_day(uid: str, summary: str, description: str, day: date, category: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Sales Journal", category])
    return event


def _wanted(journal: Journal) -> tuple[dict[str, Event], dict[str, int]]:
    """The events the calendar should hold now, by UID (without SEQUENCE and stamps); and how many of each
    kind. Archived customers are left out, as everywhere the rep looks for what to do."""
    conn = journal.conn()
    events: dict[str, Event] = {}
    counts = {"promise": 0, "next_step": 0, "meeting": 0}
    for uid, text, due_on, customer, person in conn.execute(
        "SELECT p.uid, p.text, p.due_on, c.name, coalesce(k.name, '')"
        " FROM promise p JOIN customer c ON c.id = p.customer_id"
        " LEFT JOIN contact k ON k.id = p.contact_id"
        " WHERE p.status = 'open' AND p.owner = 'me' AND c.archived = 0"
        " ORDER BY p.due_on, p.id"
    ):
        due = date.fromisoformat(due_on)
        to = f" ({person})" if person else ""
        events[f"{uid}@{UID_DOMAIN}"] = _all_day(
            f"{uid}@{UID_DOMAIN}",
            f"Promised {customer}: {text}",
            f"I promised {customer}{to}:\n{text}\n\nDue {due:%A} {due.day} {due:%B %Y}.",
            due,
            "Promise",
        )
        counts["promise"] += 1
    steps, _ = next_steps.open_next_steps(journal, limit=-1)
    uids = dict(
        conn.execute(
            "SELECT i.id, i.uid FROM interaction i JOIN customer c ON c.id = i.customer_id"
            f" WHERE {next_steps.OPEN_SQL}"
        ).fetchall()
    )
    for s in steps:
        uid = f"next-step-{uids[s.interaction_id]}@{UID_DOMAIN}"
        events[uid] = _all_day(
            uid,
            f"Next step with {s.customer_name}: {s.text}",
            f"Next step with {s.customer_name}, decided on {s.decided_on:%A} {s.decided_on.day} "
            f"{s.decided_on:%B %Y}:\n{s.text}",
            s.due_on,
            "Next step",
        )
        counts["next_step"] += 1

    start = journal.clock.now()  # a meeting that has started is to be logged, not to go to
    for uid, kind, occurred_at, goal, customer, people in conn.execute(
        "SELECT i.uid, i.interaction_kind, i.occurred_at, i.goal, c.name,"
        " (SELECT group_concat(name, ', ') FROM (SELECT k.name FROM attendee a"
        "   JOIN contact k ON k.id = a.contact_id WHERE a.interaction_id = i.id ORDER BY k.name))"
        " FROM interaction i JOIN customer c ON c.id = i.customer_id"
        " WHERE i.state = 'planned' AND i.occurred_at >= ? AND c.archived = 0"
        " ORDER BY i.occurred_at, i.id",
        (format_utc(start),),
    ):
        at = parse_utc(occurred_at)
        label = vocab.INTERACTION_KIND_LABELS.get(kind, "Meeting")
        event = Event()
        event.add("uid", f"{uid}@{UID_DOMAIN}")
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
        events[f"{uid}@{UID_DOMAIN}"] = event
        counts["meeting"] += 1
    return events, counts


def _fingerprint(event: Event) -> str:
    return hashlib.sha256(event.to_ical()).hexdigest()


def _stamped(event: Component, sequence: int, now: datetime, *, cancelled: bool = False) -> Component:
    for name in _STAMPS:
        event.pop(name, None)
    event.add("dtstamp", now)
    event.add("last-modified", now)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def export(journal: Journal, path: Path) -> CalendarExport:
    """Write the calendar to `path` (private, and whole or not at all), and remember what it sent.

    The file and the record are one step: if the file cannot be written, the journal is left as it was.
    """
    with journal.write("Export the calendar") as tx:
        result = _export(journal, path, tx)
    return CalendarExport(
        result.data, result.promises, result.meetings, result.next_steps, result.cancelled, tx.changes()
    )


def _export(journal: Journal, path: Path, tx: Tx) -> CalendarExport:
    m = journal.models
    now = journal.clock.now()
    wanted, counts = _wanted(journal)
    sent = {r.event_uid: r for r in m.CalendarEvent.select()}

    cal = Calendar()
    cal.add("prodid", f"-//Sales Journal//Sales Journal {journal_package.__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Sales Journal")
    for uid, event in wanted.items():
        fingerprint = _fingerprint(event)
        record = sent.get(uid)
        if record is None:
            _stamped(event, 0, now)
            created = m.CalendarEvent.create(
                event_uid=uid,
                sequence=0,
                fingerprint=fingerprint,
                event=event.to_ical().decode(),
                created_at=now,
                updated_at=now,
            )
            tx.created("calendar_event", created.id)
        elif record.fingerprint != fingerprint or record.cancelled_at is not None:
            sequence = record.sequence + 1
            _stamped(event, sequence, now)
            record.sequence, record.fingerprint, record.cancelled_at = sequence, fingerprint, None
            record.event, record.updated_at = event.to_ical().decode(), now
            record.save()
            tx.updated("calendar_event", record.id)
        else:
            _stamped(event, record.sequence, record.updated_at)  # unchanged: sent as it was
        cal.add_component(event)

    cancelled = 0
    keep_since = now - timedelta(days=CANCELLED_KEPT_DAYS)
    for uid, record in sent.items():
        if uid in wanted:
            continue
        if record.cancelled_at is None:
            record.sequence, record.cancelled_at, record.updated_at = record.sequence + 1, now, now
            record.save()
            tx.updated("calendar_event", record.id)
        elif record.cancelled_at < keep_since:
            continue
        gone = Event.from_ical(record.event)
        cal.add_component(_stamped(gone, record.sequence, record.cancelled_at, cancelled=True))
        cancelled += 1
    data = cal.to_ical()
    write_private_atomic(path, data)
    return CalendarExport(data, counts["promise"], counts["meeting"], counts["next_step"], cancelled)
