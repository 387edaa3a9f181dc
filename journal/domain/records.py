"""What queries return: frozen snapshots the UI and the command line can hold without touching storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from journal.domain.health import Health


@dataclass(frozen=True)
class CustomerRef:
    id: int
    name: str
    stage: str
    archived: bool


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list."""

    id: int
    name: str
    stage: str
    industry: str
    archived: bool
    value_minor: int | None
    last_contact: date | None
    next_due: date | None
    health: Health


@dataclass(frozen=True)
class CustomerDetail:
    id: int
    uid: str
    name: str
    customer_kind: str
    industry: str
    website: str
    about: str
    stage: str
    value_minor: int | None
    revisit_on: date | None
    revisit_reason: str
    cadence_custom: int | None  # what the rep set; None means the stage's default
    cadence_days: int | None  # in effect
    snoozed_until: date | None
    archived: bool
    tags: tuple[str, ...]
    last_contact: date | None
    health: Health
    created_at: datetime


@dataclass(frozen=True)
class StageChangeView:
    id: int
    from_stage: str
    to_stage: str
    reason: str
    revisit_on: date | None
    changed_at: datetime


@dataclass(frozen=True)
class ContactView:
    id: int
    customer_id: int
    name: str
    role: str
    email: str
    phone: str
    channel: str
    notes: str


@dataclass(frozen=True)
class RapportFactView:
    id: int
    contact_id: int
    contact_name: str
    category: str
    text: str
    learned_on: date | None
    hook: str
    hook_asked: bool


@dataclass(frozen=True)
class ImportantDateView:
    id: int
    customer_id: int
    contact_id: int | None
    contact_name: str
    date_kind: str
    label: str
    month: int
    day: int
    year: int | None

    def next_occurrence(self, today: date) -> date:
        """The next time this date comes round, today included (29 Feb falls on 28 Feb in other years)."""
        for year in (today.year, today.year + 1, today.year + 2):
            day = self.day
            if self.month == 2 and day == 29 and not _leap(year):
                day = 28
            when = date(year, self.month, day)
            if when >= today:
                return when
        raise AssertionError("unreachable")


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True)
class InteractionView:
    id: int
    customer_id: int
    state: str
    interaction_kind: str
    occurred_at: datetime
    goal: str
    notes: str
    outcome: str
    next_step: str
    next_step_on: date | None
    went_well: str
    to_improve: str
    lesson: str
    listening: int | None
    opening_question: str
    attendees: tuple[Person, ...]
    next_step_status: str = "open"  # open, done or dropped


@dataclass(frozen=True)
class NeedView:
    id: int
    customer_id: int
    need_kind: str
    text: str
    quote: str
    importance: int
    status: str
    status_changed_at: datetime | None
    contact_id: int | None
    contact_name: str
    source_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class ObjectionView:
    id: int
    customer_id: int
    concern: str
    response: str
    status: str
    worked: bool | None
    status_changed_at: datetime | None
    contact_id: int | None
    contact_name: str
    source_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class PromiseView:
    id: int
    customer_id: int
    customer_name: str
    owner: str
    text: str
    due_on: date
    status: str
    completed_on: date | None
    release_reason: str
    contact_id: int | None
    contact_name: str
    source_id: int | None
    created_at: datetime

    def days_late(self, today: date) -> int:
        """How many days past due an open promise is (0 if not late)."""
        return max(0, (today - self.due_on).days) if self.status == "open" else 0

    @property
    def kept_on_time(self) -> bool | None:
        if self.status != "kept" or self.completed_on is None:
            return None
        return self.completed_on <= self.due_on


@dataclass(frozen=True)
class QuestionView:
    id: int
    customer_id: int
    text: str
    status: str
    answer: str
    asked_on: date | None
    source_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class BankQuestionView:
    id: int
    topic: str
    text: str
    stages: tuple[str, ...]
    need_kinds: tuple[str, ...]
    keywords: tuple[str, ...]
