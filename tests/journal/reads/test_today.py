"""Today's sections against a fixed date: who is in which section, in what order, at the day's edges."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from journal.domain.clock import FixedClock
from journal.domain.errors import ValidationError
from journal.reads import queries, today
from journal.reads.followthrough import follow_through
from journal.sample import fill_sample
from journal.services import contacts, customers, followup, interactions, promises, settings
from journal.storage.db import Journal
from tests.conftest import NOW

TODAY = NOW.date()  # Sunday 22 November 2026


def _customer(journal: Journal, name: str, **kwargs) -> int:
    return customers.create_customer(journal, name=name, **kwargs).created_id("customer")


def _promise(journal: Journal, cid: int, text: str, due_in: int, owner: str = "me") -> int:
    due = TODAY + timedelta(days=due_in)
    return promises.add_promise(journal, cid, text=text, due_on=due, owner=owner).created_id("promise")


def _contact(journal: Journal, cid: int, days_ago: int, hour: int = 10) -> None:
    when = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC).replace(hour=hour)
    interactions.add_interaction(journal, cid, occurred_at=when, interaction_kind="call")


def _texts(items) -> list[str]:
    return [p.text for p in items]


def test_promises_fall_into_overdue_due_and_chase_in_order(journal: Journal, clock: FixedClock) -> None:
    acme = _customer(journal, "Acme")
    zed = _customer(journal, "Zed Foods")
    _promise(journal, zed, "yesterday (Zed)", -1)
    _promise(journal, acme, "yesterday (Acme)", -1)
    _promise(journal, acme, "a week late", -7)
    _promise(journal, acme, "due today", 0)
    _promise(journal, acme, "in six days", 6)
    _promise(journal, acme, "in seven days", 7)
    _promise(journal, acme, "theirs, today", 0, owner="them")
    _promise(journal, acme, "theirs, three days late", -3, owner="them")
    _promise(journal, acme, "theirs, tomorrow", 1, owner="them")
    kept = _promise(journal, acme, "kept already", -2)
    promises.mark_kept(journal, kept)

    r = today.report(journal)
    assert _texts(r.overdue_mine) == ["a week late", "yesterday (Acme)", "yesterday (Zed)"]
    assert _texts(r.due_mine) == ["due today", "in six days"]
    assert _texts(r.chase_theirs) == ["theirs, three days late", "theirs, today"]
    assert r.overdue_mine[0].days_late(TODAY) == 7

    # One second before midnight "due today" is still due; one second after it is overdue.
    clock.set(datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC))
    assert "due today" in _texts(today.report(journal).due_mine)
    clock.set(datetime(2026, 11, 23, 0, 0, 1, tzinfo=UTC))
    late = today.report(journal)
    assert _texts(late.overdue_mine)[-1] == "due today"
    assert "in seven days" in _texts(late.due_mine)
    assert "theirs, tomorrow" in _texts(late.chase_theirs)


def test_midnight_is_the_local_one(tmp_path: Path) -> None:
    """In New York (UTC−5) 02:00 UTC on the 23rd is still the evening of the 22nd."""
    clock = FixedClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC), tz=timezone(timedelta(hours=-5)))
    with Journal.open(tmp_path / "ny.sqlite3", clock=clock) as j:
        acme = _customer(j, "Acme")
        _promise(j, acme, "due the 22nd", 0)
        assert _texts(today.report(j).due_mine) == ["due the 22nd"]
        clock.set(datetime(2026, 11, 23, 5, 0, 1, tzinfo=UTC))
        assert _texts(today.report(j).overdue_mine) == ["due the 22nd"]


def test_slipping_starts_the_day_the_cadence_runs_out_and_worst_first(journal: Journal) -> None:
    met = _customer(journal, "Exactly Met", cadence_days=30)
    _contact(journal, met, 30)
    within = _customer(journal, "Within", cadence_days=30)
    _contact(journal, within, 29)
    over = _customer(journal, "Just Over", cadence_days=30)
    _contact(journal, over, 31)
    worst = _customer(journal, "Far Gone", cadence_days=10)
    _contact(journal, worst, 25)
    lead = _customer(journal, "Stage Default")  # a lead: every 14 days by default
    _contact(journal, lead, 15)
    snoozed = _customer(journal, "Snoozed", cadence_days=10)
    _contact(journal, snoozed, 40)
    followup.snooze(journal, snoozed, 3)
    archived = _customer(journal, "Archived", cadence_days=10)
    _contact(journal, archived, 40)
    customers.archive_customer(journal, archived)
    resting = _customer(journal, "Not Now Ltd", cadence_days=10)
    _contact(journal, resting, 40)
    customers.set_stage(journal, resting, "not_now", reason="Budget", revisit_on=TODAY + timedelta(days=9))

    r = today.report(journal)
    assert [s.name for s in r.slipping] == ["Far Gone", "Stage Default", "Just Over", "Exactly Met"]
    far, default, just, met_today = r.slipping
    assert far.label == "last contact 25 days ago, every 10 days" and far.ratio == 2.5
    assert (default.cadence_days, default.days_since) == (14, 15)
    assert just.label == "last contact 31 days ago, every 30 days"
    assert met_today.label == "due for a touch today (every 30 days)"


def test_slipping_reads_only_the_rows_it_shows(journal: Journal, monkeypatch) -> None:
    """Forty quiet customers, five shown: the report reads five rows of them, and counts the rest."""
    for n in range(40):
        _contact(journal, _customer(journal, f"Quiet {n:02}", cadence_days=7), 10 + n)
    fetched: list[int] = []
    read = today._rows

    def counting(j: Journal, sql: str, params: dict) -> list:
        rows = read(j, sql, params)
        fetched.append(len(rows))
        return rows

    monkeypatch.setattr(today, "_rows", counting)
    r = today.report(journal, limit=5)
    assert r.total("slipping") == 40
    assert [s.name for s in r.slipping] == ["Quiet 39", "Quiet 38", "Quiet 37", "Quiet 36", "Quiet 35"]
    assert r.slipping[0].days_since == 49 and r.slipping[0].last_contact == TODAY - timedelta(days=49)
    assert max(fetched) <= 5, fetched


def test_slipping_counts_days_from_the_local_date_of_the_last_contact(tmp_path: Path) -> None:
    """At 23:30 on a summer evening in New York it is already the next day in UTC: the days since are
    counted from the evening's own date, across the change back from summer time."""
    tz = ZoneInfo("America/New_York")
    clock = FixedClock(datetime(2026, 11, 22, 15, 0, tzinfo=UTC), tz=tz)
    with Journal.open(tmp_path / "ny.sqlite3", clock=clock) as j:
        evening = datetime(2026, 7, 10, 23, 30, tzinfo=tz)  # 03:30 UTC on 11 July
        for name, cadence in (("Due Today", 135), ("Not Yet", 136)):
            cid = _customer(j, name, cadence_days=cadence)
            interactions.add_interaction(j, cid, occurred_at=evening, interaction_kind="call")
        [due] = today.report(j).slipping
        assert (due.name, due.days_since, due.last_contact) == ("Due Today", 135, date(2026, 7, 10))


