"""Today: what to do first this morning, as one frozen report.

Sections, each in the order to work through it:
- overdue_mine — promises I made that are past due (most overdue first);
- due_mine — mine due today or in the six days after (soonest first);
- chase_theirs — what customers promised me that is due or overdue (oldest first);
- slipping — customers whose days since last contact exceed their keep-in-touch cadence (worst first;
  snoozed ones left out until their snooze ends);
- revisit — not-now and lost customers whose revisit date has come (longest waiting first), with the
  reason they gave;
- coming_up — planned meetings in the next 7 days and important dates in the next 14, in date order.

Archived customers never appear. The report runs a fixed number of queries, each on an index, however
large the journal; a long section keeps its first `limit` rows and says how many there are in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from journal import settings, vocab
from journal.dates import next_occurrence, yearly_window
from journal.db import Journal
from journal.followthrough import FollowThrough, follow_through
from journal.health import days_ago
from journal.models import format_utc, parse_utc
from journal.records import PromiseView

WEEK_DAYS = 7  # "due this week": today and the six days after
MEETING_DAYS = 7
DATE_DAYS = 14
SECTION_LIMIT = 200

SECTIONS = ("overdue_mine", "due_mine", "chase_theirs", "slipping", "revisit", "coming_up")
SECTION_TITLES = {
    "overdue_mine": "Overdue — I owe",
    "due_mine": "Due today & this week — I owe",
    "chase_theirs": "Chase — they owe me",
    "slipping": "Slipping",
    "revisit": "Revisit",
    "coming_up": "Coming up",
}
SECTION_EMPTY = {
    "overdue_mine": "Nothing overdue. Well kept.",
    "due_mine": "Nothing of yours due this week.",
    "chase_theirs": "Nobody owes you anything due yet.",
    "slipping": "Everyone is within their keep-in-touch rhythm.",
    "revisit": "No revisits due today.",
    "coming_up": "No meetings or dates in the next two weeks.",
}


@dataclass(frozen=True)
class SlippingCustomer:
    customer_id: int
    name: str
    stage: str
    last_contact: date | None  # None: never contacted (counted from when they were added)
    days_since: int
    cadence_days: int

    @property
    def ratio(self) -> float:
        return self.days_since / self.cadence_days

    @property
    def label(self) -> str:
        """ "last contact 47 days ago, every 30"."""
        if self.last_contact is None:
            return f"no contact since added {days_ago(self.days_since)}, every {self.cadence_days} days"
        return f"last contact {days_ago(self.days_since)}, every {self.cadence_days} days"


@dataclass(frozen=True)
class Revisit:
    customer_id: int
    name: str
    stage: str  # "not_now" or "lost"
    revisit_on: date
    reason: str  # in their words
    said_on: date | None  # when they said it (the move to this stage)
    days_waiting: int  # 0: the revisit date is today

    @property
    def label(self) -> str:
        if self.days_waiting == 0:
            return "revisit today"
        return f"revisit was due {days_ago(self.days_waiting)}"


@dataclass(frozen=True)
class ComingUp:
    """A planned meeting or an important date."""

    kind: str  # "meeting" or "date"
    item_id: int  # interaction id or important_date id
    customer_id: int
    customer_name: str
    day: date
    at: datetime | None  # a meeting's start (aware UTC); None for a date
    title: str  # "Meeting with Priya Shah", "Priya Shah's birthday (turns 41)", "Contract renewal"
    detail: str  # a meeting's goal
    date_kind: str = ""  # birthday, anniversary, renewal, other


@dataclass(frozen=True)
class TodayReport:
    day: date
    overdue_mine: tuple[PromiseView, ...]
    due_mine: tuple[PromiseView, ...]
    chase_theirs: tuple[PromiseView, ...]
    slipping: tuple[SlippingCustomer, ...]
    revisit: tuple[Revisit, ...]
    coming_up: tuple[ComingUp, ...]
    follow_through: FollowThrough
    totals: dict[str, int] = field(default_factory=dict)  # rows in each section before the limit

    def section(self, key: str) -> tuple[Any, ...]:
        if key not in SECTIONS:
            raise KeyError(key)
        items: tuple[Any, ...] = getattr(self, key)
        return items

    def total(self, key: str) -> int:
        return self.totals.get(key, len(self.section(key)))

    @property
    def is_empty(self) -> bool:
        return not any(self.total(key) for key in SECTIONS)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _local_midnight_utc(journal: Journal, day: date) -> str:
    """The UTC stamp (as stored) of the start of a local day."""
    return format_utc(journal.clock.start_of(day))


def _promises(
    journal: Journal, where: str, params: dict[str, Any], order: str, limit: int
) -> tuple[tuple[PromiseView, ...], int]:
    sql = (
        "SELECT p.id, p.customer_id, c.name, p.owner, p.text, p.due_on, p.status, p.completed_on,"
        " p.release_reason, p.contact_id, coalesce(k.name, ''), p.source_id, p.created_at,"
        " count(*) OVER ()"
        " FROM promise p JOIN customer c ON c.id = p.customer_id"
        " LEFT JOIN contact k ON k.id = p.contact_id"
        f" WHERE p.status = 'open' AND c.archived = 0 AND {where}"
        f" ORDER BY {order}, c.name_key, p.id LIMIT :limit"
    )
    rows = journal.conn().execute(sql, {**params, "limit": limit}).fetchall()
    views = tuple(
        PromiseView(
            id=r[0],
            customer_id=r[1],
            customer_name=r[2],
            owner=r[3],
            text=r[4],
            due_on=date.fromisoformat(r[5]),
            status=r[6],
            completed_on=_date(r[7]),
            release_reason=r[8],
            contact_id=r[9],
            contact_name=r[10],
            source_id=r[11],
            created_at=parse_utc(r[12]),
        )
        for r in rows
    )
    return views, int(rows[0][13]) if rows else 0


def _slipping(journal: Journal, day: date, limit: int) -> tuple[tuple[SlippingCustomer, ...], int]:
    defaults = settings.cadence_defaults(journal)
    cases = " ".join(f"WHEN '{stage}' THEN {days}" for stage, days in defaults.items() if days)
    cadence = f"coalesce(c.cadence_days, CASE c.stage {cases} ELSE NULL END)" if cases else "c.cadence_days"
    # The UTC date of the last contact can be a day either side of its local date, so SQL keeps a
    # superset (a day's slack) and the exact local-date test below decides.
    sql = (
        "WITH k AS ("
        f" SELECT c.id, c.name, c.name_key, c.stage, c.created_at, {cadence} AS cadence,"
        "  (SELECT max(i.occurred_at) FROM interaction i"
        "   WHERE i.customer_id = c.id AND i.state = 'done' AND i.occurred_at < :day_end) AS last_at"
        " FROM customer c"
        " WHERE c.archived = 0 AND c.stage NOT IN ('lost', 'not_now')"
        "  AND (c.snoozed_until IS NULL OR c.snoozed_until <= :day))"
        " SELECT id, name, stage, created_at, cadence, last_at FROM k"
        " WHERE cadence > 0"
        "  AND julianday(substr(coalesce(last_at, created_at), 1, 10)) < julianday(:day) - cadence + 1"
    )
    params = {"day": day.isoformat(), "day_end": _local_midnight_utc(journal, day + timedelta(days=1))}
    tz = journal.clock.local_tz()
    found: list[SlippingCustomer] = []
    for cid, name, stage, created_at, cadence_days, last_at in journal.conn().execute(sql, params):
        last = parse_utc(last_at).astimezone(tz).date() if last_at else None
        since = last or parse_utc(created_at).astimezone(tz).date()
        days = (day - since).days
        if days > cadence_days:
            found.append(SlippingCustomer(cid, name, stage, last, days, int(cadence_days)))
    found.sort(key=lambda s: (-s.ratio, -s.days_since, s.name.casefold(), s.customer_id))
    return tuple(found[:limit]), len(found)


def _revisits(journal: Journal, day: date, limit: int) -> tuple[tuple[Revisit, ...], int]:
    sql = (
        "SELECT c.id, c.name, c.stage, c.revisit_on, c.revisit_reason,"
        " (SELECT s.changed_at FROM stage_change s WHERE s.customer_id = c.id AND s.to_stage = c.stage"
        "  AND s.reason != '' ORDER BY s.changed_at DESC, s.id DESC LIMIT 1),"
        " count(*) OVER ()"
        " FROM customer c"
        " WHERE c.revisit_on <= :day AND c.stage IN ('not_now', 'lost') AND c.archived = 0"
        " ORDER BY c.revisit_on, c.name_key LIMIT :limit"
    )
    tz = journal.clock.local_tz()
    rows = journal.conn().execute(sql, {"day": day.isoformat(), "limit": limit}).fetchall()
    out = []
    for cid, name, stage, revisit_on, reason, said_at, _ in rows:
        when = date.fromisoformat(revisit_on)
        said = parse_utc(said_at).astimezone(tz).date() if said_at else None
        out.append(Revisit(cid, name, stage, when, reason, said, (day - when).days))
    return tuple(out), int(rows[0][6]) if rows else 0


def _meetings(journal: Journal, day: date) -> list[ComingUp]:
    sql = (
        "SELECT i.id, i.customer_id, c.name, i.occurred_at, i.interaction_kind, i.goal,"
        " (SELECT group_concat(name, ', ') FROM (SELECT k.name FROM attendee a"
        "   JOIN contact k ON k.id = a.contact_id WHERE a.interaction_id = i.id ORDER BY k.name))"
        " FROM interaction i JOIN customer c ON c.id = i.customer_id"
        " WHERE i.state = 'planned' AND i.occurred_at >= :start AND i.occurred_at < :end AND c.archived = 0"
        " ORDER BY i.occurred_at, i.id"
    )
    params = {
        "start": _local_midnight_utc(journal, day),
        "end": _local_midnight_utc(journal, day + timedelta(days=MEETING_DAYS)),
    }
    tz = journal.clock.local_tz()
    out = []
    for iid, cid, name, at, kind, goal, people in journal.conn().execute(sql, params):
        when = parse_utc(at)
        label = vocab.INTERACTION_KIND_LABELS.get(kind, "Meeting")
        title = f"{label} with {people}" if people else f"{label} with {name}"
        out.append(ComingUp("meeting", iid, cid, name, when.astimezone(tz).date(), when, title, goal))
    return out


def _dates(journal: Journal, day: date) -> list[ComingUp]:
    ranges = yearly_window(day, DATE_DAYS)
    terms = " OR ".join("(d.month = ? AND d.day BETWEEN ? AND ?)" for _ in ranges)
    sql = (
        "SELECT d.id, d.customer_id, c.name, d.contact_id, coalesce(k.name, ''), d.date_kind, d.label,"
        " d.month, d.day, d.year"
        " FROM important_date d JOIN customer c ON c.id = d.customer_id"
        " LEFT JOIN contact k ON k.id = d.contact_id"
        f" WHERE ({terms}) AND c.archived = 0"
    )
    params = [x for r in ranges for x in r]
    end = day + timedelta(days=DATE_DAYS)
    out = []
    for did, cid, name, _contact_id, person, kind, label, month, dom, year in journal.conn().execute(
        sql, params
    ):
        when = next_occurrence(month, dom, day)
        if when >= end:
            continue
        what = label or vocab.DATE_KIND_LABELS.get(kind, "Date")
        title = what
        if person:
            title = f"{person}: {label}" if label else f"{person}’s {what.lower()}"
        if year and kind in ("birthday", "anniversary"):
            n = when.year - year
            if n > 0:
                title += f" (turns {n})" if kind == "birthday" else f" ({n} years)"
        out.append(ComingUp("date", did, cid, name, when, None, title, "", kind))
    return out


def report(journal: Journal, day: date | None = None, *, limit: int = SECTION_LIMIT) -> TodayReport:
    """Today's report for `day` (the journal clock's today by default)."""
    day = day or journal.clock.today()
    iso = day.isoformat()
    week_end = (day + timedelta(days=WEEK_DAYS)).isoformat()
    overdue, n_overdue = _promises(
        journal, "p.owner = 'me' AND p.due_on < :day", {"day": iso}, "p.due_on", limit
    )
    due, n_due = _promises(
        journal,
        "p.owner = 'me' AND p.due_on >= :day AND p.due_on < :end",
        {"day": iso, "end": week_end},
        "p.due_on",
        limit,
    )
    theirs, n_theirs = _promises(
        journal, "p.owner = 'them' AND p.due_on <= :day", {"day": iso}, "p.due_on", limit
    )
    slipping, n_slipping = _slipping(journal, day, limit)
    revisits, n_revisit = _revisits(journal, day, limit)
    coming = sorted(
        [*_meetings(journal, day), *_dates(journal, day)],
        key=lambda c: (c.day, c.at is not None, c.at or datetime.min.replace(tzinfo=UTC), c.customer_name),
    )
    return TodayReport(
        day=day,
        overdue_mine=overdue,
        due_mine=due,
        chase_theirs=theirs,
        slipping=slipping,
        revisit=revisits,
        coming_up=tuple(coming[:limit]),
        follow_through=follow_through(journal, day=day),
        totals={
            "overdue_mine": n_overdue,
            "due_mine": n_due,
            "chase_theirs": n_theirs,
            "slipping": n_slipping,
            "revisit": n_revisit,
            "coming_up": len(coming),
        },
    )


def as_json(r: TodayReport) -> dict[str, Any]:
    """The report as plain JSON values (dates as ISO text), keyed by section."""

    def promise(p: PromiseView) -> dict[str, Any]:
        return {
            "id": p.id,
            "customer_id": p.customer_id,
            "customer": p.customer_name,
            "text": p.text,
            "due_on": p.due_on.isoformat(),
            "days_late": p.days_late(r.day),
            "contact": p.contact_name or None,
        }

    return {
        "date": r.day.isoformat(),
        "overdue_mine": [promise(p) for p in r.overdue_mine],
        "due_mine": [promise(p) for p in r.due_mine],
        "chase_theirs": [promise(p) for p in r.chase_theirs],
        "slipping": [
            {
                "customer_id": s.customer_id,
                "customer": s.name,
                "stage": s.stage,
                "last_contact": s.last_contact.isoformat() if s.last_contact else None,
                "days_since": s.days_since,
                "cadence_days": s.cadence_days,
                "label": s.label,
            }
            for s in r.slipping
        ],
        "revisit": [
            {
                "customer_id": v.customer_id,
                "customer": v.name,
                "stage": v.stage,
                "revisit_on": v.revisit_on.isoformat(),
                "reason": v.reason,
                "said_on": v.said_on.isoformat() if v.said_on else None,
            }
            for v in r.revisit
        ],
        "coming_up": [
            {
                "kind": c.kind,
                "id": c.item_id,
                "customer_id": c.customer_id,
                "customer": c.customer_name,
                "date": c.day.isoformat(),
                "at": c.at.isoformat() if c.at else None,
                "title": c.title,
                "detail": c.detail,
            }
            for c in r.coming_up
        ],
        "counts": {key: r.total(key) for key in SECTIONS},
        "follow_through": r.follow_through.as_dict(),
    }
