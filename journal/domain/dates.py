"""Dates and times typed the way people say them: "fri", "next week", "in 3 days", "dec 3", "2026-12-01".

Everything is relative to a given `today` (from the journal's clock), so it is testable and honest about
what the words meant on the day they were typed.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from journal.domain.clock import DateOrder, at_local
from journal.domain.errors import ValidationError
from journal.domain.text import EARLIEST_YEAR, LATEST_YEAR

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
MONTHS = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7}
MONTH_UNITS = {"m": 1, "mo": 1, "month": 1, "months": 1, "y": 12, "yr": 12, "year": 12, "years": 12}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}

HINT = "Try “fri”, “next week”, “in 3 days”, “dec 3” or 2026-12-01."


def _fail(text: str, why: str = "", field: str = "date") -> ValidationError:
    reason = f" {why}" if why else ""
    return ValidationError(f"I don’t understand “{text}” as a date.{reason} {HINT}", field)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _make(year: int, month: int, day: int, text: str, field: str) -> date:
    if not 1 <= month <= 12:
        raise _fail(text, f"There is no month {month}.", field)
    last = calendar.monthrange(year, month)[1] if EARLIEST_YEAR <= year <= LATEST_YEAR else 31
    if not 1 <= day <= last:
        raise ValidationError(
            f"There is no {day} {calendar.month_name[month]}"
            f"{f' in {year}' if month == 2 and day == 29 else ''}. {HINT}",
            field,
        )
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValidationError(f"{year} is not a believable year. {HINT}", field)
    return date(year, month, day)


def _upcoming(month: int, day: int, today: date, text: str, field: str) -> date:
    """The next `month`/`day` on or after today (this year or next)."""
    if month == 2 and day == 29:
        for year in range(today.year, today.year + 8):
            if calendar.isleap(year) and date(year, 2, 29) >= today:
                return date(year, 2, 29)
    candidate = _make(today.year, month, day, text, field)
    return candidate if candidate >= today else _make(today.year + 1, month, day, text, field)


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def parse_date(text: str, today: date, *, order: DateOrder | None, field: str = "date") -> date:
    """A date from what a person typed, or a ValidationError that says what would work.

    `order` is how the rep's locale writes numeric dates (the clock's `date_order`); with None, a numeric
    date that reads two ways is refused with both readings named instead of guessed."""
    raw = text
    s = " ".join(text.strip().lower().replace(",", " ").split())
    if not s:
        raise ValidationError(f"Type a date. {HINT}", field)
    s = re.sub(r"^(on|by|due|until)\s+", "", s)

    if s in ("today", "tod", "now", "tonight"):
        return today
    if s in ("tomorrow", "tmr", "tmrw", "tom"):
        return today + timedelta(days=1)
    if s in ("yesterday", "yday"):
        return today - timedelta(days=1)
    if s in ("next week", "nw"):
        return today + timedelta(days=7 - today.weekday())
    if s in ("end of week", "eow", "this week"):
        return today + timedelta(days=max(0, 4 - today.weekday()))
    if s in ("next month",):
        return add_months(today.replace(day=1), 1)
    if s in ("end of month", "eom"):
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if s in ("next year",):
        return date(today.year + 1, 1, 1)

    # Weekdays: "fri" is the next Friday after today, "next fri" the Friday of next week (Monday-based),
    # "this fri" this week's Friday (or the next one if it has passed).
    m = re.fullmatch(r"(next |this )?([a-z]+)", s)
    if m and m.group(2) in WEEKDAYS:
        target = WEEKDAYS[m.group(2)]
        if m.group(1) == "next ":
            return today + timedelta(days=7 - today.weekday() + target)
        if m.group(1) == "this " and target >= today.weekday():
            return today + timedelta(days=target - today.weekday())
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)

    # Offsets: "in 3 days", "3 days", "2w", "+10", "in a month", "3 weeks from now"
    m = re.fullmatch(r"(?:in |\+)?(\d+|[a-z]+) ?([a-z]*)(?: from (?:now|today))?", s)
    if m and (n := _count(m.group(1))) is not None and (s.startswith(("in ", "+")) or m.group(2)):
        unit = m.group(2) or "d"
        if unit in UNITS:
            return _offset(today, n * UNITS[unit], 0, raw, field)
        if unit in MONTH_UNITS:
            return _offset(today, 0, n * MONTH_UNITS[unit], raw, field)

    # ISO always; other numeric dates in the order the rep's locale writes them: 1/12, 1/12/2027, 1.12.27
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw, field)
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?", s)
    if m:
        return _numeric(int(m.group(1)), int(m.group(2)), m.group(3), today, order, raw, field)

    # Month names: "dec 3", "3 dec", "december 3rd", "dec 3 2027", "3 december 2027"
    m = re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?", s)
    d = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?(?: (\d{4}))?", s)
    if m and m.group(1) in MONTHS:
        named = (MONTHS[m.group(1)], int(m.group(2)), m.group(3))
    elif d and d.group(2) in MONTHS:
        named = (MONTHS[d.group(2)], int(d.group(1)), d.group(3))
    else:
        raise _fail(raw, field=field)
    if named[2]:
        return _make(int(named[2]), named[0], named[1], raw, field)
    return _upcoming(named[0], named[1], today, raw, field)


def _numeric(
    a: int, b: int, year_text: str | None, today: date, order: DateOrder | None, raw: str, field: str
) -> date:
    """1/12 or 1/12/2027: day and month in the locale's order; where only the other order makes a date
    (13/1 in the US) that one; where the order is unknown and both do, a question back."""
    first = (b, a) if order == "DMY" else (a, b)  # (month, day); YMD locales write a short date month first
    other = (first[1], first[0])
    readings = [md for md in (first, other) if 1 <= md[0] <= 12 and 1 <= md[1] <= 31]
    if order is None and len(readings) == 2 and first != other:
        one, two = (_name(*md) for md in readings)
        raise ValidationError(
            f"“{raw}” could be {one} or {two}. Type the month as a word (“{two}”) or the date as "
            f"{today.year}-{readings[1][0]:02d}-{readings[1][1]:02d}.",
            field,
        )
    month, day = readings[0] if readings else first
    if year_text:
        year = int(year_text)
        return _make(year + 2000 if year < 100 else year, month, day, raw, field)
    return _upcoming(month, day, today, raw, field)


def _name(month: int, day: int) -> str:
    return f"{day} {calendar.month_name[month]}"


def _offset(today: date, days: int, months: int, text: str, field: str) -> date:
    try:
        value = add_months(today, months) + timedelta(days=days)
    except (OverflowError, ValueError):
        raise ValidationError(f"“{text}” is too far away to be a believable date.", field) from None
    return _bounded(value, text, field)


def _bounded(value: date, text: str, field: str) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(f"“{text}” lands in {value.year}, which is not a believable year.", field)
    return value


_TIME = re.compile(r"(?:at )?(?:(noon|midday|midnight)|(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?)$")


def parse_time(text: str, *, field: str = "time") -> time:
    s = text.strip().lower()
    m = _TIME.fullmatch(s)
    if not m:
        raise ValidationError(f"I don’t understand “{text}” as a time. Try 14:30, 2:30pm or noon.", field)
    if m.group(1):
        return time(0, 0) if m.group(1) == "midnight" else time(12, 0)
    hour, minute, suffix = int(m.group(2)), int(m.group(3) or 0), (m.group(4) or "").replace(".", "")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise ValidationError(f"“{text}” is not a time on a 12-hour clock.", field)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValidationError(f"“{text}” is not a time of day.", field)
    return time(hour, minute)


def parse_datetime(
    text: str, now: datetime, tz: tzinfo, *, order: DateOrder | None, field: str = "when"
) -> datetime:
    """A moment from "tomorrow 3pm", "fri 10:30", "2026-12-01 14:00", "in 2 days at noon" or "now".

    A date without a time means 09:00 local; the result is aware, in `tz`.
    """
    s = " ".join(text.strip().split())
    if s.lower() in ("now", "just now", ""):
        return now.astimezone(tz).replace(second=0, microsecond=0)
    local_today = now.astimezone(tz).date()
    m = re.fullmatch(
        r"(.*?)(?:\s+|^)(?:at\s+)?(noon|midday|midnight|\d{1,2}:\d{2}\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm|h))$",
        s,
        re.IGNORECASE,
    )
    if m:
        day_text, time_text = m.group(1).strip(), m.group(2)
        when_time = parse_time(time_text, field=field)
        day = parse_date(day_text, local_today, order=order, field=field) if day_text else local_today
    else:
        day = parse_date(s, local_today, order=order, field=field)
        when_time = time(9, 0)
    # Through UTC and back: a time the clocks skip (02:30 on the spring night) becomes the wall time it is.
    return at_local(day, when_time, tz).astimezone(tz)


def next_occurrence(month: int, day: int, today: date) -> date:
    """The next time a yearly date (a birthday, a renewal) comes round, today included. 29 February is
    kept on 28 February in a year without one."""
    for year in (today.year, today.year + 1):
        when = date(year, month, 28 if (month, day) == (2, 29) and not calendar.isleap(year) else day)
        if when >= today:
            return when
    raise AssertionError("a yearly date comes round within a year")


def yearly_window(first: date, days: int) -> list[tuple[int, int, int]]:
    """(month, first day, last day) of the yearly dates that fall in the `days` days from `first`,
    crossing month and year ends: what to ask the database for. A window holding 28 February of a common
    year holds 29 February too, as `next_occurrence` keeps it then."""
    ranges: dict[int, list[int]] = {}
    for n in range(days):
        d = first + timedelta(days=n)
        ranges.setdefault(d.month, []).append(d.day)
        if (d.month, d.day) == (2, 28) and not calendar.isleap(d.year):
            ranges[2].append(29)
    return [(month, min(ds), max(ds)) for month, ds in ranges.items()]


def relative(day: date, today: date) -> str:
    """ "today", "tomorrow", "in 5 days", "12 days ago"."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def short_date(day: date, today: date) -> str:
    """ "27 Nov", with the year only when it is not this year."""
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"