def test_stage_default_cadence_comes_from_preferences(journal: Journal) -> None:
    lead = _customer(journal, "Lead Co")
    _contact(journal, lead, 10)
    assert today.report(journal).slipping == ()
    settings.set_settings(journal, **{"cadence.lead": 7})
    assert [s.name for s in today.report(journal).slipping] == ["Lead Co"]


def test_never_contacted_counts_from_when_they_were_added(journal: Journal, clock: FixedClock) -> None:
    _customer(journal, "Quiet Lead")
    clock.set(NOW + timedelta(days=15))
    [quiet] = today.report(journal).slipping
    assert quiet.last_contact is None and quiet.label == "no contact since added 15 days ago, every 14 days"


def test_a_touch_resets_the_cadence_and_a_snooze_ends_on_its_day(journal: Journal, clock: FixedClock) -> None:
    cid = _customer(journal, "Far Gone", cadence_days=10)
    _contact(journal, cid, 25)
    followup.snooze(journal, cid, 3)
    assert queries.customer(journal, cid).snoozed_until == TODAY + timedelta(days=3)
    assert today.report(journal).slipping == ()
    clock.set(NOW + timedelta(days=3))
    assert [s.name for s in today.report(journal).slipping] == ["Far Gone"]
    changes = followup.log_touch(journal, cid, interaction_kind="email", note="Sent the case study")
    assert changes.label == "Log an email with ‘Far Gone’"
    assert today.report(journal).slipping == ()
    [touch] = queries.recent_interactions(journal, cid, 1)
    assert (touch.interaction_kind, touch.notes) == ("email", "Sent the case study")
    with pytest.raises(ValidationError, match="days"):
        followup.snooze(journal, cid, 0)


