"""The `sales-journal` command: with no subcommand it opens the app; subcommands work in a terminal."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import journal
from journal.domain import errors
from journal.domain.errors import JournalCorrupt, JournalError, NotFound, ValidationError
from journal.domain.records import CustomerRef
from journal.reads.queries import find_customers
from journal.storage import db, lock, paths
from journal.storage.db import Journal
from journal.storage.lock import WriterLock
from ui.cli.terminal import say

# Modules under ui/cli, each adding its subcommands. Kept as names so `--help` stays cheap.
COMMAND_MODULES: tuple[str, ...] = (
    "demo",
    "brief",
    "today",
    "export",
    "importer",
    "backup",
    "check",
    "log",
    "search",
    "install_desktop",
    "insights",
)

# Each command's module, so that a command imports only its own module and opening the app none.
COMMANDS: dict[str, str] = {
    "demo": "demo",
    "brief": "brief",
    "today": "today",
    "export": "export",
    "import": "importer",
    "backup": "backup",
    "restore": "backup",
    "check": "check",
    "log": "log",
    "search": "search",
    "install-desktop": "install_desktop",
    "insights": "insights",
}
VALUED_OPTIONS = ("--journal", "--appearance", "--open")  # options before the command that take a value

EXIT_OK = 0
EXIT_FAILED = 1  # the journal could not be opened or written
EXIT_BAD_INPUT = 2  # the request itself was wrong: nothing was written


class CommandError(Exception):
    """A message for the terminal and an exit code."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules the parser needs for `argv`: its command's; none when it opens the app; all
    for --help before a command, or a word that is no command (so argparse lists them)."""
    value_next = False
    for token in argv:
        if value_next:
            value_next = False
        elif token in VALUED_OPTIONS:
            value_next = True
        elif token in ("-h", "--help"):
            return COMMAND_MODULES
        elif not token.startswith("-"):
            module = COMMANDS.get(token)
            return (module,) if module in COMMAND_MODULES else COMMAND_MODULES
    return ()


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sales-journal",
        description="An offline journal of your customers, the people at them, what they need and what was "
        "promised. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"Sales Journal {journal.__version__}")
    parser.add_argument(
        "--journal",
        metavar="PATH",
        help=f"the journal file to use (default: ${paths.ENV_JOURNAL}, else {paths.default_journal_path()})",
    )
    parser.add_argument(
        "--appearance",
        choices=("system", "light", "dark"),
        help="light or dark for this run (default: Preferences → Appearance; $SALES_JOURNAL_APPEARANCE)",
    )
    parser.add_argument(
        "--open",
        dest="opening",
        choices=("today", "customers", "reflections", "insights", "brief", "log", "search"),
        help="what the app shows first: a page, or the brief or log form of the customer shown "
        "($SALES_JOURNAL_OPEN)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if modules is None else modules:
        importlib.import_module(f"ui.cli.{name}").register(sub)
    return parser


# Writer locks this process holds (released when main returns, or by the OS if it dies).
_held: list[WriterLock] = []


def journal_path(args: argparse.Namespace) -> Path:
    return paths.resolve_journal_path(args.journal)


def refuse_if_held(path: Path) -> None:
    """Take the journal's writer lock for the rest of this command, or explain who holds it."""
    try:
        _held.append(lock.acquire_or_explain(path))
    except lock.JournalLocked as e:
        raise CommandError(str(e), EXIT_FAILED) from e
    except OSError as e:  # the lock file cannot be made beside it: a read-only folder, a full disk
        raise db.storage_error(e, path) from e


def open_journal(args: argparse.Namespace, *, create: bool = False, write: bool = False) -> Journal:
    """The journal a command works on. Commands that change it pass `write=True` and are refused while
    the app holds the journal; read-only ones (brief, today, search) do not, so they still work then."""
    path = journal_path(args)
    existed = path.exists()
    if not create and not existed:
        raise CommandError(f"There is no journal at “{path}”.", EXIT_FAILED)
    if existed:
        db.check_file(path)  # a file that is not a journal is refused before its lock file is made
        why = paths.why_read_only(path)
        if why is not None and write:
            raise errors.read_only(path, why)
    lock_existed = lock.lock_path(path).exists()
    new_folders = [p for p in path.parents if not p.exists()]
    if write:
        refuse_if_held(path)
    try:
        return Journal.open(path, create=create)
    except BaseException:
        if write and not lock_existed:
            forget_lock(path)
        remove_empty(new_folders)
        raise


