"""The checks a rep waits for — the backups' checks in the restore dialog, the check after an unclean
shutdown and the search index's rebuild — run on a worker thread: the window's thread stays free to
repaint and answer while a large file is read."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from journal.services import customers
from journal.storage import backup, integrity
from journal.storage.db import Journal
from ui.backups.restore import RestoreDialog
from ui.shell import app


@pytest.fixture
def threads_of(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The thread each integrity check and repair ran on, by function."""
    seen: dict[str, list[str]] = {"check_file": [], "repair": []}
    for name in seen:
        real = getattr(integrity, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            seen[_name].append(threading.current_thread().name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(integrity, name, spy)
    return seen


def test_the_restore_dialog_checks_the_backups_on_a_worker(qtbot, journal: Journal, threads_of) -> None:
    customers.create_customer(journal, name="Acme")
    taken = backup.take(journal.path, now=journal.clock.now())
    found = backup.list_backups(journal.path, taken.parent)
    threads_of["check_file"].clear()  # taking the backup checked it: that is not the dialog's
    dialog = RestoreDialog(journal.path, found, "Choose one.")
    qtbot.addWidget(dialog)
    assert threads_of["check_file"], "the backups were checked"
    assert threading.main_thread().name not in threads_of["check_file"]
    assert dialog.view.currentIndex().row() == 0 and dialog.restore_button.isEnabled()


def test_after_an_unclean_shutdown_the_check_and_the_rebuild_run_on_a_worker(
    qtbot, journal_path: Path, qsettings: QSettings, threads_of
) -> None:
    j = Journal.open(journal_path)
    customers.create_customer(j, name="Acme")
    j.conn().execute("DELETE FROM search_key")  # the search index now disagrees with the records
    assert integrity.unclean_shutdown(journal_path)
    session = app.Session(qsettings, journal_path)
    assert session.open(journal_path)
    qtbot.addWidget(session.window)
    assert threads_of["check_file"] and threads_of["repair"]
    assert threading.main_thread().name not in threads_of["check_file"] + threads_of["repair"]
    assert integrity.check(session.journal).ok
    session.close()
    j.close()
