"""Reading back my reflections: what went well, what to improve, the lessons, and how well I listened.

Pages are read newest first with a keyset (the last row's time and id), so the first page of a journal
with two hundred thousand meetings costs what the first page of a small one does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from journal.domain import vocab
from journal.storage.db import Journal
from journal.storage.models import parse_utc

PAGE = 100
REFLECTED = (
    "(i.went_well != '' OR i.to_improve != '' OR i.lesson != '' OR i.opening_question != ''"
    " OR i.listening IS NOT NULL)"
)


@dataclass(frozen=True)
class ReflectionRow:
    id: int
    customer_id: int
    customer_name: str
    occurred_at: datetime
    interaction_kind: str
    outcome: str
    went_well: str
    to_improve: str
    lesson: str
    listening: int | None
    opening_question: str

    @property
    def cursor(self) -> tuple[str, int]:
        """Where the next page starts."""
        return (self.occurred_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), self.id)


@dataclass(frozen=True)
class MonthTrend:
    month: date  # the first day of the month (UTC)
    meetings: int
    listening_avg: float | None
    listening_count: int
    outcomes: tuple[tuple[str, int], ...]  # (outcome, count), most frequent first; "" not counted

    def outcome_count(self, outcome: str) -> int:
        return dict(self.outcomes).get(outcome, 0)


def _where(customer_id: int | None, outcome: str | None) -> tuple[list[str], list[Any]]:
    where = ["i.state = 'done'", REFLECTED]
    params: list[Any] = []
    if customer_id is not None:
        where.append("i.customer_id = ?")
        params.append(customer_id)
    if outcome is not None:
        where.append("i.outcome = ?")
        params.append(outcome)
    return where, params


def reflections_page(
    journal: Journal,
    *,
    customer_id: int | None = None,
    outcome: str | None = None,
    after: tuple[str, int] | None = None,
    limit: int = PAGE,
) -> list[ReflectionRow]:
    """Reflected meetings, newest first, starting after `after` (a previous row's `cursor`)."""
    where, params = _where(customer_id, outcome)
    if after is not None:
        where.append("(i.occurred_at, i.id) < (?, ?)")
        params.extend(after)
    sql = (
        "SELECT i.id, i.customer_id, c.name, i.occurred_at, i.interaction_kind, i.outcome, i.went_well,"
        " i.to_improve, i.lesson, i.listening, i.opening_question"
        " FROM interaction i JOIN customer c ON c.id = i.customer_id"
        f" WHERE {' AND '.join(where)} ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?"
    )
    rows = journal.conn().execute(sql, [*params, limit]).fetchall()
    return [
        ReflectionRow(r[0], r[1], r[2], parse_utc(r[3]), r[4], r[5], r[6], r[7], r[8], r[9], r[10])
        for r in rows
    ]


def reflection_count(journal: Journal) -> int:
    """How many meetings have a reflection (the Reflections page's count): a count of the index of
    reflected meetings, which the planner would pass over for the (state, …) one and read every row."""
    where, params = _where(None, None)
    sql = f"SELECT count(*) FROM interaction i INDEXED BY interaction_reflected WHERE {' AND '.join(where)}"
    return int(journal.conn().execute(sql, params).fetchone()[0])


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def trend(journal: Journal, *, customer_id: int | None = None, months: int = 12) -> list[MonthTrend]:
    """The last `months` months, oldest first: average listening score and outcomes of done meetings."""
    today = journal.clock.now().date()
    first = _month_start(today, months - 1)
    if customer_id is None:  # the meetings' daily roll-up, by the same UTC month as the meetings
        sql = (
            "SELECT substr(day, 1, 7) AS m, outcome, sum(meetings), sum(listening), sum(listened)"
            " FROM rollup_meeting_day WHERE day >= ? GROUP BY m, outcome"
        )
        params: list[Any] = [first.isoformat()]
    else:
        sql = (
            "SELECT substr(i.occurred_at, 1, 7) AS m, i.outcome, count(*), sum(i.listening),"
            " count(i.listening) FROM interaction i"
            " WHERE i.state = 'done' AND i.occurred_at >= ? AND i.customer_id = ? GROUP BY m, i.outcome"
        )
        params = [first.isoformat(), customer_id]
    conn = journal.conn()
    totals: dict[str, list[int]] = {}
    outcomes: dict[str, dict[str, int]] = {}
    for month, outcome, count, listening_sum, listening_count in conn.execute(sql, params):
        t = totals.setdefault(month, [0, 0, 0])
        t[0] += count
        t[1] += listening_sum or 0
        t[2] += listening_count
        if outcome:
            outcomes.setdefault(month, {})[outcome] = count
    out = []
    for back in range(months - 1, -1, -1):
        start = _month_start(today, back)
        key = f"{start:%Y-%m}"
        meetings, listening_sum, listening_count = totals.get(key, [0, 0, 0])
        counted = sorted(outcomes.get(key, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(
            MonthTrend(
                month=start,
                meetings=meetings,
                listening_avg=listening_sum / listening_count if listening_count else None,
                listening_count=listening_count,
                outcomes=tuple(counted),
            )
        )
    return out


def headline(months: list[MonthTrend]) -> str:
    """The trend in one line: this month's meetings and how they ended, and my listening against the
    months before ("November: 3 meetings — advanced 2, won 1 · listening 3.0 / 5, down from 3.6 …")."""
    if not months or not any(m.meetings for m in months):
        return ""
    now, before = months[-1], months[:-1]
    plural = "" if now.meetings == 1 else "s"
    ended = ", ".join(f"{vocab.OUTCOME_LABELS[o].lower()} {n}" for o, n in now.outcomes)
    parts = [f"{now.month:%B}: {now.meetings} meeting{plural}" + (f" — {ended}" if ended else "")]
    scored = sum(m.listening_count for m in before)
    earlier = sum((m.listening_avg or 0) * m.listening_count for m in before) / scored if scored else None
    if now.listening_avg is not None:
        listening = f"listening {now.listening_avg:.1f} / 5"
        if earlier is not None:
            change = round(now.listening_avg, 1) - round(earlier, 1)
            word = "up from" if change > 0.01 else "down from" if change < -0.01 else "level with"
            listening += f", {word} {earlier:.1f} in the months before"
        parts.append(listening)
    elif earlier is not None:
        parts.append(f"no listening scores yet this month ({earlier:.1f} / 5 in the months before)")
    return " · ".join(parts)
