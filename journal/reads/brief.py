"""The pre-meeting brief: everything worth knowing five minutes before a call, as plain data.

`build_brief` reads the journal and returns a `Brief` — a tree of frozen records, no formatting (the
renderers in `journal.brief_render` and the brief view turn it into text, Markdown, HTML, JSON or PDF).

Each section has one rule for what goes in and in what order (the docstrings of the record types say
which). Every section is fetched with a fixed handful of SQL queries (LIMITs, window functions, one
batched IN lookup for people), so a brief costs the same number of queries for a customer with five
meetings as for one with five thousand.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Generic, TypeVar

from journal.domain import vocab
from journal.domain.dates import next_occurrence, yearly_window
from journal.domain.errors import NotFound, ValidationError
from journal.domain.health import Health, assess, cadence_of, rhythm
from journal.domain.text import plain_line
from journal.services import next_steps, settings
from journal.services.questions import is_closed_question
from journal.storage.db import Journal
from journal.storage.models import format_utc, parse_utc

T = TypeVar("T")

# How much of each section a brief shows; the rest is counted ("and 4 more") and lives in its tab.
PROMISES_SHOWN = 25
NEEDS_SHOWN = 12
RESOLVED_SHOWN = 3
RESOLVED_WITHIN_DAYS = 90
OBJECTIONS_SHOWN = 10
PEOPLE_SHOWN = 6
FACTS_PER_PERSON = 4
DATES_WITHIN_DAYS = 30
WORKED_ELSEWHERE_SHOWN = 2
CONVERSATIONS_SHOWN = 3
UPCOMING_SHOWN = 3
QUEUED_SHOWN = 8
SUGGESTIONS_SHOWN = 3
SUMMARY_CHARS = 240

SECTION_TITLES = {
    "i_owe": "I owe them",
    "they_owe": "They owe me",
    "care_about": "What they care about",
    "objections": "Objections",
    "people": "People",
    "last_conversations": "Last conversations",
    "questions": "Questions to ask",
    "revisit": "Not now / revisit",
}


# -- the records ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section(Generic[T]):
    """One part of the brief: the items shown, how many there are in all, and the line to show when
    there are none (a section never vanishes silently)."""

    key: str
    title: str
    items: tuple[T, ...]
    total: int
    empty: str

    @property
    def more(self) -> int:
        """How many exist beyond those shown."""
        return max(0, self.total - len(self.items))


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str
    role: str


@dataclass(frozen=True)
class MeetingRef:
    """A meeting (usually planned): when (local time), what kind, its goal and who it is with."""

    id: int
    when: datetime
    kind: str
    state: str
    goal: str
    attendees: tuple[PersonRef, ...]


@dataclass(frozen=True)
class DateItem:
    """A birthday, anniversary or renewal coming round within DATES_WITHIN_DAYS days."""

    id: int
    kind: str
    label: str
    on: date  # the next occurrence
    days_away: int
    contact_id: int | None
    contact_name: str
    years: int | None  # the age reached or the years marked, when the year is known


@dataclass(frozen=True)
class Header:
    """Who they are and where things stand.

    `with_people` is who the meeting is with: the meeting's attendees when a meeting is given
    (`with_rule` "meeting"); otherwise the people at the last conversations, most recently met first
    ("recent"); otherwise the customer's people by name ("people"); or nobody ("none").
    """

    id: int
    name: str
    customer_kind: str
    industry: str
    about: str
    stage: str
    stage_since: date | None
    value_minor: int | None
    currency: str
    tags: tuple[str, ...]
    archived: bool
    with_people: tuple[PersonRef, ...]
    with_rule: str
    last_contact: date | None
    days_since: int | None
    cadence_days: int | None
    health: Health
    upcoming: tuple[MeetingRef, ...]  # planned meetings still to come, soonest first
    unlogged: tuple[MeetingRef, ...]  # planned meetings whose time has passed, not logged yet, newest first
    next_steps: tuple[NextStepItem, ...]  # my open dated next steps with them, soonest first
    dates: tuple[DateItem, ...]  # the customer's own dates (renewals…) within 30 days, soonest first

    @property
    def past_cadence(self) -> bool:
        return rhythm(self.days_since, self.cadence_days) == "slipping"


@dataclass(frozen=True)
class PromiseItem:
    """An open promise. Sections list them by due date, so the most overdue come first."""

    id: int
    text: str
    due_on: date
    days_late: int  # 0 when not late
    due_in: int  # days from today to the due date (negative when late)
    contact_name: str
    made_on: date | None  # the date of the meeting it was made in, if known


@dataclass(frozen=True)
class NextStepItem:
    """An open dated next step from one of my meetings with them: a follow-up of mine, soonest first."""

    id: int  # the meeting it was decided in
    text: str
    due_on: date
    days_late: int
    due_in: int
    made_on: date | None


@dataclass(frozen=True)
class NeedItem:
    """An open (or addressed, not yet confirmed) need, pain point, goal or concern."""

    id: int
    kind: str
    text: str
    quote: str  # in their own words, when recorded
    importance: int
    status: str
    contact_name: str  # who said it
    raised_on: date


@dataclass(frozen=True)
class ResolvedNeed:
    id: int
    kind: str
    text: str
    resolved_on: date


@dataclass(frozen=True)
class CareAbout:
    """Open and addressed needs by importance, then newest first; then needs resolved within the last
    RESOLVED_WITHIN_DAYS days, newest first, so the rep can check the fix landed."""

    open: Section[NeedItem]
    resolved: tuple[ResolvedNeed, ...]


@dataclass(frozen=True)
class ObjectionItem:
    """An objection still in the way: open ones first, then answered ones whose answer did not work,
    then those not known to have worked, then those that did; newest first within each."""

    id: int
    concern: str
    response: str
    status: str
    worked: bool | None
    contact_name: str
    raised_on: date
    category: str = ""
    # My answers to the same kind of objection that worked with other customers, most often first.
    worked_elsewhere: tuple[str, ...] = ()


@dataclass(frozen=True)
class RapportItem:
    id: int
    category: str
    text: str
    learned_on: date | None
    hook: str
    hook_asked: bool


@dataclass(frozen=True)
class PersonBrief:
    """A person at the account: what I know about them, newest first; follow-up hooks I have not asked
    about yet (always all of them); and their dates within the next 30 days.

    The brief's people are everyone at the account: the meeting's attendees first, then by when I last
    met them (most recent first), then the rest by name. The first PEOPLE_SHOWN are described, and so is
    anyone after them with a hook to ask or a date coming up; the others are named in `people_also`."""

    id: int
    name: str
    role: str
    facts: tuple[RapportItem, ...]
    hooks: tuple[RapportItem, ...]
    dates: tuple[DateItem, ...]


@dataclass(frozen=True)
class Conversation:
    """One of the last CONVERSATIONS_SHOWN done interactions, newest first, with my reflection."""

    id: int
    when: datetime  # local time
    kind: str
    attendees: tuple[PersonRef, ...]
    summary: str  # the notes, flattened to one short paragraph
    outcome: str
    next_step: str
    next_step_on: date | None
    went_well: str
    to_improve: str
    lesson: str
    opening_question: str
    listening: int | None


@dataclass(frozen=True)
class QuestionItem:
    """A question to ask. Queued ones (source "queued", oldest first) come before suggestions from the
    question bank (source "bank"), which fit this customer's stage and open needs and objections, are
    never yes/no questions and never ones already queued or asked here."""

    id: int | None  # the queued question's id; None for a suggestion
    text: str
    source: str
    reason: str  # why a suggestion fits ("fits the pain point ‘…’")
    closed: bool  # a queued question that invites a yes or a no


@dataclass(frozen=True)
class Revisit:
    """For a not-now or lost customer: the reason they gave and when to come back."""

    stage: str
    reason: str
    revisit_on: date | None
    due_in: int | None  # days until the revisit date (negative: it has come)
    since: date | None  # when they said so


@dataclass(frozen=True)
class Brief:
    today: date
    customer: Header
    meeting: MeetingRef | None
    i_owe: Section[PromiseItem]
    they_owe: Section[PromiseItem]
    care_about: CareAbout
    objections: Section[ObjectionItem]
    people: Section[PersonBrief]
    last_conversations: Section[Conversation]
    questions: Section[QuestionItem]
    revisit: Revisit | None  # None unless the customer is not now or lost
    people_also: tuple[PersonRef, ...] = ()  # everyone else at the account, beyond `people`


# -- reading -------------------------------------------------------------------------------------------


def _rows(journal: Journal, sql: str, params: Sequence[Any] | dict[str, Any]) -> list[sqlite3.Row]:
    cursor = journal.conn().cursor()
    cursor.row_factory = sqlite3.Row
    return list(cursor.execute(sql, params).fetchall())


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _local(stamp: str, tz: tzinfo) -> datetime:
    return parse_utc(stamp).astimezone(tz)


def _local_day(stamp: str | None, tz: tzinfo) -> date | None:
    return None if stamp is None else _local(stamp, tz).date()


def build_brief(journal: Journal, customer_id: int, *, today: date, meeting_id: int | None = None) -> Brief:
    """The brief for a customer, as of `today`; for a meeting, focused on its people and goal."""
    tz = journal.clock.local_tz()
    values = settings.all_settings(journal)
    c = _customer(journal, customer_id, today)
    # A planned meeting that has started is no longer coming up: it is waiting to be logged.
    cutoff = journal.clock.now() if today == journal.clock.today() else journal.clock.start_of(today)
    interactions, people_by_meeting = _interactions(journal, customer_id, cutoff, meeting_id)
    meeting = None
    if meeting_id is not None:
        row = next((r for r in interactions if r["id"] == meeting_id), None)
        if row is None:
            raise NotFound("That meeting no longer exists.")
        if row["customer_id"] != customer_id:
            raise ValidationError(f"That meeting is not with {c['name']}.", "meeting")
        meeting = _meeting(row, people_by_meeting, tz)
    done = [r for r in interactions if r["part"] == "done"]
    upcoming = tuple(_meeting(r, people_by_meeting, tz) for r in interactions if r["part"] == "upcoming")
    unlogged = tuple(_meeting(r, people_by_meeting, tz) for r in interactions if r["part"] == "unlogged")
    steps, _ = next_steps.open_next_steps(journal, customer_id=customer_id, limit=UPCOMING_SHOWN)

    with_people, with_rule = _who(journal, customer_id, meeting, done, people_by_meeting)
    dates = _dates(journal, customer_id, today)
    people, people_also = _people(journal, _everyone(journal, customer_id, meeting), dates)

    cadence = cadence_of(c["cadence_days"], c["stage"], settings.stage_cadences(values))
    last = _local_day(c["last_at"], tz)
    health = assess(
        today=today,
        last_contact=last,
        cadence_days=cadence,
        overdue_mine=c["overdue_mine"],
        snoozed_until=_day(c["snoozed_until"]),
        stage=c["stage"],
    )
    header = Header(
        id=customer_id,
        name=c["name"],
        customer_kind=c["customer_kind"],
        industry=c["industry"],
        about=c["about"],
        stage=c["stage"],
        stage_since=_local_day(c["stage_at"], tz),
        value_minor=c["value_minor"],
        currency=str(values["currency"]),
        tags=tuple(t for t in (c["tags"] or "").split("\x1f") if t),
        archived=bool(c["archived"]),
        with_people=with_people,
        with_rule=with_rule,
        last_contact=last,
        days_since=(today - last).days if last else None,
        cadence_days=cadence,
        health=health,
        upcoming=upcoming,
        unlogged=unlogged,
        next_steps=tuple(
            NextStepItem(
                s.interaction_id,
                s.text,
                s.due_on,
                s.days_late(today),
                (s.due_on - today).days,
                s.decided_on,
            )
            for s in steps
        ),
        dates=tuple(d for d in dates if d.contact_id is None),
    )
    i_owe, they_owe = _promises(journal, customer_id, today)
    care = _care_about(journal, customer_id, today, tz)
    objections = _objections(journal, customer_id, tz)
    questions = _questions(journal, customer_id, c["stage"], care.open.items, objections.items)
    return Brief(
        today=today,
        customer=header,
        meeting=meeting,
        i_owe=i_owe,
        they_owe=they_owe,
        care_about=care,
        objections=objections,
        people=people,
        last_conversations=_conversations(done, people_by_meeting, tz),
        questions=questions,
        revisit=_revisit(c, today, tz),
        people_also=people_also,
    )


def _customer(journal: Journal, customer_id: int, today: date) -> dict[str, Any]:
    sql = """
        SELECT c.name, c.customer_kind, c.industry, c.about, c.stage, c.value_minor, c.revisit_on,
               c.revisit_reason, c.cadence_days, c.snoozed_until, c.archived,
               (SELECT max(i.occurred_at) FROM interaction i
                 WHERE i.customer_id = c.id AND i.state = 'done') AS last_at,
               (SELECT count(*) FROM promise p WHERE p.customer_id = c.id AND p.status = 'open'
                   AND p.owner = 'me' AND p.due_on < :today) AS overdue_mine,
               (SELECT group_concat(name, char(31)) FROM
                   (SELECT t.name FROM tag t JOIN customer_tag ct ON ct.tag_id = t.id
                     WHERE ct.customer_id = c.id ORDER BY t.name_key)) AS tags,
               (SELECT s.changed_at FROM stage_change s WHERE s.customer_id = c.id AND s.to_stage = c.stage
                 ORDER BY s.changed_at DESC LIMIT 1) AS stage_at
          FROM customer c WHERE c.id = :id
    """
    rows = _rows(journal, sql, {"id": customer_id, "today": today.isoformat()})
    if not rows:
        raise NotFound("That customer no longer exists.")
    return dict(rows[0])


_INTERACTION_COLUMNS = (
    "id, customer_id, interaction_kind, occurred_at, state, goal, notes, outcome, next_step, next_step_on,"
    " went_well, to_improve, lesson, opening_question, listening"
)
# The last conversations, the planned meetings still to come, those passed unlogged, and the given
# meeting; `part` says which.
_INTERACTIONS = f"""
    SELECT * FROM (SELECT {_INTERACTION_COLUMNS}, 'done' AS part FROM interaction
                    WHERE customer_id = :cid AND state = 'done'
                    ORDER BY occurred_at DESC, id DESC LIMIT :done_shown)
    UNION ALL
    SELECT * FROM (SELECT {_INTERACTION_COLUMNS}, 'upcoming' AS part FROM interaction
                    WHERE customer_id = :cid AND state = 'planned' AND occurred_at >= :start
                    ORDER BY occurred_at, id LIMIT :upcoming_shown)
    UNION ALL
    SELECT * FROM (SELECT {_INTERACTION_COLUMNS}, 'unlogged' AS part FROM interaction
                    WHERE customer_id = :cid AND state = 'planned' AND occurred_at < :start
                    ORDER BY occurred_at DESC, id DESC LIMIT :upcoming_shown)
    UNION ALL
    SELECT {_INTERACTION_COLUMNS}, 'meeting' AS part FROM interaction WHERE id = :meeting
