"""Today: what to do first this morning, as one frozen report.

Sections, each in the order to work through it:
- overdue_mine — promises I made that are past due (most overdue first);
- due_mine — mine due today or in the six days after (soonest first);
- next_steps — dated next steps of mine from my meetings, due by the end of the week (soonest first);
- to_log — planned meetings whose time has passed and that are not logged yet (oldest first);
- chase_theirs — what customers promised me that is due or overdue (oldest first);
- slipping — customers whose keep-in-touch cadence has run out, today or before (worst first; snoozed
  ones left out until their snooze ends);
- revisit — not-now and lost customers whose revisit date has come (longest waiting first), with the
  reason they gave;
- coming_up — planned meetings still to come in the next 7 days and important dates in the next 14, in
  date order.

Archived customers never appear. The report runs a fixed number of queries, each on an index, however
large the journal; a long section keeps its first `limit` rows and says how many there are in all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from journal.domain import health, vocab
from journal.domain.dates import next_occurrence, offset_changes, yearly_window
from journal.domain.health import Sql
from journal.domain.records import PromiseView
from journal.reads.followthrough import FollowThrough, follow_through
from journal.services import next_steps, settings
from journal.services.next_steps import NextStep
from journal.storage.db import Journal
from journal.storage.models import format_utc, parse_utc

WEEK_DAYS = 7  # "due this week": today and the six days after
MEETING_DAYS = 7
DATE_DAYS = 14
SECTION_LIMIT = 200

SECTIONS = (
    "overdue_mine",
    "due_mine",
    "next_steps",
    "to_log",
    "chase_theirs",
    "slipping",
    "revisit",
    "coming_up",
)
SECTION_TITLES = {
    "overdue_mine": "Overdue — I owe",
    "due_mine": "Due today & this week — I owe",
    "next_steps": "Next steps — mine",
    "to_log": "Log these",
    "chase_theirs": "Chase — they owe me",
    "slipping": "Slipping",
    "revisit": "Revisit",
    "coming_up": "Coming up",
}
SECTION_EMPTY = {
    "overdue_mine": "Nothing overdue. Well kept.",
    "due_mine": "Nothing of yours due this week.",
    "next_steps": "No next steps due this week.",
    "to_log": "Every meeting that has happened is logged.",
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
        return health.ratio(self.days_since, self.cadence_days) or 0.0

    @property
    def label(self) -> str:
        """ "last contact 47 days ago, every 30 days"; "due for a touch today (every 30 days)"."""
        if health.rhythm(self.days_since, self.cadence_days) != "slipping":  # it runs out today
            return f"due for a touch today (every {self.cadence_days} days)"
        if self.last_contact is None:
            since = health.days_ago(self.days_since)
            return f"no contact since added {since}, every {self.cadence_days} days"
        return f"last contact {health.days_ago(self.days_since)}, every {self.cadence_days} days"


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
        return f"revisit was due {health.days_ago(self.days_waiting)}"


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
    next_steps: tuple[NextStep, ...]
    to_log: tuple[ComingUp, ...]
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


def _rows(journal: Journal, sql: str, params: dict[str, Any]) -> list[sqlite3.Row]:
    cursor = journal.conn().cursor()
    cursor.row_factory = sqlite3.Row
    return list(cursor.execute(sql, params).fetchall())


# Open promises of one owner due in [:start, :end), most overdue first; dates are ISO text, so '' is
# before every date and '~' after. The first `limit` are read in the index's order; they are counted apart
# only when there are more.
_PROMISES_WHERE = (
    " FROM promise p JOIN customer c ON c.id = p.customer_id"
    " WHERE p.status = 'open' AND c.archived = 0 AND p.owner = :owner AND p.due_on >= :start"
    " AND p.due_on < :end"
)
_PROMISES = (
    "SELECT p.id, p.customer_id, c.name AS customer_name, p.owner, p.text, p.due_on, p.status,"
    " p.completed_on, p.release_reason, p.contact_id, coalesce(k.name, '') AS contact_name, p.source_id,"
    " p.created_at"
    " FROM promise p JOIN customer c ON c.id = p.customer_id"
    " LEFT JOIN contact k ON k.id = p.contact_id"
    " WHERE p.status = 'open' AND c.archived = 0 AND p.owner = :owner AND p.due_on >= :start"
    " AND p.due_on < :end"
    " ORDER BY p.due_on, c.name_key, p.id LIMIT :limit"
)


def _promises(
    journal: Journal, owner: str, start: date | None, end: date | None, limit: int
) -> tuple[tuple[PromiseView, ...], int]:
    params = {
        "owner": owner,
        "start": start.isoformat() if start else "",
        "end": end.isoformat() if end else "~",
        "limit": limit,
    }
    rows = _rows(journal, _PROMISES, params)
    views = tuple(
        PromiseView(
            id=r["id"],
            customer_id=r["customer_id"],
            customer_name=r["customer_name"],
            owner=r["owner"],
            text=r["text"],
            due_on=date.fromisoformat(r["due_on"]),
            status=r["status"],
            completed_on=_date(r["completed_on"]),
            release_reason=r["release_reason"],
            contact_id=r["contact_id"],
            contact_name=r["contact_name"],
            source_id=r["source_id"],
            created_at=parse_utc(r["created_at"]),
        )
        for r in rows
    )
    if len(rows) < limit:
        return views, len(rows)
    counted = journal.conn().execute("SELECT count(*)" + _PROMISES_WHERE, params).fetchone()
    return views, int(counted[0])


def local_date_sql(stamp: str, journal: Journal, day: date) -> Sql:
    """The local date of the stored UTC stamp `stamp` (an SQL expression of our own), in the journal's
    zone, for stamps of the last ten years and more (CADENCE_MAX_DAYS): older ones take the oldest offset
    looked at, a day out at most, when every cadence has long run out for them anyway."""
    first = day - timedelta(days=health.CADENCE_MAX_DAYS + 366)
    changes = offset_changes(journal.clock.local_tz(), first, day + timedelta(days=2))
    params: dict[str, Any] = {}
    whens = []
    for n, (at, seconds) in enumerate(changes):
        params[f"zone_offset_{n}"] = f"{seconds:+d} seconds"
        if n:
            params[f"zone_from_{n}"] = format_utc(at)
            whens.append(f"WHEN {stamp} < :zone_from_{n} THEN :zone_offset_{n - 1}")
    last = f":zone_offset_{len(changes) - 1}"
    offset = f"CASE {' '.join(whens)} ELSE {last} END" if whens else last
    return Sql(f"date({stamp}, {offset})", params)


def _slipping(journal: Journal, day: date, limit: int) -> tuple[tuple[SlippingCustomer, ...], int]:
    """Worst first, decided and sorted in SQL on the local date of the last contact: only the rows shown
    are read, however many customers have gone quiet."""
    cadence = health.cadence_sql(settings.cadence_defaults(journal))
    since = local_date_sql("coalesce(last_at, created_at)", journal, day)
    slipping = health.slipping_sql("since", "cadence", stage="stage", snoozed="snoozed_until", slack=0)
    sql = (
        "WITH k AS ("
        " SELECT c.id, c.name, c.name_key, c.stage, c.snoozed_until, c.created_at,"
        f"  {cadence.text} AS cadence,"
        "  (SELECT max(i.occurred_at) FROM interaction i"
        "   WHERE i.customer_id = c.id AND i.state = 'done' AND i.occurred_at < :day_end) AS last_at"
        " FROM customer c WHERE c.archived = 0),"
        f" s AS (SELECT *, {since.text} AS since FROM k),"
        " d AS (SELECT *, CAST(julianday(:day) - julianday(since) AS INTEGER) AS days FROM s"
        f"  WHERE {slipping.text})"
        " SELECT id, name, stage, last_at, since, days, cadence, count(*) OVER () AS total FROM d"
        " ORDER BY days * 1.0 / cadence DESC, days DESC, name_key, id LIMIT :limit"
    )
    params = {
        "day": day.isoformat(),
        "day_end": _local_midnight_utc(journal, day + timedelta(days=1)),
        "limit": limit,
        **cadence.params,
        **since.params,
        **slipping.params,
    }
    rows = _rows(journal, sql, params)
    found = tuple(
        SlippingCustomer(
            r["id"],
            r["name"],
            r["stage"],
            date.fromisoformat(r["since"]) if r["last_at"] else None,
            int(r["days"]),
            int(r["cadence"]),
        )
        for r in rows
    )
    return found, int(rows[0]["total"]) if rows else 0


def _revisits(journal: Journal, day: date, limit: int) -> tuple[tuple[Revisit, ...], int]:
    sql = (
        "SELECT c.id, c.name, c.stage, c.revisit_on, c.revisit_reason,"
        " (SELECT s.changed_at FROM stage_change s WHERE s.customer_id = c.id AND s.to_stage = c.stage"
        "  AND s.reason != '' ORDER BY s.changed_at DESC, s.id DESC LIMIT 1) AS said_at,"
        " count(*) OVER () AS total"
        " FROM customer c"
        " WHERE c.revisit_on <= :day AND c.stage IN ('not_now', 'lost') AND c.archived = 0"
        " ORDER BY c.revisit_on, c.name_key LIMIT :limit"
    )
    tz = journal.clock.local_tz()
    rows = _rows(journal, sql, {"day": day.isoformat(), "limit": limit})
    out = []
    for r in rows:
        when = date.fromisoformat(r["revisit_on"])
        said = parse_utc(r["said_at"]).astimezone(tz).date() if r["said_at"] else None
        out.append(
            Revisit(r["id"], r["name"], r["stage"], when, r["revisit_reason"], said, (day - when).days)
        )
    return tuple(out), int(rows[0]["total"]) if rows else 0


def _meetings(journal: Journal, start: datetime | None, end: datetime, *, limit: int = -1) -> list[ComingUp]:
    """Planned meetings starting in [start, end) (any time before `end` when no start), soonest first."""
    sql = (
        "SELECT i.id, i.customer_id, c.name, i.occurred_at, i.interaction_kind, i.goal,"
        " (SELECT group_concat(name, ', ') FROM (SELECT k.name FROM attendee a"
        "   JOIN contact k ON k.id = a.contact_id WHERE a.interaction_id = i.id ORDER BY k.name)) AS people"
        " FROM interaction i JOIN customer c ON c.id = i.customer_id"
        " WHERE i.state = 'planned' AND i.occurred_at >= :start AND i.occurred_at < :end AND c.archived = 0"
        " ORDER BY i.occurred_at, c.name, i.id LIMIT :limit"
    )
    params = {"start": format_utc(start) if start else "", "end": format_utc(end), "limit": limit}
    tz = journal.clock.local_tz()
    out = []
    for r in _rows(journal, sql, params):
        when = parse_utc(r["occurred_at"])
        label = vocab.INTERACTION_KIND_LABELS.get(r["interaction_kind"], "Meeting")
        title = f"{label} with {r['people'] or r['name']}"
        out.append(
            ComingUp(
                "meeting",
                r["id"],
                r["customer_id"],
                r["name"],
                when.astimezone(tz).date(),
                when,
                title,
                r["goal"],
            )
        )
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


def _meeting_count(journal: Journal, start: datetime | None, end: datetime) -> int:
    """How many planned meetings start in [start, end) (any time before `end` when no start)."""
    row = (
        journal.conn()
        .execute(
            "SELECT count(*) FROM interaction i JOIN customer c ON c.id = i.customer_id"
            " WHERE i.state = 'planned' AND i.occurred_at >= ? AND i.occurred_at < ? AND c.archived = 0",
            (format_utc(start) if start else "", format_utc(end)),
        )
        .fetchone()
    )
    return int(row[0])


def report(journal: Journal, day: date | None = None, *, limit: int = SECTION_LIMIT) -> TodayReport:
    """Today's report for `day` (the journal clock's today by default).

    A planned meeting whose start has passed (now, or the start of another `day`) is no longer coming up:
    it waits in "Log these" until it is logged or cancelled.
    """
    today = journal.clock.today()
    day = day or today
    cutoff = journal.clock.now() if day == today else journal.clock.start_of(day)
    overdue, n_overdue = _promises(journal, "me", None, day, limit)
    due, n_due = _promises(journal, "me", day, day + timedelta(days=WEEK_DAYS), limit)
    steps, n_steps = next_steps.open_next_steps(journal, before=day + timedelta(days=WEEK_DAYS), limit=limit)
    to_log = _meetings(journal, None, cutoff, limit=limit)
    theirs, n_theirs = _promises(journal, "them", None, day + timedelta(days=1), limit)
    slipping, n_slipping = _slipping(journal, day, limit)
    revisits, n_revisit = _revisits(journal, day, limit)
    # The first `limit` meetings are all that can be among the first `limit` of meetings and dates.
    week_end = journal.clock.start_of(day + timedelta(days=MEETING_DAYS))
    meetings = _meetings(journal, cutoff, week_end, limit=limit)
    n_meetings = len(meetings) if len(meetings) < limit else _meeting_count(journal, cutoff, week_end)
    dates = _dates(journal, day)
    coming = sorted(
        [*meetings, *dates],
        key=lambda c: (c.day, c.at is not None, c.at or datetime.min.replace(tzinfo=UTC), c.customer_name),
    )
    return TodayReport(
        day=day,
        overdue_mine=overdue,
        due_mine=due,
        next_steps=steps,
        to_log=tuple(to_log),
        chase_theirs=theirs,
        slipping=slipping,
        revisit=revisits,
        coming_up=tuple(coming[:limit]),
        follow_through=follow_through(journal, day=day),
        totals={
            "overdue_mine": n_overdue,
            "due_mine": n_due,
            "next_steps": n_steps,
            "to_log": len(to_log) if len(to_log) < limit else _meeting_count(journal, None, cutoff),
            "chase_theirs": n_theirs,
            "slipping": n_slipping,
            "revisit": n_revisit,
            "coming_up": n_meetings + len(dates),
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

    def meeting(c: ComingUp) -> dict[str, Any]:
        return {
            "kind": c.kind,
            "id": c.item_id,
            "customer_id": c.customer_id,
            "customer": c.customer_name,
            "date": c.day.isoformat(),
            "at": c.at.isoformat() if c.at else None,
            "title": c.title,
            "detail": c.detail,
        }

    return {
        "date": r.day.isoformat(),
        "overdue_mine": [promise(p) for p in r.overdue_mine],
        "due_mine": [promise(p) for p in r.due_mine],
        "next_steps": [
            {
                "meeting_id": s.interaction_id,
                "customer_id": s.customer_id,
                "customer": s.customer_name,
                "text": s.text,
                "due_on": s.due_on.isoformat(),
                "days_late": s.days_late(r.day),
                "decided_on": s.decided_on.isoformat(),
            }
            for s in r.next_steps
        ],
        "to_log": [meeting(c) for c in r.to_log],
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
        "coming_up": [meeting(c) for c in r.coming_up],
        "counts": {key: r.total(key) for key in SECTIONS},
        "follow_through": r.follow_through.as_dict(),
    }
