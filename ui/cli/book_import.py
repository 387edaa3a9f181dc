"""`sales-journal import FILE` for contacts and calendars: LinkedIn, Google, Outlook, HubSpot and Pipedrive
CSV exports, vCards and .ics files, matched with what the journal holds (journal/imports)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from journal.domain.clock import system_clock
from journal.exchange.imports import detect, matching
from journal.exchange.imports.apply import apply
from journal.exchange.imports.entries import Skipped, Source
from journal.exchange.imports.fields import FIELDS
from journal.exchange.imports.meetings import MeetingPlan, apply_meetings, plan_meetings
from journal.storage.db import Journal
from ui.cli.terminal import json_text, say

CALENDAR_DAYS = 365  # without --from/--to: a year back and a year ahead


def _mapping(text: str) -> tuple[str, str]:
    column, sep, target = text.rpartition("=")
    if not sep or not column.strip():
        raise argparse.ArgumentTypeError(f"“{text}” is not COLUMN=FIELD (fields: {', '.join(FIELDS)})")
    if target.strip() not in FIELDS:
        raise argparse.ArgumentTypeError(f"“{target}” is not a field; use one of: {', '.join(FIELDS)}")
    return column.strip(), target.strip()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date written YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would be created, filled in, skipped and why"
    )
    parser.add_argument(
        "--format",
        choices=("json", "csv", "vcard", "ics"),
        default=None,
        help="what FILE is, when it should not be told from its content",
    )
    parser.add_argument(
        "--map",
        type=_mapping,
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=f"read a CSV column as a field ({', '.join(FIELDS)}); may be repeated",
    )
    parser.add_argument("--format-out", choices=("text", "json"), default="text", help="how to report")
    parser.add_argument(
        "--near",
        choices=matching.DECISIONS,
        default=None,
        help="what to do with near matches (“Acme Ltd” / “ACME Limited”): merge them, keep both, or skip; "
        "without it they are listed and left out",
    )
    parser.add_argument("--from", dest="first", type=_day, metavar="DATE", help="calendar: the first day")
    parser.add_argument("--to", dest="last", type=_day, metavar="DATE", help="calendar: the last day")


def is_json_restore(args: argparse.Namespace, path: Path) -> bool:
    if args.format is not None:
        return bool(args.format == "json")
    if path.suffix.lower() == ".json":
        return True
    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")


def _report(source: Source, counts: dict[str, int], plan: Any, dry: bool) -> dict[str, Any]:
    reviews = getattr(plan, "reviews", [])
    return {
        "file": source.path_name,
        "kind": source.kind,
        "layout": source.layout,
        "mapping": source.mapping,
        "dry_run": dry,
        "counts": counts,
        "reviews": [
            {
                "key": r.key,
                "kind": r.kind,
                "line": r.line,
                "incoming": r.incoming,
                "existing": r.existing,
                "reason": r.reason,
                "rows": r.rows,
            }
            for r in reviews
        ],
        "skipped": [
            {"line": s.line, "label": s.label, "reason": s.reason} for s in [*source.skipped, *plan.skipped]
        ],
        "notes": [*source.notes, *getattr(plan, "notices", [])],
    }


def _print_text(report: dict[str, Any], dry: bool) -> None:
    c = report["counts"]
    rows = "" if report["kind"] == "ics" else f"; columns: {_columns(report['mapping'])}"
    say(f"{report['file']}: {report['layout']}{rows}")
    if report["kind"] == "ics":
        verb = ("Would add", "move") if dry else ("Added", "moved")
        say(
            f"{verb[0]} {c['meetings_created']:,} meetings and {verb[1]} {c['meetings_moved']:,}; "
            f"{c['unchanged']:,} already in the journal; {c['skipped']:,} left out."
        )
    else:
        verb = ("Would create", "fill") if dry else ("Created", "filled")
        say(
            f"{verb[0]} {c['customers_created']:,} customers, {c['people_created']:,} people and "
            f"{c['dates_created']:,} birthdays; {verb[1]} in the empty fields of {c['customers_filled']:,} "
            f"customers and {c['people_filled']:,} people; {c['unchanged']:,} rows already in the journal."
        )
    if report["reviews"]:
        say("Near matches (left out unless --near merge, keep or skip says otherwise):")
        for r in report["reviews"]:
            more = f" ({r['rows']} rows)" if r["rows"] > 1 else ""
            say(f"  line {r['line']}: {r['reason']}{more}")
    if report["skipped"]:
        say("Left out:")
        for s in report["skipped"][:50]:
            say(f"  line {s['line']} ({s['label']}): {s['reason']}")
        if len(report["skipped"]) > 50:
            say(f"  … and {len(report['skipped']) - 50:,} more")
    for note in report["notes"][:20]:
        say(f"Note: {note}")
    if dry:
        say("Nothing was written (dry run).")


def _columns(mapping: dict[str, str]) -> str:
    used = [f"{col} → {FIELDS[f]}" for col, f in mapping.items() if f != "ignore"]
    return ", ".join(used) or "none"


def run(args: argparse.Namespace, path: Path) -> int:
    from journal.storage import paths
    from ui.cli import CommandError, forget_lock, journal_path, open_journal, remove_empty

    if args.map and args.format not in (None, "csv"):
        raise CommandError("--map names CSV columns; it does not apply to vCards or calendars.")
    target = journal_path(args)
    existed = target.exists()
    clock = system_clock()
    today = clock.today()
    span = timedelta(days=CALENDAR_DAYS)
    window = (args.first or today - span, args.last or today + span)
    if window[0] > window[1]:
        raise CommandError("--from is after --to.")
    source = detect.read(
        path,
        kind=args.format,
        mapping=dict(args.map) if args.map else None,
        date_order=clock.date_order,
        window=window,
        zone=clock.local_tz(),
    )
    if args.map and source.kind != "csv":
        raise CommandError("--map names CSV columns; it does not apply to vCards or calendars.")
    new_folders = [p for p in target.parents if not p.exists()]
    dry = bool(args.dry_run)
    if dry and not existed:
        j: Journal | None = None
    else:
        j = open_journal(args, create=True, write=not dry)
    try:
        report = _import(j, source, args.near, dry)
    except BaseException:
        if j is not None:
            j.close()
            j = None
        if not existed and forget_lock(target, [target, *paths.companion_files(target)]):
            remove_empty(new_folders)
        raise
    finally:
        if j is not None:
            j.close()
    if args.format_out == "json":
        say(json_text(report))
    else:
        _print_text(report, dry)
    return 0


def _import(j: Journal | None, source: Source, near: matching.Decision | None, dry: bool) -> dict[str, Any]:
    if source.kind == "ics":
        if j is None:
            plan: Any = MeetingPlan(source.path_name)
            for m in source.meetings:
                plan.skipped.append(Skipped(m.line, m.summary, "none of its people are in your journal"))
        else:
            plan = plan_meetings(j, source.meetings, source.path_name)
            if not dry:
                apply_meetings(j, plan)
        return _report(source, plan.counts(), plan, dry)
    snap = matching.snapshot(j) if j is not None else matching.Snapshot()
    contacts_plan = matching.make_plan(snap, source.entries, name=source.path_name, default=near)
    if not dry and j is not None:
        apply(j, contacts_plan)
    return _report(source, contacts_plan.counts(), contacts_plan, dry)