"""


def _interactions(
    journal: Journal, customer_id: int, cutoff: datetime, meeting_id: int | None
) -> tuple[list[sqlite3.Row], dict[int, tuple[PersonRef, ...]]]:
    """The last conversations, the planned meetings still to come (from `cutoff` on), those that have
    passed unlogged, and the given meeting, in one query; then everyone who attended any of them, in one
    more. Each row's `part` says what it is for."""
    params = {
        "cid": customer_id,
        "start": format_utc(cutoff),
        "meeting": meeting_id,
        "done_shown": CONVERSATIONS_SHOWN,
        "upcoming_shown": UPCOMING_SHOWN,
    }
    rows = _rows(journal, _INTERACTIONS, params)
    ids = sorted({r["id"] for r in rows})
    people: dict[int, list[PersonRef]] = {i: [] for i in ids}
    if ids:
        marks = ",".join("?" * len(ids))
        for r in _rows(
            journal,
            "SELECT a.interaction_id, k.id, k.name, k.role"
            " FROM attendee a JOIN contact k ON k.id = a.contact_id"
            f" WHERE a.interaction_id IN ({marks}) ORDER BY k.name COLLATE NOCASE, k.id",
            ids,
        ):
            people[r["interaction_id"]].append(PersonRef(r["id"], r["name"], r["role"]))
    return rows, {k: tuple(v) for k, v in people.items()}


