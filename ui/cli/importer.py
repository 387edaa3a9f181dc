"""`sales-journal import FILE`: a JSON export read into an empty journal, exactly as it was; contacts and
calendars (CSV, vCard, .ics) matched into any journal by ui/cli/book_import.py."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ui.cli.terminal import say

MAX_SIZE_MB = 1024 * 1024  # a terabyte: anything above is a typing slip


def _megabytes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number of megabytes") from None
    if not 1 <= value <= MAX_SIZE_MB:
        raise argparse.ArgumentTypeError(f"the size must be between 1 and {MAX_SIZE_MB:,} MB")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "import",
        help="bring in contacts (CSV, vCard) and meetings (.ics), or restore a JSON export",
        description="Import FILE, its kind told from its content. Contacts exported from LinkedIn, Google, "
        "Outlook, HubSpot or Pipedrive (CSV), vCards and calendars are matched with what the journal holds "
        "and never duplicated; --dry-run shows what would happen. A JSON export (made by `sales-journal "
        "export --format json`) is restored whole into an empty journal: use --journal NEW_FILE, or the "
        "default journal before its first use. The file is checked whole first; if anything is wrong with "
        "it, nothing is written and the message says what and where.",
    )
    parser.add_argument("file", metavar="FILE", help="the file to read")
    from ui.cli import book_import

    book_import.add_arguments(parser)
    parser.add_argument(
        "--max-size",
        type=_megabytes,
        default=None,
        metavar="MB",
        help="accept a file larger than the usual limit of 100 MB (a very large journal)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from journal.exchange import journal_json as exchange
    from journal.storage import paths
    from ui.cli import CommandError, forget_lock, journal_path, open_journal, remove_empty

    source = Path(args.file).expanduser()
    if not source.is_file():
        raise CommandError(f"There is no file at “{source}”.")
    from ui.cli import book_import

    if not book_import.is_json_restore(args, source):
        return book_import.run(args, source)
    limit = args.max_size * 1024 * 1024 if args.max_size else exchange.MAX_IMPORT_BYTES
    exchange.check_head(source, limit)  # refuse a bad file before a new journal file is made for it
    target = journal_path(args)
    existed = target.exists()
    new_folders = [p for p in target.parents if not p.exists()]
    started = time.perf_counter()
    try:
        j = open_journal(args, create=True, write=True)
        try:
            counts = exchange.import_json(j, source, max_bytes=limit)
        finally:
            j.close()
    except BaseException:
        # The journal made only for this import goes, with everything made for it.
        if not existed and forget_lock(target, [target, *paths.companion_files(target)]):
            remove_empty(new_folders)
        raise
    total = sum(counts.values())
    say(
        f"Imported {total:,} records ({counts.get('customer', 0):,} customers, "
        f"{counts.get('interaction', 0):,} meetings and notes) into {target} "
        f"in {time.perf_counter() - started:.1f} s."
    )
    return 0
