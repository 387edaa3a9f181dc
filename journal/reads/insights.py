"""Patterns across the whole book over a period: why deals are won and lost, which answers work, what
customers keep saying, where deals sit, whether follow-through and listening go with winning.

Pure reads: a handful of SQL aggregates (no Python loop over the journal's rows), returned as frozen
dataclasses for the Insights page and `sales-journal insights`. Months are the rep's local months, taken
with the zone's offset at the end of the period (an event within an hour of a month's first midnight on
the far side of a clock change can land in the neighbouring month).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from journal.domain import vocab
from journal.domain.dates import add_months
from journal.domain.reasons import CATEGORIES, CATEGORY_LABELS
from journal.storage.db import Journal
from journal.storage.models import format_utc, parse_utc

DEFAULT_MONTHS = 12
QUOTES_PER_CATEGORY = 3
ANSWERS_PER_CATEGORY = 3
TOP_NEEDS = 12
STALLED_AFTER_DAYS = 60
STALLED_SHOWN = 15
LESSONS_SHOWN = 30


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # inclusive

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1


@dataclass(frozen=True)
class MonthOutcomes:
    month: str  # "2026-11"
    won: int
    lost: int
    not_now: int


@dataclass(frozen=True)
class Quote:
    text: str
    customer_id: int
    customer: str
    on: date


@dataclass(frozen=True)
class ReasonGroup:
    category: str
    label: str
    count: int
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Answer:
    text: str
    worked: int  # times it worked


@dataclass(frozen=True)
class ObjectionGroup:
    category: str
    label: str
    raised: int
    answered: int
    worked: int  # answers that worked
    best_answers: tuple[Answer, ...]

    @property
    def worked_share(self) -> float | None:
        return self.worked / self.answered if self.answered else None


@dataclass(frozen=True)
class NamedNeed:
    need_kind: str
    text: str  # as it was written the last time it was named
    customers: int
    industries: str  # the industries it was named in, in alphabetical order
    quote: str  # the customer's own words the last time it was named


@dataclass(frozen=True)
class StageLine:
    stage: str
    label: str
    customers: int
    value_minor: int
    average_days: float | None  # time spent in the stage by the deals that left it in the period


@dataclass(frozen=True)
class Stalled:
    customer_id: int
    customer: str
    stage: str
    days: int
    value_minor: int | None


@dataclass(frozen=True)
class FollowThroughMonth:
    month: str
    mine_on_time: int
    mine_late: int
    theirs_on_time: int
    theirs_late: int


@dataclass(frozen=True)
class FollowThroughByResult:
    result: str  # "won" or "lost"
    customers: int
    on_time: int
    late: int

    @property
    def on_time_share(self) -> float | None:
        total = self.on_time + self.late
        return self.on_time / total if total else None


@dataclass(frozen=True)
class ListeningLine:
    outcome: str
    label: str
    meetings: int
    average_listening: float | None


@dataclass(frozen=True)
class Lesson:
    text: str
    customer_id: int
    customer: str
    on: date


@dataclass(frozen=True)
class Insights:
    period: Period
    outcomes: tuple[MonthOutcomes, ...]
    reasons: tuple[ReasonGroup, ...]
    objections: tuple[ObjectionGroup, ...]
    needs: tuple[NamedNeed, ...]
    pipeline: tuple[StageLine, ...]
    stalled: tuple[Stalled, ...]
    follow_through: tuple[FollowThroughMonth, ...]
    follow_through_by_result: tuple[FollowThroughByResult, ...]
    listening: tuple[ListeningLine, ...]
    lessons: tuple[Lesson, ...]
    currency: str = field(default="")

    @property
    def won(self) -> int:
        return sum(m.won for m in self.outcomes)

    @property
    def lost(self) -> int:
        return sum(m.lost for m in self.outcomes)

    @property
    def not_now(self) -> int:
        return sum(m.not_now for m in self.outcomes)

    @property
    def win_rate(self) -> float | None:
        decided = self.won + self.lost
        return self.won / decided if decided else None


def default_period(today: date, months: int = DEFAULT_MONTHS) -> Period:
    """The last `months` calendar months, this one included."""
    return Period(add_months(today.replace(day=1), 1 - months), today)


def build(journal: Journal, period: Period, *, lessons_matching: str = "") -> Insights:
    """Everything the Insights page shows for `period`."""
    conn = journal.conn()
    start = format_utc(journal.clock.start_of(period.since))
    end = format_utc(journal.clock.start_of(period.until + timedelta(days=1)))
    offset = journal.clock.local(journal.clock.start_of(period.until)).utcoffset() or timedelta()
    shift = f"{int(offset.total_seconds() // 60):+d} minutes"
    today = journal.clock.today()
    return Insights(
        period=period,
        outcomes=_outcomes(conn, start, end, shift),
        reasons=_reasons(conn, start, end, journal),
        objections=_objections(conn, start, end),
        needs=_needs(conn, start, end),
        pipeline=_pipeline(conn, start, end),
        stalled=_stalled(conn, journal),
        follow_through=_follow_through(conn, period, today),
        follow_through_by_result=_follow_through_by_result(conn, start, end, today),
        listening=_listening(conn, start, end),
        lessons=_lessons(conn, start, end, lessons_matching, journal),
    )


def _outcomes(conn: sqlite3.Connection, start: str, end: str, shift: str) -> tuple[MonthOutcomes, ...]:
    rows = conn.execute(
        "SELECT strftime('%Y-%m', changed_at, ?) AS month,"
        " sum(to_stage = 'won'), sum(to_stage = 'lost'), sum(to_stage = 'not_now')"
        " FROM stage_change WHERE changed_at >= ? AND changed_at < ?"
        " AND to_stage IN ('won', 'lost', 'not_now') AND from_stage != to_stage"
        " GROUP BY month ORDER BY month",
        (shift, start, end),
    ).fetchall()
    return tuple(MonthOutcomes(m, w or 0, lo or 0, n or 0) for m, w, lo, n in rows)


def _local_date(journal: Journal, stamp: str) -> date:
    return journal.clock.local(parse_utc(stamp)).date()


def _reasons(conn: sqlite3.Connection, start: str, end: str, journal: Journal) -> tuple[ReasonGroup, ...]:
    counts = dict(
        conn.execute(
            "SELECT reason_category, count(*) FROM stage_change"
            " WHERE changed_at >= ? AND changed_at < ? AND to_stage IN ('lost', 'not_now') AND reason != ''"
            " GROUP BY reason_category",
            (start, end),
        ).fetchall()
    )
    quotes = conn.execute(
        "SELECT category, reason, customer_id, name, changed_at FROM ("
        " SELECT s.reason_category AS category, s.reason, s.customer_id, c.name, s.changed_at,"
        "  row_number() OVER (PARTITION BY s.reason_category ORDER BY s.changed_at DESC, s.id DESC) AS n"
        " FROM stage_change s JOIN customer c ON c.id = s.customer_id"
        " WHERE s.changed_at >= ? AND s.changed_at < ?"
        "  AND s.to_stage IN ('lost', 'not_now') AND s.reason != ''"
        ") WHERE n <= ?",
        (start, end, QUOTES_PER_CATEGORY),
    ).fetchall()
    by_category: dict[str, list[Quote]] = {}
    for category, text, cid, name, at in quotes:
        by_category.setdefault(category, []).append(Quote(text, cid, name, _local_date(journal, at)))
    groups = [
        ReasonGroup(cat, CATEGORY_LABELS.get(cat) or cat, n, tuple(by_category.get(cat, ())))
        for cat, n in counts.items()
    ]
    groups.sort(key=lambda g: (-g.count, _order(g.category)))
    return tuple(groups)


def _order(category: str) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


def _objections(conn: sqlite3.Connection, start: str, end: str) -> tuple[ObjectionGroup, ...]:
    categories = ("", *CATEGORIES)  # one seek per category into (category, created_at, worked, response)
    rows = conn.execute(
        "SELECT category, count(*), sum(response != ''), sum(worked = 1) FROM objection"
        f" WHERE category IN ({','.join('?' * len(categories))}) AND created_at >= ? AND created_at < ?"
        " GROUP BY category",
        (*categories, start, end),
    ).fetchall()
    answers = conn.execute(
        "SELECT category, response, times FROM ("
        " SELECT category, response, count(*) AS times,"
        "  row_number() OVER (PARTITION BY category ORDER BY count(*) DESC, min(id)) AS n"
        " FROM objection WHERE worked = 1 AND response != '' AND created_at >= ? AND created_at < ?"
        " GROUP BY category, response"
        ") WHERE n <= ?",
        (start, end, ANSWERS_PER_CATEGORY),
    ).fetchall()
    best: dict[str, list[Answer]] = {}
    for category, text, times in answers:
        best.setdefault(category, []).append(Answer(text, times))
    groups = [
        ObjectionGroup(cat, CATEGORY_LABELS.get(cat) or cat, n, a or 0, w or 0, tuple(best.get(cat, ())))
        for cat, n, a, w in rows
    ]
    groups.sort(key=lambda g: (-g.raised, _order(g.category)))
    return tuple(groups)


def _needs(conn: sqlite3.Connection, start: str, end: str) -> tuple[NamedNeed, ...]:
    # The groups are counted from the index (kind, lower(trim(text)), customer) alone; the top few are
    # read again through it for their customers' industries and their newest record, whose words and
    # quote are shown: a need's row itself is read once per group, not once per time it was named.
    rows = conn.execute(
        "WITH top AS ("
        " SELECT need_kind, lower(trim(text)) AS named, count(DISTINCT customer_id) AS customers FROM need"
        " WHERE need_kind IN ('need', 'pain') AND created_at >= :start AND created_at < :end"
        " GROUP BY need_kind, named ORDER BY customers DESC, named LIMIT :n"
        "), found AS ("
        " SELECT t.need_kind, t.customers, group_concat(DISTINCT nullif(c.industry, '')) AS industries,"
        "  max(n.id) AS newest"
        " FROM top t JOIN need n ON n.need_kind = t.need_kind AND lower(trim(n.text)) = t.named"
        "  AND n.created_at >= :start AND n.created_at < :end"
        " JOIN customer c ON c.id = n.customer_id"
        " GROUP BY t.need_kind, t.named"
        ")"
        " SELECT f.need_kind, n.text, f.customers, f.industries, n.quote"
        " FROM found f JOIN need n ON n.id = f.newest ORDER BY f.customers DESC, n.text",
        {"start": start, "end": end, "n": TOP_NEEDS},
    ).fetchall()
    return tuple(
        NamedNeed(kind, text, customers, _industries(industries), quote or "")
        for kind, text, customers, industries, quote in rows
    )


def _industries(joined: str | None) -> str:
    return ", ".join(sorted(set((joined or "").split(",")) - {""}))


def _pipeline(conn: sqlite3.Connection, start: str, end: str) -> tuple[StageLine, ...]:
    open_rows = dict(
        (stage, (n, v))
        for stage, n, v in conn.execute(
            "SELECT stage, count(*), coalesce(sum(value_minor), 0) FROM customer"
            f" WHERE stage IN ({','.join('?' * len(vocab.STAGES))}) AND archived = 0 GROUP BY stage",
            vocab.STAGES,
        ).fetchall()
    )
    durations = dict(
        conn.execute(
            "SELECT stage, avg(julianday(left_at) - julianday(changed_at)) FROM ("
            " SELECT to_stage AS stage, changed_at,"
            "  lead(changed_at) OVER (PARTITION BY customer_id ORDER BY changed_at, id) AS left_at"
            " FROM stage_change"
            ") WHERE left_at >= ? AND left_at < ? GROUP BY stage",
            (start, end),
        ).fetchall()
    )
    return tuple(
        StageLine(
            stage,
            vocab.STAGE_LABELS[stage],
            open_rows.get(stage, (0, 0))[0],
            open_rows.get(stage, (0, 0))[1],
            durations.get(stage),
        )
        for stage in vocab.STAGES
    )


def _stalled(conn: sqlite3.Connection, journal: Journal) -> tuple[Stalled, ...]:
    """Open deals whose stage has not moved for STALLED_AFTER_DAYS, longest first."""
    before = format_utc(journal.clock.start_of(journal.clock.today() - timedelta(days=STALLED_AFTER_DAYS)))
    marks = ",".join("?" * len(vocab.OPEN_STAGES))
    rows = conn.execute(
        "SELECT c.id, c.name, c.stage, c.value_minor, max(s.changed_at) AS moved"
        " FROM customer c JOIN stage_change s ON s.customer_id = c.id"
        f" WHERE c.archived = 0 AND c.stage IN ({marks})"
        " GROUP BY c.id HAVING moved < ? ORDER BY moved LIMIT ?",
        (*vocab.OPEN_STAGES, before, STALLED_SHOWN),
    ).fetchall()
    today = journal.clock.today()
    return tuple(
        Stalled(cid, name, stage, (today - _local_date(journal, moved)).days, value)
        for cid, name, stage, value, moved in rows
    )


def _follow_through(conn: sqlite3.Connection, period: Period, today: date) -> tuple[FollowThroughMonth, ...]:
    # Added up from the daily roll-up of promises by due day, owner and status (a few hundred rows): an
    # open promise is late from its day on; a kept one was on time or late when it was kept.
    rows = conn.execute(
        "SELECT substr(due_on, 1, 7) AS month,"
        " sum(CASE WHEN owner = 'me' THEN on_time END), sum(CASE WHEN owner = 'me' THEN late END),"
        " sum(CASE WHEN owner = 'them' THEN on_time END), sum(CASE WHEN owner = 'them' THEN late END)"
        " FROM ("
        "  SELECT owner, due_on, on_time,"
        "   CASE WHEN status = 'open' AND due_on < :today THEN promises ELSE late END AS late"
        "  FROM rollup_promise_day"
        "  WHERE due_on BETWEEN :since AND :until AND status IN ('open', 'kept') AND owner IN ('me', 'them')"
        " ) GROUP BY month ORDER BY month",
        {"today": today.isoformat(), "since": period.since.isoformat(), "until": period.until.isoformat()},
    ).fetchall()
    return tuple(FollowThroughMonth(m, a or 0, b or 0, c or 0, d or 0) for m, a, b, c, d in rows)


def _follow_through_by_result(
    conn: sqlite3.Connection, start: str, end: str, today: date
) -> tuple[FollowThroughByResult, ...]:
    """My promises to the deals decided in the period, split by how the deal ended."""
    rows = conn.execute(
        "WITH decided AS ("
        " SELECT customer_id, to_stage AS result FROM stage_change"
        " WHERE changed_at >= ? AND changed_at < ? AND to_stage IN ('won', 'lost') AND from_stage != to_stage"
        " GROUP BY customer_id"
        ")"
        " SELECT d.result, count(DISTINCT d.customer_id),"
        " sum(p.status = 'kept' AND p.completed_on <= p.due_on),"
        " sum((p.status = 'kept' AND p.completed_on > p.due_on) OR (p.status = 'open' AND p.due_on < ?))"
        " FROM decided d LEFT JOIN promise p ON p.customer_id = d.customer_id AND p.owner = 'me'"
        " GROUP BY d.result",
        (start, end, today.isoformat()),
    ).fetchall()
    found = {result: FollowThroughByResult(result, n, a or 0, b or 0) for result, n, a, b in rows}
    return tuple(found.get(r, FollowThroughByResult(r, 0, 0, 0)) for r in ("won", "lost"))


def _listening(conn: sqlite3.Connection, start: str, end: str) -> tuple[ListeningLine, ...]:
    outcomes = [o for o in vocab.OUTCOMES if o]
    marks = ",".join("?" * len(outcomes))
    first, last = _whole_days(start, end)
    edges = (start, min(end, _stamp(first)), max(start, _stamp(last)), end)
    # Whole UTC days from the daily roll-up; the hours of the period's first and last day that the
    # local zone puts in it, from the meetings themselves (one seek per outcome into their index).
    rows = dict(
        (outcome, (n, listening / listened if listened else None))
        for outcome, n, listened, listening in conn.execute(
            "SELECT outcome, sum(meetings), sum(listened), sum(listening) FROM ("
            " SELECT outcome, meetings, listened, listening FROM rollup_meeting_day"
            f"  WHERE day >= ? AND day < ? AND outcome IN ({marks})"
            " UNION ALL"
            " SELECT outcome, count(*), count(listening), coalesce(sum(listening), 0) FROM interaction"
            f"  WHERE state = 'done' AND outcome IN ({marks}) AND (occurred_at >= ? AND occurred_at < ?"
            "   OR occurred_at >= ? AND occurred_at < ?) GROUP BY outcome"
            ") GROUP BY outcome",
            (first, last, *outcomes, *outcomes, *edges),
        ).fetchall()
    )
    return tuple(
        ListeningLine(o, vocab.OUTCOME_LABELS.get(o, o), rows.get(o, (0, None))[0], rows.get(o, (0, None))[1])
        for o in outcomes
    )


def _whole_days(start: str, end: str) -> tuple[str, str]:
    """The UTC days wholly within [start, end) (stamps), as the first and the day after the last; the
    same day twice when there is none."""
    first = date.fromisoformat(start[:10])
    if start[10:] != _stamp(first)[10:]:
        first += timedelta(days=1)
    last = max(first, date.fromisoformat(end[:10]))
    return first.isoformat(), last.isoformat()


def _stamp(day: date | str) -> str:
    """Midnight UTC at the start of `day`, as stamps are stored."""
    return format_utc(datetime.combine(date.fromisoformat(str(day)), time(), UTC))


def _lessons(
    conn: sqlite3.Connection, start: str, end: str, matching: str, journal: Journal
) -> tuple[Lesson, ...]:
    pattern = f"%{matching.strip()}%" if matching.strip() else "%"
    rows = conn.execute(
        "SELECT i.lesson, i.customer_id, c.name, i.occurred_at FROM interaction i"
        " JOIN customer c ON c.id = i.customer_id"
        " WHERE i.state = 'done' AND i.occurred_at >= ? AND i.occurred_at < ? AND i.lesson != ''"
        " AND i.lesson LIKE ? ORDER BY i.occurred_at DESC LIMIT ?",
        (start, end, pattern, LESSONS_SHOWN),
    ).fetchall()
    return tuple(Lesson(text, cid, name, _local_date(journal, at)) for text, cid, name, at in rows)