def remove_empty(folders: Sequence[Path]) -> None:
    """Remove folders this command made (innermost first), if nothing is in them."""
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()


def forget_lock(path: Path, made: Sequence[Path] = ()) -> bool:
    """When this command holds `path`'s lock: remove the files in `made` (a journal that could not be made
    or filled, and its companions) and the lock file, then release it. Returns whether it was held."""
    held = [h for h in _held if h.path == lock.lock_path(path)]
    for h in held:
        for p in made:
            p.unlink(missing_ok=True)
        _held.remove(h)
        h.path.unlink(missing_ok=True)  # while still held, so no one else has taken it meanwhile
        h.release()
    return bool(held)


def output_path(args: argparse.Namespace, text: str) -> Path:
    """The file a command was asked to write (-o), refused in plain words if writing it would replace a
    journal — this one or any other — or it is a folder."""
    path = Path(text).expanduser()
    paths.check_output(path, journal=journal_path(args))
    return path


def cannot_write(path: Path, error: OSError) -> CommandError:
    return CommandError(f"“{path}” cannot be written: {error.strerror or error}. Nothing was written.")


def resolve_customer(j: Journal, text: str) -> CustomerRef:
    """A customer from what was typed: an id, a name in any case, or a unique prefix. Archived customers
    are looked at only when no current one matches."""
    found = find_customers(j, text) or find_customers(j, text, include_archived=True)
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandError(f"No customer matches “{text}”.")
    names = "\n".join(f"  {c.id:>6}  {c.name}" for c in found[:20])
    more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
    raise CommandError(f"“{text}” matches {len(found)} customers; say which:\n{names}{more}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(modules_for(argv)).parse_args(argv)
    if args.command is None:
        from ui.shell.app import run_gui

        return run_gui(
            Path(args.journal) if args.journal else None,
            appearance=args.appearance or "",
            opening=args.opening or "",
        )
    try:
        code: int = args.func(args)
        return code
    except CommandError as e:
        say(f"sales-journal: {e.message}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        # Damage, a full disk or a permission found at any point (not only on opening) is told in the
        # words of journal/domain/errors.py; anything else is a bug: the details go to the log.
        known = e if isinstance(e, JournalError) else db.storage_error(e, journal_path(args))
        if isinstance(known, JournalCorrupt) and journal_path(args).is_file():
            say(f"sales-journal: {explain_damage(journal_path(args), known)}", file=sys.stderr)
            return EXIT_FAILED
        if isinstance(known, (ValidationError, NotFound)):
            say(f"sales-journal: {known}", file=sys.stderr)
            return EXIT_BAD_INPUT
        if isinstance(known, JournalError):
            say(f"sales-journal: {known}", file=sys.stderr)
            return EXIT_FAILED
        say(f"sales-journal: something went wrong ({type(e).__name__}).{_logged(args)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        while _held:
            _held.pop().release()


def explain_damage(path: Path, error: JournalCorrupt) -> str:
    """What is damaged, read without writing: only the search index (rebuilt with nothing lost), or the
    records (then the way back to a backup)."""
    from journal.storage import integrity

    if integrity.check_file(path, read_only=True).index_only:
        return (
            f"Only the search index of “{path}” is damaged: your records are sound and nothing is lost. "
            "Run `sales-journal check --repair` to rebuild it."
        )
    return f"{error}\n{way_back(path)}"


def way_back(path: Path) -> str:
    """The newest backup of a damaged journal that passes its check, and the command that restores it."""
    from journal.domain.clock import system_clock
    from journal.storage import backup

    found = backup.newest_sound_in(path, backup.known_folders(path))
    if found is None:
        return "There is no backup of it that passes its check. The file has been left as it was."
    when = found.describe(system_clock().local_tz())
    return (
        f"The newest backup that passes its check is {found.path}\n    ({when}).\n"
        "To go back to it, run:\n"
        f"  sales-journal --journal {shlex.quote(str(path))} restore {shlex.quote(str(found.path))}"
    )


def _logged(args: argparse.Namespace) -> str:
    from ui.shell.logs import setup_logging

    try:
        where = setup_logging()
    except OSError:
        return ""
    logging.getLogger("sales_journal").exception("sales-journal %s failed", args.command)
    return f" The details are in {where}."


if __name__ == "__main__":
    # Run as `python -m ui.cli`, this file is `__main__`; the commands raise `ui.cli`'s CommandError, so the
    # main of that module is the one that catches it.
    from ui.cli import main as cli_main

    sys.exit(cli_main())