def test_revisits_come_due_with_their_reason_and_history_is_kept(journal: Journal, clock: FixedClock) -> None:
    cid = _customer(journal, "Upland Dairy")
    customers.set_stage(
        journal, cid, "not_now", reason="Budget frozen until spring", revisit_on=TODAY + timedelta(days=90)
    )
    lost = _customer(journal, "Gone Elsewhere")
    customers.set_stage(
        journal, lost, "lost", reason="Cheaper supplier", revisit_on=TODAY + timedelta(days=91)
    )
    assert today.report(journal).revisit == ()

    clock.set(NOW + timedelta(days=90))
    [due] = today.report(journal).revisit
    assert (due.name, due.reason, due.label, due.said_on) == (
        "Upland Dairy",
        "Budget frozen until spring",
        "revisit today",
        TODAY,
    )
    clock.set(NOW + timedelta(days=92))
    assert [(r.name, r.days_waiting) for r in today.report(journal).revisit] == [
        ("Upland Dairy", 2),
        ("Gone Elsewhere", 1),
    ]

    # Logged as a touch with a new date, rescheduled with new words, then closed for good:
    later = clock.today() + timedelta(days=90)
    followup.log_touch(journal, cid, note="Called Jo", revisit_on=later)
    assert [r.name for r in today.report(journal).revisit] == ["Gone Elsewhere"]
    followup.reschedule_revisit(journal, lost, later, reason="Contract with them ends in March")
    followup.close_for_good(journal, cid)
    detail = queries.customer(journal, cid)
    assert (detail.stage, detail.revisit_on, detail.revisit_reason) == (
        "lost",
        None,
        "Budget frozen until spring",
    )
    history = queries.stage_history(journal, lost)
    assert [h.reason for h in history][:2] == ["Contract with them ends in March", "Cheaper supplier"]
    assert queries.customer(journal, lost).revisit_reason == "Contract with them ends in March"
    assert today.report(journal).revisit == ()
    with pytest.raises(ValidationError, match="future"):
        followup.reschedule_revisit(journal, lost, clock.today())
    active = _customer(journal, "Active")
    with pytest.raises(ValidationError, match="not-now or lost"):
        followup.close_for_good(journal, active)


