"""Ctrl+Z and Ctrl+Shift+Z in the window undo and redo the journal's writes, named in the Edit menu."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction

from journal.reads import queries
from journal.services import customers, promises
from journal.storage.db import Journal
from tests.ui.helpers import press, show_and_activate
from ui.shell.app import build_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_undo_and_redo_from_the_keyboard(qtbot, journal: Journal, qsettings: QSettings) -> None:
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    undo = window.findChild(QAction, "undo")
    redo = window.findChild(QAction, "redo")
    assert not undo.isEnabled() and not redo.isEnabled()
    cid = customers.create_customer(journal, name="Acme").created_id("customer")
    pid = promises.add_promise(journal, cid, text="Send pricing", due_on=date(2026, 12, 1)).created_id(
        "promise"
    )
    promises.delete_promise(journal, pid)
    assert window.statusBar().currentMessage() == "Delete promise ‘Send pricing’. Ctrl+Z undoes it."
    assert undo.isEnabled() and undo.text() == "&Undo delete promise ‘Send pricing’"
    assert window.edit_menu.actions()[0] is undo

    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert [p.text for p in queries.promises(journal, cid)] == ["Send pricing"]
    assert redo.text() == "&Redo delete promise ‘Send pricing’"
    assert "Undo delete promise" in window.statusBar().currentMessage()

    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert queries.customer_count(journal) == 0
    assert not undo.isEnabled()

    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert queries.customer_count(journal) == 1
    assert undo.text() == "&Undo add customer ‘Acme’"


def test_undoing_the_customer_on_screen(qtbot, journal: Journal, qsettings: QSettings) -> None:
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    cid = customers.create_customer(journal, name="Acme").created_id("customer")
    page = window.show_page("customers")
    page.select_customer(cid)
    customers.update_customer(journal, cid, industry="Retail")
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert queries.customer(journal, cid).industry == ""
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert queries.customer_count(journal) == 0
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert queries.customer_count(journal) == 1
