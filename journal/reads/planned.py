"""Which planned meeting is meant, defined once: the one a log written now completes, the one a brief
opened now is for, the next one, and those the log form offers.

Each rule is a window of time around now; `planned_within` reads the customer's planned meetings in it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from journal.domain.records import InteractionView
from journal.reads import queries
from journal.storage.db import Journal

JUST_HELD = timedelta(hours=12)  # a planned meeting that started this recently is probably the one logged
FUTURE_SLACK = timedelta(hours=1)  # a log may be a little ahead of the clock, not a meeting still to come
STILL_ON = timedelta(hours=1)  # a meeting that started this long ago is still the one to brief for
OFFERED_BACK = timedelta(days=3)  # the log form, with no customer chosen: planned meetings this recent…
OFFERED_AHEAD = timedelta(hours=12)  # …and those starting within this


def log_window(now: datetime) -> tuple[datetime, datetime]:
    return now - JUST_HELD, now + FUTURE_SLACK


def brief_window(journal: Journal) -> tuple[datetime, datetime]:
    """From a little before now to the end of the local day."""
    clock = journal.clock
    return clock.now() - STILL_ON, clock.start_of(clock.today() + timedelta(days=1))


def completed_by_log(journal: Journal, customer_id: int) -> InteractionView | None:
    """The planned meeting a log written now most likely completes: the latest one that started in the
    last twelve hours (or starts within the hour), still planned."""
    start, end = log_window(journal.clock.now())
    found = queries.planned_meetings(journal, customer_id=customer_id, start=start, end=end)
    return found[-1] if found else None


def for_brief(journal: Journal, customer_id: int) -> InteractionView | None:
    """The meeting a brief opened now is for: the first planned for the rest of today (from an hour ago)."""
    start, end = brief_window(journal)
    found = queries.planned_meetings(journal, customer_id=customer_id, start=start, end=end)
    return found[0] if found else None


def upcoming(journal: Journal, customer_id: int) -> list[InteractionView]:
    """The customer's planned meetings from now on, soonest first."""
    return queries.planned_meetings(journal, customer_id=customer_id, start=journal.clock.now())


def next_meeting(journal: Journal, customer_id: int) -> InteractionView | None:
    found = upcoming(journal, customer_id)
    return found[0] if found else None


def offered_for_log(
    journal: Journal, customer_id: int | None, *, any_customer: bool
) -> list[InteractionView]:
    """The planned meetings a log can complete: all the customer's, and with `any_customer` the recent and
    coming ones with anyone (choosing one chooses its customer); soonest first."""
    now = journal.clock.now()
    mine = queries.planned_meetings(journal, customer_id=customer_id) if customer_id is not None else []
    recent = (
        queries.planned_meetings(journal, start=now - OFFERED_BACK, end=now + OFFERED_AHEAD)
        if any_customer
        else []
    )
    return sorted({p.id: p for p in (*mine, *recent)}.values(), key=lambda p: (p.occurred_at, p.id))
