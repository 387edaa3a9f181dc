"""`sales-journal export --format FORMAT -o FILE`: the journal, or part of it, in a file for another program.

Formats are a small table: each names what it writes and a function that writes it. Adding a format is
adding one entry to FORMATS.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from journal.db import Journal


@dataclass(frozen=True)
class Format:
    help: str
    suffix: str
    write: Callable[[Journal, Path], str]  # writes the file (privately, atomically); returns a summary
    folder: bool = False  # writes a folder of files rather than one file


def _ics(journal: Journal, path: Path) -> str:
    from journal import ics

    return ics.export(journal, path).summary()


def _json(journal: Journal, path: Path) -> str:
    from journal import exchange

    exchange.export_json(journal, path, now=journal.clock.now())
    return "every record and relation (JSON; import it with `sales-journal import`)"


def _markdown(journal: Journal, path: Path) -> str:
    from journal.markdown_export import export_markdown

    return export_markdown(journal, path).summary()


FORMATS: dict[str, Format] = {
    "ics": Format("my open promises and planned meetings, for a calendar (iCalendar)", ".ics", _ics),
    "json": Format("every record and relation, to move to another computer or program", ".json", _json),
    "markdown": Format("one readable page per customer, in a folder", "", _markdown, folder=True),
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
        "-o", "--output", required=True, metavar="PATH", help="the file to write (a folder for markdown)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ui.cli import CommandError, cannot_write, open_journal, output_path

    fmt = FORMATS[args.format]
    path = Path(args.output).expanduser()
    if fmt.folder and path.exists() and not path.is_dir():
        raise CommandError(f"“{path}” is a file; --format {args.format} writes a folder of files.")
    if not fmt.folder and path.is_dir():
        raise CommandError(f"“{path}” is a folder; give a file name, e.g. {path / ('journal' + fmt.suffix)}")
    if not fmt.folder:
        output_path(args, args.output)
    with open_journal(args) as j:
        try:
            summary = fmt.write(j, path)
        except OSError as e:
            raise cannot_write(path, e) from e
    print(f"Wrote {summary} to {path}")
    return 0
