"""What to remind the rep of while the app runs, and when to look again — decided without a clock of its own.

`plan(now, …)` is pure: given the time, the promises and meetings near it and the reminders already
shown, it says which to show now and when the next one falls due, so it is tested by moving a fake
clock. `upcoming(journal)` reads the few records it needs.

- A promise of mine reminds once on its due date, at 09:00 local (or as soon as the app is open later
  that day). Moving it to another date reminds again on the new one. A dated next step of mine does the
  same on its day.
- A planned meeting reminds 15 minutes before it starts (or at once if the app opens in those 15 minutes).
- The next wake-up is also never later than the next local midnight, when the overdue count changes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from journal.domain import vocab
from journal.domain.clock import at_local
from journal.services import next_steps
from journal.storage.db import Journal
from journal.storage.models import format_utc, parse_utc

DUE_AT = time(9, 0)
MEETING_LEAD = timedelta(minutes=15)


@dataclass(frozen=True)
class DuePromise:
    """A promise of mine, or a next step of mine (`kind` "next_step", `id` its meeting's)."""

    id: int
    customer_id: int
    customer_name: str
    text: str
    due_on: date
    kind: str = "promise"


@dataclass(frozen=True)
class SoonMeeting:
    id: int
    customer_id: int
    customer_name: str
    interaction_kind: str
    starts_at: datetime  # aware
    goal: str


@dataclass(frozen=True)
class Reminder:
    key: str  # stable for one occasion: shown once
    kind: str  # "promise" or "meeting"
    item_id: int
    customer_id: int
    at: datetime  # when it falls due (aware UTC)
    title: str
    body: str


@dataclass(frozen=True)
class ReminderPlan:
    show: tuple[Reminder, ...]  # due now and not shown yet
    next_wake: datetime  # when to plan again (aware UTC)


def _next_midnight(now: datetime, tz: tzinfo) -> datetime:
    return at_local(now.astimezone(tz).date() + timedelta(days=1), time(0), tz)


def promise_reminder(p: DuePromise, tz: tzinfo) -> Reminder:
    at = at_local(p.due_on, DUE_AT, tz)
    step = p.kind == "next_step"
    return Reminder(
        key=f"{p.kind}:{p.id}:{p.due_on.isoformat()}",
        kind=p.kind,
        item_id=p.id,
        customer_id=p.customer_id,
        at=at,
        title=f"Next step today: {p.text}" if step else f"Due today: {p.text}",
        body=f"With {p.customer_name}: you said you would." if step else f"You promised {p.customer_name}.",
    )


def meeting_reminder(m: SoonMeeting, tz: tzinfo) -> Reminder:
    label = vocab.INTERACTION_KIND_LABELS.get(m.interaction_kind, "Meeting")
    local = m.starts_at.astimezone(tz)
    body = f"At {local:%H:%M}." + (f" Goal: {m.goal}" if m.goal else "") + " Click for the brief."
    return Reminder(
        key=f"meeting:{m.id}:{m.starts_at.astimezone(UTC).isoformat()}",
        kind="meeting",
        item_id=m.id,
        customer_id=m.customer_id,
        at=(m.starts_at - MEETING_LEAD).astimezone(UTC),
        title=f"In 15 minutes: {label.lower()} with {m.customer_name}",
        body=body,
    )


def plan(
    now: datetime,
    tz: tzinfo,
    promises: Iterable[DuePromise],
    meetings: Iterable[SoonMeeting],
    shown: Collection[str] = (),
    *,
    enabled: bool = True,
) -> ReminderPlan:
    """Which reminders to show at `now`, and when to plan again."""
    today = now.astimezone(tz).date()
    wake = _next_midnight(now, tz)
    show: list[Reminder] = []
    candidates: list[tuple[Reminder, datetime]] = []
    for p in promises:
        if p.due_on >= today:
            r = promise_reminder(p, tz)
            candidates.append((r, _next_midnight(r.at, tz)))  # stale after its day
    for m in meetings:
        r = meeting_reminder(m, tz)
        candidates.append((r, m.starts_at.astimezone(UTC)))  # stale once the meeting has started
    for r, stale in candidates:
        if r.at <= now < stale:
            if enabled and r.key not in shown:
                show.append(r)
        elif r.at > now:
            wake = min(wake, r.at)
    show.sort(key=lambda r: (r.at, r.key))
    return ReminderPlan(tuple(show), wake)


def upcoming(journal: Journal, now: datetime | None = None) -> tuple[list[DuePromise], list[SoonMeeting]]:
    """My open promises and next steps due today or tomorrow, and planned meetings starting in the next two
    days."""
    now = now or journal.clock.now()
    tz = journal.clock.local_tz()
    today = now.astimezone(tz).date()
    conn = journal.conn()
    promises = [
        DuePromise(pid, cid, name, text, date.fromisoformat(due))
        for pid, cid, name, text, due in conn.execute(
            "SELECT p.id, p.customer_id, c.name, p.text, p.due_on FROM promise p"
            " JOIN customer c ON c.id = p.customer_id"
            " WHERE p.status = 'open' AND p.owner = 'me' AND p.due_on BETWEEN ? AND ? AND c.archived = 0"
            " ORDER BY p.due_on, p.id",
            (today.isoformat(), (today + timedelta(days=1)).isoformat()),
        )
    ]
    promises += [
        DuePromise(s.interaction_id, s.customer_id, s.customer_name, s.text, s.due_on, "next_step")
        for s in next_steps.open_next_steps(journal, since=today, before=today + timedelta(days=2))[0]
    ]
    meetings = [
        SoonMeeting(iid, cid, name, kind, parse_utc(at), goal)
        for iid, cid, name, kind, at, goal in conn.execute(
            "SELECT i.id, i.customer_id, c.name, i.interaction_kind, i.occurred_at, i.goal"
            " FROM interaction i JOIN customer c ON c.id = i.customer_id"
            " WHERE i.state = 'planned' AND i.occurred_at >= ? AND i.occurred_at < ? AND c.archived = 0"
            " ORDER BY i.occurred_at, i.id",
            (format_utc(now), format_utc(now + timedelta(days=2))),
        )
    ]
    return promises, meetings


def overdue_count(journal: Journal) -> int:
    """How many promises of mine are past due (what the tray icon shows)."""
    row = (
        journal.conn()
        .execute(
            "SELECT count(*) FROM promise p JOIN customer c ON c.id = p.customer_id"
            " WHERE p.status = 'open' AND p.owner = 'me' AND p.due_on < ? AND c.archived = 0",
            (journal.clock.today().isoformat(),),
        )
        .fetchone()
    )
    return int(row[0])