def _meeting(row: sqlite3.Row, people: dict[int, tuple[PersonRef, ...]], tz: tzinfo) -> MeetingRef:
    return MeetingRef(
        id=row["id"],
        when=_local(row["occurred_at"], tz),
        kind=row["interaction_kind"],
        state=row["state"],
        goal=row["goal"],
        attendees=people.get(row["id"], ()),
    )


def _who(
    journal: Journal,
    customer_id: int,
    meeting: MeetingRef | None,
    done: list[sqlite3.Row],
    people_by_meeting: dict[int, tuple[PersonRef, ...]],
) -> tuple[tuple[PersonRef, ...], str]:
    if meeting is not None and meeting.attendees:
        return meeting.attendees, "meeting"
    recent: dict[int, PersonRef] = {}
    for row in done:  # newest first
        for person in people_by_meeting.get(row["id"], ()):
            recent.setdefault(person.id, person)
    if recent:
        return tuple(list(recent.values())[:PEOPLE_SHOWN]), "recent"
    rows = _rows(
        journal,
        "SELECT id, name, role FROM contact WHERE customer_id = ? ORDER BY name COLLATE NOCASE, id LIMIT ?",
        (customer_id, PEOPLE_SHOWN),
    )
    if rows:
        return tuple(PersonRef(r["id"], r["name"], r["role"]) for r in rows), "people"
    return (), "none"


