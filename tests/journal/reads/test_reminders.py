"""Reminder scheduling moved through a day by a fake clock: what shows when, and when to wake next."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from journal.domain.clock import FixedClock
from journal.reads import reminders
from journal.reads.reminders import DuePromise, SoonMeeting, plan
from journal.services import customers, interactions, promises
from journal.storage.db import Journal

BERLIN = timezone(timedelta(hours=1))
DAY = date(2026, 11, 23)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


PROMISE = DuePromise(7, 1, "Acme", "Send the pricing", DAY)
TOMORROW = DuePromise(8, 1, "Acme", "Send the contract", DAY + timedelta(days=1))
MEETING = SoonMeeting(3, 1, "Acme", "meeting", at(14, 0), "Agree the pilot")


def test_a_promise_reminds_at_nine_on_its_day_once() -> None:
    early = plan(at(7, 30), BERLIN, [PROMISE, TOMORROW], [])
    assert early.show == () and early.next_wake == at(9, 0)
    due = plan(at(9, 0), BERLIN, [PROMISE, TOMORROW], [])
    [r] = due.show
    assert (r.kind, r.item_id, r.title, r.body) == (
        "promise",
        7,
        "Due today: Send the pricing",
        "You promised Acme.",
    )
    assert due.next_wake == at(0, 0, DAY + timedelta(days=1))  # midnight: the overdue count changes
    assert plan(at(9, 1), BERLIN, [PROMISE], [], shown={r.key}).show == ()
    # Opened later in the day, the app still reminds; moved to another date, it reminds again then.
    assert len(plan(at(16, 0), BERLIN, [PROMISE], []).show) == 1
    moved = DuePromise(7, 1, "Acme", "Send the pricing", DAY + timedelta(days=1))
    assert plan(at(9, 0, moved.due_on), BERLIN, [moved], [], shown={r.key}).show[0].item_id == 7


def test_a_meeting_reminds_fifteen_minutes_before_and_not_after_it_starts() -> None:
    assert plan(at(13, 0), BERLIN, [], [MEETING]).next_wake == at(13, 45)
    [r] = plan(at(13, 45), BERLIN, [], [MEETING]).show
    assert r.title == "In 15 minutes: meeting with Acme" and "14:00" in r.body and "Agree the pilot" in r.body
    assert len(plan(at(13, 55), BERLIN, [], [MEETING]).show) == 1  # opened five minutes before
    assert plan(at(14, 0), BERLIN, [], [MEETING]).show == ()


def test_turned_off_nothing_shows_but_the_clock_still_wakes() -> None:
    off = plan(at(13, 50), BERLIN, [PROMISE], [MEETING], enabled=False)
    assert off.show == ()
    assert off.next_wake == at(0, 0, DAY + timedelta(days=1))


def test_walking_a_day_with_a_fake_clock_shows_each_reminder_once(tmp_path) -> None:
    clock = FixedClock(at(8, 0), tz=BERLIN)
    with Journal.open(tmp_path / "j.sqlite3", clock=clock) as j:
        acme = customers.create_customer(j, name="Acme").created_id("customer")
        promises.add_promise(j, acme, text="Send the pricing", due_on=DAY)
        promises.add_promise(j, acme, text="Late one", due_on=DAY - timedelta(days=2))
        interactions.plan_meeting(j, acme, occurred_at=at(15, 30), goal="Pilot")
        shown: list[str] = []
        wakes = []
        now = clock.now()
        for _ in range(10):
            clock.set(now)
            ps, ms = reminders.upcoming(j)
            step = plan(now, BERLIN, ps, ms, shown)
            shown.extend(r.key for r in step.show)
            wakes.append(step.next_wake.astimezone(BERLIN).strftime("%H:%M"))
            if step.next_wake >= at(0, 0, DAY + timedelta(days=1)):
                break
            now = step.next_wake
        assert wakes == ["09:00", "15:15", "00:00"]
        assert [k.split(":")[0] for k in shown] == ["promise", "meeting"]
        assert reminders.overdue_count(j) == 1
        customers.archive_customer(j, acme)
        assert reminders.overdue_count(j) == 0 and reminders.upcoming(j) == ([], [])


def test_times_are_utc_inside() -> None:
    r = plan(at(9, 0), BERLIN, [PROMISE], []).show[0]
    assert r.at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
