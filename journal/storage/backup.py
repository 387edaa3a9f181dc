"""Verified backups of a journal, kept thinned: the last 7 days, then 4 weeks, then 12 months.

A backup is made with SQLite's online backup API from a connection of its own (so it can run on any
thread while the journal is in use, and a live write-ahead log is included), into a private `.partial`
file. The copy is checked — every page, every reference, the search index — and only then renamed into
the backups folder; a journal that fails its own check is never backed up, so a bad copy never
replaces a good one. Backups are named `<journal>-YYYYMMDD-HHMMSS.sqlite3` (UTC).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from urllib.parse import quote

from journal.domain.errors import JournalCorrupt, JournalError, StorageError
from journal.storage import integrity, paths

FOLDER_NAME = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
DUE_AFTER = timedelta(days=1)
STEP_PAGES = 1024  # pages copied per step: progress is reported between steps
MAX_RESTARTS = 3  # a write during a stepped copy restarts it; after this many, copy in one step

Progress = Callable[[int, int], None]  # (pages copied, pages in all)

_STAMP = "%Y%m%d-%H%M%S"
COUNTED = (
    ("customer", "customers"),
    ("contact", "people"),
    ("interaction", "meetings"),
    ("need", "needs"),
    ("promise", "promises"),
)


class BackupFailed(JournalError):
    """No backup was made; the message says why. Older backups are untouched."""


class SourceDamaged(BackupFailed):
    """The journal itself failed its check: the rep must hear about it even when backing up quietly."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC

    def counts(self) -> dict[str, int]:
        """Records in this backup by kind (read from the file; empty if it cannot be read)."""
        return record_counts(self.path)

    def describe(self, tz: tzinfo, counts: dict[str, int] | None = None) -> str:
        """When it was taken, on the rep's clock, and what it holds."""
        counts = self.counts() if counts is None else counts
        when = self.taken_at.astimezone(tz).strftime("%A %d %B %Y at %H:%M")
        parts = [f"{counts.get(table, 0):,} {label}" for table, label in COUNTED]
        return f"{when} — {', '.join(parts)}" if counts else f"{when} — cannot be read"


def default_folder(journal_path: Path) -> Path:
    return journal_path.parent / FOLDER_NAME


def _pattern(journal_path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(journal_path.stem)}-(\d{{8}}-\d{{6}})\.sqlite3$")


def backup_name(journal_path: Path, taken_at: datetime) -> str:
    return f"{journal_path.stem}-{taken_at.astimezone(UTC).strftime(_STAMP)}.sqlite3"


