"""Follow-through: how many promises were kept on time, kept late, or are still overdue.

A promise counts once it has come due: those due in the last `days` days (today included) that are kept,
or still open past their date. One still open and due today is not late yet, so it is not counted; a
released promise was let go honestly and is reported apart, not held against anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal.storage.db import Journal

WINDOW_DAYS = 90


@dataclass(frozen=True)
class Record:
    """One side's record: "me" (promises I made) or "them" (promises the customer made)."""

    owner: str
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    released: int = 0

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.counted if self.counted else None

    @property
    def percent(self) -> int | None:
        share = self.on_time_share
        return None if share is None else round(share * 100)

    def breakdown(self) -> str:
        """ "12 of 14 on time, 1 late, 1 overdue"."""
        parts = [f"{self.on_time:,} of {self.counted:,} on time"]
        if self.late:
            parts.append(f"{self.late:,} late")
        if self.overdue:
            parts.append(f"{self.overdue:,} overdue")
        return ", ".join(parts)


@dataclass(frozen=True)
class FollowThrough:
    days: int
    mine: Record
    theirs: Record

    def sentence(self) -> str:
        """What Today says at the top: "You kept 86% of your promises on time in the last 90 days"."""
        m = self.mine
        if not m.counted:
            return f"None of your promises came due in the last {self.days} days."
        text = (
            f"You kept {m.percent}% of your promises on time in the last {self.days} days ({m.breakdown()})."
        )
        if self.theirs.counted:
            text += f" Customers kept {self.theirs.percent}% of theirs."
        return text

    def customer_line(self) -> str:
        """The customer header's line: "Follow-through, 90 days: I kept 3 of 4 on time, 1 late · …"."""
        parts = []
        if self.mine.counted:
            parts.append(f"I kept {self.mine.breakdown()}")
        if self.theirs.counted:
            parts.append(f"they kept {self.theirs.breakdown()}")
        if not parts:
            return ""
        return f"Follow-through, last {self.days} days: " + " · ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        def side(r: Record) -> dict[str, Any]:
            return {
                "on_time": r.on_time,
                "late": r.late,
                "overdue": r.overdue,
                "released": r.released,
                "on_time_percent": r.percent,
            }

        return {"days": self.days, "mine": side(self.mine), "theirs": side(self.theirs)}


def follow_through(
    journal: Journal, *, customer_id: int | None = None, day: date | None = None, days: int = WINDOW_DAYS
) -> FollowThrough:
    """Both sides' records over the last `days` days up to `day` (today), overall or for one customer.

    Overall it is read from the promises' daily roll-up (a row per due day, owner and status, kept by
    triggers); for one customer, from the promise index (customer, status, due_on). One query either way.
    """
    day = day or journal.clock.today()
    start = day - timedelta(days=days - 1)
    params: list[Any] = [day.isoformat(), start.isoformat(), day.isoformat()]
    if customer_id is None:
        # Kept on time is kept and not late: a kept promise with no completion date counts as on time.
        sql = (
            "SELECT owner,"
            " sum(CASE WHEN status = 'kept' THEN promises - late END),"
            " sum(CASE WHEN status = 'kept' THEN late END),"
            " sum(CASE WHEN status = 'open' AND due_on < ? THEN promises END),"
            " sum(CASE WHEN status = 'released' THEN promises END)"
            " FROM rollup_promise_day WHERE due_on BETWEEN ? AND ?"
            " AND status IN ('open', 'kept', 'released') AND owner IN ('me', 'them') GROUP BY owner"
        )
    else:
        sql = (
            "SELECT owner,"
            " sum(status = 'kept' AND coalesce(completed_on, due_on) <= due_on),"
            " sum(status = 'kept' AND completed_on > due_on),"
            " sum(status = 'open' AND due_on < ?),"
            " sum(status = 'released')"
            " FROM promise WHERE customer_id = ? AND due_on BETWEEN ? AND ?"
            " AND status IN ('open', 'kept', 'released') AND owner IN ('me', 'them') GROUP BY owner"
        )
        params.insert(1, customer_id)
    rows = {
        owner: Record(owner, *(int(n or 0) for n in counts))
        for owner, *counts in journal.conn().execute(sql, params)
    }
    return FollowThrough(days, rows.get("me", Record("me")), rows.get("them", Record("them")))
