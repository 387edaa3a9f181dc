"""Meetings from a calendar file (.ics), read with icalendar; recurring events are expanded by
recurring-ical-events into their occurrences in the chosen date range.

An event becomes a meeting with a customer when one of its attendees (or its organiser) is a person in
the journal, found by email; the others are the rep's own business. Each meeting keeps a uid made from
the event's UID (and the occurrence's start), so importing the calendar again moves a rescheduled
meeting rather than adding it twice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import recurring_ical_events  # type: ignore[import-untyped]
from icalendar import Calendar

from journal.exchange.imports.detect import ImportProblem
from journal.exchange.imports.entries import Meeting, Source


def _address(value: Any) -> str:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.casefold() if "@" in text else ""


def _start(value: Any, zone: tzinfo) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(9), zone)  # an all-day event: its morning
    return None


def read_text(text: str, name: str, *, window: tuple[date, date] | None, zone: object = None) -> Source:
    local = zone if isinstance(zone, tzinfo) else UTC
    try:
        cal = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError) as e:
        raise ImportProblem(
            f"“{name}” is not a readable calendar file ({e}). Nothing was imported."
        ) from None
    source = Source(name, "ics", "Calendar")
    lines = {
        uid.strip(): n + 1
        for n, row in enumerate(text.splitlines())
        if row.upper().startswith("UID:")
        for uid in [row[4:]]
    }
    if window is None:
        raise ImportProblem("Say which dates of the calendar to import.")
    first, last = window
    try:
        events = recurring_ical_events.of(cal).between(first, last + timedelta(days=1))
    except Exception as e:  # the expander's errors have no common base
        raise ImportProblem(
            f"The events in “{name}” cannot be read ({type(e).__name__}). Nothing was imported."
        ) from None
    repeating = {
        str(e.get("uid", "")).strip()
        for e in cal.walk("VEVENT")
        if "rrule" in e or "rdate" in e or "recurrence-id" in e
    }
    for event in events:
        if str(event.get("status", "")).upper() == "CANCELLED":
            continue
        start = _start(event.decoded("dtstart", None), local)
        if start is None:
            continue
        uid = str(event.get("uid", "")).strip()
        if uid in repeating:
            # An occurrence is known by the start the rule gives it (a moved one keeps it as RECURRENCE-ID).
            at = _start(event.decoded("recurrence-id", None), local) or start
            key = f"{uid}/{at.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        else:
            key = uid or f"{start.astimezone(UTC):%Y%m%dT%H%M%SZ}/{event.get('summary', '')}"
        attendees = event.get("attendee", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        organizer = _address(event.get("organizer", ""))
        emails = tuple(a for a in (_address(x) for x in attendees) if a)
        source.meetings.append(
            Meeting(
                lines.get(uid, 0),
                key,
                str(event.get("summary", "")).strip(),
                start.astimezone(UTC),
                str(event.get("description", "")).strip(),
                emails,
                organizer,
            )
        )
    source.meetings.sort(key=lambda m: m.start)
    return source