def list_backups(journal_path: Path, folder: Path | None = None) -> list[Backup]:
    """The backups of this journal in `folder` (default: beside it), newest first."""
    folder = folder or default_folder(journal_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(journal_path)
    found: list[Backup] = []
    for entry in folder.iterdir():
        m = pattern.match(entry.name)
        if m and entry.is_file():
            taken = datetime.strptime(m.group(1), _STAMP).replace(tzinfo=UTC)
            found.append(Backup(entry, taken))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def is_due(journal_path: Path, now: datetime, folder: Path | None = None) -> bool:
    """Whether the newest backup is older than a day (or there is none)."""
    found = list_backups(journal_path, folder)
    return not found or now - found[0].taken_at >= DUE_AFTER


def record_counts(path: Path) -> dict[str, int]:
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t, _ in COUNTED}
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def take(
    journal_path: Path,
    *,
    now: datetime,
    folder: Path | None = None,
    target: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Back up the journal at `journal_path` and return the new backup's path.

    Into `target` exactly when given (replacing a file there only once the copy has verified);
    otherwise into `folder` (default: `backups` beside the journal), then thin that folder. Safe to call
    from any thread: it opens its own connections. Raises BackupFailed in plain words.
    """
    chosen = target is not None
    if target is None:
        folder = folder or default_folder(journal_path)
        target = folder / backup_name(journal_path, now)
    else:
        paths.check_output(target, journal=journal_path)
    try:
        paths.ensure_private_dir(target.parent)
        paths.remove_stale_temps(target.parent, f".{target.name}.")
        partial = paths.create_private_temp(target, ".partial")
    except OSError as e:
        raise BackupFailed(
            f"The backup could not be written to “{target.parent}”: {e.strerror or e}. "
            "Your older backups are untouched."
        ) from e
    try:
        _copy(journal_path, partial, progress)
        report = integrity.check_file(partial)
        if report.index_only:  # the copy is faithful: the journal's own search index is damaged
            raise SourceDamaged(
                "The journal's search index is damaged, so no backup was taken (your records are fine). "
                "Use Help → Check journal to rebuild it, or `sales-journal check --repair`."
            )
        if not report.ok:
            raise BackupFailed(
                "The copy did not pass its check, so it was not kept; your older backups are untouched. "
                + " ".join(report.lines()[:3])
            )
        paths.make_private(partial)
        if chosen:  # a database may have appeared there while the copy was made
            paths.check_output(target, journal=journal_path)
        partial.replace(target)
    except sqlite3.Error as e:
        raise BackupFailed(f"The backup could not be written: {e}. Your older backups are untouched.") from e
    except OSError as e:
        raise BackupFailed(
            f"The backup could not be written to “{target.parent}”: {e.strerror or e}. "
            "Your older backups are untouched."
        ) from e
    finally:
        paths.remove_temp(partial)
    if folder is not None:
        thin(journal_path, folder)
    return target


def _copy(source_path: Path, dest_path: Path, progress: Progress | None) -> None:
    source = sqlite3.connect(f"file:{quote(str(source_path))}?mode=ro", uri=True)
    try:
        try:
            problems = integrity.quick_check(source)
        except sqlite3.DatabaseError as e:
            problems = [str(e)]
        if problems:
            raise SourceDamaged(
                "The journal did not pass its check, so no backup was taken (a damaged copy must not "
                "replace a good one). Use Help → Check journal. " + "; ".join(problems[:3])
            )
        dest = sqlite3.connect(dest_path)  # made empty and private by the caller
        try:
            _run_backup(source, dest, progress)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        source.close()


class _Restarted(Exception):
    pass


def _run_backup(source: sqlite3.Connection, dest: sqlite3.Connection, progress: Progress | None) -> None:
    """Copy in steps (reporting progress); a write by another connection restarts a stepped copy, so after a
    few restarts copy in one step, which reads one consistent snapshot (WAL lets writers go on meanwhile)."""
    if progress is None:
        source.backup(dest)
        return
    restarts = 0
    last_remaining: int | None = None

    def step(status: int, remaining: int, total: int) -> None:
        nonlocal restarts, last_remaining
        if last_remaining is not None and remaining > last_remaining:
            restarts += 1
            if restarts > MAX_RESTARTS:
                raise _Restarted
        last_remaining = remaining
        progress(total - remaining, total)

    try:
        source.backup(dest, pages=STEP_PAGES, progress=step)
    except _Restarted:
        source.backup(dest)
        total = int(source.execute("PRAGMA page_count").fetchone()[0])
        progress(total, total)


def to_keep(times: Iterable[datetime]) -> set[datetime]:
    """Which backups thinning keeps: the newest of each of the last 7 days that have one, then of the 4
    weeks before those, then of the 12 months before those."""
    keep: set[datetime] = set()
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    daily = weekly = monthly = 0
    for t in sorted(times, reverse=True):
        d = t.date()
        week = d.isocalendar()[:2]
        month = (d.year, d.month)
        if d in days:
            continue
        if daily < KEEP_DAILY:
            daily += 1
        elif weekly < KEEP_WEEKLY:
            if week in weeks:
                continue
            weekly += 1
        elif monthly < KEEP_MONTHLY and month not in months:
            monthly += 1
        else:
            continue
        keep.add(t)
        days.add(d)
        weeks.add((week[0], week[1]))
        months.add(month)
    return keep


def thin(journal_path: Path, folder: Path) -> list[Path]:
    """Delete the backups thinning does not keep (and copies a killed backup left half-made); returns
    what was removed."""
    paths.remove_stale_temps(folder, f".{journal_path.stem}-")
    found = list_backups(journal_path, folder)
    keep = to_keep(b.taken_at for b in found)
    removed = []
    for b in found:
        if b.taken_at not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def newest_sound(journal_path: Path, folder: Path | None = None) -> Backup | None:
    """The newest backup of this journal that passes every check, or None."""
    return newest_sound_in(journal_path, [folder or default_folder(journal_path)])


def newest_sound_in(journal_path: Path, folders: Iterable[Path]) -> Backup | None:
    found = sorted(
        (b for f in dict.fromkeys(folders) for b in list_backups(journal_path, f)),
        key=lambda b: b.taken_at,
        reverse=True,
    )
    for b in found:
        if integrity.check_file(b.path).ok:
            return b
    return None


def known_folders(journal_path: Path) -> list[Path]:
    """Where this journal's backups are: beside it, and the folder its `backup.folder` preference names —
    read through a read-only connection, so a damaged journal is not written to (and may not tell)."""
    folders = [default_folder(journal_path)]
    try:
        conn = sqlite3.connect(f"file:{quote(str(journal_path))}?mode=ro", uri=True)
    except sqlite3.Error:
        return folders
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = 'backup.folder'").fetchone()
        chosen = json.loads(row[0]) if row else ""
    except (sqlite3.Error, ValueError):
        chosen = ""
    finally:
        conn.close()
    if isinstance(chosen, str) and chosen.strip():
        folders.append(Path(chosen).expanduser())
    return folders


def restore(journal_path: Path, backup_path: Path, *, now: datetime) -> Path:
    """Put a verified backup in the journal's place. The current file (and its write-ahead log) is moved
    aside as `<journal>.damaged-YYYYMMDD-HHMMSS` (then `-2`, `-3`…: nothing kept aside before is ever
    replaced), never deleted. Returns where it was moved (or the journal path itself when there was
    none). The journal must not be open."""
    if not backup_path.is_file():
        raise BackupFailed(f"There is no backup at “{backup_path}”.")
    report = integrity.check_file(backup_path)
    if not report.ok:
        raise JournalCorrupt(
            f"“{backup_path.name}” did not pass its check, so it was not restored. "
            + " ".join(report.lines()[:3])
        )
    stamp = now.astimezone(UTC).strftime(_STAMP)
    aside_name = f"{journal_path.name}.damaged-{stamp}"
    try:
        paths.ensure_private_dir(journal_path.parent)
        paths.remove_stale_temps(journal_path.parent, f".{journal_path.name}.")
        incoming = paths.create_private_temp(journal_path, ".partial")
    except OSError as e:
        raise StorageError(f"The backup could not be put in place: {e}. Nothing was changed.") from e
    moved = journal_path
    try:
        src = sqlite3.connect(f"file:{quote(str(backup_path))}?mode=ro", uri=True)
        dst = sqlite3.connect(incoming)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
            src.close()
        paths.make_private(incoming)
        present = [p for p in (journal_path, *paths.companion_files(journal_path)) if p.exists()]
        if present:
            # Kept aside under a name no other file has: two restores in one second keep both files.
            aside = paths.reserve_new_name(
                lambda n: journal_path.with_name(aside_name if n == 1 else f"{aside_name}-{n}"),
                paths.DATABASE_COMPANIONS,
            )
            # The log and rollback journal go first: one left beside the restored file would be replayed
            # into it.
            for suffix in paths.DATABASE_COMPANIONS:
                side = journal_path.with_name(journal_path.name + suffix)
                kept = aside.with_name(aside.name + suffix)
                if side.exists():
                    side.replace(kept)
                else:
                    kept.unlink(missing_ok=True)
            if journal_path.exists():
                journal_path.replace(aside)
                moved = aside
            else:
                aside.unlink(missing_ok=True)
        incoming.replace(journal_path)
    except (OSError, sqlite3.Error) as e:
        where = "Nothing was changed." if moved == journal_path else f"Your journal is kept as “{moved}”."
        raise StorageError(f"The backup could not be put in place: {e}. {where}") from e
    finally:
        paths.remove_temp(incoming)
    return moved
