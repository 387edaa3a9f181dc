"""The app on a journal that turns out damaged while in use, on a damaged search index, and on a journal it
may not write: one explanation, the newest sound backup offered, the damaged file kept aside; a banner for
a read-only journal."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolBar

from journal.domain.errors import ReadOnlyJournal
from journal.reads import search
from journal.sample import fill_sample
from journal.services import customers
from journal.storage import backup, integrity
from journal.storage.db import Journal
from tests.journal.storage.test_backup import zero_pages
from tests.journal.storage.test_integrity import scramble_root_page
from ui.backups.restore import RestoreDialog
from ui.shell import app
from ui.shell.crash import CrashHandler
from ui.widgets import forms


@pytest.fixture
def warned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: seen.append(text))
    return seen


def open_session(qtbot, path: Path, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch) -> app.Session:
    session = app.Session(qsettings, path)
    monkeypatch.setattr(forms, "damage_handler", session.damage_found)
    assert session.open(path)
    return session


def close(session: app.Session) -> None:
    window = session.window
    session.close()
    if window is not None:
        window.close()
        window.deleteLater()


@pytest.mark.qt_no_exception_capture  # failed reads reach the app's own handler, as in the running app
def test_damage_found_while_working_is_told_once_and_the_newest_sound_backup_offered(
    qtbot, journal_path: Path, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch, warned: list[str]
) -> None:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    good = backup.take(journal_path, now=j.clock.now())
    handler = CrashHandler(None)
    monkeypatch.setattr(sys, "excepthook", handler.handle)
    session = open_session(qtbot, journal_path, qsettings, monkeypatch)
    zero_pages(journal_path, 100, 160)  # a bad sector, under the open journal
    other = sqlite3.connect(journal_path)  # another commit: the app's cached pages are read again
    other.execute("UPDATE setting SET value = value WHERE key = 'currency'")
    other.commit()
    other.close()
    offered: list[str] = []

    def choose(parent, path, folders, intro, tz=None):
        offered.append(intro)
        dialog = RestoreDialog(path, [b for f in folders for b in backup.list_backups(path, f)], intro)
        qtbot.addWidget(dialog)
        dialog.accept()
        return dialog.chosen

    monkeypatch.setattr(RestoreDialog, "ask", choose)
    for _ in range(4):  # every page of the window that reads the journal fails, one after another
        try:
            raise sqlite3.DatabaseError("database disk image is malformed")
        except sqlite3.DatabaseError as e:
            handler.handle(type(e), e, e.__traceback__)
    qtbot.waitUntil(lambda: bool(offered))
    qtbot.wait(50)
    assert len(offered) == 1 and "damaged" in offered[0]
    assert warned == []
    assert session.journal is not None and integrity.check(session.journal).ok
    assert backup.record_counts(journal_path) == backup.record_counts(good)
    assert list(journal_path.parent.glob("journal.sqlite3.damaged-*"))
    close(session)


def test_a_damaged_search_index_met_while_working_is_rebuilt_and_the_rep_told(
    qtbot, journal_path: Path, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch, warned: list[str]
) -> None:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
        before = [(h.type, h.id) for h in search.search(j, "pricing")]
    scramble_root_page(journal_path, "search_index_data")
    session = open_session(qtbot, journal_path, qsettings, monkeypatch)
    told: list[str] = []
    session.window.ctx.status_message.connect(told.append)
    monkeypatch.setattr(RestoreDialog, "ask", lambda *a, **k: pytest.fail("no backup is needed"))
    assert forms.damage_handler is not None
    forms.damage_handler("The journal file is damaged; nothing was saved.")  # as a failed save reports it
    assert any("rebuilt" in t and "nothing was lost" in t for t in told)
    assert integrity.check(session.journal).ok
    assert [(h.type, h.id) for h in search.search(session.journal, "pricing")] == before
    assert warned == []
    close(session)


def test_a_read_only_journal_opens_with_a_banner_and_refuses_changes_plainly(
    qtbot, journal_path: Path, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.open(journal_path) as j:
        cid = customers.create_customer(j, name="Acme").created_id("customer")
    before = journal_path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: (
            False if mode & os.W_OK and Path(p) == journal_path else real_access(p, mode, **kw)
        ),
    )
    session = open_session(qtbot, journal_path, qsettings, monkeypatch)
    banner = session.window.findChild(QToolBar, "readOnlyBanner")
    assert banner is not None
    assert "read-only" in banner.findChild(QLabel, "readOnlyMessage").text()
    window = session.window
    by_name = {a.objectName(): a for a in window.findChildren(QAction)}
    for name in ("new_customer", "edit_customer", "log_meeting", "plan_meeting", "restore_from_backup"):
        assert not by_name[name].isEnabled(), name
        assert "read-only" in by_name[name].toolTip()
    for name in ("find_customer", "back_up_now", "open_journal"):
        assert by_name[name].isEnabled(), name
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Log meeting
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New customer
    qtbot.wait(50)
    assert QApplication.activeModalWidget() is None
    with pytest.raises(ReadOnlyJournal):
        customers.update_customer(session.journal, cid, name="Acme Ltd")
    close(session)
    assert journal_path.read_bytes() == before
