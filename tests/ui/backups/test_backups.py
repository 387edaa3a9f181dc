"""Backups, checks and recovery from the app: the menu actions, a backup on close, a damaged journal at
start with a backup offered, a second copy of the app handing over to the first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from journal.reads import queries
from journal.sample import fill_sample
from journal.services import customers
from journal.storage import backup, integrity, lock
from journal.storage.db import Journal
from tests.journal.storage.test_backup import zero_pages
from ui.backups import feature as backups
from ui.backups.restore import RestoreDialog
from ui.shell import app


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(backups, "tell", lambda parent, title, text: seen.append(text))
    return seen


@pytest.fixture
def warned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: seen.append(text))
    return seen


def open_session(qtbot, path: Path, qsettings: QSettings) -> app.Session:
    session = app.Session(qsettings, path)
    assert session.open(path)
    qtbot.addWidget(session.window)
    return session


def test_back_up_now_makes_a_verified_backup(qtbot, tmp_path: Path, qsettings: QSettings) -> None:
    path = tmp_path / "mine.sqlite3"
    session = open_session(qtbot, path, qsettings)
    customers.create_customer(session.journal, name="Acme")
    window = session.window
    with qtbot.waitSignal(window.backups.finished, timeout=10000) as done:
        action(window, "back_up_now").trigger()
    assert done.args == [True]
    [made] = backup.list_backups(path)
    assert integrity.check_file(made.path).ok and made.counts()["customer"] == 1
    assert "Backed up" in window.statusBar().currentMessage()
    session.close()


def test_a_backup_is_taken_on_close_after_a_change(qtbot, tmp_path: Path, qsettings: QSettings) -> None:
    path = tmp_path / "mine.sqlite3"
    session = open_session(qtbot, path, qsettings)
    session.window.backups.enable_automatic()
    customers.create_customer(session.journal, name="Acme")
    session.window.close()
    [made] = backup.list_backups(path)
    assert made.counts()["customer"] == 1
    session.close()


def test_check_journal_reports_a_sound_journal(qtbot, journal_path: Path, qsettings, told) -> None:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    session = open_session(qtbot, journal_path, qsettings)
    job = session.window.checker.check()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert job is not None and "sound" in told[0]
    session.close()


def test_check_journal_rebuilds_a_damaged_search_index(
    qtbot, journal_path: Path, qsettings, told, _no_blocking_confirmations
) -> None:
    session = open_session(qtbot, journal_path, qsettings)
    customers.create_customer(session.journal, name="Acme")
    session.journal.conn().execute("DELETE FROM search_key")
    action(session.window, "check_journal").trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert _no_blocking_confirmations == ["Check journal"]
    assert "rebuilt" in told[0]
    assert integrity.check(session.journal).ok
    session.close()


def test_restore_from_backup_keeps_the_current_file_aside(
    qtbot, journal_path: Path, qsettings, monkeypatch
) -> None:
    session = open_session(qtbot, journal_path, qsettings)
    customers.create_customer(session.journal, name="Kept in the backup")
    made = backup.take(journal_path, now=session.journal.clock.now())
    customers.create_customer(session.journal, name="Made after the backup")
    offered: list[Path] = []

    def choose(parent, path, folders, intro, tz=None):
        offered.append(path)
        return made

    monkeypatch.setattr(RestoreDialog, "ask", choose)
    action(session.window, "restore_from_backup").trigger()
    qtbot.addWidget(session.window)
    assert offered == [journal_path]
    names = [c.name for c in queries.find_customers(session.journal, "made after")]
    assert names == []
    assert queries.customer_count(session.journal) == 1
    [aside] = journal_path.parent.glob("journal.sqlite3.damaged-????????-??????")
    with Journal.open(aside) as old:
        assert queries.customer_count(old) == 2
    assert session.window.isVisible()
    session.close()


def test_a_damaged_journal_at_start_offers_the_newest_sound_backup(
    qtbot, journal_path: Path, qsettings, monkeypatch
) -> None:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    good = backup.take(journal_path, now=j.clock.now())
    journal_path.write_bytes(b"\0" * 100 + journal_path.read_bytes()[100:])  # the header overwritten
    damaged = journal_path.read_bytes()
    asked: list[str] = []

    def choose(parent, path, folders, intro, tz=None):
        asked.append(intro)
        dialog = RestoreDialog(path, [b for f in folders for b in backup.list_backups(path, f)], intro)
        qtbot.addWidget(dialog)
        assert "25 customers" in dialog.model.data(dialog.model.index(0))
        dialog.accept()
        return dialog.chosen

    monkeypatch.setattr(RestoreDialog, "ask", choose)
    session = open_session(qtbot, journal_path, qsettings)
    assert "not a Sales Journal" in asked[0] or "damaged" in asked[0]
    assert backup.record_counts(journal_path)["customer"] == 25
    [aside] = journal_path.parent.glob("journal.sqlite3.damaged-????????-??????")
    assert aside.read_bytes() == damaged
    assert good.exists()
    session.close()


def test_a_damaged_journal_without_backups_is_explained(qtbot, journal_path: Path, qsettings, warned) -> None:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    journal_path.write_bytes(journal_path.read_bytes()[:5000])
    session = app.Session(qsettings, journal_path)
    assert not session.open(journal_path)
    assert "no backup" in warned[0]
    session.close()


def test_after_an_unclean_shutdown_the_search_index_is_checked_and_rebuilt(
    qtbot, journal_path: Path, qsettings: QSettings
) -> None:
    j = Journal.open(journal_path)
    customers.create_customer(j, name="Acme")
    j.conn().execute("DELETE FROM search_key")
    assert integrity.unclean_shutdown(journal_path)
    # the process "dies" here: its connection is never closed, so the write-ahead log stays
    session = open_session(qtbot, journal_path, qsettings)
    assert integrity.check(session.journal).ok
    session.close()
    j.close()


@pytest.mark.qt_log_ignore("does not support raise")
def test_a_second_copy_of_the_app_brings_the_first_to_the_front(
    qtbot, journal_path: Path, qsettings: QSettings
) -> None:
    first = open_session(qtbot, journal_path, qsettings)
    second = app.Session(qsettings, journal_path)
    with qtbot.waitSignal(first.server.show_requested, timeout=5000):
        assert not second.open(journal_path)
    assert second.handed_off and second.window is None
    assert first.window.isVisible()
    assert lock.holder(journal_path) is not None
    first.close()
    assert lock.holder(journal_path) is None


def test_a_journal_held_by_a_command_is_not_opened(qtbot, journal_path: Path, qsettings, warned) -> None:
    with Journal.open(journal_path):
        pass
    with lock.WriterLock(journal_path) as held:
        assert held.acquire()
        session = app.Session(qsettings, journal_path)
        assert not session.open(journal_path)
    assert "Another program" in warned[0]
    assert session.window is None and session.journal is None


def test_a_damaged_journal_is_reported_even_by_a_quiet_backup(
    qtbot, journal_path: Path, qsettings, shown_errors, monkeypatch
) -> None:
    session = open_session(qtbot, journal_path, qsettings)

    def damaged(*args, **kwargs):
        raise backup.SourceDamaged("The journal did not pass its check, so no backup was taken.")

    monkeypatch.setattr(backup, "take", damaged)
    with qtbot.waitSignal(session.window.backups.finished, timeout=5000) as done:
        session.window.backups.start(quiet=True)
    assert done.args == [False]
    assert "did not pass its check" in shown_errors[0]
    session.close()


def test_backups_can_be_kept_in_another_folder(qtbot, tmp_path: Path, qsettings, monkeypatch) -> None:
    path = tmp_path / "mine.sqlite3"
    session = open_session(qtbot, path, qsettings)
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(backups, "ask_folder", lambda parent, current: usb)
    with qtbot.waitSignal(session.window.backups.finished, timeout=10000):
        action(session.window, "choose_backup_folder").trigger()
    assert [b.path.parent for b in backup.list_backups(path, usb)] == [usb]
    assert backup.list_backups(path) == []
    session.close()


def _overwrite_header(path: Path) -> None:
    path.write_bytes(b"\0" * 100 + path.read_bytes()[100:])


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2 + 100])


def _zero_schema_pages(path: Path) -> None:
    zero_pages(path, 1, 6)  # the schema and the first tables, header intact


@pytest.mark.parametrize("damage", [_overwrite_header, _truncate, _zero_schema_pages])
def test_each_kind_of_damage_at_start_is_recovered_from_the_newest_sound_backup(
    qtbot, journal_path: Path, qsettings, monkeypatch, damage
) -> None:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    older = backup.take(journal_path, now=j.clock.now().replace(year=2025))
    newer = backup.take(journal_path, now=j.clock.now())
    zero_pages(newer, 3, 12)  # the newest backup is damaged too: the one before it is offered
    damage(journal_path)
    damaged = journal_path.read_bytes()
    offered: list[Path] = []

    def choose(parent, path, folders, intro, tz=None):
        dialog = RestoreDialog(path, [b for f in folders for b in backup.list_backups(path, f)], intro)
        qtbot.addWidget(dialog)
        offered.append(dialog.model.backups[dialog.view.currentIndex().row()].path)
        dialog.accept()
        return dialog.chosen

    monkeypatch.setattr(RestoreDialog, "ask", choose)
    session = open_session(qtbot, journal_path, qsettings)
    assert offered == [older]
    assert integrity.check(session.journal).ok
    [aside] = journal_path.parent.glob("journal.sqlite3.damaged-????????-??????")
    assert aside.read_bytes() == damaged
    session.close()


def test_damage_found_while_reading_is_explained_not_reported_as_a_bug(shown_errors, qapp) -> None:
    import sqlite3

    from ui.shell.crash import CrashHandler

    handler = CrashHandler(None)
    try:
        raise sqlite3.DatabaseError("database disk image is malformed")
    except sqlite3.DatabaseError as e:
        handler.handle(type(e), e, e.__traceback__)
    qapp.processEvents()
    assert shown_errors and "Restore from backup" in shown_errors[0]


def test_closing_the_window_waits_for_a_running_backup(qtbot, tmp_path: Path, qsettings, monkeypatch) -> None:
    import threading

    path = tmp_path / "mine.sqlite3"
    session = open_session(qtbot, path, qsettings)
    release = threading.Event()
    real_take = backup.take

    def slow_take(*args, **kwargs):
        release.wait(5)
        return real_take(*args, **kwargs)

    monkeypatch.setattr(backup, "take", slow_take)
    job = session.window.backups.start()
    assert job is not None and job.isRunning()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(200, release.set)
    session.window.close()  # returns only once the backup is done
    assert job.isFinished()
    assert backup.list_backups(path)
    session.close()