def _dates(journal: Journal, customer_id: int, today: date) -> list[DateItem]:
    """The customer's and their people's dates coming round within DATES_WITHIN_DAYS, soonest first."""
    last = today + timedelta(days=DATES_WITHIN_DAYS)
    ranges = yearly_window(today, DATES_WITHIN_DAYS + 1)
    terms = " OR ".join("(d.month = ? AND d.day BETWEEN ? AND ?)" for _ in ranges)
    rows = _rows(
        journal,
        "SELECT d.id, d.date_kind, d.label, d.month, d.day, d.year, d.contact_id,"
        " coalesce(k.name, '') AS contact_name"
        " FROM important_date d LEFT JOIN contact k ON k.id = d.contact_id"
        f" WHERE d.customer_id = ? AND ({terms})",
        (customer_id, *(x for r in ranges for x in r)),
    )
    out = []
    for r in rows:
        on = next_occurrence(r["month"], r["day"], today)
        if on <= last:
            year = r["year"]
            years = on.year - year if year and on.year > year else None
            out.append(
                DateItem(
                    r["id"],
                    r["date_kind"],
                    r["label"],
                    on,
                    (on - today).days,
                    r["contact_id"],
                    r["contact_name"],
                    years,
                )
            )
    out.sort(key=lambda d: (d.on, d.id))
    return out


