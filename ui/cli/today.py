"""`sales-journal today`: the Today sections in a terminal (or as JSON), for a shell profile or cron mail."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from datetime import date, tzinfo
from pathlib import Path

from journal.domain import vocab
from journal.domain.dates import relative
from journal.domain.records import PromiseView
from journal.domain.text import EARLIEST_YEAR, LATEST_YEAR
from journal.reads import today
from ui.cli.terminal import json_text, say

WIDTH = 80
LEFT = 16


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "today",
        help="what to do today: promises due, who to chase, who is slipping, revisits, what is coming up",
        description="Print the Today sections: my promises overdue and due this week, what customers owe "
        "me, customers slipping past their keep-in-touch cadence, not-now customers to revisit, and "
        "meetings and important dates coming up. Reads the journal only.",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    parser.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="show the day as it stands on this date"
    )
    parser.set_defaults(func=run)


def _iso_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-11-22") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a believable date: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}"
        )
    return day


def run(args: argparse.Namespace) -> int:
    from ui.cli import open_journal

    with open_journal(args) as j:
        report = today.report(j, args.date)
        tz = j.clock.local_tz()
    text = json_text(today.as_json(report)) + "\n" if args.format == "json" else render_text(report, tz)
    try:
        say(text, end="", flush=True)
    except BrokenPipeError:  # piped into head, say: the reader has all it wanted
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - so the exit stays quiet
    return 0


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _row(left: str, text: str) -> str:
    return _fit(f"  {left:<{LEFT}} {' '.join(text.split())}", WIDTH)


def _promise(p: PromiseView, day: date) -> str:
    late = p.days_late(day)
    when = f"{late} day{'s' if late != 1 else ''} late" if late else relative(p.due_on, day)
    who = f"{p.customer_name} ({p.contact_name})" if p.contact_name else p.customer_name
    return _row(when, f"{p.text} · {who}")


def render_text(r: today.TodayReport, tz: tzinfo) -> str:
    day = r.day
    lines = [f"Today · {day:%A} {day.day} {day:%B %Y}", *textwrap.wrap(r.follow_through.sentence(), WIDTH)]
    for key in today.SECTIONS:
        items = r.section(key)
        total = r.total(key)
        title = today.SECTION_TITLES[key]
        lines.append("")
        if not total:
            lines.append(f"{title} — {today.SECTION_EMPTY[key]}")
            continue
        lines.append(f"{title} ({total})")
        for item in items:
            if key in ("overdue_mine", "due_mine", "chase_theirs"):
                lines.append(_promise(item, day))
            elif key == "next_steps":
                late = item.days_late(day)
                when = f"{late} day{'s' if late != 1 else ''} late" if late else relative(item.due_on, day)
                lines.append(_row(when, f"{item.text} · {item.customer_name}"))
            elif key == "slipping":
                stage = vocab.STAGE_LABELS.get(item.stage, item.stage)
                if item.last_contact is None:
                    lines.append(_row("never", f"{item.name} ({stage}) — {item.label}"))
                else:
                    every = f"keep in touch every {item.cadence_days} days"
                    if item.days_since == item.cadence_days:
                        every = item.label
                    lines.append(_row(f"{item.days_since} days ago", f"{item.name} ({stage}) — {every}"))
            elif key == "revisit":
                stage = vocab.STAGE_LABELS.get(item.stage, item.stage)
                lines.append(_row(item.label.replace("revisit ", ""), f"{item.name} ({stage})"))
                if item.reason:
                    said = f" (said {item.said_on.day} {item.said_on:%b %Y})" if item.said_on else ""
                    pad = " " * (LEFT + 3)
                    quote = f"“{' '.join(item.reason.split())}”{said}"
                    lines.extend(textwrap.wrap(quote, WIDTH, initial_indent=pad, subsequent_indent=pad))
            else:
                when = f"{item.day:%a} {item.day.day} {item.day:%b}"
                if item.at is not None:
                    when += f" {item.at.astimezone(tz):%H:%M}"
                lines.append(_row(when, _coming(item)))
        if total > len(items):
            lines.append(f"  … and {total - len(items):,} more")
    return "\n".join(lines) + "\n"


def _coming(item: today.ComingUp) -> str:
    if item.kind == "meeting":
        goal = f" — {item.detail}" if item.detail else ""
        return f"{item.title} · {item.customer_name}{goal}"
    if item.title.startswith(item.customer_name):
        return item.title
    return f"{item.title} · {item.customer_name}"