def day_date(day: date, today: date) -> str:
    """The app's one way to show a day: "Tue 1 Dec", with the year only when it is not this year."""
    return f"{day:%a} {short_date(day, today)}"


def day_time(moment: datetime, today: date) -> str:
    """A moment in the same style: "Tue 1 Dec, 14:30", with the year only when it is not this year."""
    return f"{day_date(moment.date(), today)}, {moment:%H:%M}"


def describe(day: date, today: date) -> str:
    """How a date reads next to what was typed: "Fri 27 Nov (in 5 days)"."""
    return f"{day_date(day, today)} ({relative(day, today)})"


@functools.lru_cache(maxsize=16)
def offset_changes(tz: tzinfo, first: date, last: date) -> tuple[tuple[datetime, int], ...]:
    """The zone's offset from UTC (in seconds) from `first` to `last`: (from this UTC moment, offset),
    oldest first; the first entry holds from the start of `first` (and for anything before it).

    Found by looking at the offset once a week and, where it changed, halving the week down to the
    second: about a millisecond for ten years of a zone that keeps summer time, made once per range."""

    def offset(second: int) -> int:
        delta = datetime.fromtimestamp(second, UTC).astimezone(tz).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    start = int(datetime.combine(first, time(), UTC).timestamp())
    end = int(datetime.combine(last, time(), UTC).timestamp())
    week = 7 * 24 * 3600
    changes = [(start, offset(start))]
    at = start
    while at < end:
        step = min(at + week, end)
        if offset(step) != offset(at):
            low, high = at, step
            while high - low > 1:
                middle = (low + high) // 2
                if offset(middle) == offset(low):
                    low = middle
                else:
                    high = middle
            changes.append((high, offset(high)))
        at = step
    return tuple((datetime.fromtimestamp(second, UTC), seconds) for second, seconds in changes)