def _everyone(journal: Journal, customer_id: int, meeting: MeetingRef | None) -> list[PersonRef]:
    """Everyone at the account: the meeting's attendees, then the most recently met, then by name.

    CROSS JOIN keeps the person's meetings the outer loop: with sampled statistics (a journal made by an
    import) the planner otherwise walks every meeting held and asks each for the person (19 ms, not 2)."""
    rows = _rows(
        journal,
        """
        SELECT k.id, k.name, k.role,
               (SELECT max(i.occurred_at) FROM attendee a CROSS JOIN interaction i ON i.id = a.interaction_id
                 WHERE a.contact_id = k.id AND i.state = 'done') AS last_met
          FROM contact k WHERE k.customer_id = ?
        """,
        (customer_id,),
    )
    first = {p.id: n for n, p in enumerate(meeting.attendees)} if meeting is not None else {}
    rows.sort(key=lambda r: (r[1].casefold(), r[0]))
    rows.sort(key=lambda r: r[3] or "", reverse=True)
    rows.sort(key=lambda r: first.get(r[0], len(first)))
    return [PersonRef(pid, name, role) for pid, name, role, _ in rows]


def _people(
    journal: Journal, everyone: list[PersonRef], dates: list[DateItem]
) -> tuple[Section[PersonBrief], tuple[PersonRef, ...]]:
    ids = [p.id for p in everyone]
    facts: dict[int, list[RapportItem]] = {i: [] for i in ids}
    hooks: dict[int, list[RapportItem]] = {i: [] for i in ids}
    if ids:
        marks = ",".join("?" * len(ids))
        sql = f"""
            SELECT * FROM (
                SELECT id, contact_id, category, text, learned_on, hook, hook_asked,
                       row_number() OVER (PARTITION BY contact_id
                                          ORDER BY learned_on DESC NULLS LAST, id DESC) AS n
                  FROM rapport_fact WHERE contact_id IN ({marks}))
             WHERE n <= ? OR (hook != '' AND hook_asked = 0)
             ORDER BY contact_id, n
        """
        for fid, contact_id, category, text, learned, hook, asked, n in _rows(
            journal, sql, (*ids, FACTS_PER_PERSON)
        ):
            item = RapportItem(fid, category, text, _day(learned), hook, bool(asked))
            if n <= FACTS_PER_PERSON:
                facts[contact_id].append(item)
            if hook and not asked:
                hooks[contact_id].append(item)
    items: list[PersonBrief] = []
    also: list[PersonRef] = []
    for n, p in enumerate(everyone):
        person = PersonBrief(
            id=p.id,
            name=p.name,
            role=p.role,
            facts=tuple(facts[p.id]),
            hooks=tuple(hooks[p.id]),
            dates=tuple(d for d in dates if d.contact_id == p.id),
        )
        if n < PEOPLE_SHOWN or person.hooks or person.dates:
            items.append(person)
        else:
            also.append(p)
    empty = "No people recorded yet — find out who else is involved, and note their names and roles."
    return Section("people", SECTION_TITLES["people"], tuple(items), len(everyone), empty), tuple(also)