def test_coming_up_has_the_next_week_of_meetings_and_two_weeks_of_dates(journal: Journal) -> None:
    acme = _customer(journal, "Acme")
    priya = contacts.add_contact(journal, acme, name="Priya Shah").created_id("contact")
    at = NOW.replace(hour=14, minute=0)
    for days, goal in ((1, "tomorrow"), (6, "in six days"), (7, "in seven days")):
        interactions.plan_meeting(
            journal, acme, occurred_at=at + timedelta(days=days), goal=goal, attendees=[priya]
        )
    for days in (0, 13, 14):
        d = TODAY + timedelta(days=days)
        contacts.add_important_date(journal, acme, month=d.month, day=d.day, year=1986, contact_id=priya)
    contacts.add_important_date(journal, acme, month=12, day=1, date_kind="renewal", label="Contract renewal")

    coming = today.report(journal).coming_up
    assert [(c.kind, c.day) for c in coming] == [
        ("date", TODAY),
        ("meeting", TODAY + timedelta(days=1)),
        ("meeting", TODAY + timedelta(days=6)),
        ("date", date(2026, 12, 1)),
        ("date", TODAY + timedelta(days=13)),
    ]
    assert coming[0].title == "Priya Shah’s birthday (turns 40)"
    assert coming[1].title == "Meeting with Priya Shah" and coming[1].detail == "tomorrow"
    assert coming[3].title == "Contract renewal"


@pytest.mark.parametrize(
    ("now", "month", "day", "shown_on"),
    [
        (datetime(2026, 12, 25, 9, tzinfo=UTC), 1, 3, date(2027, 1, 3)),  # across the year end
        (datetime(2027, 2, 20, 9, tzinfo=UTC), 2, 29, date(2027, 2, 28)),  # no 29 Feb in 2027
        (datetime(2028, 2, 20, 9, tzinfo=UTC), 2, 29, date(2028, 2, 29)),  # a leap year keeps it
        (datetime(2027, 2, 27, 9, tzinfo=UTC), 3, 5, date(2027, 3, 5)),  # across a short February
    ],
)
def test_dates_wrap_round_the_year_and_29_february(
    tmp_path: Path, now: datetime, month: int, day: int, shown_on: date
) -> None:
    with Journal.open(tmp_path / "j.sqlite3", clock=FixedClock(now)) as j:
        acme = _customer(j, "Acme")
        contacts.add_important_date(j, acme, month=month, day=day, date_kind="anniversary", label="Founded")
        [coming] = today.report(j).coming_up
        assert (coming.day, coming.title) == (shown_on, "Founded")


def test_archived_customers_never_appear(journal: Journal, clock: FixedClock) -> None:
    cid = _customer(journal, "Archived Co", cadence_days=5)
    _promise(journal, cid, "late", -2)
    _promise(journal, cid, "soon", 2)
    _promise(journal, cid, "theirs", -2, owner="them")
    _contact(journal, cid, 30)
    interactions.plan_meeting(journal, cid, occurred_at=NOW + timedelta(days=1))
    contacts.add_important_date(journal, cid, month=11, day=23)
    other = _customer(journal, "Resting")
    customers.set_stage(journal, other, "not_now", reason="Later", revisit_on=TODAY + timedelta(days=1))
    customers.archive_customer(journal, cid)
    customers.archive_customer(journal, other)
    clock.set(NOW + timedelta(days=1))
    r = today.report(journal)
    assert r.is_empty
    assert all(r.total(key) == 0 for key in today.SECTIONS)


def test_a_long_section_is_cut_but_counted(journal: Journal) -> None:
    acme = _customer(journal, "Acme")
    for n in range(5):
        _promise(journal, acme, f"late {n}", -1 - n)
    r = today.report(journal, limit=2)
    assert _texts(r.overdue_mine) == ["late 4", "late 3"] and r.total("overdue_mine") == 5


