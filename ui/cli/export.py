"""`sales-journal export --format FORMAT -o FILE`: the journal, or part of it, in a file for another program.

Formats are a small table: each names what it writes and a function that writes it. Adding a format is
adding one entry to FORMATS.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from journal.exchange.book_export import CSV_KINDS
from journal.storage.db import Journal
from ui.cli.terminal import say


@dataclass(frozen=True)
class Format:
    help: str
    suffix: str
    write: Callable[[Journal, Path, str | None], str]  # writes (privately, atomically); returns a summary
    folder: bool = False  # writes a folder of files rather than one file (csv: unless --what says which)


def _ics(journal: Journal, path: Path, what: str | None) -> str:
    from journal.exchange import ics

    return ics.export(journal, path).summary()


def _json(journal: Journal, path: Path, what: str | None) -> str:
    from journal.exchange import journal_json as exchange

    exchange.export_json(journal, path, now=journal.clock.now())
    return "every record and relation (JSON; import it with `sales-journal import`)"


def _markdown(journal: Journal, path: Path, what: str | None) -> str:
    from journal.exchange.markdown import export_markdown

    return export_markdown(journal, path).summary()


def _csv(journal: Journal, path: Path, what: str | None) -> str:
    from journal.exchange.book_export import export_csv

    return export_csv(journal, path, what).summary() + " (CSV)"


def _vcard(journal: Journal, path: Path, what: str | None) -> str:
    from journal.exchange.book_export import export_vcard

    return export_vcard(journal, path).summary() + " (vCard 4)"


FORMATS: dict[str, Format] = {
    "csv": Format(
        "customers, people and promises for a spreadsheet: three files in a folder, or one with --what",
        ".csv",
        _csv,
        folder=True,
    ),
    "ics": Format("my open promises and planned meetings, for a calendar (iCalendar)", ".ics", _ics),
    "json": Format("every record and relation, to move to another computer or program", ".json", _json),
    "markdown": Format("one readable page per customer, in a folder", "", _markdown, folder=True),
    "vcard": Format("every current person as contact cards for a phone (vCard 4)", ".vcf", _vcard),
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    described = "; ".join(f"{name}: {fmt.help}" for name, fmt in FORMATS.items())
    parser = sub.add_parser(
        "export",
        help="write the journal, or part of it, to a file another program reads",
        description=f"Export to a file. Formats — {described}. Reads the journal (an ics export also notes "
        "what it sent, so the next one can cancel what is settled); the file is readable by you alone and "
        "appears complete or not at all.",
    )
    parser.add_argument("--format", required=True, choices=sorted(FORMATS), help="what to write")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="the file to write (a folder for markdown, and for csv without --what)",
    )
    parser.add_argument(
        "--what",
        choices=CSV_KINDS,
        default=None,
        help="csv: write only customers, people or promises, to the file PATH",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ui.cli import CommandError, cannot_write, open_journal, output_path

    fmt = FORMATS[args.format]
    if args.what is not None and args.format != "csv":
        raise CommandError(
            "--what chooses what a CSV export holds; it does not apply to --format " + args.format
        )
    path = Path(args.output).expanduser()
    folder = fmt.folder and args.what is None
    if folder and path.exists() and not path.is_dir():
        hint = " (or say which one file with --what)" if args.format == "csv" else ""
        raise CommandError(f"“{path}” is a file; --format {args.format} writes a folder of files{hint}.")
    if not folder and path.is_dir():
        raise CommandError(f"“{path}” is a folder; give a file name, e.g. {path / ('journal' + fmt.suffix)}")
    if not folder:
        output_path(args, args.output)
    with open_journal(args) as j:
        try:
            summary = fmt.write(j, path, args.what)
        except OSError as e:
            raise cannot_write(path, e) from e
    say(f"Wrote {summary} to {path}")
    return 0
