"""`sales-journal insights`: patterns across the whole book over a period, for a monthly look back."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from journal.domain.text import EARLIEST_YEAR, LATEST_YEAR
from journal.reads import insights
from journal.reads.insights_render import render_json, render_markdown
from journal.services import settings
from ui.cli.terminal import say


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "insights",
        help="why deals are won and lost, which answers work, what customers keep naming, follow-through",
        description="Print patterns across every customer over a period (by default the last twelve "
        "months): won, lost and not now by month and the win rate; lost and not-now reasons by kind, in "
        "the customers' words; objections by kind and the answers that worked; the needs and pains named "
        "most; the pipeline, time in each stage and deals that have not moved; my follow-through and "
        "theirs, and beside won and lost deals; listening against outcomes; my lessons. Reads only.",
    )
    parser.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="first day of the period")
    parser.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="last day (default: today)")
    parser.add_argument("--lessons", metavar="WORDS", default="", help="only the lessons containing WORDS")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text (default), markdown or json",
    )
    parser.set_defaults(func=run)


def _iso_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-11-22") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise argparse.ArgumentTypeError(f"“{text}” is not a believable date")
    return day


def run(args: argparse.Namespace) -> int:
    from ui.cli import CommandError, open_journal

    with open_journal(args) as j:
        today = j.clock.today()
        until = args.until or today
        period = insights.default_period(until) if args.since is None else insights.Period(args.since, until)
        if period.since > period.until:
            raise CommandError("--since must come before --until.")
        report = insights.build(j, period, lessons_matching=args.lessons)
        currency = str(settings.get(j, "currency"))
    text = render_json(report) if args.format == "json" else render_markdown(report, currency)
    try:
        say(text, end="", flush=True)
    except BrokenPipeError:
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - so the exit stays quiet
    return 0
