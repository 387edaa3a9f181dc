"""Relationship health, derived (never stored): time since the last touch against the cadence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Health:
    status: str  # "good", "due", "slipping", "overdue" (a promise of mine is late), "new", "paused", "closed"
    label: str
    days_since: int | None
    cadence_days: int | None
    overdue_mine: int

    @property
    def ratio(self) -> float:
        """How far through the cadence we are: above 1 is slipping."""
        if self.days_since is None or not self.cadence_days:
            return 0.0
        return self.days_since / self.cadence_days


def days_ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def assess(
    *,
    today: date,
    last_contact: date | None,
    cadence_days: int | None,
    overdue_mine: int,
    snoozed_until: date | None = None,
    stage: str = "lead",
) -> Health:
    days = (today - last_contact).days if last_contact else None
    if overdue_mine:
        late = "promise" if overdue_mine == 1 else "promises"
        return Health("overdue", f"{overdue_mine} {late} of mine overdue", days, cadence_days, overdue_mine)
    if stage in ("lost", "not_now"):
        return Health("closed", "revisit later" if stage == "not_now" else "lost", days, cadence_days, 0)
    if snoozed_until is not None and snoozed_until > today:
        return Health("paused", f"snoozed until {snoozed_until:%d %b}", days, cadence_days, 0)
    if days is None:
        return Health("new", "no contact yet", None, cadence_days, 0)
    if not cadence_days:
        return Health("good", f"last contact {days_ago(days)}", days, cadence_days, 0)
    if days > cadence_days:
        label = f"{days} days since contact, every {cadence_days} days"
        return Health("slipping", label, days, cadence_days, 0)
    if days >= cadence_days * 0.8:
        return Health("due", f"due for a touch (every {cadence_days} days)", days, cadence_days, 0)
    return Health("good", f"in touch ({days_ago(days)})", days, cadence_days, 0)