def _promises(
    journal: Journal, customer_id: int, today: date
) -> tuple[Section[PromiseItem], Section[PromiseItem]]:
    is_open, statuses = vocab.open_status_sql("promise", "p.status")
    sql = f"""
        SELECT * FROM (
            SELECT p.id, p.owner, p.text, p.due_on, coalesce(k.name, '') AS contact_name,
                   i.occurred_at AS made_at,
                   row_number() OVER (PARTITION BY p.owner ORDER BY p.due_on, p.id) AS n,
                   count(*) OVER (PARTITION BY p.owner) AS total
              FROM promise p
              LEFT JOIN contact k ON k.id = p.contact_id
              LEFT JOIN interaction i ON i.id = p.source_id
             WHERE p.customer_id = ? AND {is_open})
         WHERE n <= ? ORDER BY owner, n
    """
    tz = journal.clock.local_tz()
    found: dict[str, list[PromiseItem]] = {"me": [], "them": []}
    totals = {"me": 0, "them": 0}
    for r in _rows(journal, sql, (customer_id, *statuses, PROMISES_SHOWN)):
        due_on = _day(r["due_on"])
        assert due_on is not None
        found[r["owner"]].append(
            PromiseItem(
                id=r["id"],
                text=r["text"],
                due_on=due_on,
                days_late=max(0, (today - due_on).days),
                due_in=(due_on - today).days,
                contact_name=r["contact_name"],
                made_on=_local_day(r["made_at"], tz),
            )
        )
        totals[r["owner"]] = r["total"]
    mine = Section(
        "i_owe",
        SECTION_TITLES["i_owe"],
        tuple(found["me"]),
        totals["me"],
        "Nothing promised to them — a good moment to offer something concrete?",
    )
    theirs = Section(
        "they_owe",
        SECTION_TITLES["they_owe"],
        tuple(found["them"]),
        totals["them"],
        "They owe you nothing right now — is there a next step they could own?",
    )
    return mine, theirs


def _care_about(journal: Journal, customer_id: int, today: date, tz: tzinfo) -> CareAbout:
    is_open, statuses = vocab.open_status_sql("need", "n.status")
    rows = _rows(
        journal,
        f"""
        SELECT n.id, n.need_kind, n.text, n.quote, n.importance, n.status,
               coalesce(k.name, '') AS contact_name, n.created_at, count(*) OVER () AS total
          FROM need n LEFT JOIN contact k ON k.id = n.contact_id
         WHERE n.customer_id = ? AND {is_open}
         ORDER BY n.importance DESC, n.created_at DESC, n.id DESC
         LIMIT ?
        """,
        (customer_id, *statuses, NEEDS_SHOWN),
    )
    items = tuple(
        NeedItem(
            r["id"],
            r["need_kind"],
            r["text"],
            r["quote"],
            r["importance"],
            r["status"],
            r["contact_name"],
            _local(r["created_at"], tz).date(),
        )
        for r in rows
    )
    since = datetime.combine(today - timedelta(days=RESOLVED_WITHIN_DAYS), time.min, tzinfo=tz)
    resolved = _rows(
        journal,
        """
        SELECT id, need_kind, text, status_changed_at FROM need
         WHERE customer_id = ? AND status = 'resolved' AND status_changed_at >= ?
         ORDER BY status_changed_at DESC, id DESC LIMIT ?
        """,
        (customer_id, format_utc(since), RESOLVED_SHOWN),
    )
    done = tuple(
        ResolvedNeed(r["id"], r["need_kind"], r["text"], _local(r["status_changed_at"], tz).date())
        for r in resolved
    )
    empty = (
        "Every need on record is resolved — ask what has changed, and what matters now."
        if done
        else "No open needs on record — ask what would make this worth their time; note it in their words."
    )
    total = rows[0]["total"] if rows else 0
    return CareAbout(Section("care_about", SECTION_TITLES["care_about"], items, total, empty), done)


