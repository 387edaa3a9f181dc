"""The rep's own calendar day and wall clock, in every zone and on the nights the clocks change.

Each case sets the journal's clock to a local instant in a zone and asserts what the rep sees: which
Today section a promise is in, the hour a meeting shows at, when a reminder fires, whether a promise was
kept on time, what a numeric date means, and the instants in the calendar file.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from journal.domain.clock import FixedClock, date_order_of_format, date_order_of_locale, system_clock
from journal.domain.dates import next_occurrence, parse_date, parse_datetime, yearly_window
from journal.domain.errors import ValidationError
from journal.exchange import ics
from journal.reads import reminders, today
from journal.reads.brief import build_brief
from journal.reads.brief_render import render_text
from journal.reads.followthrough import follow_through
from journal.services import contacts, customers, interactions, promises
from journal.storage.db import Journal

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
ZONES = [
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",  # +5:30
    "Pacific/Auckland",  # +13 in its summer, the first to reach a new day
    "America/St_Johns",  # -3:30, with daylight saving
]
# Local wall-clock instants: a minute either side of midnight, both nights the clocks change in New York
# and Berlin (in the hour that repeats, both times), a leap day and the year's last minute.
INSTANTS = [
    (datetime(2027, 1, 15, 23, 59), 0),
    (datetime(2027, 1, 16, 0, 1), 0),
    (datetime(2027, 3, 14, 1, 59, 30), 0),  # New York: the clocks jump 02:00 -> 03:00
    (datetime(2027, 3, 14, 3, 0, 30), 0),
    (datetime(2027, 11, 7, 1, 30), 0),  # New York: 01:00-02:00 happens twice
    (datetime(2027, 11, 7, 1, 30), 1),
    (datetime(2027, 3, 28, 1, 59), 0),  # Berlin: 02:00 -> 03:00
    (datetime(2027, 3, 28, 3, 1), 0),
    (datetime(2027, 10, 31, 2, 30), 0),  # Berlin: 02:00-03:00 twice
    (datetime(2027, 10, 31, 2, 30), 1),
    (datetime(2028, 2, 29, 23, 59), 0),
    (datetime(2027, 12, 31, 23, 59), 0),
    (datetime(2028, 1, 1, 0, 1), 0),
]


def clock_at(local: datetime, zone: str, fold: int = 0) -> FixedClock:
    tz = ZoneInfo(zone)
    return FixedClock(local.replace(tzinfo=tz, fold=fold), tz)


@pytest.fixture
def make(tmp_path: Path):
    opened: list[Journal] = []

    def _make(clock: FixedClock) -> tuple[Journal, int]:
        j = Journal.open(tmp_path / f"j{len(opened)}.sqlite3", clock=clock)
        opened.append(j)
        return j, customers.create_customer(j, name="Acme").created_id("customer")

    yield _make
    for j in opened:
        j.close()


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("local", "fold"), INSTANTS, ids=lambda v: str(v))
def test_today_follows_the_reps_own_calendar_day(make, zone: str, local: datetime, fold: int) -> None:
    clock = clock_at(local, zone, fold)
    j, acme = make(clock)
    assert clock.today() == local.date(), "the day on the rep's wall, not in Greenwich"
    day = local.date()
    due = promises.add_promise(j, acme, text="Due today", due_on=day).created_id("promise")
    late = promises.add_promise(j, acme, text="Due yesterday", due_on=day - timedelta(days=1))
    soon = promises.add_promise(j, acme, text="Due tomorrow", due_on=day + timedelta(days=1))
    report = today.report(j)
    assert report.day == day
    assert [p.id for p in report.due_mine] == [due, soon.created_id("promise")]
    assert [p.id for p in report.overdue_mine] == [late.created_id("promise")]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("local", "fold"), INSTANTS, ids=lambda v: str(v))
def test_a_meeting_shows_at_the_hour_it_was_set_for(make, zone: str, local: datetime, fold: int) -> None:
    clock = clock_at(local, zone, fold)
    j, acme = make(clock)
    tz = ZoneInfo(zone)
    # Ten o'clock local, three days on: across a change of the clocks in some of the cases.
    ten = datetime.combine(local.date() + timedelta(days=3), time(10, 0), tzinfo=tz)
    mid = interactions.plan_meeting(j, acme, occurred_at=ten, goal="Scope").created_id("interaction")
    brief = build_brief(j, acme, today=clock.today(), meeting_id=mid)
    assert brief.meeting is not None
    assert (brief.meeting.when.date(), brief.meeting.when.hour, brief.meeting.when.minute) == (
        ten.date(),
        10,
        0,
    )
    assert re.search(rf"{ten:%a} {ten.day} {ten:%b}( {ten.year})?, 10:00", render_text(brief))
    [coming] = today.report(j).coming_up
    assert coming.day == ten.date() and clock.local(coming.at).hour == 10


def test_the_new_york_meeting_after_the_change_shows_at_ten(make) -> None:
    """Seen on Wed 10 Mar 2027 (EST), a meeting on Tue 16 Mar at 14:00 UTC is at 10:00 EDT."""
    clock = FixedClock(datetime(2027, 3, 10, 12, 0, tzinfo=NEW_YORK), NEW_YORK)
    j, acme = make(clock)
    mid = interactions.plan_meeting(j, acme, occurred_at=datetime(2027, 3, 16, 14, 0, tzinfo=UTC)).created_id(
        "interaction"
    )
    text = render_text(build_brief(j, acme, today=clock.today(), meeting_id=mid))
    assert "Tue 16 Mar, 10:00" in text and "09:00" not in text


@pytest.mark.parametrize(
    ("zone", "due", "expected_utc"),
    [
        ("Europe/Berlin", date(2027, 3, 27), datetime(2027, 3, 27, 8, 0, tzinfo=UTC)),  # CET, +1
        ("Europe/Berlin", date(2027, 3, 28), datetime(2027, 3, 28, 7, 0, tzinfo=UTC)),  # CEST from 02:00
        ("America/New_York", date(2027, 11, 7), datetime(2027, 11, 7, 14, 0, tzinfo=UTC)),  # EST again
        ("Asia/Kolkata", date(2027, 6, 1), datetime(2027, 6, 1, 3, 30, tzinfo=UTC)),
        ("America/St_Johns", date(2027, 7, 1), datetime(2027, 7, 1, 11, 30, tzinfo=UTC)),  # NDT, -2:30
    ],
)
def test_a_promise_reminder_fires_at_nine_on_its_day(zone: str, due: date, expected_utc: datetime) -> None:
    p = reminders.DuePromise(1, 1, "Acme", "Send pricing", due)
    assert reminders.promise_reminder(p, ZoneInfo(zone)).at == expected_utc


def test_the_reminder_plan_wakes_at_the_next_local_midnight_on_the_night_the_clocks_change() -> None:
    now = datetime(2027, 3, 13, 22, 0, tzinfo=NEW_YORK)
    plan = reminders.plan(now, NEW_YORK, [], [])
    assert plan.next_wake == datetime(2027, 3, 14, 5, 0, tzinfo=UTC)  # midnight EST, before the jump
    now = datetime(2027, 3, 14, 22, 0, tzinfo=NEW_YORK)
    assert reminders.plan(now, NEW_YORK, [], []).next_wake == datetime(2027, 3, 15, 4, 0, tzinfo=UTC)


def test_kept_after_local_midnight_is_late_although_greenwich_has_not_reached_that_day(make) -> None:
    # 00:30 on 2 Mar in Auckland is 11:30 on 1 Mar in UTC: the promise due 1 Mar was kept a day late.
    clock = FixedClock(
        datetime(2028, 3, 2, 0, 30, tzinfo=ZoneInfo("Pacific/Auckland")), ZoneInfo("Pacific/Auckland")
    )
    j, acme = make(clock)
    pid = promises.add_promise(j, acme, text="Send pricing", due_on=date(2028, 3, 1)).created_id("promise")
    promises.mark_kept(j, pid)
    mine = follow_through(j).mine
    assert (mine.on_time, mine.late) == (0, 1)


# -- numeric dates in the rep's own order ----------------------------------------------------------------

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("typed", "order", "expected"),
    [
        ("12/1", "MDY", date(2026, 12, 1)),  # a US rep's 1 December
        ("12/1", "DMY", date(2027, 1, 12)),  # 12 January everywhere else
        ("12/1", "YMD", date(2026, 12, 1)),  # month first in Japan, China, Korea
        ("13/1", "MDY", date(2027, 1, 13)),  # only one reading makes a date
        ("1/13", "DMY", date(2027, 1, 13)),
        ("12/1/2027", "MDY", date(2027, 12, 1)),
        ("12.1.27", "DMY", date(2027, 1, 12)),
        ("2027-01-12", "MDY", date(2027, 1, 12)),  # ISO always
        ("2027-01-12", None, date(2027, 1, 12)),
        ("5/5", None, date(2027, 5, 5)),  # the same either way
        ("13/1", None, date(2027, 1, 13)),
    ],
)
def test_numeric_dates_follow_the_locale_order(typed: str, order, expected: date) -> None:
    assert parse_date(typed, TODAY, order=order) == expected


def test_a_numeric_date_that_reads_two_ways_is_questioned_when_the_order_is_unknown() -> None:
    with pytest.raises(ValidationError) as e:
        parse_date("12/1", TODAY, order=None)
    assert "1 December" in str(e.value) and "12 January" in str(e.value)


@pytest.mark.parametrize(
    ("locale_name", "order"),
    [
        ("en_US.UTF-8", "MDY"),
        ("de_DE@euro", "DMY"),
        ("en_GB.UTF-8", "DMY"),
        ("ja_JP.UTF-8", "YMD"),
        ("C", None),
    ],
)
def test_the_date_order_of_a_locale(locale_name: str, order) -> None:
    assert date_order_of_locale(locale_name) == order
    assert system_clock({"LANG": locale_name}).date_order == order


@pytest.mark.parametrize(
    ("pattern", "order"), [("M/d/yy", "MDY"), ("dd.MM.yyyy", "DMY"), ("yyyy/MM/dd", "YMD"), ("", None)]
)
def test_the_date_order_of_a_system_date_format(pattern: str, order) -> None:
    assert date_order_of_format(pattern) == order


def test_a_time_the_clocks_skip_becomes_the_wall_time_it_is() -> None:
    now = datetime(2027, 3, 10, 12, 0, tzinfo=NEW_YORK)
    when = parse_datetime("2027-03-14 02:30", now, NEW_YORK, order="MDY")
    assert (when.hour, when.minute, when.utcoffset()) == (3, 30, timedelta(hours=-4))


# -- windows of days -----------------------------------------------------------------------------------


def test_the_briefs_thirty_days_of_dates_cross_every_month_between(make) -> None:
    j, acme = make(FixedClock(datetime(2027, 1, 31, 12, 0, tzinfo=BERLIN), BERLIN))
    for month, day, label in [(2, 15, "Mid-Feb renewal"), (3, 1, "March renewal"), (3, 3, "Too far")]:
        contacts.add_important_date(j, acme, month=month, day=day, date_kind="renewal", label=label)
    dates = build_brief(j, acme, today=date(2027, 1, 31)).customer.dates
    assert [(d.label, d.on) for d in dates] == [
        ("Mid-Feb renewal", date(2027, 2, 15)),
        ("March renewal", date(2027, 3, 1)),
    ]


def test_todays_dates_cross_the_year_end_and_a_leap_day_birthday_is_kept_on_28_february(make) -> None:
    j, acme = make(FixedClock(datetime(2026, 12, 25, 8, 0, tzinfo=UTC)))
    contacts.add_important_date(j, acme, month=1, day=5, date_kind="renewal", label="New year renewal")
    coming = today.report(j).coming_up
    assert [(c.title, c.day) for c in coming] == [("New year renewal", date(2027, 1, 5))]
    assert next_occurrence(2, 29, date(2027, 2, 1)) == date(2027, 2, 28)
    assert next_occurrence(2, 29, date(2028, 2, 1)) == date(2028, 2, 29)
    assert yearly_window(date(2027, 2, 20), 10)[0] == (2, 20, 29), "28 Feb in a common year looks for 29 Feb"


# -- the calendar file -----------------------------------------------------------------------------------


def test_calendar_events_keep_their_instants_across_a_change_of_the_clocks(make, tmp_path: Path) -> None:
    clock = FixedClock(datetime(2027, 3, 10, 12, 0, tzinfo=NEW_YORK), NEW_YORK)
    j, acme = make(clock)
    before = datetime(2027, 3, 12, 10, 0, tzinfo=NEW_YORK)  # EST, 15:00 UTC
    after = datetime(2027, 3, 16, 10, 0, tzinfo=NEW_YORK)  # EDT, 14:00 UTC
    for when in (before, after):
        interactions.plan_meeting(j, acme, occurred_at=when)
    promises.add_promise(j, acme, text="Send pricing", due_on=date(2027, 3, 15))
    path = tmp_path / "cal.ics"
    ics.export(j, path)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    starts = sorted(e.decoded("dtstart") for e in events if isinstance(e.decoded("dtstart"), datetime))
    assert starts == [before, after]
    assert [s.astimezone(UTC).hour for s in starts] == [15, 14]
    assert [s.astimezone(NEW_YORK).hour for s in starts] == [10, 10]
    [all_day] = [e.decoded("dtstart") for e in events if not isinstance(e.decoded("dtstart"), datetime)]
    assert all_day == date(2027, 3, 15), "a promise is due on a day, not at an instant"


# -- the clock every entry point runs on -------------------------------------------------------------------


def test_the_entry_points_clock_can_be_set_to_an_instant_and_a_zone() -> None:
    clock = system_clock(
        {"SALES_JOURNAL_NOW": "2027-03-10T17:00:00Z", "SALES_JOURNAL_TZ": "America/New_York"}
    )
    assert clock.now() == datetime(2027, 3, 10, 17, 0, tzinfo=UTC)
    assert clock.local(clock.now()).hour == 12
    assert clock.local(datetime(2027, 7, 1, 14, 0, tzinfo=UTC)).hour == 10, "EDT in July, not EST"
    assert clock.start_of(date(2027, 3, 14)) == datetime(2027, 3, 14, 5, 0, tzinfo=UTC)
    assert clock.start_of(date(2027, 3, 15)) == datetime(2027, 3, 15, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("env", "word"),
    [
        ({"SALES_JOURNAL_TZ": "Mars/Olympus"}, "time zone"),
        ({"SALES_JOURNAL_NOW": "yesterday"}, "ISO"),
        ({"SALES_JOURNAL_DATE_ORDER": "DDMM"}, "DMY"),
    ],
)
def test_a_clock_setting_that_makes_no_sense_is_refused_in_plain_words(
    env: dict[str, str], word: str
) -> None:
    with pytest.raises(ValidationError) as e:
        system_clock(env)
    assert word in str(e.value)


def test_the_wall_clock_uses_the_systems_named_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import tzlocal

    monkeypatch.setenv("TZ", "America/New_York")
    tzlocal.reload_localzone()
    try:
        clock = system_clock({})
        assert clock.local_tz() == NEW_YORK, "a named zone with its rules, not today's offset"
        assert clock.local(datetime(2027, 1, 15, 15, 0, tzinfo=UTC)).hour == 10
        assert clock.local(datetime(2027, 7, 15, 14, 0, tzinfo=UTC)).hour == 10
    finally:
        monkeypatch.undo()
        tzlocal.reload_localzone()
