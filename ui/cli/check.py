"""`sales-journal check [--repair]`: every page, every reference and the search index."""

from __future__ import annotations

import argparse

from journal.domain.errors import JournalCorrupt
from journal.storage import integrity
from ui.cli.terminal import say


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check",
        help="check the journal for damage (and rebuild a damaged search index with --repair)",
        description="Run SQLite's quick_check and foreign_key_check and the search index's own check. "
        "Exit status 0 when the journal is sound, 1 when it is damaged.",
    )
    parser.add_argument(
        "--repair",
        action="store_true",
        help="rebuild the search index when it is the only thing wrong (no record is changed)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ui.cli import journal_path, open_journal, way_back

    try:
        j = open_journal(args, write=args.repair)
    except JournalCorrupt:  # refused before anything was written: say what is wrong, reading only
        report = integrity.check_file(journal_path(args), read_only=True)
        if report.ok:
            raise
    else:
        try:
            report = integrity.repair(j) if args.repair else integrity.check(j)
        finally:
            j.close()
    for line in report.lines():
        say(f"  {line}")
    say(report.summary())
    if report.index_only and not args.repair:
        say("Run `sales-journal check --repair` to rebuild it.")
    elif not report.ok and not report.index_only:
        say(way_back(journal_path(args)))
    return 0 if report.ok else 1
