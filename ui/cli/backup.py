"""`sales-journal backup` and `sales-journal restore`: verified copies, and putting one back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journal.domain.clock import system_clock
from journal.domain.errors import JournalError
from journal.services import settings
from journal.storage import backup, paths
from ui.cli.terminal import say


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "backup",
        help="make a verified backup of the journal now",
        description="Copy the journal with SQLite's backup API, check the copy, and keep it in the backups "
        "folder (beside the journal unless you chose another), thinned to the last 7 days, 4 weeks and "
        "12 months. A journal that fails its check is not backed up.",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write the backup to this file, or into this folder, instead (nothing there is thinned)",
    )
    parser.set_defaults(func=run_backup)

    parser = sub.add_parser(
        "restore",
        help="put a backup in the journal's place (the current file is kept aside)",
        description="Check BACKUP, move the current journal aside (renamed …damaged-DATE, never deleted) "
        "and put the backup in its place. With --list, show the backups and what each holds.",
    )
    parser.add_argument("backup", metavar="BACKUP", nargs="?", help="the backup file to restore")
    parser.add_argument("--list", action="store_true", help="list this journal's backups, newest first")
    parser.set_defaults(func=run_restore)


def _folder(args: argparse.Namespace) -> Path | None:
    from ui.cli import open_journal

    j = open_journal(args)
    try:
        return settings.backup_folder(j)
    finally:
        j.close()


def run_backup(args: argparse.Namespace) -> int:
    from ui.cli import CommandError, cannot_write, journal_path, output_path

    path = journal_path(args)
    clock = system_clock()
    now = clock.now()
    target = None
    if args.output:
        out = Path(args.output).expanduser().absolute()
        if out.is_dir() or args.output.endswith(("/", "\\")):
            target = output_path(args, str(out / backup.backup_name(path, now)))
        else:
            target = output_path(args, str(out))
    folder = _folder(args)
    if target is not None:
        try:
            paths.ensure_private_dir(target.parent)
        except OSError as e:
            raise cannot_write(target, e) from e
    show = _progress if sys.stderr.isatty() else None
    try:
        made = backup.take(path, now=now, folder=None if target else folder, target=target, progress=show)
    except paths.OutputRefused:
        raise
    except JournalError as e:
        raise CommandError(str(e), 1) from e
    finally:
        if show is not None:
            say(file=sys.stderr)
    say(f"Backed up to {made} ({backup.Backup(made, now).describe(clock.local_tz()).split(' — ', 1)[1]}).")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from ui.cli import CommandError, journal_path, refuse_if_held

    path = journal_path(args)
    if args.list:
        tz = system_clock().local_tz()
        found = backup.list_backups(path, _folder(args) if path.exists() else None)
        if not found:
            say(f"No backups of {path} yet.")
        for b in found:
            say(f"{b.path}\n    {b.describe(tz)}")
        return 0
    if not args.backup:
        raise CommandError("Say which backup to restore (sales-journal restore --list shows them).")
    refuse_if_held(path)
    try:
        aside = backup.restore(path, Path(args.backup).expanduser().absolute(), now=system_clock().now())
    except JournalError as e:
        raise CommandError(str(e), 1) from e
    kept = f" The previous file was kept as {aside}." if aside != path else ""
    say(f"Restored {args.backup} as {path}.{kept}")
    return 0


def _progress(done: int, total: int) -> None:
    print(f"\rBacking up: {100 * done // max(total, 1)}%\033[K", end="", file=sys.stderr, flush=True)