def _objections(journal: Journal, customer_id: int, tz: tzinfo) -> Section[ObjectionItem]:
    is_open, statuses = vocab.open_status_sql("objection", "o.status")
    rows = _rows(
        journal,
        f"""
        SELECT o.id, o.concern, o.response, o.status, o.worked, coalesce(k.name, '') AS contact_name,
               o.created_at, o.category, count(*) OVER () AS total
          FROM objection o LEFT JOIN contact k ON k.id = o.contact_id
         WHERE o.customer_id = ? AND {is_open}
         ORDER BY CASE WHEN o.status = 'open' THEN 0 WHEN o.worked = 0 THEN 1
                       WHEN o.worked IS NULL THEN 2 ELSE 3 END,
                  o.created_at DESC, o.id DESC
         LIMIT ?
        """,
        (customer_id, *statuses, OBJECTIONS_SHOWN),
    )
    unsettled = {r["category"] for r in rows if r["worked"] != 1 and r["category"] not in ("", "other")}
    elsewhere = _worked_elsewhere(journal, customer_id, sorted(unsettled))
    items = tuple(
        ObjectionItem(
            r["id"],
            r["concern"],
            r["response"],
            r["status"],
            None if r["worked"] is None else bool(r["worked"]),
            r["contact_name"],
            _local(r["created_at"], tz).date(),
            r["category"],
            elsewhere.get(r["category"], ()) if r["worked"] != 1 else (),
        )
        for r in rows
    )
    return Section(
        "objections",
        SECTION_TITLES["objections"],
        items,
        rows[0]["total"] if rows else 0,
        "Nothing in the way that you know of — ask what could stop this going ahead.",
    )


def _worked_elsewhere(
    journal: Journal, customer_id: int, categories: list[str]
) -> dict[str, tuple[str, ...]]:
    """For each category, my answers that worked with other customers (one query, on a covering index)."""
    if not categories:
        return {}
    marks = ",".join("?" * len(categories))
    rows = _rows(
        journal,
        f"""
        SELECT category, response FROM (
          SELECT category, response, row_number() OVER (PARTITION BY category ORDER BY count(*) DESC) AS n
            FROM objection
           WHERE worked = 1 AND category IN ({marks}) AND response != '' AND customer_id != ?
           GROUP BY category, response)
         WHERE n <= ?
        """,
        (*categories, customer_id, WORKED_ELSEWHERE_SHOWN),
    )
    found: dict[str, tuple[str, ...]] = {}
    for category, response in rows:
        found[category] = (*found.get(category, ()), response)
    return found


_MARKS = re.compile(r"^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+")
_EMPHASIS = re.compile(r"\*\*|__|`|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")


