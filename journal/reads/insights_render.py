"""Insights as Markdown (for a terminal, a file or the page's export) and as JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from journal.domain.money import format_minor
from journal.reads.brief_words import flat
from journal.reads.insights import Insights


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def render_markdown(r: Insights, currency: str = "") -> str:
    p = r.period
    out = [f"# Insights, {_day(p.since)} – {_day(p.until)}", ""]
    out += [
        "## Won and lost",
        "",
        f"Won {r.won}, lost {r.lost}, not now {r.not_now}: "
        f"a win rate of {_pct(r.win_rate)} of the deals decided.",
        "",
    ]
    if r.outcomes:
        out += ["| month | won | lost | not now |", "|---|---:|---:|---:|"]
        out += [f"| {m.month} | {m.won} | {m.lost} | {m.not_now} |" for m in r.outcomes]
        out.append("")
    out += ["## Why they said no or not now", ""]
    if not r.reasons:
        out += ["No lost or not-now reasons in this period.", ""]
    for g in r.reasons:
        out.append(f"- **{g.label}** — {g.count}")
        out += [f"  - “{flat(q.text)}” — {flat(q.customer)}, {_day(q.on)}" for q in g.quotes]
    out += ["", "## Objections and the answers that worked", ""]
    if not r.objections:
        out += ["No objections raised in this period.", ""]
    for o in r.objections:
        out.append(
            f"- **{o.label}** — raised {o.raised} times, answered {o.answered}, "
            f"worked {o.worked} ({_pct(o.worked_share)} of the answers)"
        )
        out += [f"  - {flat(a.text)} (worked {_times(a.worked)})" for a in o.best_answers]
    out += ["", "## What customers keep naming", ""]
    if not r.needs:
        out += ["No needs or pains noted in this period.", ""]
    for n in r.needs:
        where = f" — in {n.industries}" if n.industries else ""
        quote = f" — “{flat(n.quote)}”" if n.quote else ""
        out.append(f"- {n.need_kind}: **{flat(n.text)}** — {n.customers} customers{where}{quote}")
    out += [
        "",
        "## Pipeline",
        "",
        "| stage | customers | value | days in stage (average) |",
        "|---|---:|---:|---:|",
    ]
    for s in r.pipeline:
        days = "–" if s.average_days is None else f"{s.average_days:.0f}"
        out.append(f"| {s.label} | {s.customers} | {format_minor(s.value_minor, currency)} | {days} |")
    out += ["", "### Deals that have not moved", ""]
    if not r.stalled:
        out += ["Every open deal has moved recently.", ""]
    out += [f"- {flat(s.customer)} — {s.stage}, {s.days} days without a move" for s in r.stalled]
    out += [
        "",
        "## Follow-through",
        "",
        "| month | mine on time | mine late | theirs on time | theirs late |",
    ]
    out += ["|---|---:|---:|---:|---:|"]
    out += [
        f"| {m.month} | {m.mine_on_time} | {m.mine_late} | {m.theirs_on_time} | {m.theirs_late} |"
        for m in r.follow_through
    ]
    out.append("")
    for f in r.follow_through_by_result:
        out.append(
            f"- Deals {f.result} ({f.customers}): I kept {_pct(f.on_time_share)} of my promises on time "
            f"({f.on_time} on time, {f.late} late)"
        )
    out += [
        "",
        "## Listening and outcomes",
        "",
        "| outcome | meetings | listening (1–5) |",
        "|---|---:|---:|",
    ]
    for line in r.listening:
        avg = "–" if line.average_listening is None else f"{line.average_listening:.1f}"
        out.append(f"| {line.label} | {line.meetings} | {avg} |")
    out += ["", "## My lessons", ""]
    if not r.lessons:
        out.append("No lessons written down in this period.")
    out += [f"- {flat(le.text)} — {flat(le.customer)}, {_day(le.on)}" for le in r.lessons]
    return "\n".join(out).rstrip() + "\n"


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def render_json(r: Insights) -> str:
    def default(value: object) -> object:
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    data = dataclasses.asdict(r)
    data["totals"] = {"won": r.won, "lost": r.lost, "not_now": r.not_now, "win_rate": r.win_rate}
    return json.dumps(data, default=default, ensure_ascii=False, indent=2) + "\n"
