"""Opening a journal safely: a damaged file is explained and the newest sound backup offered; after an
unclean shutdown the journal is checked first, and a damaged search index rebuilt on the spot."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from journal.domain.clock import Clock
from journal.domain.errors import JournalCorrupt, JournalError, NotAJournal
from journal.storage import backup, integrity
from journal.storage.db import Journal
from ui.backups.restore import RestoreDialog, find_backups
from ui.widgets.jobs import run_waiting

log = logging.getLogger("sales_journal")

CANNOT_OPEN = "Sales Journal cannot open this journal"


def backup_folders(path: Path, settings: QSettings, key: str) -> list[Path]:
    """Where this journal's backups may be: beside it, and wherever the app last put them."""
    folders = [backup.default_folder(path)]
    last = settings.value(key)
    if isinstance(last, str) and last and Path(last) not in folders:
        folders.append(Path(last))
    return folders


def open_checked(parent: QWidget | None, path: Path, folders: list[Path], clock: Clock) -> Journal | None:
    """The journal at `path`, opened; or None after telling the rep why not (and offering a backup)."""
    unclean = path.is_file() and integrity.unclean_shutdown(path)
    try:
        journal = Journal.open(path, clock=clock)
    except (JournalCorrupt, NotAJournal) as e:
        log.warning("cannot open %s: %s", path, e)
        return offer_restore(parent, path, folders, str(e), clock)
    except JournalError as e:
        log.warning("cannot open %s: %s", path, e)
        QMessageBox.warning(parent, CANNOT_OPEN, str(e))
        return None
    if not unclean:
        return journal
    log.info("%s was not closed cleanly last time: checking it", path)
    try:
        report = run_waiting(
            lambda _progress: integrity.check_file(path),
            parent,
            "It was not closed properly last time: checking the journal…",
        )
        if report.index_only and journal.read_only is None:
            report = run_waiting(lambda _progress: repaired(journal), parent, "Rebuilding the search index…")
            log.info("rebuilt the search index of %s: %s", path, report.summary())
    except JournalError as e:
        journal.close()
        QMessageBox.warning(parent, CANNOT_OPEN, str(e))
        return None
    if report.ok:
        return journal
    journal.close()
    problem = f"“{path.name}” was not closed properly last time, and it is damaged:\n" + "\n".join(
        f"• {line}" for line in report.lines()[:5]
    )
    return offer_restore(parent, path, folders, problem, clock)


def repaired(journal: Journal) -> integrity.Report:
    """Rebuild the search index of an open journal through a connection of this thread's own (for a
    worker: the journal's own connection belongs to the window's thread)."""
    twin = journal.twin()
    try:
        return integrity.repair(twin)
    finally:
        twin.close()


def offer_restore(
    parent: QWidget | None, path: Path, folders: list[Path], problem: str, clock: Clock
) -> Journal | None:
    found = find_backups(path, folders)
    if not found:
        QMessageBox.warning(parent, CANNOT_OPEN, f"{problem}\n\nThere is no backup of it to restore.")
        return None
    chosen = RestoreDialog.ask(
        parent,
        path,
        folders,
        f"{problem}\n\nYou can go back to a backup. The newest one that passes its check is selected.",
        clock.local_tz(),
    )
    if chosen is None:
        return None
    try:
        aside = backup.restore(path, chosen, now=clock.now())
        log.info("restored %s from %s; the damaged file is kept as %s", path, chosen, aside)
        return Journal.open(path, clock=clock)
    except JournalError as e:
        QMessageBox.warning(parent, CANNOT_OPEN, str(e))
        return None