def summarise(notes: str, limit: int = SUMMARY_CHARS) -> str:
    """Meeting notes (Markdown) as one short plain paragraph: markers dropped, quotes kept in quotes."""
    parts = []
    for line in notes.splitlines():
        if not line.strip():
            continue
        quoted = line.lstrip().startswith(">")
        text = plain_line(line).strip()
        if not text:
            continue
        if quoted:
            text = "“" + text.strip('“”"') + "”"
        elif text[-1] not in '.!?:;…”"':
            text += "."
        parts.append(text)
    flat = " ".join(" ".join(parts).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(",;:—- ") + "…"


def _conversations(
    done: list[sqlite3.Row], people: dict[int, tuple[PersonRef, ...]], tz: tzinfo
) -> Section[Conversation]:
    items = tuple(
        Conversation(
            id=r["id"],
            when=_local(r["occurred_at"], tz),
            kind=r["interaction_kind"],
            attendees=people.get(r["id"], ()),
            summary=summarise(r["notes"]),
            outcome=r["outcome"],
            next_step=r["next_step"],
            next_step_on=_day(r["next_step_on"]),
            went_well=r["went_well"],
            to_improve=r["to_improve"],
            lesson=r["lesson"],
            opening_question=r["opening_question"],
            listening=r["listening"],
        )
        for r in done
    )
    return Section(
        "last_conversations",
        SECTION_TITLES["last_conversations"],
        items,
        len(items),
        "No conversations logged yet — this is the first one. Listen more than you talk.",
    )


_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """A word without its plural or tense ending, so "budgets" meets "budget" and "delayed" "delay"."""
    for suffix in ("ing", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> set[str]:
    return {_stem(word) for word in _WORD.findall(text.lower())}


def _questions(
    journal: Journal,
    customer_id: int,
    stage: str,
    needs: Sequence[NeedItem],
    objections: Sequence[ObjectionItem],
) -> Section[QuestionItem]:
    is_open, statuses = vocab.open_status_sql("question")
    queued = _rows(
        journal,
        f"SELECT id, text, count(*) OVER () AS total FROM question WHERE customer_id = ? AND {is_open}"
        " ORDER BY id LIMIT ?",
        (customer_id, *statuses, QUEUED_SHOWN),
    )
    items = [QuestionItem(r["id"], r["text"], "queued", "", is_closed_question(r["text"])) for r in queued]
    bank = _rows(
        journal,
        "SELECT id, topic, text, stages, need_kinds, keywords FROM bank_question"
        " WHERE lower(text) NOT IN (SELECT lower(text) FROM question WHERE customer_id = ?) ORDER BY id",
        (customer_id,),
    )
    items.extend(_suggest(bank, stage, needs, objections))
    total = (queued[0]["total"] if queued else 0) + len(items) - len(queued)
    return Section(
        "questions",
        SECTION_TITLES["questions"],
        tuple(items),
        total,
        "No questions queued — ask what they would most like to get out of this conversation.",
    )


@dataclass(frozen=True)
class _Subject:
    """Something open that a question could be about: a need, or an objection (a concern)."""

    kind: str
    weight: int
    stems: frozenset[str]
    label: str


def _suggest(
    bank: list[sqlite3.Row],
    stage: str,
    needs: Sequence[NeedItem],
    objections: Sequence[ObjectionItem],
) -> list[QuestionItem]:
    """Bank questions that fit this customer, best first.

    A question made for other stages is left out. It scores by the open subject it fits best: that
    subject's importance if the question is for its kind of need (objections count as concerns of
    importance 2), plus 3 for each of the question's keywords found in the subject's words. Questions
    made for this stage get half a point more than questions for any stage. The picks are spread out:
    one per topic, and no two about the same subject or sharing a keyword while others remain.
    """
    subjects = [
        _Subject(
            n.kind,
            n.importance,
            frozenset(_stems(f"{n.text} {n.quote}")),
            f"for the {vocab.NEED_KIND_LABELS.get(n.kind, n.kind).lower()} ‘{_clip(n.text)}’",
        )
        for n in needs
    ]
    subjects += [
        _Subject("concern", 2, frozenset(_stems(o.concern)), f"for their objection ‘{_clip(o.concern)}’")
        for o in objections
    ]
    scored: list[tuple[float, int, str, str, frozenset[str], int, bool]] = []
    for b in bank:
        bid, topic, text, stages, kinds, keywords = (
            b["id"],
            b["topic"],
            b["text"],
            b["stages"],
            b["need_kinds"],
            b["keywords"],
        )
        if (stages.split() and stage not in stages.split()) or is_closed_question(text):
            continue
        keys = frozenset(_stem(k) for k in keywords.split())
        best, subject = 0, -1
        for index, s in enumerate(subjects):
            fit = (s.weight if s.kind in kinds.split() else 0) + 3 * len(keys & s.stems)
            if fit > best:
                best, subject = fit, index
        score = best + (0.5 if stages.strip() else 0)
        scored.append((-score, bid, topic, text, keys, subject, bool(stages.strip())))
    scored.sort()
    out: list[QuestionItem] = []
    topics: set[str] = set()
    subjects_used: set[int] = set()
    keys_used: set[str] = set()
    for strict in (True, False):
        for _score, _bid, topic, text, keys, subject, for_stage in scored:
            if len(out) == SUGGESTIONS_SHOWN:
                return out
            if topic in topics:
                continue
            if strict and ((subject >= 0 and subject in subjects_used) or keys & keys_used):
                continue
            topics.add(topic)
            subjects_used.add(subject)
            keys_used |= keys
            if subject >= 0:
                reason = subjects[subject].label
            elif for_stage:
                reason = f"suits the {vocab.STAGE_LABELS.get(stage, stage).lower().replace(' ', '-')} stage"
            else:
                reason = "a good question at any stage"
            out.append(QuestionItem(None, text, "bank", reason, False))
    return out


def _clip(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _revisit(c: dict[str, Any], today: date, tz: tzinfo) -> Revisit | None:
    if c["stage"] not in ("not_now", "lost"):
        return None
    on = _day(c["revisit_on"])
    return Revisit(
        stage=c["stage"],
        reason=c["revisit_reason"],
        revisit_on=on,
        due_in=(on - today).days if on else None,
        since=_local_day(c["stage_at"], tz),
    )
