"""Keeping in touch, defined once: each customer's cadence, when they are due for a touch or slipping,
snoozing, and their relationship health (derived, never stored).

Queries that must filter or sort by these rules in SQL (Today's slipping list, the customer list sorted by
health) use the SQL forms made here from the same definitions, with every value bound as a parameter;
tests/journal/domain/test_rules.py checks both forms agree on a table of cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

# Days between touches a rep keeps by default, per stage. None: no cadence (a revisit date instead).
DEFAULT_CADENCE: Mapping[str, int | None] = {
    "lead": 14,
    "qualified": 14,
    "proposal": 7,
    "negotiation": 7,
    "won": 45,
    "lost": None,
    "not_now": None,
}
CADENCE_STAGES = tuple(stage for stage, days in DEFAULT_CADENCE.items() if days is not None)
NO_CADENCE_STAGES = ("lost", "not_now")  # they come back on their revisit date instead
CADENCE_MAX_DAYS = 3650
DUE_SHARE = 0.8  # this far through the cadence, a touch is due
SNOOZE_DAYS = 7  # offered when snoozing a slipping customer
SNOOZE_MAX_DAYS = 365


def cadence_of(custom: int | None, stage: str, defaults: Mapping[str, int | None]) -> int | None:
    """The cadence in effect: the customer's own, else their stage's default."""
    return custom if custom is not None else defaults.get(stage)


def rhythm(days_since: int | None, cadence_days: int | None) -> str:
    """Where a contact stands against a cadence: "slipping", "due", "within", or "none" (no cadence,
    or never contacted)."""
    if days_since is None or not cadence_days:
        return "none"
    if days_since > cadence_days:
        return "slipping"
    if days_since >= cadence_days * DUE_SHARE:
        return "due"
    return "within"


def ratio(days_since: int | None, cadence_days: int | None) -> float | None:
    """How far through the cadence: above 1 is slipping. None without a contact or a cadence."""
    if days_since is None or not cadence_days:
        return None
    return days_since / cadence_days


def is_snoozed(snoozed_until: date | None, today: date) -> bool:
    return snoozed_until is not None and snoozed_until > today


def runs_out(days_since: int | None, cadence_days: int | None) -> bool:
    """The cadence has run out: today (a touch is due today) or before (slipping)."""
    return days_since is not None and bool(cadence_days) and days_since >= cadence_days  # type: ignore[operator]


def is_slipping(
    *, today: date, since: date, cadence_days: int | None, stage: str, snoozed_until: date | None
) -> bool:
    """Today's Slipping list: the cadence has run out since the last contact (or since they were added,
    never contacted), unless their stage has no cadence or they are snoozed."""
    if stage in NO_CADENCE_STAGES or is_snoozed(snoozed_until, today):
        return False
    return runs_out((today - since).days, cadence_days)


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
        return ratio(self.days_since, self.cadence_days) or 0.0


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
    if stage in NO_CADENCE_STAGES:
        return Health("closed", "revisit later" if stage == "not_now" else "lost", days, cadence_days, 0)
    if snoozed_until is not None and is_snoozed(snoozed_until, today):
        return Health("paused", f"snoozed until {snoozed_until:%d %b}", days, cadence_days, 0)
    if days is None:
        return Health("new", "no contact yet", None, cadence_days, 0)
    match rhythm(days, cadence_days):
        case "slipping":
            return Health(
                "slipping", f"{days} days since contact, every {cadence_days} days", days, cadence_days, 0
            )
        case "due":
            return Health("due", f"due for a touch (every {cadence_days} days)", days, cadence_days, 0)
        case "within":
            return Health("good", f"in touch ({days_ago(days)})", days, cadence_days, 0)
    return Health("good", f"last contact {days_ago(days)}", days, cadence_days, 0)


# -- the same rules as SQL, values bound -----------------------------------------------------------------


@dataclass(frozen=True)
class Sql:
    """An SQL expression and the named parameters it binds."""

    text: str
    params: dict[str, Any]


def cadence_sql(
    defaults: Mapping[str, int | None], *, custom: str = "c.cadence_days", stage: str = "c.stage"
) -> Sql:
    """`cadence_of` in SQL; `custom` and `stage` name columns (our own identifiers, never values)."""
    whens = " ".join(f"WHEN :cadence_stage_{n} THEN :cadence_days_{n}" for n in range(len(defaults)))
    params: dict[str, Any] = {}
    for n, (name, days) in enumerate(defaults.items()):
        params[f"cadence_stage_{n}"] = name
        params[f"cadence_days_{n}"] = days
    return Sql(f"coalesce({custom}, CASE {stage} {whens} END)" if whens else custom, params)


def ratio_sql(last_at: str, cadence: str, *, today: str = ":today") -> Sql:
    """`ratio` in SQL, for the days from the UTC date of the stored stamp `last_at` to `today`; NULL
    without a contact or a cadence."""
    days = f"(julianday({today}) - julianday(substr({last_at}, 1, 10)))"
    return Sql(f"(CASE WHEN {cadence} > 0 THEN {days} * 1.0 / {cadence} END)", {})


def slipping_sql(
    since: str, cadence: str, *, stage: str = "c.stage", snoozed: str = "c.snoozed_until", slack: int = 1
) -> Sql:
    """`is_slipping` in SQL, on the UTC date of the stored stamp `since`. A UTC date can be a day either
    side of the local one, so with `slack` 1 this keeps a day more than the rule (the caller decides on
    the local dates); with 0 it is the rule itself on UTC dates."""
    closed = ", ".join(f":no_cadence_{n}" for n in range(len(NO_CADENCE_STAGES)))
    text = (
        f"({stage} NOT IN ({closed}) AND ({snoozed} IS NULL OR {snoozed} <= :day) AND {cadence} > 0"
        f" AND julianday(substr({since}, 1, 10)) < julianday(:day) - {cadence} + 1 + :slipping_slack)"
    )
    params: dict[str, Any] = {f"no_cadence_{n}": s for n, s in enumerate(NO_CADENCE_STAGES)}
    params["slipping_slack"] = slack
    return Sql(text, params)