def test_follow_through_on_a_known_set(journal: Journal, clock: FixedClock) -> None:
    acme = _customer(journal, "Acme")
    other = _customer(journal, "Other")
    on_time = [_promise(journal, acme, f"on time {n}", -n - 5) for n in range(5)]
    late = [_promise(journal, acme, f"late {n}", -n - 10) for n in range(2)]
    _promise(journal, acme, "still overdue", -3)
    _promise(journal, acme, "due today, open", 0)  # not late yet: not counted
    _promise(journal, acme, "too old", -120)  # before the 90 days: not counted
    released = _promise(journal, other, "let go", -4)
    theirs = _promise(journal, other, "theirs", -2, owner="them")
    _promise(journal, other, "theirs late", -1, owner="them")

    clock.set(NOW - timedelta(days=30))  # keep them back then, as a person would have
    for pid in on_time:
        due = queries.promise(journal, pid).due_on
        clock.set(datetime.combine(due, datetime.min.time(), UTC))
        promises.mark_kept(journal, pid)
    clock.set(NOW)
    for pid in late:
        promises.mark_kept(journal, pid, on=queries.promise(journal, pid).due_on + timedelta(days=2))
    promises.release(journal, released, reason="No longer needed")
    promises.mark_kept(journal, theirs)

    overall = today.report(journal).follow_through
    assert (overall.mine.on_time, overall.mine.late, overall.mine.overdue, overall.mine.released) == (
        5,
        2,
        1,
        1,
    )
    assert overall.mine.percent == 62  # 5 of 8
    assert overall.sentence() == (
        "You kept 62% of your promises on time in the last 90 days (5 of 8 on time, 2 late, 1 overdue)."
        " Customers kept 0% of theirs."
    )
    assert (overall.theirs.on_time, overall.theirs.late, overall.theirs.overdue) == (0, 1, 1)
    from journal.reads.followthrough import follow_through

    mine_at_other = follow_through(journal, customer_id=other)
    assert mine_at_other.mine.counted == 0 and mine_at_other.mine.released == 1
    assert (
        mine_at_other.customer_line()
        == "Follow-through, last 90 days: they kept 0 of 2 on time, 1 late, 1 overdue"
    )
    empty = follow_through(journal, customer_id=_customer(journal, "New"))
    assert empty.customer_line() == "" and empty.mine.percent is None


@pytest.fixture
def sample_journal(tmp_path: Path, clock: FixedClock) -> Journal:
    j = Journal.open(tmp_path / "sample.sqlite3", clock=clock)
    fill_sample(j, size="small")
    yield j
    j.close()


def test_the_small_sample_has_believable_work_in_every_section(sample_journal: Journal) -> None:
    r = today.report(sample_journal)
    for key in today.SECTIONS:
        assert r.total(key) > 0, key
    assert any(c.kind == "meeting" for c in r.coming_up) and any(c.kind == "date" for c in r.coming_up)
    assert r.follow_through.mine.counted > 0


def test_a_fixed_number_of_queries_all_on_indexes(sample_journal: Journal) -> None:
    """However big the journal, Today runs the same few queries, and none reads a whole promise or
    interaction table."""
    conn = sample_journal.conn()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        today.report(sample_journal)
    finally:
        conn.set_trace_callback(None)
    assert len(statements) <= 12
    full_scan = re.compile(r"\bSCAN (promise|interaction|important_date|p|i|d)\b")
    for sql in statements:
        plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert not full_scan.search(plan), plan


def test_the_follow_through_record_is_read_from_the_daily_roll_up(sample_journal: Journal) -> None:
    """Ninety days of a busy rep's promises are tens of thousands of rows: Today's record reads at most a
    row per due day, owner and status from the roll-up its triggers keep, and one customer's record seeks
    that customer's promises by index."""
    conn = sample_journal.conn()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        overall = follow_through(sample_journal)
        ids = [c for (c,) in conn.execute("SELECT id FROM customer")]
        each = [follow_through(sample_journal, customer_id=c) for c in ids]
    finally:
        conn.set_trace_callback(None)
    plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + statements[0]))
    assert "rollup_promise_day" in plan and "promise " not in plan.replace("rollup_promise_day", ""), plan
    one = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + statements[-1]))
    assert "promise_customer_id_status_due_on" in one, one
    for side in ("mine", "theirs"):
        for field in ("on_time", "late", "overdue", "released"):
            assert getattr(getattr(overall, side), field) == sum(
                getattr(getattr(r, side), field) for r in each
            )
