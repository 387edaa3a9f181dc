"""`sales-journal demo`: fill a new journal with a believable sample, for trying the app out or timing it."""

from __future__ import annotations

import argparse
import sys
import time

from journal.sample import SIZES, fill_sample
from ui.cli.terminal import say


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "demo",
        help="fill an empty journal with a sample of customers, meetings, needs and promises",
        description="Fill an empty journal with a believable sample. Dates are placed relative to today. "
        "Use --journal to make it in a new file, so your own journal is left alone.",
    )
    parser.add_argument(
        "--size",
        choices=SIZES,
        default="small",
        help="small: about 25 customers (default); large: 10,000 customers, for timing the app",
    )
    parser.add_argument("--seed", type=int, default=7, help="the same seed makes the same sample (default 7)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ui.cli import open_journal  # imported here: ui.cli imports this module by name

    started = time.perf_counter()
    show = _progress if args.size == "large" and sys.stderr.isatty() else None
    journal = open_journal(args, create=True, write=True)
    try:
        counts = fill_sample(journal, size=args.size, seed=args.seed, progress=show)
        path = journal.path
    finally:
        journal.close()
        if show is not None:
            say(file=sys.stderr)
    elapsed = time.perf_counter() - started
    say(f"Made a {args.size} sample journal at {path}: {counts.summary()} in {elapsed:.1f} s")
    return 0


def _progress(step: str) -> None:
    print(f"\rMaking the sample: {step}…\033[K", end="", file=sys.stderr, flush=True)
