"""Dates typed the way people say them, relative to a fixed Sunday, 22 November 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from journal.domain.dates import describe, parse_date, parse_datetime, parse_time
from journal.domain.errors import ValidationError

TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today", date(2026, 11, 22)),
        ("tomorrow", date(2026, 11, 23)),
        ("fri", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("mon", date(2026, 11, 23)),
        ("sun", date(2026, 11, 29)),  # a weekday name never means today
        ("next fri", date(2026, 11, 27)),  # Sunday ends the week: next week's Friday
        ("next week", date(2026, 11, 23)),
        ("in 3 days", date(2026, 11, 25)),
        ("3d", date(2026, 11, 25)),
        ("+2w", date(2026, 12, 6)),
        ("in two weeks", date(2026, 12, 6)),
        ("in a month", date(2026, 12, 22)),
        ("eom", date(2026, 11, 30)),
        ("2026-12-01", date(2026, 12, 1)),
        ("dec 3", date(2026, 12, 3)),
        ("3 Dec", date(2026, 12, 3)),
        ("December 3rd", date(2026, 12, 3)),
        ("Dec 3, 2027", date(2027, 12, 3)),
        ("nov 1", date(2027, 11, 1)),  # already past this year: next year's
        ("1/12", date(2026, 12, 1)),  # day first
        ("13/1", date(2027, 1, 13)),  # only one reading is possible
        ("by fri", date(2026, 11, 27)),
    ],
)
def test_understood(typed: str, expected: date) -> None:
    assert parse_date(typed, TODAY, order="DMY") == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("next blursday", "don’t understand “next blursday”"),
        ("31/02", "There is no 31 February"),
        ("feb 30", "There is no 30 February"),
        ("2026-13-01", "no month 13"),
        ("", "Type a date"),
        ("in 99999 years", "believable"),
        ("in 9999999999 days", "believable"),
        ("0001-01-01", "believable year"),
    ],
)
def test_refused_with_a_useful_message(typed: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        parse_date(typed, TODAY, order="DMY", field="due_on")
    assert info.value.field == "due_on"
    assert "Try" in str(info.value) or "believable" in str(info.value)


def test_leap_day_finds_the_next_leap_year() -> None:
    assert parse_date("feb 29", TODAY, order="DMY") == date(2028, 2, 29)


def test_times_and_moments() -> None:
    now = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    assert parse_time("2:30pm") == time(14, 30)
    assert parse_time("noon") == time(12, 0)
    assert parse_datetime("tomorrow 3pm", now, UTC, order="DMY") == datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert parse_datetime("fri 10:30", now, UTC, order="DMY") == datetime(2026, 11, 27, 10, 30, tzinfo=UTC)
    assert parse_datetime("dec 3", now, UTC, order="DMY") == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert parse_datetime("now", now, UTC, order="DMY") == now
    with pytest.raises(ValidationError, match="time"):
        parse_time("25:00")


def test_described_back_to_the_person() -> None:
    assert describe(date(2026, 11, 27), TODAY) == "Fri 27 Nov (in 5 days)"
    assert describe(TODAY, TODAY) == "Sun 22 Nov (today)"


def test_one_style_for_days_and_moments() -> None:
    from datetime import datetime

    from journal.domain.dates import day_date, day_time

    assert day_date(date(2026, 12, 1), TODAY) == "Tue 1 Dec"
    assert day_date(date(2027, 1, 5), TODAY) == "Tue 5 Jan 2027"
    assert day_time(datetime(2026, 12, 1, 14, 30), TODAY) == "Tue 1 Dec, 14:30"
    assert day_time(datetime(2025, 3, 4, 9, 5), TODAY) == "Tue 4 Mar 2025, 09:05"
    assert describe(date(2027, 1, 5), TODAY) == "Tue 5 Jan 2027 (in 44 days)"
